"""A construct's registration with its stack's Monitoring."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib.monitoring import Monitoring

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns

__all__ = ["register"]

AlarmFactory = Callable[[], Sequence[cloudwatch.Alarm]]


def register(
    construct: Construct,
    *,
    widgets: Callable[[], Sequence[cloudwatch.IWidget]],
    alarms: AlarmFactory,
    enabled: bool | None,
    alarm_topic: sns.ITopic | None,
    followers: AlarmFactory | None = None,
) -> Sequence[cloudwatch.Alarm]:
    """Puts ``construct``'s widgets (built by calling ``widgets``, only once the stack
    has a dashboard) on the stack's dashboard and creates its alarms (by
    calling ``alarms``) when ``enabled``, or when ``enabled`` is None and they have a
    destination (see Monitoring). Returns the construct's alarms (read-only, live).

    ``followers`` returns alarms the construct has whatever its monitoring (CodeDeploy's
    rollback alarms): once its alarms are created they notify the same topics (its
    ``alarm_topic`` and the stack's, also one set later), without joining its alarm list
    or the dashboard."""
    monitoring = Monitoring.of(construct)
    if followers is not None:
        alarms = _with_followers(monitoring, alarms, followers, alarm_topic)
    return monitoring.register(
        f"{type(construct).__name__} {construct.node.path}",
        widgets=widgets,
        alarms=alarms,
        enabled=enabled,
        topic=alarm_topic,
    )


def _with_followers(
    monitoring: Monitoring,
    alarms: AlarmFactory,
    followers: AlarmFactory,
    topic: sns.ITopic | None,
) -> AlarmFactory:
    """``alarms``, which also sets up ``followers``' notifications when called."""

    def create() -> Sequence[cloudwatch.Alarm]:
        for alarm in followers():
            for target in (topic, monitoring.alarm_topic):
                if target is not None:
                    monitoring._topics.notify(alarm, target)
            monitoring._followers.append(alarm)  # a stack topic set later notifies it too
        return alarms()

    return create
