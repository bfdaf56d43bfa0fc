"""One route of a ServerlessApi on its HTTP API: ``$default`` as its own HttpRoute, any
other key through ``add_routes``, with the route's integration, authorizer and scopes."""

from __future__ import annotations

from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations

from constructs_lib.serverless_api.routes import DEFAULT_ROUTE, ParsedRoute

__all__ = ["add_route"]


def add_route(
    http_api: apigwv2.HttpApi,
    parsed: ParsedRoute,
    integration: integrations.HttpLambdaIntegration,
    authorizer: apigwv2.IHttpRouteAuthorizer | None,
) -> None:
    scopes = list(parsed.route.authorization_scopes) or None
    if parsed.method == DEFAULT_ROUTE:
        apigwv2.HttpRoute(
            http_api,
            "DefaultRoute",
            http_api=http_api,
            route_key=apigwv2.HttpRouteKey.DEFAULT,
            integration=integration,
            authorizer=authorizer,
            authorization_scopes=scopes,
        )
        return
    http_api.add_routes(
        path=parsed.path,
        methods=[apigwv2.HttpMethod[parsed.method]],
        integration=integration,
        authorizer=authorizer,
        authorization_scopes=scopes,
    )
