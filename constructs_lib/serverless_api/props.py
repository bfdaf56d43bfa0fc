"""ServerlessApi's props, validated together."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_logs as logs

from constructs_lib._core import FunctionBackedProps
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._core.link_reach import unreachable
from constructs_lib._core.resolve import resolve_handler
from constructs_lib._env import check_existing_environment
from constructs_lib._facts import seconds_of
from constructs_lib._jsii import described, is_unresolved, shown
from constructs_lib._retention import check_log_group_retention, log_group_retention
from constructs_lib._validation import Validator
from constructs_lib._words import a_type
from constructs_lib.handler import Handler
from constructs_lib.network import Network
from constructs_lib.serverless_api import public_table_access
from constructs_lib.serverless_api.auth import ApiAuth
from constructs_lib.serverless_api.auth_rules import check_auth
from constructs_lib.serverless_api.cors import check_cors, check_cors_headers
from constructs_lib.serverless_api.domain import (
    ApiDomain,
    check_domain,
    warn_of_repeated_base_path,
)
from constructs_lib.serverless_api.function_ids import function_ids
from constructs_lib.serverless_api.function_names import suggested_name
from constructs_lib.serverless_api.mapping import ApiDomainMapping
from constructs_lib.serverless_api.options import (
    CorsPolicy,
    TableOptions,
    Throttle,
)
from constructs_lib.serverless_api.route_auth import check_route_auth
from constructs_lib.serverless_api.route_authorizers import (
    check_route_authorizers,
    given_route_auths,
)
from constructs_lib.serverless_api.route_count import warn_of_route_count
from constructs_lib.serverless_api.route_timeouts import MAX_ROUTE_TIMEOUT
from constructs_lib.serverless_api.routes import (
    ParsedRoute,
    Route,
    TableAccess,
    parse_route_key,
    same_requests,
    suggested_key,
)
from constructs_lib.serverless_api.sam_events import sam_event_fix
from constructs_lib.serverless_api.shadowing import warn_of_shadowed_routes
from constructs_lib.serverless_api.table import check_table_options
from constructs_lib.serverless_api.throttling import check_throttle, warn_of_route_above_api

__all__ = ["ServerlessApiProps"]

# Construct IDs the API gives its own children: a function may not take them.
_CHILD_IDS = frozenset(
    {
        "Table",
        "AccessLogs",
        "HttpApi",
        "DefaultStage",
        "ServerErrorRateAlarm",
        "LatencyAlarm",
        "DomainName",
        "ApiMapping",
        "AliasRecord",
        "AliasRecordIpv6",
    }
)


@dataclass(frozen=True, kw_only=True)
class ServerlessApiProps(FunctionBackedProps):
    """ServerlessApi's props (see :class:`ServerlessApi` for each one)."""

    routes: Mapping[str, Handler | Route]
    auth: ApiAuth
    table: TableOptions | None = None
    existing_table: dynamodb.ITable | None = None
    cors: CorsPolicy | None = None
    throttling: Throttle | None = None
    domain: ApiDomain | ApiDomainMapping | None = None
    access_log_retention: Duration | logs.RetentionDays | None = None

    @property
    def throttle(self) -> Throttle:
        """``throttling``, else the default ``Throttle()``."""
        return self.throttling or Throttle()

    @property
    def access_log_days(self) -> logs.RetentionDays | None:
        """The access log group's retention (None: the library's)."""
        return log_group_retention(self.access_log_retention)

    def parsed_routes(self) -> list[ParsedRoute]:
        """The routes (valid ones: call after :meth:`validate`), in the order given."""
        return [parsed for _, parsed in self._parse_routes() if isinstance(parsed, ParsedRoute)]

    def _parse_routes(self) -> list[tuple[str, ParsedRoute | str]]:
        """Each route key with its parsed route, or with the problem of the key."""
        result: list[tuple[str, ParsedRoute | str]] = []
        routes = self.routes if isinstance(self.routes, Mapping) else {}
        for key, value in routes.items():
            parsed = (
                parse_route_key(key)
                if isinstance(key, str) and not is_unresolved(key)
                else "must be a string known at synth"
            )
            if isinstance(parsed, str):
                result.append((key, parsed))
            else:
                route = value if isinstance(value, Route) else Route(handler=value)
                result.append((key, ParsedRoute(key, *parsed, route)))
        return result

    def validate(self, v: Validator) -> None:
        """Adds every problem of the props to ``v``."""
        super().validate(v)
        handlers = [parsed.route.handler for parsed in self.parsed_routes()]
        check_auth(v, self.auth, handlers, self.network)
        check_log_group_retention(v, self.access_log_retention, "access_log_retention")
        if not isinstance(self.routes, Mapping):
            v.add(
                "routes",
                f"is {a_type(self.routes)}; it must map route keys to handlers",
                "pass a dict such as {'GET /items': Handler(code='handlers/items')}",
            )
        elif not self.routes:
            v.add(
                "routes",
                "is empty",
                "pass at least one route, e.g. {'GET /items': Handler(code='handlers/items')}",
            )
        ids: dict[str, tuple[object, ...]] = {}
        valid: list[tuple[str, str, str]] = []
        for key, parsed in self._parse_routes():
            if is_unresolved(key):
                v.add(
                    "routes",
                    f"has a key that is {shown(key)}; it must be known at synth: the library reads "
                    "its method and path (the function, its table access, the authorizer's "
                    "scopes) and API Gateway takes it as written",
                    "write the key, e.g. {'GET /todos/{id}': handler}",
                )
            elif isinstance(parsed, str):
                suggested = suggested_key(key) if isinstance(key, str) else None
                fix = (
                    f"write {suggested!r} (or another key API Gateway takes)"
                    if suggested
                    else "write the key like 'GET /todos/{id}'"
                )
                if suggested in self.routes:
                    fix = f"remove it: {suggested!r}, a key of routes already, is the route"
                if "$default" in str(key):
                    fix = "write '$default' alone (no method), or " + fix
                v.add(f"routes[{key!r}]", parsed, sam_event_fix(self.routes[key]) or fix)
            else:
                valid.append((key, parsed.method, parsed.path))
                self._validate_route(v, parsed, ids)
        for key, earlier in same_requests(valid):
            v.add(
                f"routes[{key!r}]",
                f"matches the same requests as {earlier!r} (only the path parameters' names "
                "differ): API Gateway cannot route a request to both",
                f"keep one of the two keys, with one name for the parameter (as in {earlier!r})",
            )
        check_route_authorizers(v, self, _CHILD_IDS)
        public_table_access.check_shared_functions(
            v, self.auth, self.parsed_routes(), has_table=self._has_table
        )
        public_table_access.warn_of_public_api(
            v, self.auth, self.parsed_routes(), has_table=self._has_table
        )
        warn_of_route_count(v, len(valid))
        self._validate_table(v)
        if self.cors is not None:
            check_cors(v, self.cors)
            if isinstance(self.cors, CorsPolicy):
                check_cors_headers(v, [self.auth, *given_route_auths(self)], self.cors)
        check_throttle(v, self.throttle, "throttling")
        if self.domain is not None:
            check_domain(v, self.domain)
            paths = [(r.key, r.path) for r in self.parsed_routes()]
            warn_of_repeated_base_path(v, self.domain, paths)
            warn_of_shadowed_routes(v.scope, self.domain, paths)

    @property
    def _has_table(self) -> bool:
        return self.table is not None or self.existing_table is not None

    def _validate_route(
        self, v: Validator, parsed: ParsedRoute, ids: dict[str, tuple[object, ...]]
    ) -> None:
        prop, route = f"routes[{parsed.key!r}]", parsed.route
        check_route_auth(v, self.auth, parsed, prop)
        public_table_access.check_route(v, self.auth, parsed, prop, has_table=self._has_table)
        environment = ("TABLE_NAME",) if self._has_table else ()
        # Route(handler="...") is the Route's handler, not the route, that is wrong
        given_route = isinstance(self.routes.get(parsed.key), Route)
        wrong_type = given_route and not isinstance(route.handler, Handler)
        if check_handler(
            v,
            route.handler,
            f"{prop}.handler" if wrong_type else prop,
            construct_environment=environment,
            network=self.network,
        ):
            self._validate_function(v, parsed.key, route.handler, ids)
        else:  # a number given for its timeout: the fix names one the API takes too
            v.duration_range(None, f"{prop}.timeout", 1, MAX_ROUTE_TIMEOUT)
        if route.table_access not in (None, *TableAccess):
            v.add(
                f"{prop}.table_access",
                f"is {described(route.table_access)}, not a TableAccess",
                f"pass one of {', '.join(f'TableAccess.{a.name}' for a in TableAccess)}",
            )
        elif route.table_access not in (None, TableAccess.NONE) and not self._has_table:
            v.add(
                f"{prop}.table_access",
                f"is {route.table_access}, but the API has no table",
                "pass table=TableOptions(...) or existing_table=..., or drop table_access",
            )
        throttle = route.throttle
        if throttle is not None and check_throttle(v, throttle, f"{prop}.throttle"):
            warn_of_route_above_api(v, parsed.key, throttle, self.throttle)

    def _validate_function(
        self, v: Validator, route_key: str, handler: Handler, ids: dict[str, tuple[object, ...]]
    ) -> None:
        prop = f"routes[{route_key!r}]"
        from_defaults = handler.timeout is None  # the timeout is FunctionDefaults'
        handler = resolve_handler(v.scope, handler)  # FunctionDefaults applied
        construct_id, key = handler.construct_id, handler.key()
        if (other := ids.setdefault(construct_id, key)) != key:
            # (the name comes from the function's name, so items.handler and
            # orders.handler meet; a name from the module, or else the route, tells them
            # apart: 'HHandler' for h.handler did not)
            other_entry = other[1] if isinstance(other[1], str) else None
            # every function id of the API, a later route's and the authorizers' too: the
            # fix must not clash again
            taken = {*ids, *_CHILD_IDS, *function_ids(self)}
            named = suggested_name(handler.entry, other_entry, route_key, taken)
            v.add(
                f"{prop}.name",
                f"gives function name {construct_id!r} to two different handlers (the "
                f"construct id comes from the function's name, {handler.function_name!r})",
                f"pass Handler(..., name={named!r}) or another id unique in this API, or pass "
                "the same Handler",
            )
        if construct_id in _CHILD_IDS:
            v.add(
                f"{prop}.name",
                f"gives the function the name {construct_id!r}, which the API uses for its "
                "own resources",
                f"pass Handler(name=...) with another name than {', '.join(sorted(_CHILD_IDS))}",
            )
        if not is_unresolved(handler.timeout) and seconds_of(handler.timeout) > MAX_ROUTE_TIMEOUT:
            source = " (FunctionDefaults' timeout: the Handler sets none)" if from_defaults else ""
            v.add(
                f"{prop}.timeout",
                f"is {seconds_of(handler.timeout)} seconds{source}; API Gateway gives up after "
                "30 seconds and answers 503 while the function keeps running (and may still "
                "write)",
                f"keep API handlers at {MAX_ROUTE_TIMEOUT} seconds or less"
                + (
                    f" (pass Handler(timeout=Duration.seconds({MAX_ROUTE_TIMEOUT})) or lower the "
                    "FunctionDefaults timeout)"
                    if from_defaults
                    else ""
                )
                + "; move long work to a QueueWorker and answer 202",
            )

    def _validate_table(self, v: Validator) -> None:
        v.check(
            not (self.table and self.existing_table),
            "table",
            "and `existing_table` are both set",
            "pass table=TableOptions(...) to create a table, or existing_table=... to use yours",
        )
        if self.table is not None:
            check_table_options(v, self.table)
        check_existing_environment(v, self.existing_table, "existing_table", "table")
        problem = (
            unreachable(self.network, "dynamodb")
            if self._has_table and isinstance(self.network, Network)
            else None
        )
        if problem is not None:  # the routes' functions use the table from the Network
            why, fix = problem
            v.add(
                "network",
                f"holds the functions of the API's table routes, but {why}: their calls to the "
                "table would time out",
                fix,
            )
