"""ScheduledJob's ``schedule`` rules: an expression (string or ``ScheduleExpression``) that
Scheduler accepts, a ScheduleExpression's own time zone agreeing with ``timezone``, and a
time zone given with a rate, which ignores it. The expression's own grammar is
``expressions`` (pure Python); the warnings about when it runs, ``schedule_warnings``."""

from __future__ import annotations

from aws_cdk import aws_scheduler as scheduler

from constructs_lib._jsii import is_unresolved, shown
from constructs_lib._validation import Validator
from constructs_lib._words import a_type
from constructs_lib.scheduled_job.expressions import expression_problem
from constructs_lib.scheduled_job.time_zone_checks import check_time_zone

__all__ = ["check_schedule", "check_zone_matters"]


def check_schedule(
    v: Validator, schedule: object, timezone: str | None
) -> tuple[str, object] | None:
    """Checks the schedule; returns its valid expression and the time zone it runs in
    (a ScheduleExpression's own, else ``timezone``), or None."""
    if isinstance(schedule, str):
        return (schedule, timezone) if _check_expression(v, "schedule", schedule) else None
    if not isinstance(schedule, scheduler.ScheduleExpression):
        v.add(
            "schedule",
            _schedule_shown(schedule),
            "pass 'cron(...)', 'rate(...)' or 'at(...)' as a string, or a "
            "scheduler.ScheduleExpression",
        )
        return None
    expression = schedule.expression_string
    valid = _check_expression(v, "schedule", expression)
    own = schedule.time_zone.timezone_name if schedule.time_zone else None
    if own is not None and not is_unresolved(own):
        check_time_zone(v, "schedule", own)
        v.check(
            timezone is None or timezone == own,
            "timezone",
            f"is {timezone!r}, but the ScheduleExpression's time zone is {own!r}",
            f"pass time_zone=TimeZone.of({timezone!r}) to the ScheduleExpression "
            "and omit timezone, or pass the expression as a string",
        )
    return (expression, own) if valid else None


def check_zone_matters(
    v: Validator, expression: str, timezone: object, *, given: str | None
) -> None:
    """A rate runs every interval from the schedule's creation: a time zone is ignored,
    so a user who gave one expected local times the rate will not keep."""
    if (
        not expression.startswith("rate(")
        or not isinstance(timezone, str)
        or is_unresolved(timezone)
        or timezone in ("UTC", "Etc/UTC")
    ):
        return
    prop = "timezone" if given is not None else "schedule"
    v.add(
        prop,
        f"is {timezone!r} for {expression!r}, but a rate runs every interval from the "
        "moment the schedule is created, so a time zone changes nothing",
        "leave the time zone out, or write a cron(...) expression to run at a local "
        "time, e.g. 'cron(0 3 * * ? *)' with timezone=" + repr(timezone),
    )


def _check_expression(v: Validator, prop: str, expression: str) -> bool:
    """Adds the expression's problem, if any; whether it has none (a token has none: one
    that resolves at synth, ``Lazy.string``, is checked then)."""
    if is_unresolved(expression):
        v.recheck_rule(expression, lambda found, text: _check_expression(found, prop, text))
        return True
    problem = expression_problem(expression)
    if problem is not None:
        v.add(prop, *problem)
    return problem is None


def _schedule_shown(schedule: object) -> str:
    """What a ``schedule`` of the wrong type is, for the message."""
    jsii_type = getattr(type(schedule), "__jsii_type__", None)
    if jsii_type is None:
        return f"is {a_type(schedule)}"
    if jsii_type == "aws-cdk-lib.aws_events.Schedule":
        return (
            f"is {shown(schedule)} (an EventBridge rule's schedule; ScheduledJob uses "
            "EventBridge Scheduler)"
        )
    return f"is {shown(schedule)}"
