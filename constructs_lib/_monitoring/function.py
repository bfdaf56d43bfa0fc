"""A Lambda function's alarms (errors, throttles) and widgets."""

from __future__ import annotations

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, alarm_window, graph

__all__ = ["function_alarms", "function_widgets", "spillover_alarm"]


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


def spillover_alarm(scope: Construct, alias: lambda_.Alias, provisioned: int) -> cloudwatch.Alarm:
    """Invocations of ``alias`` served past its ``provisioned`` warm environments (each a
    possible cold start, on demand), in 3 periods in a row: a spike alone is by design."""
    period, window = alarm_period(), alarm_window()
    threshold = _defaults.PROVISIONED_SPILLOVER_THRESHOLD
    periods = _defaults.PROVISIONED_SPILLOVER_EVALUATION_PERIODS
    # the alias's metric: Lambda reports spillover per alias (FunctionName, Resource)
    metric = alias.metric(
        "ProvisionedConcurrencySpilloverInvocations", period=period, statistic="Sum"
    )
    return alarm(
        scope,
        "ProvisionedConcurrencySpilloverAlarm",
        metric,
        threshold=threshold,
        evaluation_periods=periods,
        description=f"invocations spilled past the {provisioned} provisioned environments "
        f"(>= {threshold} per {window} for {alarm_window(periods)}): served on demand, with "
        f"cold starts. First: the alias {alias.alias_name}'s ConcurrentExecutions against its "
        "provisioned_concurrency; raise it (billed every hour) or accept the cold starts",
    )


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
