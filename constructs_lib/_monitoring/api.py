"""Alarms and widgets of an HTTP API stage."""

from __future__ import annotations

from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, alarm_window, graph

__all__ = ["stage_alarms", "stage_widgets"]


def stage_alarms(scope: Construct, stage: apigwv2.HttpStage) -> list[cloudwatch.Alarm]:
    """5xx rate and p99 latency of the whole stage."""
    period = alarm_period()
    rate, latency = _defaults.API_5XX_RATE_PERCENT, _defaults.API_P99_LATENCY_MS
    periods = _defaults.API_LATENCY_EVALUATION_PERIODS
    return [
        alarm(
            scope,
            "ServerErrorRateAlarm",
            cloudwatch.MathExpression(
                expression="IF(requests > 0, 100 * errors / requests, 0)",
                using_metrics={
                    "errors": stage.metric_server_error(period=period, statistic="Sum"),
                    "requests": stage.metric_count(period=period, statistic="Sum"),
                },
                period=period,
                label="5xx rate (%)",
            ),
            threshold=rate,
            description=f">= {rate} % of requests failed with 5xx. First: the API's access "
            "log (JSON lines: status, routeKey, integrationError, requestId) for the failing "
            "route, then its function's errors alarm and log",
        ),
        alarm(
            scope,
            "LatencyAlarm",
            stage.metric_latency(period=period, statistic="p99"),
            threshold=latency,
            evaluation_periods=periods,
            description=f"p99 latency >= {latency / 1000:g} s for {alarm_window(periods)}. "
            "First: the access log's integrationLatency by routeKey, then that route's "
            "function duration on the dashboard",
        ),
    ]


def stage_widgets(stage: apigwv2.HttpStage) -> list[cloudwatch.IWidget]:
    return [
        graph(
            "Requests, 4xx, 5xx",
            stage.metric_count(statistic="Sum"),
            stage.metric_client_error(statistic="Sum"),
            stage.metric_server_error(statistic="Sum"),
        ),
        graph(
            "Latency", stage.metric_latency(statistic="p50"), stage.metric_latency(statistic="p99")
        ),
    ]
