"""A Lambda function's alarms (errors, throttles) and widgets."""

from __future__ import annotations

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, alarm_window, graph

__all__ = ["function_alarms", "function_widgets"]


def function_alarms(scope: Construct, function: lambda_.IFunction) -> list[cloudwatch.Alarm]:
    """Any error or throttle of ``function`` within one alarm period."""
    period, window = alarm_period(), alarm_window()
    return [
        alarm(
            scope,
            id,
            metric(period=period, statistic="Sum"),
            threshold=threshold,
            description=description.format(threshold=threshold, window=window),
        )
        for id, metric, threshold, description in (
            (
                "ErrorsAlarm",
                function.metric_errors,
                _defaults.FUNCTION_ERRORS_THRESHOLD,
                "the function failed (errors >= {threshold} in {window})",
            ),
            (
                "ThrottlesAlarm",
                function.metric_throttles,
                _defaults.FUNCTION_THROTTLES_THRESHOLD,
                "invocations were throttled (>= {threshold} in {window})",
            ),
        )
    ]


def function_widgets(title: str, function: lambda_.IFunction) -> list[cloudwatch.IWidget]:
    return [
        graph(
            f"{title}: invocations, errors, throttles",
            function.metric_invocations(statistic="Sum"),
            function.metric_errors(statistic="Sum"),
            function.metric_throttles(statistic="Sum"),
        ),
        graph(
            f"{title}: duration",
            function.metric_duration(statistic="p50"),
            function.metric_duration(statistic="p99"),
        ),
    ]
