"""Monitoring: each stack's alarm destination and (opt-in) dashboard.

Alarms follow a destination: a construct creates its alarms when they have somewhere to
go (its ``alarm_topic``, the stack's ``Monitoring(stack, alarm_topic=...)`` or the app's
``constructs_lib:alarm_topic`` context key) or when it is given ``alarms=True``; with no
destination it creates none (an alarm nobody hears costs $0.10/month and tells no one)
and the stack gets one synth warning saying how to turn them on. A topic given later
creates the alarms of every construct registered before it. Dashboards ($3/month each
beyond an account's first three) are opt-in: ``Monitoring(stack, dashboard=True)`` or
the ``constructs_lib:dashboard`` context key.

Built on aws-cdk-lib's own metric helpers rather than cdk-monitoring-constructs: same
alarms, no extra runtime dependency, smaller templates with a dashboard, synth time about
even (measured in ``bench/monitoring_choice.py``; numbers in the README).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Never

from aws_cdk import Aspects, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._arguments import checked_arguments
from constructs_lib._context_keys import check_context_keys
from constructs_lib._core.read_only import ReadOnlyAttributes, ReadOnlyList
from constructs_lib._dashboard_rows import DashboardRows, ResolvedWidgets, WidgetRow
from constructs_lib._facts import node_of, remember_parent
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import described
from constructs_lib._loaded import LazyModule
from constructs_lib._monitoring_alarms import ADD_ALARMS, MonitoringAlarms
from constructs_lib._monitoring_arguments import (
    check_arguments,
    check_dashboard_kept,
    check_title,
    check_topic,
    check_widgets,
    checked_row,
    error,
    monitoring_path,
    stack_of,
)
from constructs_lib._monitoring_calls import check_row_function
from constructs_lib._monitoring_context import context_topic, dashboard_from_context
from constructs_lib._monitoring_warning import WarnWithoutDestination
from constructs_lib._synth_phase import watch_validations
from constructs_lib._synthesis import check_monitoring_not_synthesized, check_not_synthesized
from constructs_lib._topic_actions import TopicActions
from constructs_lib._widget_environments import check_widget_environments

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns
else:  # imported on first use (typing.get_type_hints): importing this loads none
    sns = LazyModule("aws_sns")

__all__ = ["ALARM_TOPIC_CONTEXT", "DASHBOARD_CONTEXT", "Monitoring"]

_ID = "Monitoring"
#: App context naming the topic every stack's alarms notify: an SNS topic ARN, or a topic
#: name in each stack's own account and region (``cdk.json`` or ``-c``).
ALARM_TOPIC_CONTEXT = "constructs_lib:alarm_topic"
#: App context that gives every stack a dashboard (``true``).
DASHBOARD_CONTEXT = "constructs_lib:dashboard"
#: Every context key the library reads (a misspelt one is a ConstructError).
_CONTEXT_KEYS = (
    ALARM_TOPIC_CONTEXT,
    DASHBOARD_CONTEXT,
    _defaults.BUNDLING_PLATFORM_CONTEXT_KEY,
    _defaults.LOG_ENCRYPTION_KEY_CONTEXT_KEY,
)


#: What ``Monitoring.of`` found under the stack's id (None: nothing), for the ``__new__``
#: of the Monitoring it then creates: no other code runs between the two.
_FOUND: list[tuple[Stack, object]] = []
_UNASKED = object()


def _found_by_of(stack: Stack) -> object:
    """What ``Monitoring.of`` just found for ``stack`` (``_UNASKED``: it asked nothing)."""
    if not _FOUND or _FOUND[-1][0] is not stack:
        return _UNASKED
    return _FOUND.pop()[1]


class Monitoring(ReadOnlyAttributes, MonitoringAlarms):
    """The stack's alarm destination and dashboard, shared by every construct in the stack.

    There is one per stack: ``Monitoring(stack)`` (or ``Monitoring.of(construct)``)
    returns it, creating it on first use; constructs register with it themselves. ::

        Monitoring(stack, alarm_topic=topic)          # before or after the constructs
        Monitoring(stack, dashboard=True).dashboard   # every construct's widgets

    :param alarm_topic: SNS topic every alarm of the stack notifies (alarm and OK). The
        constructs that found no destination so far create their alarms now. Default:
        the app's ``constructs_lib:alarm_topic`` context, else none.
    :param dashboard: give the stack a CloudWatch dashboard with every construct's
        widgets and alarms ($3/month beyond an account's first three). Default: the app's
        ``constructs_lib:dashboard`` context, else False.
    """

    #: Where a problem with its arguments is (read by ``checked_arguments``): the stack's
    #: Monitoring, whatever construct of the stack was given (its id is fixed).
    _path_in: ClassVar[Callable[[Construct], str]] = lambda scope: monitoring_path(stack_of(scope))
    #: Whether a construct other than Monitoring held its id when it was created.
    _taken: bool
    #: The call that created it (``Monitoring.of`` for a construct's registration too).
    _made_by: str

    if TYPE_CHECKING:
        # Type checkers read the arguments from __init__ alone: pyright checks __new__'s
        # too, and told each bad argument twice. The __new__ that runs (below) takes the
        # same ones and returns the stack's one Monitoring.
        def __new__(cls, *args: Any, **kwargs: Any) -> Monitoring:
            return super().__new__(cls)

    else:

        @checked_arguments
        def __new__(
            cls,
            scope: Construct,
            # no id: typed Never so that type checkers refuse one; at run time the
            # ConstructError of check_arguments names the fix
            *ids: Never,
            alarm_topic: sns.ITopic | None = None,
            dashboard: bool | None = None,
        ) -> Monitoring:
            stack = stack_of(scope)
            existing = asked = _found_by_of(stack)
            if existing is _UNASKED:
                existing = node_of(stack).try_find_child(_ID)
            if isinstance(existing, Monitoring):
                return existing  # __init__ sees it is set up and only applies the options
            created = super().__new__(cls)
            # read by _set_up: nothing ran in between
            created._taken = existing is not None
            created._made_by = "Monitoring(scope)" if asked is _UNASKED else "Monitoring.of(scope)"
            return created

    @checked_arguments
    def __init__(
        self,
        scope: Construct,
        *ids: Never,
        alarm_topic: sns.ITopic | None = None,
        dashboard: bool | None = None,
    ) -> None:
        stack = stack_of(scope)
        check_arguments(stack, ids, alarm_topic, dashboard)
        if not getattr(self, "_ready", False):
            self._set_up(stack)
        check_dashboard_kept(stack, dashboard, has_one=self.dashboard is not None)
        if alarm_topic is not None:
            self.set_alarm_topic(alarm_topic)
        if dashboard:
            self.enable_dashboard()

    def _set_up(self, stack: Stack) -> None:
        if self._taken:
            raise error(
                stack.node.path,
                _ID,
                "is taken by a construct that is not Monitoring",
                "rename your construct: the library keeps the id 'Monitoring' for the "
                "stack's Monitoring",
            )
        # CDK keeps a synthesis: a Monitoring made after it is in no template, and the next
        # synth fails with jsii's ConstructTreeModifiedAfterSynth (one kernel call, paid
        # for by reading the two context keys from check_context_keys' context)
        check_monitoring_not_synthesized(stack, self._made_by, monitoring_path(stack))
        super().__init__(stack, _ID)
        remember_parent(self, stack, _ID)  # its path, stack and app: its stack's, in Python
        # whatever the stack's synthesizer (most add no BootstrapVersion parameter), a call
        # after its synthesis (add_alarms, a topic, a dashboard) must be known to come late
        watch_validations(self)
        self._alarm_topic = None
        self._alarms = ReadOnlyList(fix=ADD_ALARMS)
        self._board = DashboardRows()  # the dashboard and its rows
        self._topics = TopicActions()  # the topics each alarm notifies
        self._pending = []
        self._own = []
        self._followers = []
        self._ready = True
        Aspects.of(self).add(WarnWithoutDestination(self, ALARM_TOPIC_CONTEXT))
        context = check_context_keys(stack, _CONTEXT_KEYS)
        topic = context.get(ALARM_TOPIC_CONTEXT)
        if topic is not None:  # "" (an unset CI variable) or false is reported, not ignored
            self.set_alarm_topic(context_topic(self, topic, ALARM_TOPIC_CONTEXT))
        if dashboard_from_context(stack, DASHBOARD_CONTEXT, context.get(DASHBOARD_CONTEXT)):
            self.enable_dashboard()

    @classmethod
    @checked_arguments
    def of(cls, scope: Construct) -> Monitoring:
        """The Monitoring of ``scope``'s stack, created on first use."""
        stack = stack_of(scope)
        existing = node_of(stack).try_find_child(_ID)
        if isinstance(existing, Monitoring):
            return existing
        # what it found, passed to __new__ (the kernel is asked once, not three times)
        _FOUND.append((stack, existing))
        try:
            return cls(scope)
        finally:
            _FOUND.clear()

    @checked_arguments
    def set_alarm_topic(self, topic: sns.ITopic) -> None:
        """Routes every alarm of the stack, past and future, to ``topic``; constructs that
        were waiting for a destination create their alarms now."""
        check_topic(self, "topic", topic, self)
        if self.alarm_topic is topic or (
            self.alarm_topic is not None and self.alarm_topic.topic_arn == topic.topic_arn
        ):
            return  # the same topic (or an import of the same ARN) again
        if self.alarm_topic is not None:
            raise error(
                self.node.path,
                "alarm_topic",
                "is already set to another topic for this stack",
                "use one topic for both destinations, or pass alarm_topic= to "
                "individual constructs",
            )
        check_not_synthesized(self, "alarm_topic", "its alarm actions", "set the topic")
        self._alarm_topic = topic
        self._route_to(topic)

    @checked_arguments
    def enable_dashboard(self) -> cloudwatch.Dashboard:
        """The stack's dashboard, created (with every row registered so far) on first call."""
        return self._board.enable(self)

    @property
    def alarm_topic(self) -> sns.ITopic | None:
        """Topic every alarm of the stack notifies, if any; assigning one is
        :meth:`set_alarm_topic` (alarms made so far and waiting constructs get it too)."""
        return self._alarm_topic

    @alarm_topic.setter
    def alarm_topic(self, topic: sns.ITopic) -> None:
        self.set_alarm_topic(topic)

    @property
    def alarms(self) -> Sequence[cloudwatch.Alarm]:
        """Every alarm created in the stack, live (read-only: :meth:`add_alarms` adds
        yours)."""
        return self._alarms

    @property
    def dashboard(self) -> cloudwatch.Dashboard | None:
        """The stack's dashboard (None until enabled: :meth:`enable_dashboard`)."""
        return self._board.dashboard

    @dashboard.setter
    def dashboard(self, dashboard: object) -> None:
        raise error(
            self.node.path,
            "dashboard",
            f"is assigned {described(dashboard)}: the stack's dashboard is the library's",
            "call enable_dashboard() (or Monitoring(stack, dashboard=True)) and add your "
            "widgets with add_section(title, widgets)",
        )

    @checked_arguments
    def add_section(self, title: str, widgets: Sequence[cloudwatch.IWidget] | WidgetRow) -> None:
        """A titled row of widgets on the dashboard: the widgets, or a function building
        them (called only once the stack has a dashboard)."""
        path = self  # its deploy-time values named in its stack
        check_title(path, title)
        resolved: ResolvedWidgets = IdentityMap()  # by the check, for the dashboard's
        if not callable(widgets):
            check_widgets(path, widgets)
            check_widget_environments(self, title, widgets, resolved)
            self._board.add_section(
                title, lambda: list(widgets), by="add_section", owner=self, resolved=resolved
            )
            return
        check_row_function(path, widgets)
        build = checked_row(path, widgets)

        def row() -> Sequence[cloudwatch.IWidget]:
            built = build()
            check_widget_environments(self, title, built, resolved)
            return built

        self._board.add_section(title, row, by="add_section", owner=self, resolved=resolved)
