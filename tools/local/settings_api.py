"""Settings read back and compared with the template's: HTTP APIs, their routes, JWT
authorizers and stages.
"""

from __future__ import annotations

from collections.abc import Callable

from tools.local.deployed import Clients, Outcome, Resource, ref_id

Checker = Callable[[Clients, Resource, dict[str, Resource], Outcome, str], None]


def _api_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    api = c.apigatewayv2.get_api(ApiId=r.physical_id)
    o.compare(w, "ProtocolType", r.props.get("ProtocolType"), api["ProtocolType"], r.type)
    if "CorsConfiguration" in r.props:
        got = {k: v for k, v in api.get("CorsConfiguration", {}).items()}
        o.compare(
            w,
            "CorsConfiguration.AllowOrigins",
            r.props["CorsConfiguration"].get("AllowOrigins"),
            got.get("AllowOrigins"),
            r.type,
        )


def _route_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    route = c.apigatewayv2.get_route(ApiId=r.props["ApiId"], RouteId=r.deployed_id.split("/")[-1])
    o.compare(w, "RouteKey", r.props["RouteKey"], route["RouteKey"], r.type)
    o.compare(
        w,
        "AuthorizationType",
        r.props.get("AuthorizationType", "NONE"),
        route.get("AuthorizationType", "NONE"),
        r.type,
    )
    if "AuthorizerId" in r.props:
        o.compare(
            w,
            "AuthorizerId",
            ref_id(r.props["AuthorizerId"], rs),
            route.get("AuthorizerId"),
            r.type,
        )


def _authorizer_settings(
    c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str
) -> None:
    got = c.apigatewayv2.get_authorizer(ApiId=r.props["ApiId"], AuthorizerId=r.physical_id)
    o.compare(w, "AuthorizerType", r.props["AuthorizerType"], got["AuthorizerType"], r.type)
    if "JwtConfiguration" in r.props:
        jwt = got.get("JwtConfiguration", {})
        o.compare(
            w,
            "JwtConfiguration.Issuer",
            r.props["JwtConfiguration"]["Issuer"],
            jwt.get("Issuer"),
            r.type,
        )
        o.compare(
            w,
            "JwtConfiguration.Audience",
            r.props["JwtConfiguration"]["Audience"],
            jwt.get("Audience"),
            r.type,
        )


def _stage_settings(c: Clients, r: Resource, rs: dict[str, Resource], o: Outcome, w: str) -> None:
    stage = c.apigatewayv2.get_stage(ApiId=r.props["ApiId"], StageName=r.physical_id)
    o.compare(
        w, "AutoDeploy", r.props.get("AutoDeploy", False), stage.get("AutoDeploy", False), r.type
    )
    expected = r.props.get("DefaultRouteSettings", {})
    if expected:
        got = stage.get("DefaultRouteSettings", {})
        o.compare(
            w,
            "DefaultRouteSettings.Throttling",
            [expected.get("ThrottlingRateLimit"), expected.get("ThrottlingBurstLimit")],
            [got.get("ThrottlingRateLimit"), got.get("ThrottlingBurstLimit")],
            r.type,
        )
    if "AccessLogSettings" in r.props:
        o.compare(
            w,
            "AccessLogSettings.DestinationArn",
            r.props["AccessLogSettings"]["DestinationArn"],
            stage.get("AccessLogSettings", {})
            .get("DestinationArn", "")
            .split(":log-group:")[-1]
            .removesuffix(":*"),
            r.type,
        )


SETTINGS: dict[str, Checker] = {
    "AWS::ApiGatewayV2::Api": _api_settings,
    "AWS::ApiGatewayV2::Route": _route_settings,
    "AWS::ApiGatewayV2::Authorizer": _authorizer_settings,
    "AWS::ApiGatewayV2::Stage": _stage_settings,
}
