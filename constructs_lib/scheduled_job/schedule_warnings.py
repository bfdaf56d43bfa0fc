"""The warnings a valid schedule can still deserve: a choice its owner may mean, so
acknowledgeable (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``), never
errors."""

from __future__ import annotations

from datetime import UTC, date, datetime

from aws_cdk import Annotations

from constructs_lib import _defaults
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib.scheduled_job.day_numbers import numbered_days_problem
from constructs_lib.scheduled_job.daylight import skipped_run_problem
from constructs_lib.scheduled_job.past import past_schedule_problem

__all__ = [
    "NO_RUN_LEFT_WARNING",
    "NUMBERED_DAYS_WARNING",
    "SKIPPED_RUN_WARNING",
    "warn_of_no_run_left",
    "warn_of_numbered_days",
    "warn_of_skipped_runs",
]

#: The warning of a recurring run in the hour daylight saving time skips.
SKIPPED_RUN_WARNING = "constructs_lib:runSkippedByDaylightSaving"
#: The warning of day-of-week numbers, which EventBridge counts from 1=SUN.
NUMBERED_DAYS_WARNING = "constructs_lib:numberedDaysOfWeek"
#: The warning of a schedule with no run left (an at() already past, a cron's years over).
NO_RUN_LEFT_WARNING = "constructs_lib:scheduleHasNoRunLeft"


def warn_of_skipped_runs(v: Validator, expression: str, timezone: object) -> None:
    """A run in the hour clocks skip when daylight saving time starts never happens."""
    if is_unresolved(expression) or not isinstance(timezone, str) or is_unresolved(timezone):
        return
    problem = skipped_run_problem(expression, timezone, _today())
    if problem is None:
        return
    if expression.startswith("at("):  # the one run never happens: an error
        v.add("schedule", *problem)
        return
    # A recurring job misses one run a year: a valid choice for some jobs (and the
    # common "nightly at 2:00"), so a warning its owner can acknowledge, not an error.
    message, fix = problem
    Annotations.of(v.scope).add_warning_v2(
        SKIPPED_RUN_WARNING,
        f"`schedule` {message}. Fix: {fix}, to run that day too. If skipping it is fine, "
        f"acknowledge '{SKIPPED_RUN_WARNING}'.",
    )


def _today() -> date:
    """The synth's date (UTC): a skipped run is named from it on."""
    return datetime.now(UTC).date()


def warn_of_numbered_days(v: Validator, expression: str) -> None:
    """Day-of-week numbers read as Unix cron's run a day early (``1-5``: SUN-THU). The
    days may be the ones meant, so a warning: names say it either way."""
    if is_unresolved(expression):
        return
    problem = numbered_days_problem(expression)
    if problem is None:
        return
    message, fix = problem
    Annotations.of(v.scope).add_warning_v2(
        NUMBERED_DAYS_WARNING,
        f"`schedule` {message}. Fix: {fix}. If those days are meant, names say so (or "
        f"acknowledge '{NUMBERED_DAYS_WARNING}').",
    )


def warn_of_no_run_left(v: Validator, expression: str, timezone: object) -> None:
    """A one-time run already past, or a cron whose years are over: Scheduler accepts it
    and never runs the job. A warning, not an error, because it reads the clock: the same
    commit must synthesize tomorrow as today (a redeploy, a rollback, the user's snapshot
    tests in CI), and a one-off job that has run is harmless until it is deleted."""
    zone = _defaults.SCHEDULE_TIMEZONE if timezone is None else timezone
    if is_unresolved(expression) or not isinstance(zone, str) or is_unresolved(zone):
        return
    problem = past_schedule_problem(expression, zone, datetime.now(UTC))
    if problem is None:
        return
    message, fix = problem
    Annotations.of(v.scope).add_warning_v2(
        NO_RUN_LEFT_WARNING,
        f"`schedule` {message}. Fix: {fix}. (A warning, as it depends on when the app is "
        f"synthesized; acknowledge '{NO_RUN_LEFT_WARNING}' to keep the job as it is.)",
    )
