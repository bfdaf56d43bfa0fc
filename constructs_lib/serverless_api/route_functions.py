"""A ServerlessApi's routes: one function per distinct Handler (equal Handlers share one),
each route on the HTTP API with its integration, authorizer and throttle."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar

from constructs import Construct

from constructs_lib import _nag
from constructs_lib._core import FunctionCore, Invocation
from constructs_lib._core.read_only import mapping_view
from constructs_lib._core.resolve import function_key
from constructs_lib._facts import path_of
from constructs_lib._stack_references import reads_across_regions
from constructs_lib._switched_off import ROUTE_SWITCHED_OFF_WARNING, watch_switched_off
from constructs_lib.serverless_api.permissions import RouteIntegrations
from constructs_lib.serverless_api.route_wiring import add_route
from constructs_lib.serverless_api.routes import ParsedRoute, RouteMap
from constructs_lib.serverless_api.throttling import apply_route_throttles

if TYPE_CHECKING:
    from aws_cdk import aws_apigatewayv2 as apigwv2
    from aws_cdk import aws_dynamodb as dynamodb
    from aws_cdk import aws_lambda as lambda_

    from constructs_lib.serverless_api.props import ServerlessApiProps
    from constructs_lib.serverless_api.route_authorizers import RouteAuthorizers

__all__ = ["RouteFunctions"]

_V = TypeVar("_V")


class RouteFunctions:
    """The functions of an API's routes: by function key, and each route's by route key."""

    def __init__(self, api: Construct) -> None:
        #: the attributes ``functions`` and ``aliases``
        path = path_of(api)  # asked once (the API's own checks asked it already)
        self.functions: RouteMap[lambda_.Function] = RouteMap(path, "functions")
        self.aliases: RouteMap[lambda_.Alias] = RouteMap(path, "aliases")
        #: one per distinct Handler (by function key), in the order of the routes
        self.cores: dict[tuple[object, ...], FunctionCore] = {}
        self._path = path
        self._by_route: dict[str, FunctionCore] = {}

    def add(
        self,
        api: Construct,
        props: ServerlessApiProps,
        http_api: apigwv2.HttpApi,
        stage: apigwv2.HttpStage,
        table: dynamodb.ITable | None,
        authorizers: RouteAuthorizers,
    ) -> None:
        """One function per distinct Handler, one route per key."""
        if props.auth.kind == "none":
            _nag.acknowledge(http_api, _nag.public_api(props.auth.reason or ""))
        reads_across_regions(api, table)  # named in TABLE_NAME and granted
        environment = {"TABLE_NAME": table.table_name} if table else {}
        cores = self.cores
        wired: list[tuple[ParsedRoute, list[apigwv2.HttpRoute]]] = []
        routes = [(function_key(api, r.route.handler), r) for r in props.parsed_routes()]
        integrations_ = RouteIntegrations(routes)
        for key, parsed in routes:
            handler = parsed.route.handler
            if key not in cores:
                cores[key] = FunctionCore(
                    api,
                    handler.construct_id,
                    handler=handler,
                    invocation=Invocation.SYNCHRONOUS,
                    environment=environment,
                    network=props.network,
                    deployment=props.deployment,
                    latency_rollback=True,
                )
            integration = integrations_.of(
                key, parsed, f"{handler.construct_id}Integration", cores[key].alias
            )
            authorizer = authorizers.of(parsed)
            wired.append((parsed, add_route(http_api, parsed, integration, authorizer)))
            self.functions[parsed.key] = cores[key].function
            self.aliases[parsed.key] = cores[key].alias
            self._by_route[parsed.key] = cores[key]
        apply_route_throttles(stage, wired, props.throttle)
        self._watch_switched_off(api, routes)

    def _watch_switched_off(
        self, api: Construct, routes: list[tuple[tuple[object, ...], ParsedRoute]]
    ) -> None:
        """A route function reserved 0 answers no request: a warning per function, naming
        its routes (a kill switch may be meant)."""
        for key, core in self.cores.items():
            keys = [parsed.key for function, parsed in routes if function == key]
            handler = next(parsed.route.handler for function, parsed in routes if function == key)
            prop = f"routes[{keys[0]!r}].reserved_concurrency"
            if len(keys) > 1:
                prop += f" (one function with {', '.join(repr(k) for k in keys[1:])})"
            reserved, warning = handler.reserved_concurrency, ROUTE_SWITCHED_OFF_WARNING
            watch_switched_off(api, reserved, prop, warning, core.function, "ServerlessApi")

    def by_route(self, attribute: str, part: Callable[[FunctionCore], _V]) -> Mapping[str, _V]:
        """``part`` of each route's FunctionCore, by route key (read-only): the API's
        ``attribute``."""
        parts: RouteMap[_V] = RouteMap(self._path, attribute)
        parts.update({key: part(core) for key, core in self._by_route.items()})
        return mapping_view(parts)
