"""A stack's Monitoring dashboard: its rows in order, each built only once the dashboard
exists (widgets are jsii objects, and most stacks never get a dashboard): a titled section,
places reserved for alarms that may come later, and a construct's alarm status row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib._facts import path_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._monitoring_calls import PlacedWidgets
from constructs_lib._synthesis import check_not_synthesized, stack_synthesized
from constructs_lib.errors import ConstructError, Problem

__all__ = ["ALARMS_PER_STATUS_WIDGET", "DashboardRows", "WidgetRow"]

#: CloudWatch's limit on an alarm status widget's alarms ("The array can have 1-100 ARNs",
#: CloudWatch dashboard body structure): a widget with more fails the deploy (PutDashboard).
ALARMS_PER_STATUS_WIDGET = 100

#: Builds one dashboard row's widgets.
WidgetRow = Callable[[], Sequence[cloudwatch.IWidget]]
#: Widgets' JSON with its deploy-time values resolved in the dashboard's stack, by widget.
ResolvedWidgets = IdentityMap[Any]


class DashboardRows:
    """The dashboard (None until enabled) and its rows."""

    def __init__(self) -> None:
        self.dashboard: cloudwatch.Dashboard | None = None
        # The dashboard's rows, in order, each built only once a dashboard exists: widgets
        # are jsii objects, and most stacks never get a dashboard.
        self._rows: list[WidgetRow] = []
        # the user's sections by title, each row building its widgets once (see add_section)
        self._sections: dict[str, list[WidgetRow]] = {}
        self._placed = PlacedWidgets()  # the user's sections' widgets, each placed once

    def enable(self, scope: Construct) -> cloudwatch.Dashboard:
        """The dashboard, created in ``scope`` (with every row added so far) on first call."""
        if self.dashboard is None:
            check_not_synthesized(
                scope, "dashboard", "the dashboard", "set dashboard=True or call enable_dashboard()"
            )
            self.dashboard = cloudwatch.Dashboard(scope, "Dashboard")
            for row in self._rows:
                widgets = row()
                if widgets:  # rows reserved for alarms that never came stay empty
                    self.dashboard.add_widgets(*widgets)
        return self.dashboard

    def add(self, row: WidgetRow) -> None:
        self._rows.append(row)
        if self.dashboard is not None:
            self.dashboard.add_widgets(*row())

    def add_section(
        self,
        title: str,
        row: WidgetRow,
        *,
        by: str | None = None,
        owner: Construct | None = None,
        resolved: ResolvedWidgets | None = None,
    ) -> None:
        """A row with ``title``, then ``row`` (kept for the dashboard while there is none).
        ``by``: the user's call adding it, refused once the dashboard's stack synthesized (a
        construct's own section comes with the construct, which CDK judges). The same
        title with the same widgets once synthesized changes nothing: an Aspect adding a
        section runs again at each synthesis (``app.synth()``, then
        ``Template.from_stack``); with other widgets it would be in no template.
        ``resolved``: ``row``'s widgets as the caller's checks resolved them, not resolved
        again to compare them. ``owner``: the Monitoring whose user section it is, whose
        widget objects each have one place (a second is refused, naming it)."""
        repeated = by is not None and title in self._sections
        if repeated and not self._synthesized(owner):
            _refuse_title(owner, title)  # two rows of one heading, the widgets apart
        if repeated and self.dashboard is None:
            return  # an Aspect's again: no dashboard can come after the synthesis
        if by is not None and self.dashboard is not None:
            if repeated and self._repeats(self.dashboard, title, row, resolved):
                return
            what = f"the section {title!r}"
            if repeated:  # the same title changes nothing only with the same widgets
                what += " (other widgets than the synthesized section of that title)"
            check_not_synthesized(self.dashboard, by, what, "add it")
        if owner is not None:
            row = _placed_once(self._placed, owner, title, row)
        if by is not None:
            row = _built_once(row)
            self._sections.setdefault(title, []).append(row)
        self.add(lambda: [cloudwatch.TextWidget(markdown=f"### {title}", width=24, height=1)])
        self.add(row)

    def _synthesized(self, owner: Construct | None) -> bool:
        """Whether the stack of the dashboard (or of ``owner``, the Monitoring) synthesized."""
        scope = self.dashboard if self.dashboard is not None else owner
        return scope is not None and stack_synthesized(scope)

    def _repeats(
        self,
        dashboard: cloudwatch.Dashboard,
        title: str,
        row: WidgetRow,
        resolved: ResolvedWidgets | None,
    ) -> bool:
        """``row``'s widgets render as those of a section titled ``title`` already: the
        widgets' JSON with its deploy-time values resolved (``resolved``'s, else resolved
        now), as an Aspect's new widget objects for the same metrics and text render, but
        without the place on the dashboard (``x``, ``y``) that only the widgets added to it
        have. The sections on the dashboard are resolved now: a graph may have been given
        more metrics since."""
        stack = Stack.of(dashboard)

        def rendered(widgets: Sequence[cloudwatch.IWidget], known: ResolvedWidgets) -> object:
            found = [known.get(w) for w in widgets]
            parts = (
                [part for each in found if each is not None for part in each]
                if None not in found
                else stack.resolve([part for w in widgets for part in w.to_json()])
            )
            return [{k: v for k, v in part.items() if k not in ("x", "y")} for part in parts]

        again = rendered(row(), resolved or IdentityMap())
        return any(rendered(kept(), IdentityMap()) == again for kept in self._sections[title])

    def reserve(self) -> int:
        """An empty row, for alarms that may come later; its index."""
        self._rows.append(list)
        return len(self._rows) - 1

    def add_alarm_status(self, alarms: Sequence[cloudwatch.Alarm], row: int | None) -> None:
        """A row of ``alarms``' status: in its reserved place ``row`` while there is no
        dashboard yet, else (or without one) last."""
        listed = list(alarms)
        size = ALARMS_PER_STATUS_WIDGET

        def status() -> list[cloudwatch.IWidget]:
            # one full-width widget per hundred alarms, each on a line of its own
            return [
                cloudwatch.AlarmStatusWidget(alarms=listed[i : i + size], width=24, height=2)
                for i in range(0, len(listed), size)
            ]

        if row is not None and self.dashboard is None:
            self._rows[row] = status  # its reserved place, right after its section
        else:
            self.add(status)


def _refuse_title(owner: Construct | None, title: str) -> None:
    """A second section of ``title`` before any synthesis: refused, naming the first. Not
    merged into it: its widgets would move up to the first's row, away from where the
    calls put them, and the same call after a synthesis (an Aspect's again) changes
    nothing."""
    raise ConstructError(
        [
            Problem(
                "Monitoring" if owner is None else path_of(owner),
                "title",
                f"is {title!r}, the title of the section an earlier add_section({title!r}, "
                "...) added: the dashboard would show two rows headed the same, each with "
                "its own widgets",
                f"merge the widgets into the one add_section({title!r}, [...]) call (a list "
                "of both calls' widgets), or give this section a title of its own",
            )
        ]
    )


def _placed_once(placed: PlacedWidgets, owner: Construct, title: str, row: WidgetRow) -> WidgetRow:
    """``row``, whose widgets are refused when one is on the dashboard already."""

    def checked() -> Sequence[cloudwatch.IWidget]:
        widgets = row()
        placed.check(owner, title, widgets)
        return widgets

    return checked


def _built_once(row: WidgetRow) -> WidgetRow:
    """``row``, building its widgets on the first call only: the dashboard's widgets are
    the ones a repeated section is compared with."""
    built: list[Sequence[cloudwatch.IWidget]] = []

    def once() -> Sequence[cloudwatch.IWidget]:
        if not built:
            built.append(row())
        return built[0]

    return once
