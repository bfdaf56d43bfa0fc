"""The one way the library makes an alarm."""

from __future__ import annotations

import functools
import re

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._facts import path_of

__all__ = ["alarm", "alarm_period", "alarm_window", "graph"]


@functools.cache  # one immutable Duration per process: creating one is a jsii call
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
        alarm_description=_fit(path_of(scope), description),
    )


# CloudWatch's limit on an alarm description.
_DESCRIPTION_MAX_LENGTH = 1024
# The longest deploy-time value a description names (a queue's URL,
# https://sqs.<region>.amazonaws.com[.cn]/<account>/<name>: at most 137 characters; a
# queue's name, 80; a function's, 64), and how such a value looks at synth.
_TOKEN_MAX_LENGTH = 140
_TOKEN = re.compile(r"\$\{Token\[[^\]]*\]\}")


def _fit(path: str, description: str) -> str:
    """``path: description``, the path shortened from the front when a deeply nested
    construct would pass CloudWatch's limit (the end of a path names the construct). A
    deploy-time value in ``description`` counts as its longest."""
    tokens = _TOKEN.findall(description)
    length = len(description) + sum(_TOKEN_MAX_LENGTH - len(t) for t in tokens)
    if len(path) + 2 + length <= _DESCRIPTION_MAX_LENGTH:
        return f"{path}: {description}"
    keep = max(_DESCRIPTION_MAX_LENGTH - length - 3, 0)
    if not tokens:
        return f"…{path[-keep:] if keep else ''}: {description}"[:_DESCRIPTION_MAX_LENGTH]
    return f"…{path[-keep:] if keep else ''}: {description}"


def graph(title: str, *metrics: cloudwatch.IMetric, width: int = 12) -> cloudwatch.IWidget:
    """A dashboard graph of ``metrics``: half the dashboard's width by default."""
    return cloudwatch.GraphWidget(title=title, left=list(metrics), width=width)
