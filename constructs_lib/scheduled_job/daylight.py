"""Schedule times that do not exist in a time zone: the hour clocks skip when daylight
saving time starts. EventBridge Scheduler skips a cron invocation that falls there and a
one-time schedule there never runs at its time, so a job would silently not run that day.
Plain Python (``zoneinfo``), no CDK.

Each check returns ``None`` when every run exists, else ``(message, fix)``; the message
reads after ``schedule``, as the construct reports it.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from functools import cache

from constructs_lib.scheduled_job import cron_days
from constructs_lib.scheduled_job.expressions import CRON_FIELDS, is_time_zone

__all__ = ["field_values", "skipped_run_problem"]

#: How many years, from the synth's, a cron expression is checked against.
_YEARS = 10
_AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)\Z")
_CRON = re.compile(r"^cron\((.*)\)\Z", re.DOTALL)
_STEP = timedelta(hours=12)


def skipped_run_problem(
    expression: str, timezone: str, today: date | None = None
) -> tuple[str, str] | None:
    """``(message, fix)`` if a run of ``expression`` in ``timezone`` falls in a skipped hour
    (of a cron: the first on or after ``today``, default the synth's UTC date)."""
    if timezone in ("UTC", "Etc/UTC") or not is_time_zone(timezone):
        return None
    at = _AT.match(expression)
    if at is not None:
        return _at_problem(expression, at.group(1), timezone)
    cron = _CRON.match(expression)
    if cron is None:
        return None
    return _cron_problem(expression, cron.group(1), timezone, today or datetime.now(UTC).date())


@cache
def _gaps(timezone: str, first_year: int) -> tuple[tuple[date, int, int], ...]:
    """Each day clocks skip forward in ``_YEARS`` years from ``first_year``: (date, first
    and last skipped minute)."""
    zone = zoneinfo.ZoneInfo(timezone)
    found = []
    instant = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(first_year + _YEARS, 1, 1, tzinfo=UTC)
    offset = instant.astimezone(zone).utcoffset()
    while instant < end:
        # (in steps of 12 hours: no zone changes its offset twice in that time; _change then
        # finds the minute. Hourly steps cost 0.1 s per zone, in every synth.)
        later = instant + _STEP
        new_offset = later.astimezone(zone).utcoffset()
        if new_offset != offset and offset is not None and new_offset is not None:
            if new_offset > offset:  # clocks go forward: the wall times in between are skipped
                change = _change(instant, later, zone)
                start = (change - timedelta(minutes=1)).astimezone(zone) + timedelta(minutes=1)
                minutes = int((new_offset - offset).total_seconds() // 60)
                first = start.hour * 60 + start.minute
                found.append((start.date(), first, first + minutes - 1))
            offset = new_offset
        instant = later
    return tuple(found)


def _change(low: datetime, high: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The first minute after ``low`` with ``high``'s offset (minute precision)."""
    target = high.astimezone(zone).utcoffset()
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle.astimezone(zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return high


def _at_problem(expression: str, text: str, timezone: str) -> tuple[str, str] | None:
    wall = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S")
    zone = zoneinfo.ZoneInfo(timezone)
    back = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back == wall:
        return None
    return (
        f"is {expression!r} in {timezone}, a time that does not exist there: clocks skip "
        f"forward that night (daylight saving time), so the job would not run at it",
        f"change the time to one outside the skipped hour, e.g. 'at({back.isoformat()})', or pass "
        "timezone='UTC'",
    )


def _cron_problem(expression: str, body: str, timezone: str, today: date) -> tuple[str, str] | None:
    fields = body.split()
    if len(fields) != len(CRON_FIELDS):
        return None
    minutes, hours = field_values(fields[0], 0), field_values(fields[1], 1)
    if not minutes or not hours:
        return None
    times = sorted(hour * 60 + minute for hour in hours for minute in minutes)
    for day, first, last in _gaps(timezone, today.year):
        # (a day already past would name a skipped run that cannot be helped any more)
        if day >= today and all(first <= time <= last for time in times) and _runs_on(fields, day):
            shown = f"{times[0] // 60:02d}:{times[0] % 60:02d}"
            return (
                f"runs at {shown} in {timezone} only, a time that does not exist there on "
                f"{day.isoformat()} (clocks skip {first // 60:02d}:{first % 60:02d}-"
                f"{last // 60:02d}:{last % 60:02d}, daylight saving time): Scheduler skips "
                "that day's run",
                f"change the time to one outside {first // 60:02d}:{first % 60:02d}-"
                f"{last // 60:02d}:{last % 60:02d}, or pass timezone='UTC'",
            )
    return None


def _runs_on(fields: list[str], day: date) -> bool:
    """True if the date fields include ``day`` (``L``, ``W`` and ``#`` read too)."""
    month, year = field_values(fields[3], 3), field_values(fields[5], 5)
    days = cron_days.run_days(fields[2], fields[4], day.year, day.month) or set()
    return day.month in month and day.year in year and day.day in days


def field_values(text: str, index: int) -> set[int]:
    """A field's values if it holds only numbers, names, ranges (wrapping past the field's
    end too), steps and ``*``; else {}."""
    return cron_days.field_values(text, index) or set()
