"""Monitoring: alarms for every construct and one CloudWatch dashboard per stack.

Built on aws-cdk-lib's own metric helpers rather than cdk-monitoring-constructs: same
alarms, no extra runtime dependency, smaller templates and faster synth (measured in
``bench/monitoring_choice.py``; numbers in the README).
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_sns as sns
from constructs import Construct

from constructs_lib.errors import ConstructError, Problem

__all__ = ["Monitoring"]

_ID = "Monitoring"


class Monitoring(Construct):
    """The stack's dashboard and alarm topic, shared by every construct in the stack.

    There is one per stack: ``Monitoring(stack)`` (or ``Monitoring.of(construct)``)
    returns it, creating it on first use; constructs register with it themselves. ::

        Monitoring(stack).dashboard                   # every construct's widgets
        Monitoring(stack, alarm_topic=topic)          # before or after the constructs

    :param alarm_topic: SNS topic every alarm of the stack notifies (alarm and OK),
        including alarms registered before it was given. Default: none (alarms only
        change state; each construct also takes ``alarm_topic=``).
    """

    def __new__(
        cls, scope: Construct, *ids: str, alarm_topic: sns.ITopic | None = None
    ) -> Monitoring:
        existing = Stack.of(scope).node.try_find_child(_ID)
        if isinstance(existing, Monitoring):
            return existing  # __init__ sees it is set up and only adds the topic
        return super().__new__(cls)

    def __init__(self, scope: Construct, *ids: str, alarm_topic: sns.ITopic | None = None) -> None:
        stack = Stack.of(scope)
        if ids:  # an id would suggest a second Monitoring, whose topic no alarm would use
            raise ConstructError(
                [
                    Problem(
                        stack.node.path,
                        "id",
                        f"is given ({ids[0]!r}), but a stack has exactly one Monitoring",
                        "call Monitoring(stack, alarm_topic=...) without an id",
                    )
                ]
            )
        if getattr(self, "_ready", False):
            if alarm_topic is not None:
                self.set_alarm_topic(alarm_topic)
            return
        if stack.node.try_find_child(_ID) is not None:
            raise ConstructError(
                [
                    Problem(
                        stack.node.path,
                        _ID,
                        "is taken by a construct that is not Monitoring",
                        "rename your construct: the library keeps the id 'Monitoring' for the "
                        "stack's Monitoring",
                    )
                ]
            )
        super().__init__(stack, _ID)
        #: Topic every alarm of the stack notifies, if any.
        self.alarm_topic: sns.ITopic | None = None
        #: The stack's dashboard: one section per construct.
        self.dashboard = cloudwatch.Dashboard(self, "Dashboard")
        #: Every alarm registered in the stack.
        self.alarms: list[cloudwatch.Alarm] = []
        # Topics each alarm already notifies, so no topic is added twice.
        self._notified: dict[str, set[str]] = {}
        self._ready = True
        if alarm_topic is not None:
            self.set_alarm_topic(alarm_topic)

    def set_alarm_topic(self, topic: sns.ITopic) -> None:
        """Routes every alarm of the stack, past and future, to ``topic``."""
        if self.alarm_topic is topic:
            return
        if self.alarm_topic is not None:
            raise ConstructError(
                [
                    Problem(
                        self.node.path,
                        "alarm_topic",
                        "is already set to another topic for this stack",
                        "subscribe both destinations to one topic, or pass alarm_topic= "
                        "to individual constructs",
                    )
                ]
            )
        self.alarm_topic = topic
        for alarm in self.alarms:
            self._notify(alarm, topic)

    @classmethod
    def of(cls, scope: Construct) -> Monitoring:
        """The Monitoring of ``scope``'s stack, created on first use."""
        existing = Stack.of(scope).node.try_find_child(_ID)
        return existing if isinstance(existing, Monitoring) else cls(scope)

    def add_section(self, title: str, widgets: Sequence[cloudwatch.IWidget]) -> None:
        """A titled row of widgets on the dashboard."""
        self.dashboard.add_widgets(
            cloudwatch.TextWidget(markdown=f"### {title}", width=24, height=1)
        )
        self.dashboard.add_widgets(*widgets)

    def add_alarms(
        self, alarms: Sequence[cloudwatch.Alarm], topic: sns.ITopic | None = None
    ) -> None:
        """Registers ``alarms``: they notify ``topic`` and the stack's topic, if any."""
        for alarm in alarms:
            for target in (topic, self.alarm_topic):
                if target is not None:
                    self._notify(alarm, target)
        self.alarms.extend(alarms)
        if alarms:
            self.dashboard.add_widgets(
                cloudwatch.AlarmStatusWidget(alarms=list(alarms), width=24, height=2)
            )

    def _notify(self, alarm: cloudwatch.Alarm, topic: sns.ITopic) -> None:
        """Adds ``topic`` to ``alarm``'s alarm and OK actions, once."""
        notified = self._notified.setdefault(alarm.node.path, set())
        if topic.topic_arn in notified:
            return
        notified.add(topic.topic_arn)
        alarm.add_alarm_action(actions.SnsAction(topic))
        alarm.add_ok_action(actions.SnsAction(topic))
