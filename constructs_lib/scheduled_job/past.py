"""Schedules with no run left: an ``at(...)`` time already past, or a ``cron(...)`` whose
years (and, in the current year, dates) are all behind us, in the schedule's time zone.
EventBridge Scheduler accepts them and never runs the job. "Now" is when the app is
synthesized, which the caller passes in; plain Python (``zoneinfo``), no CDK.

Each check returns ``None`` when a run may still come, else ``(message, fix)``; the
message reads after ``schedule``, as the construct reports it. A field this module cannot
evaluate (``L``, ``W``, ``#``) counts as "may still run": only a schedule surely over is
warned of (``schedule_warnings.warn_of_no_run_left``).
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, timedelta

from constructs_lib.scheduled_job.daylight import field_values
from constructs_lib.scheduled_job.expressions import CRON_FIELDS, is_time_zone

__all__ = ["past_schedule_problem"]

_AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)\Z")
_CRON = re.compile(r"^cron\((.*)\)\Z", re.DOTALL)


def past_schedule_problem(expression: str, timezone: str, now: datetime) -> tuple[str, str] | None:
    """``(message, fix)`` if ``expression`` (valid) in ``timezone`` has no run after ``now``
    (an aware datetime)."""
    if not is_time_zone(timezone):
        return None
    local = now.astimezone(zoneinfo.ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)
    at = _AT.match(expression)
    if at is not None:
        if datetime.strptime(at.group(1), "%Y-%m-%dT%H:%M:%S") > local:
            return None
        return (
            f"is {expression!r} in {timezone}, {_already_past(local)}: it would never run",
            f"change the time to one after now in {timezone}, or delete the ScheduledJob if "
            "its run already happened",
        )
    cron = _CRON.match(expression)
    fields = cron.group(1).split() if cron is not None else []
    if len(fields) != len(CRON_FIELDS):
        return None
    fix = (
        "write a year field that includes years to come (or '*' for every year), or delete "
        "the ScheduledJob if its last run already happened"
    )
    years = field_values(fields[5], 5)
    if not years or max(years) > local.year:
        return None
    if max(years) < local.year:
        return (
            f"is {expression!r}: its year field names only past years (the last is "
            f"{max(years)}; it is {local.year} in {timezone} now, as the app is synthesized), "
            "so it would never run",
            fix,
        )
    if _runs_later_this_year(fields, local):
        return None
    return (
        f"is {expression!r} in {timezone}: its runs end in {local.year} and the last one is "
        f"{_already_past(local)}, so it would never run",
        fix,
    )


def _already_past(local: datetime) -> str:
    return f"already past (it is {local.isoformat()} there now, as the app is synthesized)"


def _runs_later_this_year(fields: list[str], local: datetime) -> bool:
    """True unless the fields surely match no minute after ``local`` in its year."""
    minutes, hours = field_values(fields[0], 0), field_values(fields[1], 1)
    checks = [(fields[index], index) for index in (2, 3, 4) if fields[index] != "?"]
    allowed = [field_values(text, index) for text, index in checks]
    if not minutes or not hours or not all(allowed):
        return True  # L, W or # somewhere: not decided here
    today = local.date()
    later_today = any(
        (hour, minute) > (local.hour, local.minute) for hour in hours for minute in minutes
    )
    day = today
    while day.year == today.year:
        matches = all(
            _day_value(day, index) in values
            for (_, index), values in zip(checks, allowed, strict=True)
        )
        if matches and (day > today or later_today):
            return True
        day += timedelta(days=1)
    return False


def _day_value(day: date, index: int) -> int:
    """``day``'s value in cron field ``index``: day of month, month, or day of week (1 is
    Sunday)."""
    return {2: day.day, 3: day.month, 4: day.isoweekday() % 7 + 1}[index]
