"""ServerlessApi's props, validated together."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib._core import FunctionBackedProps
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler
from constructs_lib.serverless_api.auth import ApiAuth, check_auth
from constructs_lib.serverless_api.options import CorsPolicy, TableOptions, Throttle, check_cors
from constructs_lib.serverless_api.routes import ParsedRoute, Route, TableAccess, parse_route_key

__all__ = ["ServerlessApiProps"]


@dataclass(frozen=True, kw_only=True)
class ServerlessApiProps(FunctionBackedProps):
    """ServerlessApi's props (see :class:`ServerlessApi` for each one)."""

    routes: Mapping[str, Handler | Route]
    auth: ApiAuth
    table: TableOptions | None = None
    existing_table: dynamodb.ITable | None = None
    cors: CorsPolicy | None = None
    throttling: Throttle | None = None

    @property
    def throttle(self) -> Throttle:
        return self.throttling or Throttle()

    def parsed_routes(self) -> list[ParsedRoute]:
        """The routes (valid ones: call after :meth:`validate`), in the order given."""
        return [parsed for _, parsed in self._parse_routes() if isinstance(parsed, ParsedRoute)]

    def _parse_routes(self) -> list[tuple[str, ParsedRoute | str]]:
        """Each route key with its parsed route, or with the problem of the key."""
        result: list[tuple[str, ParsedRoute | str]] = []
        for key, value in (self.routes or {}).items():
            parsed = parse_route_key(key)
            if isinstance(parsed, str):
                result.append((key, parsed))
            else:
                route = value if isinstance(value, Route) else Route(handler=value)
                result.append((key, ParsedRoute(key, *parsed, route)))
        return result

    def validate(self, v: Validator) -> None:
        v.check(
            bool(self.routes),
            "routes",
            "is empty",
            "pass at least one route, e.g. {'GET /items': Handler(code='handlers/items')}",
        )
        ids: dict[str, tuple[object, ...]] = {}
        for key, parsed in self._parse_routes():
            if isinstance(parsed, str):
                v.add(f"routes[{key!r}]", parsed, "write the key like 'GET /todos/{id}'")
            else:
                self._validate_route(v, parsed, ids)
        check_auth(v, self.auth)
        self._validate_table(v)
        if self.cors is not None:
            check_cors(v, self.cors)
        v.check_range(self.throttle.rate, "throttling.rate", 1, 10000, "requests/second")
        v.check_range(self.throttle.burst, "throttling.burst", 1, 5000, "requests")

    def _validate_route(
        self, v: Validator, parsed: ParsedRoute, ids: dict[str, tuple[object, ...]]
    ) -> None:
        prop, route, auth = f"routes[{parsed.key!r}]", parsed.route, self.auth
        if parsed.method == "OPTIONS" and auth.kind != "none":
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

    def _validate_table(self, v: Validator) -> None:
        table = self.table
        v.check(
            not (table and self.existing_table),
            "table",
            "and `existing_table` are both set",
            "pass table=TableOptions(...) to create a table, or existing_table=... to use yours",
        )
        if table is None:
            return
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
