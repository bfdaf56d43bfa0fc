"""ServerlessApi's monitoring, mixed into it: the stage's alarms and widgets, then those
of every function it runs (the routes', the API's Lambda authorizer's and the routes' own
authorizers'), built when ``Monitoring`` asks for them."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from constructs_lib._monitoring.api import stage_alarms, stage_widgets

if TYPE_CHECKING:
    from aws_cdk import aws_cloudwatch as cloudwatch

    from constructs_lib._core import FunctionCore
    from constructs_lib.serverless_api import ServerlessApi

__all__ = ["ApiMonitoring"]


class ApiMonitoring:
    """Mixed into ServerlessApi: what its ``props.monitor(...)`` registers."""

    def _alarms(self) -> list[cloudwatch.Alarm]:
        api = cast("ServerlessApi", self)  # mixed into nothing else
        created = stage_alarms(api, api.stage)
        for core in _all_cores(api):
            created += core.alarms()
        return created

    def _widgets(self) -> list[cloudwatch.IWidget]:
        api = cast("ServerlessApi", self)
        widgets = stage_widgets(api.stage)
        for core in _all_cores(api):
            widgets += core.widgets(core.node.id)
        return widgets


def _all_cores(api: ServerlessApi) -> list[FunctionCore]:
    """The routes' functions, and the authorizers' (monitored as they are)."""
    authorizer = [api._authorizer_core] if api._authorizer_core else []
    return [*api._cores.values(), *authorizer, *api._route_authorizers.cores]
