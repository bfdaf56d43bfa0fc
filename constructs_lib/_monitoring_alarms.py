"""Monitoring's alarms: the constructs' (created now, or once the stack has a destination),
the user's (``add_alarms``) and the topics each notifies. Mixed into :class:`Monitoring`,
which holds the state these methods share with its topic and dashboard."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from aws_cdk import Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib._arguments import checked_arguments
from constructs_lib._core.read_only import ReadOnlyList, fill
from constructs_lib._dashboard_rows import DashboardRows, WidgetRow
from constructs_lib._jsii import same_jsii_object
from constructs_lib._loaded import LazyModule
from constructs_lib._monitoring_arguments import (
    check_alarms,
    check_registration,
    check_topic,
    checked_row,
)
from constructs_lib._monitoring_calls import check_repeated_alarms
from constructs_lib._synthesis import check_not_synthesized
from constructs_lib._topic_actions import TopicActions

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns
else:  # imported on first use (typing.get_type_hints): importing this loads none
    sns = LazyModule("aws_sns")

__all__ = ["ADD_ALARMS", "AlarmFactory", "MonitoringAlarms"]

#: The fix of assigning to an alarm list: Monitoring's method adding alarms.
ADD_ALARMS = "add yours with Monitoring.of(stack).add_alarms([...])"

AlarmFactory = Callable[[], Sequence[cloudwatch.Alarm]]
#: Who gave a topic and as which prop (a dependency cycle's ConstructError names them).
Given = tuple[Construct, str]


class MonitoringAlarms(Construct):
    """The alarm half of :class:`Monitoring` (its ``_set_up`` sets these attributes)."""

    _alarm_topic: sns.ITopic | None
    _alarms: ReadOnlyList[cloudwatch.Alarm]
    _board: DashboardRows
    _topics: TopicActions
    # Constructs waiting for a destination: (its title, alarm factory, its alarm list,
    # the row reserved for its alarm status right after its section).
    _pending: list[tuple[str, AlarmFactory, ReadOnlyList[cloudwatch.Alarm], int]]
    _own: list[cloudwatch.Alarm]  # the user's, from add_alarms
    _followers: list[cloudwatch.Alarm]  # notifying only: see register

    @checked_arguments
    def register(
        self,
        title: str,
        *,
        widgets: WidgetRow,
        alarms: AlarmFactory,
        enabled: bool | None,
        topic: sns.ITopic | None,
        followers: AlarmFactory | None = None,
        owner: Construct | None = None,
    ) -> Sequence[cloudwatch.Alarm]:
        """A construct's widgets (built by calling ``widgets`` once the stack has a
        dashboard) and alarms. ``enabled``: True creates the alarms, False none, None when
        they have a destination (now, or once the stack gets a topic). ``followers``: alarms
        notifying its topics once its alarms exist (see ``_monitoring.register``).
        ``owner``: the construct whose ``alarm_topic`` ``topic`` is (as errors name it).
        Returns the construct's alarms, read-only (filled later when the alarms wait)."""
        check_registration(self, alarms, enabled, topic, followers)
        given = (owner or self, "alarm_topic")
        if followers is not None:
            alarms = self._with_followers(alarms, followers, topic, given)
        self._board.add_section(title, checked_row(self, widgets))
        created: ReadOnlyList[cloudwatch.Alarm] = ReadOnlyList(fix=ADD_ALARMS)
        has_destination = topic is not None or self._alarm_topic is not None
        if enabled or (enabled is None and has_destination):
            self._create(alarms, created, topic, given)
        elif enabled is None:
            self._pending.append((title, alarms, created, self._board.reserve()))
        return created

    @checked_arguments
    def add_alarms(
        self, alarms: Sequence[cloudwatch.Alarm], topic: sns.ITopic | None = None
    ) -> None:
        """Registers ``alarms`` (of this stack): they notify ``topic`` and the stack's topic,
        if any.

        :param alarms: CloudWatch alarms of this stack.
        :param topic: an SNS topic they notify besides the stack's. Default: none.
        """
        check_alarms(self, "alarms", alarms, Stack.of(self))
        check_repeated_alarms(self, alarms)
        if topic is not None:
            check_topic(self, "topic", topic, self, env_prop="topic")
        # registered already (an Aspect registering its alarms runs at each synthesis; a
        # construct's own are listed): listed once, but a topic given now notifies them too
        known = [next((o for o in self._alarms if same_jsii_object(a, o)), None) for a in alarms]
        new = [a for a, o in zip(alarms, known, strict=True) if o is None]
        again = [o for o in known if o is not None]
        if new or (topic is not None and not all(self._topics.notifies(o, topic) for o in again)):
            check_not_synthesized(self, "add_alarms", "their actions", "add them")
        if topic is not None:
            for alarm in again:  # no second action: once per alarm and topic
                self._topics.notify(alarm, topic, (self, "topic"))
        self._own.extend(new)
        self._add_alarms(new, topic, (self, "topic"), None)

    def _route_to(self, topic: sns.ITopic) -> None:
        """Every alarm so far notifies the stack's new ``topic``; the constructs waiting
        for a destination create theirs."""
        for alarm in [*self._alarms, *self._followers]:
            self._topics.notify(alarm, topic, (self, "alarm_topic"))
        pending, self._pending = self._pending, []
        for _, factory, created, row in pending:
            self._create(factory, created, None, (self, "alarm_topic"), row)

    def _notify(self, alarm: cloudwatch.Alarm, topic: sns.ITopic | None, given: Given) -> None:
        """``alarm`` notifies ``topic`` (``given``: by whom, as which prop) and the stack's."""
        for target, by in ((topic, given), (self._alarm_topic, (self, "alarm_topic"))):
            if target is not None:
                self._topics.notify(alarm, target, by)

    def _add_alarms(
        self,
        alarms: Sequence[cloudwatch.Alarm],
        topic: sns.ITopic | None,
        given: Given,
        row: int | None,
    ) -> None:
        for alarm in alarms:
            self._notify(alarm, topic, given)
        fill(self._alarms, alarms)
        if alarms:
            self._board.add_alarm_status(alarms, row)

    def _with_followers(
        self,
        alarms: AlarmFactory,
        followers: AlarmFactory,
        topic: sns.ITopic | None,
        given: Given,
    ) -> AlarmFactory:
        def create() -> Sequence[cloudwatch.Alarm]:
            made = followers()
            check_alarms(self, "followers", made, Stack.of(self), built=True)
            for alarm in made:
                self._notify(alarm, topic, given)
                self._followers.append(alarm)  # a stack topic set later notifies it too
            return alarms()

        return create

    def _create(
        self,
        factory: AlarmFactory,
        created: ReadOnlyList[cloudwatch.Alarm],
        topic: sns.ITopic | None,
        given: Given,
        row: int | None = None,
    ) -> None:
        alarms = factory()
        check_alarms(self, "alarms", alarms, Stack.of(self), built=True)
        fill(created, alarms)
        self._add_alarms(created, topic, given, row)
