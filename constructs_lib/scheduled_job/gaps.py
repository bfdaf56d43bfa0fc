"""The shortest time between two runs of a valid Scheduler expression, as plain Python: a
rate's interval, and a cron's shortest gap when its minutes and hours are fixed lists,
ranges or steps. A ScheduledJob without ``allow_overlap`` runs one at a time, so a
timeout longer than that gap lets a run hold the one instance while the next is due
(``overlap``)."""

from __future__ import annotations

import itertools
import re

__all__ = ["shortest_gap_seconds"]

_RATE = re.compile(r"^rate\((\d+) (minute|hour|day)s?\)\Z")
_CRON = re.compile(r"^cron\((.*)\)\Z")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_DAY_MINUTES = 24 * 60
# A day-of-week or day-of-month item that is one day or a range of them, by number or
# name: what the days between which a run can cross midnight are read from.
_DAY_ITEM = re.compile(r"^(\w+)(?:-(\w+))?\Z")
_DAY_NAMES = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")


def shortest_gap_seconds(expression: str) -> int | None:
    """Seconds between the two closest runs of ``expression`` (valid, see ``expressions``);
    None for a one-time ``at(...)`` and for a cron whose gap this does not compute
    exactly (a wrapping range such as ``50-10``): no warning is better than a wrong one."""
    rate = _RATE.match(expression)
    if rate is not None:
        return int(rate[1]) * _UNIT_SECONDS[rate[2]]
    cron = _CRON.match(expression)
    if cron is None:
        return None
    fields = cron[1].split()
    if len(fields) != 6:
        return None
    minutes, hours = _values(fields[0], 0, 59), _values(fields[1], 0, 23)
    if not minutes or not hours:
        return None
    runs = sorted(hour * 60 + minute for hour in hours for minute in minutes)
    gaps = [later - earlier for earlier, later in itertools.pairwise(runs)]
    if _runs_on_consecutive_days(fields[2], fields[4]):
        # the last run of a day and the first of the next. Daylight saving time can
        # lengthen or shorten that night's gap by its hour: left out (the zone's rules
        # are ``daylight``'s), so a gap that only a clock change makes shorter is missed.
        gaps.append(_DAY_MINUTES - runs[-1] + runs[0])
    return min(gaps) * 60 if gaps else None


def _values(field: str, low: int, high: int) -> set[int]:
    """The numbers a minutes or hours field lists (``*``, ``5``, ``1-5``, ``0/15``,
    ``*/10``, ``10-40/10``, comma-separated); empty for anything else."""
    found: set[int] = set()
    for item in field.split(","):
        start_text, _, step_text = item.partition("/")
        first, _, last = start_text.partition("-")
        if start_text == "*":
            start, end = low, high
        elif _is_number(first) and (not last or _is_number(last)):
            start = int(first)
            # "5/15" runs from 5 to the field's end; "5" alone once; "5-20" through 20
            end = int(last) if last else high if step_text else start
        else:
            return set()
        if not step_text:
            step = 1
        elif _is_number(step_text) and int(step_text) > 0:
            step = int(step_text)
        else:
            return set()
        if not low <= start <= end <= high:
            return set()  # a range that wraps (50-10) or is out of range: not computed
        found.update(range(start, end + 1, step))
    return found


def _runs_on_consecutive_days(day_of_month: str, day_of_week: str) -> bool:
    """Whether the job can run on two days in a row (so a day's last run and the next
    day's first are a gap). Read from the day fields only where that is plain: every day,
    or a list or range of days with two neighbours. Anything else (``L``, ``W``, ``#``,
    steps) is taken as no: the gap across midnight is then not counted."""
    days = day_of_week if day_of_month == "?" else day_of_month
    if days == "*":
        return True
    numbers = _days(days, names=day_of_month == "?")
    if numbers is None:
        return False
    if day_of_month == "?":  # the week wraps: Saturday's next day is Sunday
        return any((day % 7) + 1 in numbers for day in numbers)
    return any(day + 1 in numbers for day in numbers)


def _days(field: str, *, names: bool) -> set[int] | None:
    """The day numbers of a list of days and ranges (day-of-week names too)."""
    found: set[int] = set()
    for item in field.split(","):
        match = _DAY_ITEM.match(item)
        if match is None:
            return None
        ends = [_day(text, names=names) for text in (match[1], match[2] or match[1])]
        if ends[0] is None or ends[1] is None or ends[0] > ends[1]:
            return None
        found.update(range(ends[0], ends[1] + 1))
    return found


def _day(text: str, *, names: bool) -> int | None:
    if names and text.upper() in _DAY_NAMES:
        return _DAY_NAMES.index(text.upper()) + 1
    return int(text) if _is_number(text) else None


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()
