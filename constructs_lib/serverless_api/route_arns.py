"""The ``execute-api`` ARN a machine client's IAM policy names to call one route of a
ServerlessApi (``ServerlessApi.arn_for_route``).

API Gateway checks a signed call against the ARN of the *request*, ``{api}/{stage}/{METHOD}
{path}``, with the path as sent (``/records/r-1``), never the route's key: aws-cdk-lib's
``http_api.arn_for_execute_api("GET", "/records/{id}")`` writes ``{id}`` into the ARN as
text, which no request matches, so the client is refused (403) in silence. Here each path
parameter is a ``*`` (IAM's wildcard, which matches any characters, '/' too: there is no
one-segment wildcard), the method ``ANY`` is ``*``, and the stage is the API's ``$default``.
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-iam-policy-examples-for-api-execution.html
"""

from __future__ import annotations

import difflib
import re
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from aws_cdk import Annotations
from aws_cdk import aws_apigatewayv2_authorizers as authorizers

from constructs_lib._jsii import given
from constructs_lib._validation import Validator
from constructs_lib.serverless_api.routes import DEFAULT_ROUTE, parse_route_key

if TYPE_CHECKING:
    from constructs_lib.serverless_api import ServerlessApi

__all__ = ["ROUTE_ARN_WIDER_WARNING", "route_arn"]

#: The id to acknowledge (``cdk.Annotations.of(api).acknowledge_warning(...)``).
ROUTE_ARN_WIDER_WARNING = "constructs_lib:routeArnCoversOtherRoutes"
_PROP = "arn_for_route(route_key)"
_STAGE = "$default"


def route_arn(api: ServerlessApi, route_key: object) -> str:
    """The ARN granting ``execute-api:Invoke`` on ``route_key``, a route of ``api`` behind
    ``ApiAuth.iam()``; a warning names the API's other IAM routes that ARN lets in too."""
    v = Validator(api)
    iam_routes = [key for key, auth in api.authorizers.items() if _is_iam(auth)]
    routes = ", ".join(map(repr, api.functions))
    if not isinstance(route_key, str):
        v.add(
            _PROP,
            f"is {_kind(route_key)}, not a route key: the method takes the key of a route "
            "(a str, as written in routes)",
            f"pass a route key as written in routes: {routes}",
        )
    elif route_key not in api.functions:
        close = difflib.get_close_matches(route_key, list(api.functions), n=1)
        v.add(
            _PROP,
            f"is {given(route_key)}, no route of this API",
            f"did you mean {close[0]!r}? Pass a route key as written in routes: {routes}"
            if close
            else f"pass a route key as written in routes: {routes}",
        )
    elif route_key == DEFAULT_ROUTE:
        v.add(
            _PROP,
            "is '$default', which catches requests of any method and path: IAM checks a "
            "call against its request's method and path, so no ARN grants that route alone",
            f"use http_api.arn_for_execute_api('*', '/*', '{_STAGE}') for every route of the "
            "API, or give the client routes of its own ('POST /records')",
        )
    elif route_key not in iam_routes:
        v.add(
            _PROP,
            f"is {route_key!r}, a route behind {_auth_name(api, route_key)}: API Gateway "
            "checks no IAM policy for it, so a grant of its ARN lets no client in (and "
            "keeps none out)",
            f"pass a route behind ApiAuth.iam() ({', '.join(map(repr, iam_routes)) or 'none'}"
            f" on this API), or set Route(handler, auth=ApiAuth.iam()) for {route_key!r}",
        )
    v.raise_if_any()
    assert isinstance(route_key, str)  # checked above
    method, path = _request_pattern(route_key)
    wider = [
        key for key in iam_routes if key != route_key and _matches(route_key, method, path, key)
    ]
    if wider:
        _warn_of_wider_grant(api, route_key, wider)
    return api.http_api.arn_for_execute_api(method, path, _STAGE)


def _request_pattern(route_key: str) -> tuple[str, str]:
    """The ARN's method and path of ``route_key``: each parameter a ``*``, ANY ``*``."""
    parsed = parse_route_key(route_key)
    assert not isinstance(parsed, str)  # a route of the API: validated
    method, path = parsed
    segments = ("*" if part.startswith("{") else part for part in path.split("/"))
    return ("*" if method == "ANY" else method), "/".join(segments)


def _matches(route_key: str, method: str, path: str, other_key: str) -> bool:
    """Whether a request ``other_key`` serves is let in by the ARN of ``route_key``, of
    ``method`` and ``path``. IAM matches the ARN's ``{METHOD}{path}`` as one string, its
    ``*`` spanning '/': the method ``*`` of ANY matches path segments too (``*/blobs/*``
    lets in ``GET /admin/blobs/x``), and a ``*`` of the path several segments, which a
    greedy route serves (``GET /users/*/profile`` lets in ``/users/a/b/profile`` of ``ANY
    /users/{proxy+}``). Requests of each: the other's with its parameters filled in, and
    the ARN's own with '*' as one or two segments that its route does not serve."""
    other_method, _ = _request_pattern(other_key)
    # a request of ANY has some method: the ARN's own, or any (GET) when both are ANY
    sent = other_method if other_method != "*" else (method if method != "*" else "GET")
    for request in ("x", "x/x"):  # the other route's, its {name+} one or two segments
        if fnmatchcase(f"{sent}{_filled(other_key, request)}", f"{method}{path}"):
            return True
    if "*" not in (method, other_method) and method != other_method:
        return False
    served, own = _served(other_key), _served(route_key)
    requests = (path.replace("*", segments) for segments in ("x", "x/x"))
    return any(served.fullmatch(r) and not own.fullmatch(r) for r in requests)


def _filled(route_key: str, greedy: str) -> str:
    """A request path of ``route_key``: each ``{name}`` 'x', a ``{name+}`` ``greedy``."""
    parsed = parse_route_key(route_key)
    assert not isinstance(parsed, str)  # a route of the API: validated
    parts = parsed[1].split("/")
    return "/".join(
        (greedy if p.endswith("+}") else "x") if p.startswith("{") else p for p in parts
    )


def _served(route_key: str) -> re.Pattern[str]:
    """The request paths ``route_key`` matches: ``{name}`` one segment, ``{name+}`` any."""
    parsed = parse_route_key(route_key)
    assert not isinstance(parsed, str)  # a route of the API: validated
    return re.compile(
        "/".join(
            (".+" if p.endswith("+}") else "[^/]+") if p.startswith("{") else re.escape(p)
            for p in parsed[1].split("/")
        )
    )


def _kind(value: object) -> str:
    """What a value that is no str is, without its whole repr (a Route shows its Handler's
    every field): None, or its class."""
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _is_iam(authorizer: object) -> bool:
    return isinstance(authorizer, authorizers.HttpIamAuthorizer)


def _auth_name(api: ServerlessApi, route_key: str) -> str:
    authorizer = api.authorizers[route_key]
    if authorizer is None:
        return "no authorizer (a public route)"
    return f"the authorizer {type(authorizer).__name__}"


def _warn_of_wider_grant(api: ServerlessApi, route_key: str, wider: list[str]) -> None:
    Annotations.of(api).add_warning_v2(
        ROUTE_ARN_WIDER_WARNING,
        f"arn_for_route({route_key!r}) lets the client call {', '.join(map(repr, wider))} "
        "too: IAM's '*' in the ARN stands for any characters of the request's path, '/' "
        "included, and IAM has no wildcard for one path segment. Fix: give the client's "
        "routes paths of their own (a literal segment where the other route has a "
        "parameter), add a Deny statement of arn_for_route(...) of each route it must not "
        f"call, or, if the client may call them, acknowledge '{ROUTE_ARN_WIDER_WARNING}'.",
    )
