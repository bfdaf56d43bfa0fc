"""How callers of a ServerlessApi are authorized: the ApiAuth a user builds and the
aws-cdk-lib authorizer it becomes (its rules: ``auth_rules``)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers

from constructs_lib._arguments import checked_arguments
from constructs_lib._factories import Factories
from constructs_lib._jsii import is_unresolved
from constructs_lib._loaded import LazyModule
from constructs_lib._stack_references import reads_across_regions
from constructs_lib.handler import Handler
from constructs_lib.serverless_api.cognito_auth import AUDIENCES_MAX, authorizer_clients
from constructs_lib.serverless_api.lambda_auth import lambda_authorizer

if TYPE_CHECKING:
    from aws_cdk import aws_cognito as cognito
    from constructs import Construct

    from constructs_lib._core import FunctionCore
else:  # imported on first use (typing.get_type_hints): importing this loads none
    cognito = LazyModule("aws_cognito")

__all__ = ["AUDIENCES_MAX", "ApiAuth", "AuthKind"]


class AuthKind(StrEnum):
    """The closed set of ways an API authorizes its callers."""

    JWT = "jwt"
    COGNITO = "cognito"
    IAM = "iam"
    FUNCTION = "function"
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
        handler: Handler | None = None,
        identity_source: Sequence[str] | None = None,
        results_cache_ttl: Duration | None = None,
    ) -> None:
        # Values are kept as given and checked by the construct that receives them, which
        # names the prop: nothing here raises on a wrong type.
        #: The kind, or what was given when it is not one (reported by validation).
        self.kind: AuthKind | str = AuthKind(kind) if is_kind(kind) else kind
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
        self.handler: Handler | None = handler
        #: None: DEFAULT_IDENTITY_SOURCE; a bare string stays one (reported)
        self.identity_source: Sequence[str] | None = (
            tuple(identity_source) if isinstance(identity_source, list) else identity_source
        )
        self.results_cache_ttl: Duration | None = results_cache_ttl

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
        :param clients: the app clients whose tokens are accepted. Default: a new one, in a
            pool the app defines (with an imported pool an error: the new client would be
            added to an existing app's pool; an empty list is an error: it would silently
            mean that new client, not the app's own; shared by the APIs leaving it out).
        """
        return cls("cognito", user_pool=user_pool, clients=clients)

    @classmethod
    @checked_arguments
    def iam(cls) -> ApiAuth:
        """SigV4-signed requests, authorized by the caller's IAM policy."""
        return cls("iam")

    @classmethod
    @checked_arguments
    def function(
        cls,
        handler: Handler,
        *,
        identity_source: Sequence[str] | None = None,
        results_cache_ttl: Duration | None = None,
    ) -> ApiAuth:
        """A Lambda authorizer: ``handler``'s function decides each request (API keys, HMAC
        signatures, an in-house token service). Payload format 2.0, simple responses: it
        returns ``{"isAuthorized": bool, "context": {...}}`` (the context reaches the
        routes' functions in ``requestContext.authorizer.lambda``).

        :param handler: the authorizer's code, a function of its own (not a route's
            Handler) with the library's defaults and a role granted nothing but its links.
        :param identity_source: where the credential is, in the forms an HTTP API takes:
            ``$request.header.Name``, ``$request.querystring.name``, ``$context.name``,
            ``$stageVariables.name``; a request missing one gets 401 without invoking the
            function. Default: ``["$request.header.Authorization"]``.
        :param results_cache_ttl: how long API Gateway keeps an answer for the same
            identity sources, for every route behind the authorizer (no answer depending
            on the route), 0..3600 s. Default: ``Duration.seconds(0)``, no cache.
        """
        return cls(
            "function",
            handler=handler,
            identity_source=identity_source,
            results_cache_ttl=results_cache_ttl,
        )

    @classmethod
    @checked_arguments
    def none(cls, *, reason: str) -> ApiAuth:
        """A public API. ``reason`` is required and recorded as the cdk-nag acknowledgement.
        One public route on an API with auth is ``Route(handler, public=...)`` instead."""
        return cls("none", reason=reason)


def is_kind(kind: object) -> bool:
    return isinstance(kind, str) and kind in _KINDS


_KINDS = frozenset(k.value for k in AuthKind)


def authorizer_for(
    api: Construct, auth: ApiAuth, function: FunctionCore | None = None, name: str = ""
) -> apigwv2.IHttpRouteAuthorizer | None:
    """``api``'s authorizer of every route; None only for ApiAuth.none (validated before).
    ``function``: ApiAuth.function's (see lambda_auth.authorizer_function). ``name``: what
    tells a route's own authorizer from the API's in its id (the API's has none)."""
    if auth.kind == "jwt":
        return authorizers.HttpJwtAuthorizer(
            f"{name}JwtAuthorizer", auth.issuer or "", jwt_audience=list(auth.audiences)
        )
    if auth.kind == "cognito":
        assert auth.user_pool is not None
        for used in (auth.user_pool, *auth.clients):
            reads_across_regions(api, used)
        # the pool's own region (an import's from its ARN), not its stack's (aws-cdk-lib's)
        region = auth.user_pool.env.region
        return authorizers.HttpUserPoolAuthorizer(
            f"{name}CognitoAuthorizer",
            auth.user_pool,
            user_pool_clients=authorizer_clients(auth),
            user_pool_region=None if is_unresolved(region) else region,
        )
    if auth.kind == "iam":
        return authorizers.HttpIamAuthorizer()
    if auth.kind == "function":
        assert function is not None
        return lambda_authorizer(auth, function, name)
    assert auth.kind == "none", auth.kind  # unknown kinds never reach here: see check_auth
    return None
