"""Schedules with no run left: an ``at(...)`` time already past, or a ``cron(...)`` whose
years (and, in the current year, dates) are all behind us, in the schedule's time zone.
EventBridge Scheduler accepts them and never runs the job. "Now" is when the app is
synthesized, which the caller passes in; plain Python (``zoneinfo``), no CDK.

Each check returns ``None`` when a run may still come, else ``(message, fix)``; the
message reads after ``schedule``, as the construct reports it. The day fields' ``L``,
``LW``, ``15W``, ``6L`` and ``6#3`` are read as Scheduler reads them (``cron_days``); a
field that is still not read counts as "may still run": only a schedule surely over is
warned of (``schedule_warnings.warn_of_no_run_left``).
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime

from constructs_lib.scheduled_job.cron_days import day_minutes, field_values, run_days
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
    minutes, months = day_minutes(fields[0], fields[1]), field_values(fields[3], 3)
    if not minutes or not months:
        return True  # not read here: not decided
    today = local.date()
    later_today = minutes[-1] > local.hour * 60 + local.minute
    for month in sorted(m for m in months if m >= today.month):
        days = run_days(fields[2], fields[4], today.year, month)
        if days is None:
            return True
        if any(date(today.year, month, day) > today for day in days):
            return True
        if later_today and month == today.month and today.day in days:
            return True
    return False
