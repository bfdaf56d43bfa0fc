"""How callers of a ServerlessApi are authorized."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers

from constructs_lib._arguments import checked_arguments
from constructs_lib._env import check_region_known, check_same_stage
from constructs_lib._factories import Factories
from constructs_lib._jsii import described, given, implements, is_unresolved, shown
from constructs_lib._loaded import LazyModule
from constructs_lib._nag_rules import MIN_REASON_LENGTH, REASON_AT_SYNTH
from constructs_lib._validation import Validator
from constructs_lib.serverless_api.client_urls import check_client_urls
from constructs_lib.serverless_api.issuer import check_issuer

if TYPE_CHECKING:
    from aws_cdk import aws_cognito as cognito
else:  # imported on first use (typing.get_type_hints): importing this loads none
    cognito = LazyModule("aws_cognito")

__all__ = ["AUDIENCES_MAX", "ApiAuth", "AuthKind"]

#: API Gateway's limit on a JWT authorizer's audiences (a Cognito authorizer's are its
#: clients' ids): "Audiences per authorizer: 50", not adjustable; more fail the deploy.
#: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
AUDIENCES_MAX = 50
_AUDIENCES_FIX = (
    "keep the {what} whose tokens call this API (a token needs one of them in `aud`); "
    "the callers beyond 50 need another ServerlessApi (each has its own authorizer)"
)


class AuthKind(StrEnum):
    """The closed set of ways an API authorizes its callers."""

    JWT = "jwt"
    COGNITO = "cognito"
    IAM = "iam"
    NONE = "none"


class ApiAuth(metaclass=Factories):
    """How callers are authorized. There is no silent public API: use ``none(reason=)``.

    Build it with the factory methods (``ApiAuth.jwt(...)`` etc.); a kind outside
    :class:`AuthKind` is reported at synth, never treated as public.
    """

    @checked_arguments
    def __init__(
        self,
        kind: AuthKind | str,
        *,
        issuer: str | None = None,
        audiences: Sequence[str] | str = (),
        user_pool: cognito.IUserPool | None = None,
        clients: Sequence[cognito.IUserPoolClient] | None = None,
        reason: str | None = None,
    ) -> None:
        # Values are kept as given and checked by the construct that receives them, which
        # names the prop: nothing here raises on a wrong type.
        #: The kind, or what was given when it is not one (reported by validation).
        self.kind: AuthKind | str = AuthKind(kind) if _is_kind(kind) else kind
        self.issuer: str | None = issuer
        # a bare string stays one (reported), never one audience per character
        self.audiences: Sequence[str] | str = (
            tuple(audiences) if isinstance(audiences, list | tuple) else audiences
        )
        self.user_pool: cognito.IUserPool | None = user_pool
        self.clients: Sequence[cognito.IUserPoolClient] = (
            tuple(clients)
            if isinstance(clients, list | tuple)
            else ()
            if clients is None
            else clients
        )
        #: an empty list given as clients (not left out): no client's tokens are meant, so
        #: it is reported instead of silently becoming aws-cdk-lib's new client
        self.clients_given_empty: bool = isinstance(clients, list | tuple) and not clients
        self.reason: str | None = reason

    @classmethod
    @checked_arguments
    def jwt(cls, issuer: str, audiences: Sequence[str]) -> ApiAuth:
        """JWTs from any OIDC issuer (``https://...``), checked against ``audiences``.

        :param issuer: the issuer URL, as the tokens' ``iss`` claim has it.
        :param audiences: a list of the ``aud`` values accepted (not a bare string).
        """
        return cls("jwt", issuer=issuer, audiences=audiences)

    @classmethod
    @checked_arguments
    def cognito(
        cls, user_pool: cognito.IUserPool, clients: Sequence[cognito.IUserPoolClient] | None = None
    ) -> ApiAuth:
        """ID/access tokens of a Cognito user pool.

        :param user_pool: the pool whose tokens are accepted.
        :param clients: the app clients whose tokens are accepted. Default: a new one (an
            empty list is an error: it would silently mean that new client, not the app's
            own).
        """
        return cls("cognito", user_pool=user_pool, clients=clients)

    @classmethod
    @checked_arguments
    def iam(cls) -> ApiAuth:
        """SigV4-signed requests, authorized by the caller's IAM policy."""
        return cls("iam")

    @classmethod
    @checked_arguments
    def none(cls, *, reason: str) -> ApiAuth:
        """A public API. ``reason`` is required and recorded as the cdk-nag acknowledgement."""
        return cls("none", reason=reason)


def _is_kind(kind: object) -> bool:
    return isinstance(kind, str) and kind in _KINDS


_KINDS = frozenset(k.value for k in AuthKind)
#: The fields each kind uses; a field set for another kind is reported.
_FIELDS = {
    "issuer": AuthKind.JWT,
    "audiences": AuthKind.JWT,
    "user_pool": AuthKind.COGNITO,
    "clients": AuthKind.COGNITO,
    "reason": AuthKind.NONE,
}
_REASON_FIX = "say why the API is public: ApiAuth.none(reason='public read-only catalogue')"
_FACTORY = {
    AuthKind.JWT: "ApiAuth.jwt(issuer, audiences)",
    AuthKind.COGNITO: "ApiAuth.cognito(user_pool, clients)",
    AuthKind.NONE: "ApiAuth.none(reason=...)",
}


def authorizer_for(auth: ApiAuth) -> apigwv2.IHttpRouteAuthorizer | None:
    """The authorizer of every route; None only for ApiAuth.none (validated before)."""
    if auth.kind == "jwt":
        return authorizers.HttpJwtAuthorizer(
            "JwtAuthorizer", auth.issuer or "", jwt_audience=list(auth.audiences)
        )
    if auth.kind == "cognito":
        assert auth.user_pool is not None
        # the pool's own region (an import's from its ARN), not its stack's (aws-cdk-lib's)
        region = auth.user_pool.env.region
        return authorizers.HttpUserPoolAuthorizer(
            "CognitoAuthorizer",
            auth.user_pool,
            user_pool_clients=list(auth.clients) or None,
            user_pool_region=None if is_unresolved(region) else region,
        )
    if auth.kind == "iam":
        return authorizers.HttpIamAuthorizer()
    assert auth.kind == "none", auth.kind  # unknown kinds never reach here: see check_auth
    return None


def check_auth(v: Validator, auth: object) -> None:
    if not isinstance(auth, ApiAuth):
        v.add(
            "auth",
            f"is {described(auth)}",
            "pass ApiAuth.jwt(...), ApiAuth.cognito(...), ApiAuth.iam() or "
            "ApiAuth.none(reason=...)",
        )
        return
    if not _is_kind(auth.kind):
        v.add(
            "auth",
            f"has the unknown kind {auth.kind!r}; kinds: {', '.join(k.value for k in AuthKind)}",
            "build it with ApiAuth.jwt(...), .cognito(...), .iam() or .none(reason=...)",
        )
        return
    for field, owner in _FIELDS.items():
        value = getattr(auth, field)
        if auth.kind != owner and value not in (None, ()):
            v.add(
                f"auth.{field}",
                f"is {given(value)}, but only {_FACTORY[owner]} uses it, not a {auth.kind} auth",
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
                v.check(
                    not isinstance(audience, str) or bool(audience.strip()),
                    f"auth.audiences[{index}]",
                    f"is {audience!r}: no token is issued for an empty audience",
                    "pass the client ID or API identifier the tokens carry in `aud`",
                )
            _check_audience_count(v, auth.audiences, "auth.audiences", "audiences")
    if auth.kind == "cognito":
        _check_cognito(v, auth)
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
        elif v.known_at_synth(reason, "auth.reason", REASON_AT_SYNTH, _REASON_FIX):
            # the acknowledgement a security reviewer reads, held to acknowledge()'s rule
            v.check(
                len((reason or "").strip()) >= MIN_REASON_LENGTH,
                "auth.reason",
                f"is {reason!r}: it is recorded as the cdk-nag acknowledgement of a public API, "
                f"so it must say why the API is public, in at least {MIN_REASON_LENGTH} characters",
                _REASON_FIX,
            )


def _check_cognito(v: Validator, auth: ApiAuth) -> None:
    from aws_cdk import aws_cognito as cognito  # ApiAuth.cognito only

    pool = auth.user_pool
    if pool is None:
        v.add(
            "auth.user_pool",
            "is missing: ApiAuth.cognito needs the user pool whose tokens it accepts",
            "pass ApiAuth.cognito(user_pool, clients=[...])",
        )
    elif not implements(pool, cognito.IUserPool):
        v.add(
            "auth.user_pool",
            f"is {_show(pool)}, not a Cognito user pool",
            "pass a cognito.UserPool (or UserPool.from_user_pool_id(...))",
        )
    clients = auth.clients
    if not isinstance(clients, tuple) or not all(
        implements(c, cognito.IUserPoolClient) for c in clients
    ):
        v.add(
            "auth.clients",
            f"is {_show(clients)}; it must be a list of user pool clients",
            "pass e.g. [user_pool.add_client('Web')], or leave it out for a new client",
        )
        return
    v.check(
        not auth.clients_given_empty,
        "auth.clients",
        "is empty: the authorizer would accept the tokens of a new client aws-cdk-lib creates "
        "for it, which no app of yours signs in with, so every call would be refused",
        "pass the clients your apps sign in with, e.g. [user_pool.add_client('Mobile')], or "
        "leave clients out to have that new client (api.authorizer)",
    )
    _check_audience_count(v, clients, "auth.clients", "clients")
    if pool is None or not implements(pool, cognito.IUserPool):
        return
    # the authorizer names the pool's id (and region): a reference aws-cdk-lib makes only
    # within a stage, between stacks whose regions are both known or both not
    if check_same_stage(v, pool, "auth.user_pool"):
        check_region_known(v, pool, "auth.user_pool", "user pool", "the API's")
        _check_pool_id_region(v, pool)
    for index, client in enumerate(clients):
        # a client of another pool: its id is never a token's audience of this pool, so
        # every request would get a 401 (only clients defined in the app can be told)
        cfn = client.node.default_child
        if isinstance(cfn, cognito.CfnUserPoolClient):
            check_client_urls(v, f"auth.clients[{index}]", cfn)
        if isinstance(cfn, cognito.CfnUserPoolClient) and cfn.user_pool_id != pool.user_pool_id:
            v.add(
                f"auth.clients[{index}]",
                f"is {shown(client)}, a client of another user pool than "
                f"{shown(pool)}: the API would refuse every token",
                "pass clients of the same pool (user_pool.add_client('Web')), or the pool "
                "the client belongs to",
            )


def _check_pool_id_region(v: Validator, pool: cognito.IUserPool) -> None:
    """A pool's id starts with its region: ``UserPool.from_user_pool_id`` takes the stack's
    region instead, so the issuer would name another region than the pool's."""
    pool_id, region = pool.user_pool_id, pool.env.region
    if is_unresolved(pool_id) or is_unresolved(region) or "_" not in pool_id:
        return
    pool_region = pool_id.split("_", 1)[0]
    v.check(
        pool_region == region,
        "auth.user_pool",
        f"is the pool {pool_id!r} of {pool_region}, imported as a pool of {region} (the "
        f"stack's region, as UserPool.from_user_pool_id does): the issuer would be "
        f"https://cognito-idp.{region}.amazonaws.com/{pool_id}, which no token carries, so "
        "the API would refuse every token",
        f"import it with its region: cognito.UserPool.from_user_pool_arn(self, 'Users', "
        f"'arn:aws:cognito-idp:{pool_region}:<account>:userpool/{pool_id}')",
    )


def _check_audience_count(v: Validator, audiences: Sequence[object], prop: str, what: str) -> None:
    v.check(
        len(audiences) <= AUDIENCES_MAX,
        prop,
        f"has {len(audiences)} {what}, each an audience of the API's authorizer: API "
        f"Gateway takes at most {AUDIENCES_MAX} ('Audiences per authorizer', not "
        "adjustable), so the deploy would fail",
        _AUDIENCES_FIX.format(what=what),
    )


def _show(value: object) -> str:
    """A value as a message names it (a construct by kind and path, a list by items)."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    return described(value)
