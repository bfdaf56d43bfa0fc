"""A stack's Monitoring dashboard: its rows in order, each built only once the dashboard
exists (widgets are jsii objects, and most stacks never get a dashboard): a titled section,
places reserved for alarms that may come later, and a construct's alarm status row."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib._synthesis import check_not_synthesized, stack_synthesized

__all__ = ["ALARMS_PER_STATUS_WIDGET", "DashboardRows", "WidgetRow"]

#: CloudWatch's limit on an alarm status widget's alarms ("The array can have 1-100 ARNs",
#: CloudWatch dashboard body structure): a widget with more fails the deploy (PutDashboard).
ALARMS_PER_STATUS_WIDGET = 100

#: Builds one dashboard row's widgets.
WidgetRow = Callable[[], Sequence[cloudwatch.IWidget]]


class DashboardRows:
    """The dashboard (None until enabled) and its rows."""

    def __init__(self) -> None:
        self.dashboard: cloudwatch.Dashboard | None = None
        # The dashboard's rows, in order, each built only once a dashboard exists: widgets
        # are jsii objects, and most stacks never get a dashboard.
        self._rows: list[WidgetRow] = []
        self._titles: set[str] = set()  # of the sections the user added

    def enable(self, scope: Construct) -> cloudwatch.Dashboard:
        """The dashboard, created in ``scope`` (with every row added so far) on first call."""
        if self.dashboard is None:
            check_not_synthesized(scope, "dashboard", "the dashboard", "enable it")
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

    def add_section(self, title: str, row: WidgetRow, *, by: str | None = None) -> None:
        """A row with ``title``, then ``row`` (kept for the dashboard while there is none).
        ``by``: the user's call adding it, refused once the dashboard's stack synthesized (a
        construct's own section comes with the construct, which CDK judges). The same
        title again once synthesized changes nothing: an Aspect adding a section runs again
        at each synthesis (``app.synth()``, then ``Template.from_stack``)."""
        if by is not None and self.dashboard is not None:
            if title in self._titles and stack_synthesized(self.dashboard):
                return
            check_not_synthesized(self.dashboard, by, f"the section {title!r}", "add it")
        if by is not None:
            self._titles.add(title)
        self.add(lambda: [cloudwatch.TextWidget(markdown=f"### {title}", width=24, height=1)])
        self.add(row)

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
