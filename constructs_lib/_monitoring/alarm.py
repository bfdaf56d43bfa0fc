"""The one way the library makes an alarm."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib import _defaults

__all__ = ["alarm", "alarm_period", "alarm_window"]


def alarm_period() -> Duration:
    return Duration.minutes(_defaults.ALARM_PERIOD_MINUTES)


def alarm_window(periods: int = 1) -> str:
    """How long an alarm looks, for its description: ``"5 minutes"``."""
    return f"{_defaults.ALARM_PERIOD_MINUTES * periods} minutes"


def alarm(
    scope: Construct,
    id: str,
    metric: cloudwatch.IMetric,
    *,
    threshold: float,
    description: str,
    evaluation_periods: int = 1,
) -> cloudwatch.Alarm:
    """An alarm at ``>= threshold``; no data (idle) is healthy, never an alarm.

    The description is prefixed with ``scope``'s path, so a notification says where.
    """
    return cloudwatch.Alarm(
        scope,
        id,
        metric=metric,
        threshold=threshold,
        evaluation_periods=evaluation_periods,
        comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        alarm_description=f"{scope.node.path}: {description}",
    )
