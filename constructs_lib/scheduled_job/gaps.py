"""The shortest time between two runs of a valid Scheduler expression, as plain Python: a
rate's interval, and a cron's shortest gap between the real instants Scheduler starts its
runs at. A ScheduledJob without ``allow_overlap`` runs one at a time, so a timeout longer
than that gap lets a run hold the one instance while the next is due (``overlap``).

A cron is evaluated in its time zone, as Scheduler does: on the night clocks skip an hour
a run in it does not happen, and in the hour they repeat a run happens once, at its
first occurrence (EventBridge Scheduler's documentation on daylight saving time). So
``cron(0,45 1,3 * * ? *)`` in Europe/Berlin, 45 minutes apart at best on other days, runs
at 01:45 and 03:00 on the night clocks skip 02:00-02:59: 15 minutes apart. Its days are
read from the synth's date over 4 years (a leap year's cycle), or 28 with ``L``, ``W`` or
``#`` (the calendar's weekdays repeat after 28 years until 2100), with every field
``cron_days`` reads; a cron it cannot read gives no gap: no warning is better than a
wrong one.
"""

from __future__ import annotations

import itertools
import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

from constructs_lib.scheduled_job.cron_days import day_minutes, field_values, run_days
from constructs_lib.scheduled_job.time_zone_names import is_time_zone

__all__ = ["Gap", "shortest_gap", "shortest_gap_seconds"]

_RATE = re.compile(r"^rate\((\d+) (minute|hour|day)s?\)\Z")
_CRON = re.compile(r"^cron\((.*)\)\Z")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_DAY_MINUTES = 24 * 60
#: How many years of days a cron is read over: with ``L``, ``W`` or ``#``, the Gregorian
#: calendar's weekday cycle; else a leap year's cycle, in which every plain field's
#: pattern of days (and each clock change of the zone's rules) occurs.
_YEARS_OF_WEEKDAYS = 28
_YEARS = 4
_MONTH_CALENDAR, _WEEK_CALENDAR = re.compile(r"[LW]"), re.compile(r"[L#]")
_UTC = ("UTC", "Etc/UTC")


@dataclass(frozen=True)
class Gap:
    """The least time between two runs' scheduled starts."""

    seconds: int
    clock_change: date | None = None
    """The local date whose clock change makes the gap this short (None: any day's)."""


def shortest_gap_seconds(
    expression: str, timezone: str = "UTC", today: date | None = None
) -> int | None:
    """:func:`shortest_gap`'s seconds."""
    gap = shortest_gap(expression, timezone, today)
    return None if gap is None else gap.seconds


def shortest_gap(expression: str, timezone: str = "UTC", today: date | None = None) -> Gap | None:
    """The shortest gap between two runs of ``expression`` (valid, see ``expressions``) in
    ``timezone`` (an IANA name) from ``today`` (default: the synth's UTC date); None for a
    one-time ``at(...)``, a cron with fewer than two runs left, and one not read."""
    rate = _RATE.match(expression)
    if rate is not None:
        return Gap(int(rate[1]) * _UNIT_SECONDS[rate[2]])
    cron = _CRON.match(expression)
    fields = cron[1].split() if cron is not None else []
    if len(fields) != 6 or not (timezone in _UTC or is_time_zone(timezone)):
        return None
    return _cron_gap(tuple(fields), timezone, today or datetime.now(UTC).date())


@cache
def _cron_gap(fields: tuple[str, ...], timezone: str, today: date) -> Gap | None:
    times = day_minutes(fields[0], fields[1])
    days = _run_days(fields, today)
    if times is None or days is None:
        return None
    clock = _Clock(timezone)
    found: list[Gap] = []
    steady = min((b - a for a, b in itertools.pairwise(times)), default=None)
    previous: tuple[date, int] | None = None  # the last run's day and instant (minutes)
    for day in days:
        if clock.changes_on(day):  # each run's instant: one may be skipped, or closer
            starts = clock.instants(day, times)
            least = min((b - a for a, b in itertools.pairwise(starts)), default=None)
            found.extend([] if least is None else [Gap(least * 60, day)])
        else:  # the day's first and last runs; the others are as on the wall clock
            starts = clock.first_and_last(day, times)
            if steady is not None:
                found.append(Gap(steady * 60))
                steady = None  # (once is enough)
        if not starts:
            continue
        if previous is not None:
            change = clock.change_between(previous[0], day)
            found.append(Gap((starts[0] - previous[1]) * 60, change))
        previous = (day, starts[-1])
    # (of equal gaps, one of any day's is named before a clock change's)
    return min(found, key=lambda gap: (gap.seconds, gap.clock_change is not None), default=None)


def _run_days(fields: tuple[str, ...], today: date) -> list[date] | None:
    """The days the expression runs on, from ``today`` (or its first year to come) on;
    None if a field is not read."""
    months, years = field_values(fields[3], 3), field_values(fields[5], 5)
    if months is None or years is None:
        return None
    first = min((year for year in years if year >= today.year), default=None)
    if first is None:  # its years are over: no run left
        return []
    found: list[date] = []
    calendar = _MONTH_CALENDAR.search(fields[2]) or _WEEK_CALENDAR.search(fields[4])
    span = _YEARS_OF_WEEKDAYS if calendar else _YEARS
    for year in range(first, first + span):
        for month in sorted(months) if year in years else ():
            days = run_days(fields[2], fields[4], year, month)
            if days is None:
                return None
            found.extend(date(year, month, day) for day in sorted(days))
    return [day for day in found if day >= today]


class _Clock:
    """Local times in a zone as Scheduler starts them: minutes since the epoch (UTC)."""

    def __init__(self, timezone: str) -> None:
        self._zone = None if timezone in _UTC else zoneinfo.ZoneInfo(timezone)
        self._midnights: dict[date, int] = {}

    def first_and_last(self, day: date, times: list[int]) -> list[int]:
        """The first and last runs of a ``day`` without a clock change."""
        base = _epoch_minutes(day) - self._midnight(day)
        return [base + times[0], base + times[-1]]

    def instants(self, day: date, times: list[int]) -> list[int]:
        """Each run of a ``day`` with a clock change that happens, in order: a wall time
        the change skips, none; one it repeats, its first."""
        base = _epoch_minutes(day)
        before, after = self._midnight(day), self._midnight(day + timedelta(days=1))
        change = self._change(base - before, base + _DAY_MINUTES - after)
        found = []
        for time in times:
            if base + time - before < change:  # before the change, at its old offset
                found.append(base + time - before)
            elif base + time - after >= change:  # after it, at the new offset
                found.append(base + time - after)
        return sorted(found)

    def _change(self, low: int, high: int) -> int:
        """The first minute (since the epoch, UTC) from ``low`` to ``high`` at the new
        offset (``high``'s)."""
        target = self._offset_at(high)
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if self._offset_at(middle) == target else (middle, high)
        return high

    def _offset_at(self, minute: int) -> timedelta | None:
        instant = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(minutes=minute)
        return instant.astimezone(self._zone).utcoffset()

    def changes_on(self, day: date) -> bool:
        """Whether the zone's offset differs between the start of ``day`` and the next."""
        return self.changes_between(day, day + timedelta(days=1))

    def changes_between(self, first: date, last: date) -> bool:
        return self._zone is not None and self._midnight(first) != self._midnight(last)

    def change_between(self, first: date, last: date) -> date | None:
        """The day from ``first`` up to ``last`` (not included) whose clocks change."""
        if not self.changes_between(first, last):
            return None
        day = first
        while not self.changes_on(day):
            day += timedelta(days=1)
        return day

    def _midnight(self, day: date) -> int:
        """The zone's offset from UTC (minutes) at ``day``'s start."""
        if self._zone is None:
            return 0
        if day not in self._midnights:
            offset = datetime(day.year, day.month, day.day, tzinfo=self._zone).utcoffset()
            self._midnights[day] = int(offset.total_seconds() // 60) if offset else 0
        return self._midnights[day]


def _epoch_minutes(day: date) -> int:
    return (day - date(1970, 1, 1)).days * _DAY_MINUTES
