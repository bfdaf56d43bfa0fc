"""Who an HTTP API's authorizer let in: ``requestContext.authorizer`` of a route's event
(payload format 2.0), read once into a read-only view (see :func:`authorizer_context`).
Its ``iam`` object (an ``ApiAuth.iam`` route's signer) is read as Powertools' HTTP API
event types describe it (``accessKey``, ``accountId``, ``callerId``, ``cognitoIdentity``,
``principalOrgId``, ``userArn``, ``userId``)."""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from constructs_lib_runtime._kinds import kind_of

__all__ = ["AuthorizerContext", "NoAuthorizerContext", "authorizer_context"]

#: API Gateway's own body for a request it refuses unauthenticated.
_UNAUTHORIZED = '{"message":"Unauthorized"}'


class NoAuthorizerContext(ValueError):
    """The request reached the function without an authorizer's context: a public route
    (``ApiAuth.none``, ``Route(..., public=...)``), or a test event built without
    ``claims=`` / ``authorizer_context=`` / ``iam_caller=``. The message says which
    for the logs; :attr:`response` is the 401 to return, API Gateway's own (it tells the
    caller nothing about the route's setup)."""

    status = 401

    @property
    def response(self) -> dict[str, Any]:
        """The 401 response, as API Gateway answers a request without credentials."""
        return {
            "statusCode": self.status,
            "headers": {"content-type": "application/json"},
            "body": _UNAUTHORIZED,
        }


@dataclass(frozen=True)
class AuthorizerContext:
    """What the route's authorizer passed on, read-only."""

    kind: Literal["jwt", "lambda", "iam"]
    """``"jwt"`` (a JWT or Cognito authorizer, ``ApiAuth.jwt`` / ``.cognito``), ``"lambda"``
    (``ApiAuth.function``) or ``"iam"`` (``ApiAuth.iam``: a SigV4 signer)."""
    claims: Mapping[str, str]
    """The token's claims, each a string as API Gateway passes them on (a number
    ``"1700000000"``, a list ``"[admins readers]"``); empty for a Lambda authorizer."""
    scopes: tuple[str, ...]
    """The token's scopes: ``jwt.scopes`` as API Gateway passes them, or, on a route without
    ``authorization_scopes`` (where it passes null), the token's own ``scope`` or ``scp`` claim
    split at spaces; empty when the token has none."""
    principal_id: str | None
    """Who the caller is: the token's ``sub`` claim, the Lambda authorizer's
    ``context["principalId"]`` where it put one (a simple response has no principal of its
    own), or the IAM signer's ``userArn``
    (``arn:aws:sts::111122223333:assumed-role/Partner/session-1``); None when none names one."""
    context: Mapping[str, Any]
    """A Lambda authorizer's ``context`` (its lists as tuples, its objects read-only too);
    empty for the others."""
    iam: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """An IAM signer's identity as API Gateway passes it (``accountId``, ``principalOrgId``,
    ``userArn``, ...; ``cognitoIdentity`` null unless it signed with Cognito identity pool
    credentials), read-only; empty for the others."""

    def has_scope(self, scope: str) -> bool:
        """The token had ``scope`` (a Lambda authorizer's caller never does)."""
        return scope in self.scopes


def authorizer_context(event: Mapping[str, Any]) -> AuthorizerContext:
    """The authorizer's view of the request of an HTTP API route (payload format 2.0):
    ``requestContext.authorizer.jwt`` (claims and scopes), ``.lambda`` (the context) or
    ``.iam`` (the signer).

        try:
            caller = authorizer_context(event)
        except NoAuthorizerContext as error:
            return error.response          # 401, as API Gateway answers one
        if not caller.has_scope("orders/write"):
            return json_response(403, {"message": "orders/write scope required"})

    NoAuthorizerContext (a ValueError whose ``response`` is a 401) when the event has
    none of them; TypeError when ``event`` is not the event dict Lambda passes the handler.
    """
    if not isinstance(event, Mapping):
        raise TypeError(
            f"authorizer_context: event is {kind_of(event)}, not the event dict Lambda "
            "passes the handler. Fix: pass the handler's first argument, the event, as it is"
        )
    request = event.get("requestContext")
    found = request.get("authorizer") if isinstance(request, Mapping) else None
    authorizer = found if isinstance(found, Mapping) else {}
    jwt, passed = authorizer.get("jwt"), authorizer.get("lambda")
    if isinstance(jwt, Mapping) and isinstance(jwt.get("claims"), Mapping):
        claims = {str(k): _text(v) for k, v in jwt["claims"].items()}
        return AuthorizerContext(
            kind="jwt",
            claims=MappingProxyType(claims),
            scopes=_scopes(jwt.get("scopes"), claims),
            principal_id=claims.get("sub"),
            context=MappingProxyType({}),
        )
    # a Lambda authorizer that let the request in without a context may leave its key
    # null: the request is still its caller's (a 401 would refuse whom it allowed)
    if isinstance(passed, Mapping) or ("lambda" in authorizer and passed is None):
        passed = passed or {}
        principal = passed.get("principalId")
        return AuthorizerContext(
            kind="lambda",
            claims=MappingProxyType({}),
            scopes=(),
            principal_id=principal if isinstance(principal, str) else None,
            context=_read_only(passed),
        )
    iam = authorizer.get("iam")
    if isinstance(iam, Mapping) and isinstance(iam.get("userArn"), str):
        return AuthorizerContext(
            kind="iam",
            claims=MappingProxyType({}),
            scopes=(),
            principal_id=iam["userArn"],
            context=MappingProxyType({}),
            iam=_read_only(iam),
        )
    raise NoAuthorizerContext(_missing(event, authorizer))


def _scopes(passed: object, claims: Mapping[str, str]) -> tuple[str, ...]:
    """The token's scopes: ``jwt.scopes`` where API Gateway filled it (a list), else the
    token's own ``scope`` or ``scp`` claim, whence API Gateway reads them to check a route's
    (JWT authorizer guide): null on a route without ``authorization_scopes``, where the
    claim still holds them, space-separated (OAuth's ``scope``) or a list it flattened to
    ``"[a b]"`` (``scp``)."""
    if isinstance(passed, list | tuple):
        return tuple(_text(scope) for scope in passed)
    if isinstance(passed, str):
        return tuple(passed.split())
    for name in ("scope", "scp"):
        if name in claims:
            text = claims[name]
            listed = text.startswith("[") and text.endswith("]")
            return tuple((text[1:-1] if listed else text).split())
    return ()


def _missing(event: Mapping[str, Any], authorizer: Mapping[str, Any]) -> str:
    route = reprlib.repr(event.get("routeKey", _route_of_v1(event)))
    if "iam" in authorizer:  # API Gateway names every signer by its ARN
        why = "its IAM context names no signer (no userArn), which API Gateway always does"
        fix = "pass the event as API Gateway sends it; in a test, build it with iam_caller="
    elif event.get("version") == "1.0":
        # an HTTP API route whose integration was set to payload format 1.0: its
        # authorizer's claims or context are elsewhere (REST API's places), so read as 2.0
        # they would be none, and every caller the 401 of a misconfiguration
        why = (
            'the event is payload format 1.0 (version "1.0"): the route\'s integration was '
            "set to 1.0, where a ServerlessApi's routes send 2.0, and a 1.0 event's authorizer "
            "passes its caller elsewhere"
        )
        fix = (
            "set the integration's payload format version to 2.0, aws-cdk-lib's "
            "HttpLambdaIntegration default (payload_format_version=PayloadFormatVersion."
            "VERSION_2_0), as a ServerlessApi's routes have it"
        )
    elif event.get("version") != "2.0":
        why = "the event is not an HTTP API's (payload format 2.0)"
        fix = "use event['requestContext']['authorizer'] for a REST API's request"
    else:
        why = (
            "the route is public (ApiAuth.none or Route(..., public=...)), or a test built "
            "the event without claims=, authorizer_context= or iam_caller="
        )
        fix = (
            "give the route an auth, or answer error.response (the 401); in a test, pass "
            "claims=, authorizer_context= or iam_caller= to http_api_event"
        )
    return f"the request to {route} has no JWT, Lambda or IAM authorizer context: {why}. Fix: {fix}"


def _route_of_v1(event: Mapping[str, Any]) -> object:
    """A payload format 1.0 (or REST API) request's route, ``GET /orders/{id}``, as a 2.0
    ``routeKey`` names it; "the route" when the event names none."""
    method, resource = event.get("httpMethod"), event.get("resource")
    if isinstance(method, str) and isinstance(resource, str):
        return f"{method} {resource}"
    return "the route"


def _text(value: object) -> str:
    """A claim or scope as text: API Gateway passes each as a string; a hand-built event's
    list or object as its ``str``, or, nested too deeply for that, its short repr."""
    if isinstance(value, str):
        return value
    try:
        return str(value)
    except RecursionError:
        return reprlib.repr(value)


def _read_only(value: object) -> Any:
    """``value`` as JSON gave it, with objects read-only and lists tuples. Walked without
    recursion: Lambda hands on a context nested up to about 1,000 levels (its JSON parser's
    limit), and a recursive copy failed with a RecursionError from about 500."""
    root: list[Any] = [value]
    pending: list[tuple[Any, Any]] = [(root, 0)]  # (container, slot) holding a value to copy
    lists: list[tuple[Any, Any]] = []  # the slots of the lists copied, parents first
    while pending:
        holder, slot = pending.pop()
        item = holder[slot]
        if isinstance(item, Mapping):
            copied = dict(item)
            holder[slot] = MappingProxyType(copied)  # a view: filled in below all the same
            pending += [(copied, key) for key in copied]
        elif isinstance(item, list):
            holder[slot] = list(item)
            lists.append((holder, slot))
            pending += [(holder[slot], index) for index in range(len(item))]
    for holder, slot in reversed(lists):  # children first: a parent's tuple holds theirs
        holder[slot] = tuple(holder[slot])
    return root[0]
