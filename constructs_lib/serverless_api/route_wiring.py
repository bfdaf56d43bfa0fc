"""One route of a ServerlessApi on its HTTP API: ``$default`` as its own HttpRoute, any
other key through ``add_routes``, with the route's integration, authorizer and scopes;
and the links ``ServerlessApi.link`` adds to routes' functions after construction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_

import constructs_lib
from constructs_lib import _nag
from constructs_lib._core.link_apply import link_after
from constructs_lib._core.route_keys import checked_route_keys
from constructs_lib._validation import Validator
from constructs_lib.links import Link
from constructs_lib.serverless_api.routes import DEFAULT_ROUTE, ParsedRoute

__all__ = ["add_route", "link_routes"]


def add_route(
    http_api: apigwv2.HttpApi,
    parsed: ParsedRoute,
    integration: integrations.HttpLambdaIntegration,
    authorizer: apigwv2.IHttpRouteAuthorizer | None,
) -> list[apigwv2.HttpRoute]:
    """The route's HttpRoute(s) (one: the key names one method); a public route's with no
    authorizer and its reason acknowledged on them alone (on an API with auth)."""
    scopes = list(parsed.route.authorization_scopes) or None
    public = parsed.route.public if authorizer is not None else None
    if public is None:
        return _http_routes(http_api, parsed, integration, authorizer, scopes)
    routes = _http_routes(http_api, parsed, integration, apigwv2.HttpNoneAuthorizer(), scopes)
    for route in routes:
        resource = route.node.default_child
        assert isinstance(resource, apigwv2.CfnRoute)
        _nag.acknowledge(resource, _nag.public_route(public))
    return routes


def _http_routes(
    http_api: apigwv2.HttpApi,
    parsed: ParsedRoute,
    integration: integrations.HttpLambdaIntegration,
    authorizer: apigwv2.IHttpRouteAuthorizer | None,
    scopes: list[str] | None,
) -> list[apigwv2.HttpRoute]:
    if parsed.method == DEFAULT_ROUTE:
        default_route = apigwv2.HttpRoute(
            http_api,
            "DefaultRoute",
            http_api=http_api,
            route_key=apigwv2.HttpRouteKey.DEFAULT,
            integration=integration,
            authorizer=authorizer,
            authorization_scopes=scopes,
        )
        return [default_route]
    return http_api.add_routes(
        path=parsed.path,
        methods=[apigwv2.HttpMethod[parsed.method]],
        integration=integration,
        authorizer=authorizer,
        authorization_scopes=scopes,
    )


def link_routes(
    v: Validator,
    functions: Mapping[str, lambda_.Function],
    targets: Sequence[Link | constructs_lib.Linkable],
    routes: Sequence[str] | None,
) -> None:
    """Links the functions of ``routes`` (route keys; None: every route's) to ``targets``."""
    keys = checked_route_keys(v, routes, list(functions), "it would link no function")
    link_after(v, [functions[key] for key in keys], targets)
