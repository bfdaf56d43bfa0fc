"""When a valid EventBridge cron expression runs: the minutes of a day and the days of a
month it names, as Scheduler reads them (Quartz's rules, which EventBridge's follow).
Plain Python, no CDK.

What is read: numbers and names, ``*``, lists, steps (``0/15``, ``10-40/10``), ranges
that wrap past the field's end (``22-2`` hours: 22, 23, 0, 1, 2; ``FRI-MON``; ``NOV-FEB``;
``50-10/5`` minutes: 50, 55, 0, 5, 10), and the day fields' ``L`` (the month's last day;
in day-of-week alone, Saturday, the week's last), ``LW`` (the month's last weekday),
``15W`` (the weekday nearest the 15th, in the same month), ``6L`` (the month's last
Friday) and ``6#3`` (its third Friday). Anything else is ``None``: not evaluated.
"""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["day_minutes", "field_values", "run_days", "weekday_number"]

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
#: Each field's (low, high, names), by its index in the expression.
_FIELDS = (
    (0, 59, ()),
    (0, 23, ()),
    (1, 31, ()),
    (1, 12, _MONTHS),
    (1, 7, _DAYS),
    (1970, 2199, ()),
)
_YEAR = 5


def weekday_number(day: date) -> int:
    """``day``'s day-of-week as EventBridge numbers it (1 is Sunday, 7 Saturday)."""
    return day.isoweekday() % 7 + 1


def day_minutes(minutes: str, hours: str) -> list[int] | None:
    """The minutes after local midnight a run starts at, sorted; None if not read."""
    minute_values, hour_values = field_values(minutes, 0), field_values(hours, 1)
    if not minute_values or not hour_values:
        return None
    return sorted(hour * 60 + minute for hour in hour_values for minute in minute_values)


def field_values(text: str, index: int) -> set[int] | None:
    """The values a field of numbers, names, ranges (wrapping, but for years), steps and
    ``*`` names; None for anything else (``L``, ``W``, ``#``, ``?``)."""
    low, high, names = _FIELDS[index]
    found: set[int] = set()
    for item in text.split(","):
        span, slash, step_text = item.partition("/")
        step = _number(step_text, ()) if slash else 1
        if not step:
            return None
        if span == "*":
            start, stop = low, high
        else:
            first, dash, last = span.partition("-")
            start_at, stop_at = _number(first, names), _number(last, names) if dash else None
            if start_at is None or (dash and stop_at is None):
                return None
            # "5/15": from 5 to the field's end; "5": once; "5-20": through 20
            stop = stop_at if stop_at is not None else high if slash else start_at
            start = start_at
        if stop < start:  # a range past the field's end wraps to its start (not years)
            if index == _YEAR:
                return None
            stop += high - low + 1
        found.update(_wrapped(value, low, high) for value in range(start, stop + 1, step))
    return found


def _wrapped(value: int, low: int, high: int) -> int:
    return value if value <= high else value - (high - low + 1)


def _number(text: str, names: tuple[str, ...]) -> int | None:
    if text.upper() in names:
        return names.index(text.upper()) + 1
    return int(text) if text.isascii() and text.isdigit() else None


def run_days(day_of_month: str, day_of_week: str, year: int, month: int) -> set[int] | None:
    """The days of ``month`` the day fields name (one of them is ``?``); None if not read."""
    last = calendar.monthrange(year, month)[1]
    if day_of_week == "?":
        return _month_days(day_of_month, year, month, last)
    return _week_days(day_of_week, year, month, last)


def _month_days(text: str, year: int, month: int, last: int) -> set[int] | None:
    if text == "L":
        return {last}
    if text == "LW":
        return {_weekday_before(year, month, last)}
    if text.endswith("W"):
        day = _number(text[:-1], ())
        return None if day is None else _nearest_weekday(year, month, day, last)
    values = field_values(text, 2)
    return None if values is None else {day for day in values if day <= last}


def _weekday_before(year: int, month: int, day: int) -> int:
    """``day``, or the Friday before it if it falls on a weekend."""
    weekday = date(year, month, day).weekday()  # 5: Saturday, 6: Sunday
    return day - max(weekday - 4, 0)


def _nearest_weekday(year: int, month: int, day: int, last: int) -> set[int]:
    """The weekday nearest ``day`` without leaving the month (Quartz's ``W``): a Saturday
    runs on Friday (the 1st: on Monday the 3rd), a Sunday on Monday (the last: on Friday);
    a day the month lacks, not at all."""
    if day > last:
        return set()
    weekday = date(year, month, day).weekday()
    if weekday == 5:
        return {day - 1 if day > 1 else day + 2}
    if weekday == 6:
        return {day + 1 if day < last else day - 2}
    return {day}


def _week_days(text: str, year: int, month: int, last: int) -> set[int] | None:
    days = [date(year, month, day) for day in range(1, last + 1)]
    if text.endswith("L") and text != "L":  # 6L: the month's last Friday
        weekday = _number(text[:-1], _DAYS)
        matching = [day.day for day in days if weekday_number(day) == weekday]
        return {matching[-1]} if matching else None
    if "#" in text:  # 6#3: the month's third Friday (a fifth one some months lack)
        weekday_text, _, nth_text = text.partition("#")
        weekday, nth = _number(weekday_text, _DAYS), _number(nth_text, ())
        if weekday is None or nth is None:
            return None
        matching = [day.day for day in days if weekday_number(day) == weekday]
        return {matching[nth - 1]} if nth <= len(matching) else set()
    weekdays = field_values("7" if text == "L" else text, 4)  # L alone: Saturday
    if weekdays is None:
        return None
    return {day.day for day in days if weekday_number(day) in weekdays}
