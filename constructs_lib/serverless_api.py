"""ServerlessApi: an HTTP API whose routes run Lambda functions, with an optional table."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

import jsii
from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from constructs import Construct

from constructs_lib import _defaults, _nag
from constructs_lib._core import FunctionCore, Invocation
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._monitoring.api import stage_alarms, stage_widgets
from constructs_lib._monitoring.register import register
from constructs_lib._validation import Validator, is_unresolved
from constructs_lib.handler import Handler
from constructs_lib.network import Network

_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
_READ_METHODS = frozenset({"GET", "HEAD"})
_SEGMENT = re.compile(r"^(?:[A-Za-z0-9._~:@!$&'()*,;=-]+|\{[A-Za-z_][A-Za-z0-9_]*\+?\})$")
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.*-]+(?::\d{1,5})?$")
DEFAULT_ROUTE = "$default"


class TableAccess(Enum):
    """What a route's function may do with the API's table."""

    NONE = "none"
    READ = "read"
    READ_WRITE = "read_write"


@dataclass(frozen=True)
class Route:
    """A route's handler plus per-route settings; a bare Handler means the defaults.

    :param handler: the function serving the route.
    :param table_access: access to the API's table. Default: READ for GET/HEAD routes,
        READ_WRITE for the others. Functions shared by several routes get the widest.
    :param authorization_scopes: JWT/Cognito scopes the route requires. Default: none.
    """

    handler: Handler
    table_access: TableAccess | None = None
    authorization_scopes: Sequence[str] = ()


@dataclass(frozen=True)
class TableOptions:
    """The DynamoDB table the API creates: on-demand, PITR, retained, deletion-protected.

    :param partition_key: partition key attribute name. Default: ``"pk"``.
    :param sort_key: sort key attribute name. Default: none.
    :param partition_key_type: Default: STRING.
    :param sort_key_type: Default: STRING.
    :param time_to_live_attribute: TTL attribute. Default: none.
    """

    partition_key: str = _defaults.TABLE_PARTITION_KEY
    sort_key: str | None = None
    partition_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    sort_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    time_to_live_attribute: str | None = None


@dataclass(frozen=True)
class Throttle:
    """Stage-wide request limits. Default: 50 requests/second, bursts of 100."""

    rate: float = _defaults.THROTTLE_RATE_LIMIT
    burst: int = _defaults.THROTTLE_BURST_LIMIT


@dataclass(frozen=True)
class CorsPolicy:
    """CORS for browser clients; preflight (OPTIONS) is answered by API Gateway itself,
    never behind the authorizer.

    :param allow_origins: exact origins such as ``"https://app.example.com"``, or ``"*"``.
    :param allow_methods: Default: GET, POST, PUT, PATCH, DELETE, HEAD.
    :param allow_headers: Default: ``authorization``, ``content-type``.
    :param expose_headers: Default: ``location``.
    :param allow_credentials: Default: False (never with ``"*"``).
    :param max_age: how long browsers cache the preflight. Default: 1 hour.
    """

    allow_origins: Sequence[str]
    allow_methods: Sequence[str] = _defaults.CORS_ALLOW_METHODS
    allow_headers: Sequence[str] = _defaults.CORS_ALLOW_HEADERS
    expose_headers: Sequence[str] = _defaults.CORS_EXPOSE_HEADERS
    allow_credentials: bool = False
    max_age: Duration = field(
        default_factory=lambda: Duration.seconds(_defaults.CORS_MAX_AGE_SECONDS)
    )


class ApiAuth:
    """How callers are authorized. There is no silent public API: use ``none(reason=)``."""

    def __init__(
        self,
        kind: str,
        *,
        issuer: str | None = None,
        audiences: Sequence[str] = (),
        user_pool: cognito.IUserPool | None = None,
        clients: Sequence[cognito.IUserPoolClient] = (),
        reason: str | None = None,
    ) -> None:
        self.kind = kind
        self.issuer = issuer
        self.audiences = tuple(audiences)
        self.user_pool = user_pool
        self.clients = tuple(clients)
        self.reason = reason

    @classmethod
    def jwt(cls, issuer: str, audiences: Sequence[str]) -> ApiAuth:
        """JWTs from any OIDC issuer (``https://...``), checked against ``audiences``."""
        return cls("jwt", issuer=issuer, audiences=audiences)

    @classmethod
    def cognito(
        cls, user_pool: cognito.IUserPool, clients: Sequence[cognito.IUserPoolClient] = ()
    ) -> ApiAuth:
        """ID/access tokens of a Cognito user pool. Default clients: a new one."""
        return cls("cognito", user_pool=user_pool, clients=clients)

    @classmethod
    def iam(cls) -> ApiAuth:
        """SigV4-signed requests, authorized by the caller's IAM policy."""
        return cls("iam")

    @classmethod
    def none(cls, *, reason: str) -> ApiAuth:
        """A public API. ``reason`` is required and recorded as the cdk-nag acknowledgement."""
        return cls("none", reason=reason)


class ServerlessApi(Construct):
    """An HTTP API (API Gateway v2) whose routes run Lambda functions.

    Default settings: JSON access logs in a log group with finite retention; stage
    throttling (50 rps, burst 100); every route behind ``auth``; CORS preflight answered
    by API Gateway (not the authorizer); each handler a function with the library's
    secure defaults, invoked through its ``live`` alias; an optional on-demand DynamoDB
    table with point-in-time recovery, RETAIN and deletion protection, its name in the
    functions' ``TABLE_NAME`` variable, read access for GET/HEAD routes and read/write
    for the others.

    :param routes: ``{"GET /todos": handler, "POST /todos": Route(handler, ...)}``; keys
        are ``"METHOD /path"`` (path parameters as ``{id}``, greedy ``{proxy+}`` last) or
        ``"$default"``. Equal handlers share one function.
    :param auth: required: ``ApiAuth.jwt(...)``, ``.cognito(...)``, ``.iam()`` or
        ``.none(reason=...)``.
    :param table: create a table with these keys. Default: no table.
    :param existing_table: use this table instead (granted, named in ``TABLE_NAME``).
    :param cors: CORS policy. Default: none (same-origin or non-browser clients only).
    :param throttling: Default: ``Throttle()`` (50 rps, burst 100).
    :param network: run the functions in this Network (VPC). Default: no VPC.
    :param alarms: create alarms (function errors and throttles, API 5xx rate >= 5 %,
        p99 latency >= 2 s). Default: True. Dashboard widgets are added either way.
    :param alarm_topic: SNS topic the alarms notify (besides the stack's Monitoring
        topic). Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        routes: Mapping[str, Handler | Route],
        auth: ApiAuth,
        table: TableOptions | None = None,
        existing_table: dynamodb.ITable | None = None,
        cors: CorsPolicy | None = None,
        throttling: Throttle | None = None,
        network: Network | None = None,
        alarms: bool = True,
        alarm_topic: sns.ITopic | None = None,
    ) -> None:
        super().__init__(scope, id)
        throttling = throttling or Throttle()
        parsed = _validate(self, routes, auth, table, existing_table, cors, throttling)

        #: The table the functions use, if any.
        self.table: dynamodb.ITable | None = existing_table or (
            _create_table(self, table) if table else None
        )
        #: Access log group of the API's default stage.
        self.access_log_group = _defaults.log_group(self, "AccessLogs")
        #: The HTTP API (L2); reach any setting the construct does not surface.
        self.http_api = apigwv2.HttpApi(
            self,
            "HttpApi",
            create_default_stage=False,
            cors_preflight=_cors_options(cors) if cors else None,
        )
        #: The ``$default`` stage: throttled, access-logged, auto-deployed.
        self.stage = apigwv2.HttpStage(
            self,
            "DefaultStage",
            http_api=self.http_api,
            stage_name="$default",
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(
                rate_limit=throttling.rate, burst_limit=throttling.burst
            ),
            access_log_settings=_AccessLogSettings(self.access_log_group),
        )
        #: Invoke URL of the API (``https://{id}.execute-api.{region}.amazonaws.com/``).
        self.url: str = self.stage.url

        authorizer = _authorizer(auth)
        if auth.kind == "none":
            _nag.acknowledge(self.http_api, _nag.public_api(auth.reason or ""))

        environment = {"TABLE_NAME": self.table.table_name} if self.table else {}
        built: dict[tuple[object, ...], FunctionCore] = {}
        integration: dict[tuple[object, ...], integrations.HttpLambdaIntegration] = {}
        #: The function serving each route, by route key.
        self.functions: dict[str, lambda_.IFunction] = {}
        #: The ``live`` alias each route invokes, by route key.
        self.aliases: dict[str, lambda_.IFunction] = {}
        for route_key, (method, path, route) in parsed.items():
            key = route.handler.key()
            if key not in built:
                fn = FunctionCore(
                    self,
                    route.handler.construct_id,
                    handler=route.handler,
                    invocation=Invocation.SYNCHRONOUS,
                    environment=environment,
                    network=network,
                )
                built[key] = fn
                integration[key] = integrations.HttpLambdaIntegration(
                    f"{route.handler.construct_id}Integration", fn.alias
                )
            fn = built[key]
            self._add_route(method, path, integration[key], authorizer, route)
            self.functions[route_key] = fn.function
            self.aliases[route_key] = fn.alias

        if self.table is not None:
            self._grant_table(self.table, parsed, built)

        #: The construct's alarms (empty with ``alarms=False``).
        self.alarms: list[cloudwatch.Alarm] = register(
            self,
            widgets=self._widgets(built.values()),
            alarms=self._alarms(built.values()) if alarms else [],
            alarm_topic=alarm_topic,
        )

    def _alarms(self, functions: Iterable[FunctionCore]) -> list[cloudwatch.Alarm]:
        created = stage_alarms(self, self.stage)
        for fn in functions:
            created += fn.alarms()
        return created

    def _widgets(self, functions: Iterable[FunctionCore]) -> list[cloudwatch.IWidget]:
        widgets = stage_widgets(self.stage)
        for fn in functions:
            widgets += fn.widgets(fn.node.id)
        return widgets

    def _add_route(
        self,
        method: str,
        path: str,
        integration: integrations.HttpLambdaIntegration,
        authorizer: apigwv2.IHttpRouteAuthorizer | None,
        route: Route,
    ) -> None:
        scopes = list(route.authorization_scopes) or None
        if method == DEFAULT_ROUTE:
            apigwv2.HttpRoute(
                self.http_api,
                "DefaultRoute",
                http_api=self.http_api,
                route_key=apigwv2.HttpRouteKey.DEFAULT,
                integration=integration,
                authorizer=authorizer,
                authorization_scopes=scopes,
            )
            return
        self.http_api.add_routes(
            path=path,
            methods=[apigwv2.HttpMethod[method]],
            integration=integration,
            authorizer=authorizer,
            authorization_scopes=scopes,
        )

    def _grant_table(
        self,
        table: dynamodb.ITable,
        parsed: Mapping[str, tuple[str, str, Route]],
        built: Mapping[tuple[object, ...], FunctionCore],
    ) -> None:
        widest: dict[tuple[object, ...], TableAccess] = {}
        order = [TableAccess.NONE, TableAccess.READ, TableAccess.READ_WRITE]
        for method, _path, route in parsed.values():
            access = route.table_access or (
                TableAccess.READ if method in _READ_METHODS else TableAccess.READ_WRITE
            )
            key = route.handler.key()
            current = widest.get(key, TableAccess.NONE)
            widest[key] = max(current, access, key=order.index)
        for key, access in widest.items():
            if access is TableAccess.READ:
                table.grant_read_data(built[key].function)
            elif access is TableAccess.READ_WRITE:
                table.grant_read_write_data(built[key].function)


@jsii.implements(apigwv2.IAccessLogSettings)
class _AccessLogSettings:
    """JSON access logs, one object per request, into ``log_group``."""

    def __init__(self, log_group: logs.ILogGroup) -> None:
        self._log_group = log_group

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return apigwv2.LogGroupLogDestination(self._log_group)

    @property
    def format(self) -> apigw.AccessLogFormat:
        return apigw.AccessLogFormat.custom(json.dumps(_defaults.ACCESS_LOG_FIELDS))


def _create_table(scope: Construct, options: TableOptions) -> dynamodb.Table:
    sort_key = (
        dynamodb.Attribute(name=options.sort_key, type=options.sort_key_type)
        if options.sort_key
        else None
    )
    return _defaults.table(
        scope,
        "Table",
        partition_key=dynamodb.Attribute(
            name=options.partition_key, type=options.partition_key_type
        ),
        sort_key=sort_key,
        time_to_live_attribute=options.time_to_live_attribute,
    )


def _cors_options(cors: CorsPolicy) -> apigwv2.CorsPreflightOptions:
    return apigwv2.CorsPreflightOptions(
        allow_origins=list(cors.allow_origins),
        allow_methods=[apigwv2.CorsHttpMethod[m] for m in cors.allow_methods],
        allow_headers=list(cors.allow_headers),
        expose_headers=list(cors.expose_headers) or None,
        allow_credentials=cors.allow_credentials,
        max_age=cors.max_age,
    )


def _authorizer(auth: ApiAuth) -> apigwv2.IHttpRouteAuthorizer | None:
    if auth.kind == "jwt":
        return authorizers.HttpJwtAuthorizer(
            "JwtAuthorizer", auth.issuer or "", jwt_audience=list(auth.audiences)
        )
    if auth.kind == "cognito":
        assert auth.user_pool is not None
        return authorizers.HttpUserPoolAuthorizer(
            "CognitoAuthorizer", auth.user_pool, user_pool_clients=list(auth.clients) or None
        )
    if auth.kind == "iam":
        return authorizers.HttpIamAuthorizer()
    return None


def _parse_route_key(route_key: str) -> tuple[str, str] | str:
    """``(method, path)`` or an error message."""
    if route_key == DEFAULT_ROUTE:
        return (DEFAULT_ROUTE, "")
    method, _, path = route_key.partition(" ")
    if method not in _METHODS or not path:
        return f"must be 'METHOD /path' with METHOD one of {', '.join(_METHODS)}, or '$default'"
    if not path.startswith("/") or (path != "/" and path.endswith("/")) or "//" in path:
        return "has a path that must start with '/' and not end with '/' (except '/' itself)"
    segments = path.strip("/").split("/") if path != "/" else []
    params: list[str] = []
    for index, segment in enumerate(segments):
        if not _SEGMENT.match(segment):
            return (
                f"has an invalid path segment {segment!r}; use letters, digits, '-._~' or {{name}}"
            )
        if segment.startswith("{"):
            name = segment.strip("{}+")
            if name in params:
                return f"repeats the path parameter {{{name}}}"
            params.append(name)
            if segment.endswith("+}") and index != len(segments) - 1:
                return "has a greedy parameter {name+} that is not the last segment"
    return (method, path)


def _validate(
    scope: Construct,
    routes: Mapping[str, Handler | Route],
    auth: ApiAuth,
    table: TableOptions | None,
    existing_table: dynamodb.ITable | None,
    cors: CorsPolicy | None,
    throttling: Throttle,
) -> dict[str, tuple[str, str, Route]]:
    """Checks every prop; returns routes as ``{key: (method, path, Route)}``."""
    v = Validator(scope)
    parsed: dict[str, tuple[str, str, Route]] = {}
    v.check(
        bool(routes),
        "routes",
        "is empty",
        "pass at least one route, e.g. {'GET /items': Handler(code='handlers/items')}",
    )
    ids: dict[str, tuple[object, ...]] = {}
    for route_key, value in (routes or {}).items():
        prop = f"routes[{route_key!r}]"
        result = _parse_route_key(route_key)
        if isinstance(result, str):
            v.add(prop, result, "write the key like 'GET /todos/{id}'")
            continue
        method, path = result
        route = value if isinstance(value, Route) else Route(handler=value)
        if method == "OPTIONS" and auth.kind != "none":
            v.add(
                prop,
                "would put CORS preflight behind the authorizer",
                "remove the OPTIONS route and pass cors=CorsPolicy(...): API Gateway answers "
                "preflight requests itself",
            )
        check_handler(v, route.handler, prop)
        if isinstance(route.handler, Handler):
            construct_id, key = route.handler.construct_id, route.handler.key()
            if ids.setdefault(construct_id, key) != key:
                v.add(
                    f"{prop}.name",
                    f"gives function name {construct_id!r} to two different handlers",
                    "pass Handler(name=...) to tell them apart, or pass the same Handler",
                )
        if route.table_access not in (None, *TableAccess):
            v.add(f"{prop}.table_access", "is not a TableAccess", "pass TableAccess.READ etc.")
        if route.authorization_scopes and auth.kind not in ("jwt", "cognito"):
            v.add(
                f"{prop}.authorization_scopes",
                f"needs JWT or Cognito auth, but auth is {auth.kind!r}",
                "remove the scopes or use ApiAuth.jwt/ApiAuth.cognito",
            )
        parsed[route_key] = (method, path, route)

    _validate_auth(v, auth)
    v.check(
        not (table and existing_table),
        "table",
        "and `existing_table` are both set",
        "pass table=TableOptions(...) to create a table, or existing_table=... to use yours",
    )
    if table is not None:
        v.check(
            bool(table.partition_key),
            "table.partition_key",
            "is empty",
            "name the partition key attribute, e.g. 'pk'",
        )
        v.check(
            table.sort_key != table.partition_key,
            "table.sort_key",
            "equals the partition key",
            "use a different attribute name for the sort key",
        )
    if cors is not None:
        _validate_cors(v, cors)
    v.check_range(throttling.rate, "throttling.rate", 1, 10000, "requests/second")
    v.check_range(throttling.burst, "throttling.burst", 1, 5000, "requests")
    v.raise_if_any()
    return parsed


def _validate_auth(v: Validator, auth: object) -> None:
    if not isinstance(auth, ApiAuth):
        v.add(
            "auth",
            f"is {auth!r}",
            "pass ApiAuth.jwt(...), ApiAuth.cognito(...), ApiAuth.iam() or "
            "ApiAuth.none(reason=...)",
        )
        return
    if auth.kind == "jwt":
        issuer = auth.issuer or ""
        if not is_unresolved(issuer):
            v.check(
                issuer.startswith("https://"),
                "auth.issuer",
                f"is {issuer!r}; a JWT issuer must be an https:// URL",
                "pass the OIDC issuer URL, e.g. 'https://example.auth0.com/'",
            )
        v.check(
            bool(auth.audiences),
            "auth.audiences",
            "is empty",
            "pass the client IDs or API identifiers the tokens are issued for",
        )
    if auth.kind == "none":
        v.check(
            bool((auth.reason or "").strip()),
            "auth",
            "is ApiAuth.none() without a reason",
            "say why the API is public: ApiAuth.none(reason='public read-only catalogue')",
        )


def _validate_cors(v: Validator, cors: CorsPolicy) -> None:
    v.check(
        bool(cors.allow_origins),
        "cors.allow_origins",
        "is empty",
        "list the origins allowed to call the API, e.g. ['https://app.example.com']",
    )
    for origin in cors.allow_origins:
        if origin != "*" and not is_unresolved(origin) and not _ORIGIN.match(origin):
            v.add(
                "cors.allow_origins",
                f"has {origin!r}, which is not an origin (scheme://host[:port], no path)",
                "write origins like 'https://app.example.com' without a trailing slash",
            )
    v.check(
        not (cors.allow_credentials and "*" in cors.allow_origins),
        "cors.allow_credentials",
        "is True with allow_origins '*', which browsers reject",
        "list explicit origins, or set allow_credentials=False",
    )
    for method in cors.allow_methods:
        if method not in _METHODS:
            v.add(
                "cors.allow_methods",
                f"has {method!r}; allowed: {', '.join(_METHODS)}",
                "use upper-case HTTP method names",
            )
