"""CorsPolicy's ``allow_methods``: HTTP method names, or aws-cdk-lib's own
``apigwv2.CorsHttpMethod`` members, which a CDK user writes first (``CorsPreflightOptions``
takes them). A member stands for its name (``CorsHttpMethod.GET`` is ``"GET"``, ``ANY`` is
``"ANY"``, which aws-cdk-lib writes as ``*``), so its template and the rules (a method
listed twice) are those of the string."""

from __future__ import annotations

import enum
from typing import Any

from aws_cdk import aws_apigatewayv2 as apigwv2

from constructs_lib import _defaults
from constructs_lib._validation import Validator
from constructs_lib.serverless_api.listed_once import check_listed_once
from constructs_lib.serverless_api.routes import METHODS

__all__ = ["check_methods", "method_names", "other_members"]

_PROP = "cors.allow_methods"


def method_names(methods: object) -> Any:
    """``methods`` with each ``CorsHttpMethod`` member as its name; anything else as given
    (for the rules to name)."""
    if not isinstance(methods, list | tuple):
        return methods
    return [m.value if isinstance(m, apigwv2.CorsHttpMethod) else m for m in methods]


def check_methods(v: Validator, methods: list[str] | tuple[str, ...]) -> None:
    """The rules of a list of method names (``method_names``'s, known at synth)."""
    check_listed_once(v, methods, _PROP, "method")
    v.check(
        bool(methods),
        _PROP,
        "is empty: the preflight answer would allow no method",
        "list the methods the site calls, e.g. ['GET', 'POST'], or leave allow_methods out "
        f"(the default: {', '.join(_defaults.CORS_ALLOW_METHODS)})",
    )
    for method in methods:
        if not v.known_at_synth(
            method,
            _PROP,
            "aws-cdk-lib writes each method from its own list",
            "list the methods by name, e.g. ['GET', 'POST']",
        ):
            continue
        if method not in METHODS:
            v.add(_PROP, f"has {method!r}; allowed: {', '.join(METHODS)}", _method_fix(method))


def _method_fix(method: object) -> str:
    """The method meant by a name API Gateway does not take: ``'*'`` is ANY (which
    aws-cdk-lib writes as ``*``), ``'get'`` GET, ``'GET,POST'`` two methods."""
    text = method.strip().upper() if isinstance(method, str) else ""
    if text == "*":
        return "pass 'ANY' (or apigwv2.CorsHttpMethod.ANY), which the template writes as '*'"
    if text in METHODS:
        return f"pass {text!r} (or apigwv2.CorsHttpMethod.{text})"
    parts = [part.strip().upper() for part in text.replace(" ", ",").split(",") if part.strip()]
    if len(parts) > 1 and all(part in METHODS for part in parts):
        return f"list each method apart: {parts!r}"
    return "use upper-case HTTP method names (or apigwv2.CorsHttpMethod members)"


def other_members(v: Validator, methods: object) -> bool:
    """False (and a problem each) for members of another enum in the list, most often a
    route's ``apigwv2.HttpMethod``, which ``CorsPreflightOptions`` does not take; and for
    one member alone, not in a list."""
    if isinstance(methods, enum.Enum):
        alone = f"{type(methods).__name__}.{methods.name}"
        v.add(_PROP, f"is {alone} alone, not a list", f"pass [{_as_cors(methods)}]")
        return False
    if not isinstance(methods, list | tuple):
        return True
    others = [m for m in methods if isinstance(m, enum.Enum)]
    for member in others:
        v.add(
            _PROP,
            f"has {type(member).__name__}.{member.name}, which is no CORS method",
            f"pass {member.value!r} or {_as_cors(member)}"
            if member.value in apigwv2.CorsHttpMethod.__members__
            else "pass method names, e.g. ['GET', 'POST'], or apigwv2.CorsHttpMethod members",
        )
    return not others


def _as_cors(member: enum.Enum) -> str:
    """The ``CorsHttpMethod`` member of ``member``'s method, as a fix writes it."""
    name = str(member.value)
    if name in apigwv2.CorsHttpMethod.__members__:
        return f"apigwv2.CorsHttpMethod.{name}"
    return "apigwv2.CorsHttpMethod.GET"
