"""A construct's registration with its stack's Monitoring."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sns as sns
from constructs import Construct

from constructs_lib.monitoring import Monitoring

__all__ = ["register"]


def register(
    construct: Construct,
    *,
    widgets: Sequence[cloudwatch.IWidget],
    alarms: Sequence[cloudwatch.Alarm],
    alarm_topic: sns.ITopic | None,
) -> list[cloudwatch.Alarm]:
    """Puts ``construct``'s widgets on the stack dashboard and registers its alarms."""
    monitoring = Monitoring.of(construct)
    monitoring.add_section(f"{type(construct).__name__} {construct.node.path}", widgets)
    monitoring.add_alarms(alarms, alarm_topic)
    return list(alarms)
