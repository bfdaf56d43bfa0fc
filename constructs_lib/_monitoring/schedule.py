"""Alarms and widgets of an EventBridge Scheduler schedule group."""

from __future__ import annotations

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_scheduler as scheduler
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, graph

__all__ = ["schedule_alarm", "schedule_widget"]


def schedule_alarm(scope: Construct, group: scheduler.ScheduleGroup) -> cloudwatch.Alarm:
    """Scheduler could not invoke the target (after its retries)."""
    return alarm(
        scope,
        "FailedInvocationsAlarm",
        group.metric_target_errors(period=alarm_period(), statistic="Sum"),
        threshold=_defaults.SCHEDULE_FAILED_INVOCATIONS_THRESHOLD,
        description="Scheduler failed to invoke the job. First: the job's dead-letter queue "
        "(the run's input, with ERROR_CODE and ERROR_MESSAGE attributes): a deleted function "
        "or alias, or a role or quota error",
    )


def schedule_widget(group: scheduler.ScheduleGroup) -> cloudwatch.IWidget:
    return graph(
        "Scheduler: invocation attempts, target errors, dropped",
        group.metric_attempts(statistic="Sum"),
        group.metric_target_errors(statistic="Sum"),
        group.metric_dropped(statistic="Sum"),
        width=24,
    )
