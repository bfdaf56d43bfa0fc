"""The rules of an ApiAuth, the API's ``auth`` or a route's own: a kind of
:class:`AuthKind`, only its own kind's fields, and each kind's settings."""

from __future__ import annotations

from collections.abc import Sequence

from constructs_lib._jsii import described, given, is_unresolved
from constructs_lib._validation import Validator
from constructs_lib.serverless_api.auth import ApiAuth, AuthKind, is_kind
from constructs_lib.serverless_api.cdk_authorizers import wrong_auth
from constructs_lib.serverless_api.cognito_auth import check_audience_count, check_cognito
from constructs_lib.serverless_api.issuer import check_issuer
from constructs_lib.serverless_api.lambda_auth import check_function_auth
from constructs_lib.serverless_api.listed_once import check_listed_once
from constructs_lib.serverless_api.public_reason import check_public_reason

__all__ = ["check_auth"]

#: The fields each kind uses; a field set for another kind is reported.
_FIELDS = {
    "issuer": AuthKind.JWT,
    "audiences": AuthKind.JWT,
    "user_pool": AuthKind.COGNITO,
    "clients": AuthKind.COGNITO,
    "reason": AuthKind.NONE,
    "handler": AuthKind.FUNCTION,
    "identity_source": AuthKind.FUNCTION,
    "results_cache_ttl": AuthKind.FUNCTION,
}
_REASON_FIX = "write why the API is public: ApiAuth.none(reason='public read-only catalogue')"
_FACTORY = {
    AuthKind.JWT: "ApiAuth.jwt(issuer, audiences)",
    AuthKind.COGNITO: "ApiAuth.cognito(user_pool, clients)",
    AuthKind.FUNCTION: "ApiAuth.function(handler, identity_source=..., results_cache_ttl=...)",
    AuthKind.NONE: "ApiAuth.none(reason=...)",
}


def check_auth(
    v: Validator,
    auth: object,
    route_handlers: Sequence[object] = (),
    network: object = None,
    function_id: str | None = None,
) -> None:
    """``route_handlers`` and ``network``: the API's, which an authorizer function meets;
    ``function_id``: that function's construct id (None: the API's authorizer's)."""
    if not isinstance(auth, ApiAuth):
        what, fix = wrong_auth(
            auth,
            ApiAuth,
            "pass ApiAuth.jwt(...), ApiAuth.cognito(...), ApiAuth.iam(), "
            "ApiAuth.function(handler) or ApiAuth.none(reason=...)",
        )
        v.add("auth", f"is {what}", fix)
        return
    if not is_kind(auth.kind):
        v.add(
            "auth",
            f"has the unknown kind {auth.kind!r}; kinds: {', '.join(k.value for k in AuthKind)}",
            "build it with ApiAuth.jwt(...), .cognito(...), .iam(), .function(handler) or "
            ".none(reason=...)",
        )
        return
    for field, owner in _FIELDS.items():
        value = getattr(auth, field)
        if auth.kind != owner and value not in (None, ()):
            v.add(
                f"auth.{field}",
                f"is {given(value)}, but only {_FACTORY[owner]} uses it, not ApiAuth.{auth.kind}",
                f"drop it, or use {_FACTORY[owner]}",
            )
    if auth.kind == "jwt":
        check_issuer(v, auth.issuer)
        if v.check_sequence(auth.audiences, "auth.audiences", "['todo-api']"):
            v.check(
                bool(auth.audiences),
                "auth.audiences",
                "is empty",
                "pass the client IDs or API identifiers the tokens are issued for",
            )
            for index, audience in enumerate(auth.audiences):
                _check_audience(v, f"auth.audiences[{index}]", audience)
            check_audience_count(v, auth.audiences, "auth.audiences", "audiences")
            check_listed_once(v, auth.audiences, "auth.audiences", "audience")
    if auth.kind == "cognito":
        check_cognito(v, auth)
    if auth.kind == "function":
        check_function_auth(v, auth, route_handlers, network, function_id)
    if auth.kind == "none":
        reason = auth.reason
        if reason is not None and not isinstance(reason, str):
            v.add(
                "auth.reason",
                f"is {described(reason)}, not a string",
                _REASON_FIX,
            )
        elif not (reason or "").strip():
            v.add("auth", "is ApiAuth.none() without a reason", _REASON_FIX)
        else:  # the acknowledgement a security reviewer reads, held to acknowledge()'s rule
            check_public_reason(v, reason or "", "auth.reason", "API", _REASON_FIX)


def _check_audience(v: Validator, prop: str, audience: object) -> None:
    """An audience a token carries in ``aud``; one that resolves at synth (``Lazy.string``)
    is checked then."""
    if is_unresolved(audience):
        v.recheck_rule(audience, lambda found, text: _check_audience(found, prop, text))
    if not v.check(
        not isinstance(audience, str) or bool(audience.strip()),
        prop,
        f"is {audience!r}: no token is issued for an empty audience",
        "pass the client ID or API identifier the tokens carry in `aud`",
    ):
        return
    # API Gateway compares `aud` as written: a pasted space or line break matches no
    # token, and the API refuses every request
    v.check(
        not isinstance(audience, str) or is_unresolved(audience) or audience == audience.strip(),
        prop,
        f"is {audience!r}, with whitespace around it, which no token's `aud` has: the API "
        "would refuse every token",
        f"pass {audience.strip()!r}" if isinstance(audience, str) else "",
    )
