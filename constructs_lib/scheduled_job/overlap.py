"""A ScheduledJob without ``allow_overlap`` whose function may run longer than the time
between two runs (``rate(1 minute)`` with a 15-minute timeout). It reserves one instance,
so a long run holds it while the next is due: Scheduler's invocation is accepted (Lambda
queues asynchronous invocations), and Lambda throttles it and retries it from its queue
for up to the alias's maximum event age. The runs start late one after another, and one
that cannot start in time goes to the dead-letter queue, whose alarm pages someone for a
configuration choice.

A warning, not an error: a timeout is a ceiling, and a job whose runs take seconds may
carry a long one. Checked at synth on the function's timeout as the template has it, so a
timeout from ``FunctionDefaults``, the library's default or a platform's Aspect counts as
the Handler's own does."""

from __future__ import annotations

import math
from dataclasses import dataclass

from aws_cdk import Annotations
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib._core.asynchronous import LAMBDA_MAX_EVENT_AGE_SECONDS
from constructs_lib._facts import resource_of
from constructs_lib._synth_checks import at_synth, is_number, template_properties
from constructs_lib._words import counted
from constructs_lib.scheduled_job.gaps import Gap, shortest_gap

__all__ = ["SCHEDULE_FASTER_THAN_TIMEOUT_WARNING", "warn_of_overlapping_runs"]

#: The warning of a timeout longer than the time between two runs (one run at a time).
SCHEDULE_FASTER_THAN_TIMEOUT_WARNING = "constructs_lib:scheduleFasterThanTimeout"


def warn_of_overlapping_runs(
    job: Construct,
    function: lambda_.Function,
    expression: str,
    *,
    timezone: str,
    max_event_age: float,
    flexible_window: float,
) -> None:
    """Warns at synth, on ``job``, when ``function``'s timeout is longer than the shortest
    time between two runs of ``expression`` (a job without ``allow_overlap``), less the
    ``flexible_window`` (seconds; 0: on time) Scheduler may start each run within: one
    started at its window's end and the next at its window's start are that much closer.
    ``max_event_age``: the seconds Scheduler is given to deliver a run. ``timezone``: the
    IANA zone a cron runs in, whose clock changes can bring two runs closer."""
    gap = shortest_gap(expression, timezone)
    resource = resource_of(function)
    if gap is None or not isinstance(resource, lambda_.CfnFunction):
        return
    schedule = _Schedule(expression, timezone, gap, flexible_window, max_event_age)
    at_synth(job, lambda: _warn(job, resource, schedule))


@dataclass(frozen=True)
class _Schedule:
    expression: str
    timezone: str
    shortest: Gap  # between the two closest scheduled times
    window: float  # the flexible window's seconds (0: on time)
    age: float  # max_event_age's seconds

    @property
    def gap(self) -> int:
        return self.shortest.seconds

    @property
    def closest(self) -> float:
        """The least time between two runs' starts."""
        return max(self.gap - self.window, 0)

    def between(self) -> str:
        runs = f"two runs of {self.expression!r}{self._when()}"
        if not self.window:
            return f"the {_span(self.gap)} between {runs}"
        return (
            f"the {_span(self.closest)} that can part {runs} (every {_span(self.gap)}, each "
            f"started within the {_span(self.window)} flexible_window)"
        )

    def _when(self) -> str:
        """Where a clock change brings the runs closer: the night it does."""
        day = self.shortest.clock_change
        if day is None:
            return ""
        return (
            f" in {self.timezone} on {day.isoformat()}, when its clocks change (Scheduler "
            "skips a run at a time the change skips, and runs one at a repeated time once)"
        )


def _warn(job: Construct, function: lambda_.CfnFunction, schedule: _Schedule) -> list[str]:
    timeout = template_properties(function).get("timeout")
    if not is_number(timeout) or timeout <= schedule.closest:  # a dict: a deploy-time value
        return []
    queued = min(schedule.age, LAMBDA_MAX_EVENT_AGE_SECONDS)  # Lambda queues a run <= 6 h
    minutes = math.ceil((timeout + schedule.window) / 60)
    fixes = []
    if schedule.closest >= 1:  # a timeout is 1 second at least
        fixes.append(f"shorten handler.timeout to {_span(schedule.closest)} or less")
    if schedule.window:
        fixes.append("shorten flexible_window")
    fixes.append(
        f"change the schedule to runs at least {_span(minutes * 60)} apart (e.g. "
        f"'rate({counted(minutes, 'minute')})')"
    )
    Annotations.of(job).add_warning_v2(
        SCHEDULE_FASTER_THAN_TIMEOUT_WARNING,
        f"`handler.timeout` is {_span(timeout)}, longer than {schedule.between()}: with "
        "allow_overlap=False the function reserves one instance, so while a long run holds "
        f"it Lambda throttles the next run and retries it for up to {_span(queued)} "
        "(max_event_age); the runs start late one after another, and one that cannot start "
        f"in time goes to the dead-letter queue, whose alarm pages. Fix: {', '.join(fixes)}, "
        "or pass allow_overlap=True if runs may overlap. If runs never last that long, "
        f"acknowledge '{SCHEDULE_FASTER_THAN_TIMEOUT_WARNING}' on the ScheduledJob.",
    )
    return []  # a warning: the synth goes on


def _span(seconds: float) -> str:
    """``15 minutes``, ``1 hour``, ``90 seconds``: the largest unit that counts it whole."""
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            return counted(int(seconds // size), unit)
    return counted(int(seconds) if seconds == int(seconds) else seconds, "second")
