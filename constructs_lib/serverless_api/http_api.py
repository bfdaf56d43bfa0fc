"""The HTTP API a ServerlessApi creates and its ``$default`` stage (throttled,
access-logged, auto-deployed); routes are added to them by ``route_wiring``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_logs as logs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._scope_retention import follow_scope_retention
from constructs_lib.serverless_api.cors import cors_options
from constructs_lib.serverless_api.options import AccessLogSettings, Throttle

if TYPE_CHECKING:
    from collections.abc import Sequence

    from constructs_lib.serverless_api.auth import ApiAuth
    from constructs_lib.serverless_api.props import ServerlessApiProps

__all__ = ["create_access_log_group", "create_http_api", "create_stage"]


def create_access_log_group(scope: Construct, props: ServerlessApiProps) -> logs.LogGroup:
    """The stage's access log group; without ``access_log_retention``, its retention
    follows the scope's FunctionDefaults, read at synth."""
    log_group = _defaults.log_group(scope, "AccessLogs", retention=props.access_log_days)
    if props.access_log_retention is None:
        follow_scope_retention(log_group, scope)
    return log_group


def create_http_api(
    scope: Construct, props: ServerlessApiProps, route_auths: Sequence[ApiAuth]
) -> apigwv2.HttpApi:
    """``route_auths``: the routes' own authorizers' (route_authorizers.route_auths), whose
    identity sources CORS lets through besides the API's."""
    return apigwv2.HttpApi(
        scope,
        "HttpApi",
        create_default_stage=False,
        cors_preflight=(
            cors_options(props.cors, [props.auth, *route_auths]) if props.cors else None
        ),
        # None (not False) unless asked: the template of an API without it is unchanged
        disable_execute_api_endpoint=(
            True if props.domain and props.domain.disable_default_endpoint else None
        ),
    )


def create_stage(
    scope: Construct, http_api: apigwv2.HttpApi, access_logs: logs.ILogGroup, throttle: Throttle
) -> apigwv2.HttpStage:
    return apigwv2.HttpStage(
        scope,
        "DefaultStage",
        http_api=http_api,
        stage_name="$default",
        auto_deploy=True,
        throttle=apigwv2.ThrottleSettings(rate_limit=throttle.rate, burst_limit=throttle.burst),
        access_log_settings=AccessLogSettings(access_logs),
    )
