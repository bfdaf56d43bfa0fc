"""A Lambda function's alarms (errors, throttles) and widgets."""

from __future__ import annotations

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, alarm_window, graph

__all__ = ["function_alarms", "function_widgets"]


def function_alarms(scope: Construct, function: lambda_.IFunction) -> list[cloudwatch.Alarm]:
    """Any error or throttle of ``function`` within one alarm period; each description
    names the function and where to look first."""
    period, window = alarm_period(), alarm_window()
    name = function.function_name
    errors, throttles = _defaults.FUNCTION_ERRORS_THRESHOLD, _defaults.FUNCTION_THROTTLES_THRESHOLD
    return [
        alarm(
            scope,
            "ErrorsAlarm",
            function.metric_errors(period=period, statistic="Sum"),
            threshold=errors,
            description=f"the function failed (errors >= {errors} in {window}). First: its "
            f"log (Lambda console, {name}, Monitor, View CloudWatch logs: JSON lines, a "
            "failed invocation's at level ERROR with its requestId and stackTrace)",
        ),
        alarm(
            scope,
            "ThrottlesAlarm",
            function.metric_throttles(period=period, statistic="Sum"),
            threshold=throttles,
            description=f"invocations were throttled (>= {throttles} in {window}). First: "
            f"the concurrency of {name} (its reserved concurrency, if any) and the "
            "account's (ConcurrentExecutions against the Lambda quota)",
        ),
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
