"""A construct's registration with its stack's Monitoring."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib._facts import path_of
from constructs_lib._synthesis import building
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
    with building(construct):  # a stack synthesized already is told as the construct's
        monitoring = Monitoring.of(construct)
    return monitoring.register(
        f"{type(construct).__name__} {path_of(construct)}",
        widgets=widgets,
        alarms=alarms,
        enabled=enabled,
        topic=alarm_topic,
        followers=followers,
        owner=construct,
    )
