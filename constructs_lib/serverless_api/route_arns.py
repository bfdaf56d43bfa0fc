"""The ``execute-api`` ARN a machine client's IAM policy names to call one route of a
ServerlessApi (``ServerlessApi.arn_for_route``).

API Gateway checks a signed call against the ARN of the *request*, ``{api}/{stage}/{METHOD}
{path}``, with the path as sent (``/records/r-1``), never the route's key: aws-cdk-lib's
``http_api.arn_for_execute_api("GET", "/records/{id}")`` writes ``{id}`` into the ARN as
text, which no request matches, so the client is refused (403) in silence. Here each path
parameter is a ``*`` (IAM's wildcard, which matches any characters, '/' too: there is no
one-segment wildcard), the method ``ANY`` is ``*``, and the stage is the API's ``$default``.
A parameter given a value (``path_parameters={"partner": "acme"}``) is that value instead:
a client's requests of its own partition of the route (IAM has no condition key on the
path, so the ARN is the only place to say it).
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-iam-policy-examples-for-api-execution.html
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from aws_cdk import Annotations
from aws_cdk import aws_apigatewayv2_authorizers as authorizers

from constructs_lib._jsii import given, is_unresolved
from constructs_lib._validation import Validator
from constructs_lib._words import a_type
from constructs_lib.serverless_api.route_patterns import has_common_request, request_path
from constructs_lib.serverless_api.routes import DEFAULT_ROUTE, METHODS, parse_route_key

if TYPE_CHECKING:
    from constructs_lib.serverless_api import ServerlessApi

__all__ = ["ROUTE_ARN_WIDER_WARNING", "check_route", "checked_route_arn", "route_arn"]

#: The id to acknowledge (``cdk.Annotations.of(api).acknowledge_warning(...)``).
ROUTE_ARN_WIDER_WARNING = "constructs_lib:routeArnCoversOtherRoutes"
_PROP = "arn_for_route(route_key)"
_VALUES = "arn_for_route(path_parameters)"
#: The methods a request of an ANY route may have.
_METHODS = tuple(method for method in METHODS if method != "ANY")
_STAGE = "$default"
# a value as API Gateway's route keys take a literal segment (no IAM wildcard '*' or '?')
_VALUE = re.compile(r"^[A-Za-z0-9._:-]+\Z")
_GREEDY_VALUE = re.compile(r"^[A-Za-z0-9._:-]+(/[A-Za-z0-9._:-]+)*\Z")


def route_arn(api: ServerlessApi, route_key: object, path_parameters: object = None) -> str:
    """The ARN granting ``execute-api:Invoke`` on ``route_key``, a route of ``api`` behind
    ``ApiAuth.iam()``, its ``path_parameters`` filled in; a warning names the API's other
    IAM routes that ARN lets in too."""
    v = Validator(api)
    check_route(v, api, route_key, path_parameters)
    v.raise_if_any()
    assert isinstance(route_key, str)  # checked above
    return checked_route_arn(api, route_key, path_parameters, granted=(route_key,))


def check_route(
    v: Validator,
    api: ServerlessApi,
    route_key: object,
    path_parameters: object,
    props: tuple[str, str] = (_PROP, _VALUES),
) -> None:
    """Adds to ``v`` why no ARN grants ``route_key`` (with ``path_parameters``) alone:
    no route of ``api``, ``$default``, a route IAM does not guard, or a value that is not
    one of the route's parameters' (``props``: the names of the two arguments)."""
    prop, values_prop = props
    iam_routes = _iam_routes(api)
    routes = ", ".join(map(repr, api.functions))
    if not isinstance(route_key, str):
        v.add(
            prop,
            f"is {_kind(route_key)}, not a route key: the method takes the key of a route "
            "(a str, as written in routes)",
            f"pass a route key as written in routes: {routes}",
        )
    elif route_key not in api.functions:
        close = difflib.get_close_matches(route_key, list(api.functions), n=1)
        v.add(
            prop,
            f"is {given(route_key)}, no route of this API",
            f"did you mean {close[0]!r}? Pass a route key as written in routes: {routes}"
            if close
            else f"pass a route key as written in routes: {routes}",
        )
    elif route_key == DEFAULT_ROUTE:
        v.add(
            prop,
            "is '$default', which catches requests of any method and path: IAM checks a "
            "call against its request's method and path, so no ARN grants that route alone",
            f"use http_api.arn_for_execute_api('*', '/*', '{_STAGE}') for every route of the "
            "API, or give the client routes of its own ('POST /records')",
        )
    elif route_key not in iam_routes:
        v.add(
            prop,
            f"is {route_key!r}, a route behind {_auth_name(api, route_key)}: API Gateway "
            "checks no IAM policy for it, so a grant of its ARN lets no client in (and "
            "keeps none out)",
            f"pass a route behind ApiAuth.iam() ({', '.join(map(repr, iam_routes)) or 'none'}"
            f" on this API), or set Route(handler, auth=ApiAuth.iam()) for {route_key!r}",
        )
    else:
        _check_values(v, route_key, path_parameters, values_prop)


def checked_route_arn(
    api: ServerlessApi,
    route_key: str,
    path_parameters: object,
    *,
    granted: tuple[str, ...],
    caller: str = "arn_for_route",
) -> str:
    """The ARN of ``route_key`` (checked by :func:`check_route`); a warning names the API's
    IAM routes other than ``granted`` that it lets in, as ``caller`` granted them."""
    values = dict(path_parameters) if isinstance(path_parameters, Mapping) else {}
    method, path = _request_pattern(route_key, values)
    iam_routes = _iam_routes(api)
    wider = [
        key for key in iam_routes if key not in granted and _matches(route_key, method, path, key)
    ]
    if wider:
        _warn_of_wider_grant(api, f"{caller}({route_key!r})", wider)
    return api.http_api.arn_for_execute_api(method, path, _STAGE)


@functools.lru_cache(maxsize=1024)
def _route_parts(route_key: str) -> tuple[str, str]:
    parsed = parse_route_key(route_key)
    assert not isinstance(parsed, str)  # a route of the API: validated
    return parsed


def _request_pattern(route_key: str, values: dict[str, str]) -> tuple[str, str]:
    """The ARN's method and path of ``route_key``: each parameter its value, else a ``*``;
    ANY ``*``."""
    method, path = _route_parts(route_key)
    return ("*" if method == "ANY" else method), request_path(path, values)


def _matches(route_key: str, method: str, path: str, other_key: str) -> bool:
    """Whether a request ``other_key`` serves is let in by the ARN of ``route_key``, of
    ``method`` and ``path``. IAM matches the ARN's ``{METHOD}{path}`` as one string, its
    ``*`` spanning '/': the method ``*`` of ANY matches leading path segments too
    (``*/blobs/*`` lets in ``GET /admin/blobs/x``), and a path's ``*`` several segments (a
    greedy route's requests); so both are compared whole, for each method an ANY route
    serves. A request ``route_key`` serves too is API Gateway's to give the more specific
    of the two: not counted when that is ``route_key``. Pure: answered once per pair (an
    API of many IAM routes, each granted, asks every route of every other)."""
    return _matches_once(route_key, method, path, other_key)


@functools.lru_cache(maxsize=4096)
def _matches_once(route_key: str, method: str, path: str, other_key: str) -> bool:
    own_method, own_path = _route_parts(route_key)
    other_method, other_path = _route_parts(other_key)
    own_wins = _specificity(route_key) > _specificity(other_key)
    return any(
        has_common_request(
            f"{method}{path}",
            f"{m}{other_path}",
            unless=f"{m}{own_path}" if own_wins and own_method in (m, "ANY") else None,
        )
        for m in _methods_to_search(method, other_method)
    )


def _methods_to_search(method: str, other_method: str) -> tuple[str, ...]:
    """The methods of ``other_method``'s requests whose answers can differ, for an ARN of
    ``method``. Every path starts with '/', which no method holds, so: an ARN of one
    method lets in requests of that method alone (its method is a literal prefix); and an
    ARN of ``*`` (ANY) reads the method with its ``*``, since its path, starting with
    '/', begins after it: it answers each method of an ANY route alike (and so does the
    ``unless`` route, of the method too), one search instead of seven."""
    if other_method != "ANY":
        return (other_method,) if method in ("*", other_method) else ()
    return (_METHODS[0],) if method == "*" else (method,)


@functools.lru_cache(maxsize=1024)
def _specificity(route_key: str) -> tuple[bool, int, bool]:
    """How API Gateway ranks routes matching one request: without a greedy parameter
    first, then by literal segments, then a method before ANY."""
    method, path = _route_parts(route_key)
    segments = path.split("/")
    greedy = any(part.endswith("+}") for part in segments)
    literal = sum(1 for part in segments if part and not part.startswith("{"))
    return (not greedy, literal, method != "ANY")


def _check_values(v: Validator, route_key: str, values: object, prop: str) -> None:
    """``path_parameters``: None, or each of the route's parameters by name to the literal
    value the client's requests carry there."""
    if values is None:
        return
    _, path = _route_parts(route_key)
    greedy = {p[1:-2] for p in path.split("/") if p.endswith("+}")}
    names = [p[1:-1].removesuffix("+") for p in path.split("/") if p.startswith("{")]
    listed = ", ".join(f"{{{name}}}" for name in names) or "none"
    if not isinstance(values, Mapping):
        v.add(prop, f"is {given(values)}", "pass a dict of a parameter's name to its value")
        return
    for name, value in values.items():
        if name not in names:
            v.add(
                prop,
                f"names {given(name)}, no parameter of {route_key!r} (its parameters: {listed})",
                "name each parameter as written in the route key, without its braces",
            )
        elif not isinstance(value, str) or is_unresolved(value):
            v.add(
                prop,
                f"gives {name!r} {given(value)}: the ARN needs the value as text, known at synth",
                f"pass the value of {{{name}}} as a string ('acme')",
            )
        elif any(segment in (".", "..") for segment in value.split("/")):
            v.add(
                prop,
                f"gives {name!r} {value!r}, a '.' or '..' path segment: HTTP clients and "
                "SigV4 signers remove such segments from a path (RFC 3986), so no signed "
                "request carries them and the ARN lets the client call nothing (403)",
                f"pass the value the client's requests carry in {{{name}}}, or leave "
                f"{name!r} out for any value",
            )
        elif not (_GREEDY_VALUE if name in greedy else _VALUE).match(value):
            v.add(
                prop,
                f"gives {name!r} {value!r}: a value is letters, digits and '-._:'"
                + (", segments joined by '/'" if name in greedy else ", one path segment")
                + " (IAM would read '*' or '?' in the ARN as a wildcard)",
                f"pass the value the client's requests carry in {{{name}}}, or leave "
                f"{name!r} out for any value",
            )


def _kind(value: object) -> str:
    """What a value that is no str is, without its whole repr (a Route shows its Handler's
    every field): None, its class, or the library value object it is (``a constructs_lib
    Route (handlers/orders/app.py)``)."""
    return a_type(value)


def _iam_routes(api: ServerlessApi) -> list[str]:
    """The keys of ``api``'s routes behind ``ApiAuth.iam()``, in the API's order."""
    return [key for key, auth in api.authorizers.items() if _is_iam(auth)]


def _is_iam(authorizer: object) -> bool:
    return isinstance(authorizer, authorizers.HttpIamAuthorizer)


def _auth_name(api: ServerlessApi, route_key: str) -> str:
    authorizer = api.authorizers[route_key]
    if authorizer is None:
        return "no authorizer (a public route)"
    return f"the authorizer {type(authorizer).__name__}"


def _warn_of_wider_grant(api: ServerlessApi, call: str, wider: list[str]) -> None:
    Annotations.of(api).add_warning_v2(
        ROUTE_ARN_WIDER_WARNING,
        f"{call} lets the client call {', '.join(map(repr, wider))} "
        "too: IAM's '*' in the ARN stands for any characters of the request's path, '/' "
        "included, and IAM has no wildcard for one path segment. Fix: give the client's "
        "routes paths of their own (a literal segment where the other route has a "
        "parameter), add a Deny statement of arn_for_route(...) of each route it must not "
        f"call, or, if the client may call them, acknowledge '{ROUTE_ARN_WIDER_WARNING}'.",
    )
