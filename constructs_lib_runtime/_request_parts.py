"""Parts of the requests ``constructs_lib_runtime.testing`` builds, as API Gateway writes
them: an authorizer's identity-source values, a JWT authorizer's claims and a Lambda
authorizer's context."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from constructs_lib_runtime._event_checks import plain

#: The account and region of every event the builders make (AWS's documentation ones).
REGION, ACCOUNT = "us-east-1", "123456789012"

#: Context variables (``$context.x``) kept elsewhere in the event's ``requestContext``
#: than their names say; the others (``routeKey``, ``stage``) are where they say.
_CONTEXT_PLACES = {
    "identity.sourceIp": "http.sourceIp",
    "identity.userAgent": "http.userAgent",
    "httpMethod": "http.method",
    "path": "http.path",
    "protocol": "http.protocol",
    "requestTime": "time",
    "requestTimeEpoch": "timeEpoch",
}


def identity_value(
    event: Mapping[str, Any],
    source: str,
    query: Mapping[str, str],
    stage_variables: Mapping[str, str],
) -> str:
    """The value of one identity source in the request, as API Gateway reads it."""
    kind, _, name = source.removeprefix("$").partition(".")
    found: object = None
    if kind == "request" and name.lower() == "header.cookie":  # moved to the cookies list
        found = "; ".join(event.get("cookies", []))
    elif kind == "request" and name.startswith("header."):
        found = event["headers"].get(name.removeprefix("header.").lower())
    elif kind == "request" and name.startswith("querystring."):
        found = query.get(name.removeprefix("querystring."))
    elif kind == "stageVariables":
        found = stage_variables.get(name)
    elif kind == "context":
        found = event["requestContext"]
        for part in _CONTEXT_PLACES.get(name, name).split("."):
            found = found.get(part) if isinstance(found, Mapping) else None
    else:
        header = source.rpartition(".")[2] or "Authorization"
        raise ValueError(
            f"http_api_authorizer_event: identity source {source!r} is not one an HTTP API "
            "takes ('$request.header.X', '$request.querystring.x', '$context.x', "
            f"'$stageVariables.x'). Fix: e.g. '$request.header.{header}'"
        )
    if found in (None, ""):
        raise ValueError(
            f"http_api_authorizer_event: the request has no {source!r}: API Gateway answers "
            "it 401 without invoking the authorizer. Fix: pass it in headers=, query= or "
            "stage_variables= (a test of the 401 needs no authorizer event)"
        )
    return str(found)


def jwt_authorizer(claims: Mapping[str, object], scopes: Sequence[str] | None) -> dict[str, Any]:
    """``requestContext.authorizer`` of a route behind a JWT or Cognito authorizer."""
    if isinstance(scopes, str):
        raise TypeError(
            f"http_api_event: scopes is the string {scopes!r}. Fix: pass a list, e.g. "
            f"scopes=[{scopes!r}]"
        )
    if scopes is not None and (
        not isinstance(scopes, Sequence) or not all(isinstance(s, str) for s in scopes)
    ):
        raise TypeError(
            f"http_api_event: scopes is {scopes!r}; API Gateway passes the token's scopes as "
            "a list of str. Fix: pass e.g. scopes=['todos/read']"
        )
    if not isinstance(claims, Mapping) or not all(isinstance(name, str) for name in claims):
        raise TypeError(
            f"http_api_event: claims is {claims!r}; a token's claims are a dict of claim "
            "names (str) to values. Fix: pass e.g. claims={'sub': 'user-1'}"
        )
    passed = {plain(name): _claim_text(name, value) for name, value in claims.items()}
    given = None if scopes is None else [plain(scope) for scope in scopes]
    return {"jwt": {"claims": passed, "scopes": given}}


def lambda_authorizer(context: Mapping[str, object]) -> dict[str, Any]:
    """``requestContext.authorizer`` of a route behind an ``ApiAuth.function`` authorizer:
    its answer's ``context``, which reaches the route as JSON (a tuple a list, and what JSON
    cannot hold never arrives)."""
    if not isinstance(context, Mapping):
        raise TypeError(
            f"http_api_event: authorizer_context is {type(context).__name__}. Fix: pass the "
            "authorizer's context as a dict, e.g. authorizer_context={'partner': 'acme'}"
        )
    if any(not isinstance(name, str) for name in context):
        raise TypeError(
            "http_api_event: authorizer_context's keys must be strings, as JSON's are. Fix: "
            "str() each key"
        )
    try:
        passed = json.loads(json.dumps(dict(context), allow_nan=False))
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"http_api_event: authorizer_context cannot be sent as JSON ({error}). Fix: pass "
            "strings, numbers, booleans, lists and dicts, as the authorizer's answer must"
        ) from None
    return {"lambda": passed}


def _claim_text(name: str, value: object) -> str:
    """A claim's value as API Gateway hands it on: a string, a list as ``[a b]``."""
    value = plain(value)  # the token's JSON holds a StrEnum's value, never 'S.A'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return "[" + " ".join(_claim_text(name, v) for v in value) + "]"
    raise TypeError(
        f"http_api_event: claim {name!r} is {type(value).__name__}; pass a string, number, bool "
        "or list of them (API Gateway turns each into a string). Fix: pass the claim as the "
        f"handler reads it, a string: claims={{{name!r}: '...'}}"
    )
