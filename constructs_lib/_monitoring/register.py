"""A construct's registration with its stack's Monitoring."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sns as sns
from constructs import Construct

from constructs_lib.monitoring import Monitoring

__all__ = ["register"]


def register(
    construct: Construct,
    *,
    widgets: Callable[[], Sequence[cloudwatch.IWidget]],
    alarms: Callable[[], Sequence[cloudwatch.Alarm]],
    enabled: bool | None,
    alarm_topic: sns.ITopic | None,
) -> list[cloudwatch.Alarm]:
    """Puts ``construct``'s widgets (built by calling ``widgets``, only once the stack
    has a dashboard) on the stack's dashboard and creates its alarms (by
    calling ``alarms``) when ``enabled``, or when ``enabled`` is None and they have a
    destination (see Monitoring). Returns the construct's alarm list."""
    return Monitoring.of(construct).register(
        f"{type(construct).__name__} {construct.node.path}",
        widgets=widgets,
        alarms=alarms,
        enabled=enabled,
        topic=alarm_topic,
    )
