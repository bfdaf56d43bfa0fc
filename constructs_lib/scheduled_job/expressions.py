"""EventBridge Scheduler expressions (``cron(...)``, ``rate(...)``, ``at(...)``) and time
zone names (from ``time_zone_names``), checked as plain Python: no CDK, so every rule is
tested without a synth.

Each check returns ``None`` for a valid input, else ``(message, fix)``; the message reads
after the prop's name (``schedule`` + message), as the construct reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from constructs_lib._words import counted, hidden_character
from constructs_lib.scheduled_job.expression_layout import (
    layout_problem,
    rate_spacing,
    written_unit,
)
from constructs_lib.scheduled_job.expression_repairs import (
    meant_at,
    meant_cron,
    meant_form,
    repaired_rate,
)
from constructs_lib.scheduled_job.time_zone_names import (
    FIXED_OFFSET_ABBREVIATIONS,
    is_time_zone,
    time_zones,
)

__all__ = [
    "CRON_FIELDS",
    "FIXED_OFFSET_ABBREVIATIONS",
    "CronField",
    "expression_problem",
    "is_time_zone",
    "time_zones",
]

_EXPRESSION = re.compile(r"^(cron|rate|at)\((.*)\)\Z", re.DOTALL)
_RATE = re.compile(r"^(\S+) (\S+)\Z")
_RATE_UNITS = ("minute", "hour", "day")
# ASCII digits only: Python's \d and str.isdigit also take other scripts' digits (a
# full-width 'U+FF12', a superscript '²'), which Scheduler refuses at deploy.
_AT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\Z")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_NTH_WEEKDAY = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class CronField:
    """One field of an EventBridge cron expression: its range, names and wildcards."""

    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    wildcards: str = ", - * /"

    @property
    def allowed(self) -> str:
        """What the field allows, e.g. ``"1-12 or JAN-DEC, wildcards , - * /"``."""
        names = f" or {self.names[0]}-{self.names[-1]}" if self.names else ""
        return f"{self.low}-{self.high}{names}, wildcards {self.wildcards}"

    def accepts(self, value: str) -> bool:
        """True if ``value`` (a comma-separated list of items) is valid in this field."""
        if value == "?" and "?" in self.wildcards.split():
            return True
        return all(self._is_item(item) for item in value.split(","))

    def _is_value(self, text: str) -> bool:
        if text.upper() in self.names:
            return True
        return _is_digits(text) and self.low <= int(text) <= self.high

    def _is_range(self, text: str) -> bool:
        start, dash, end = text.partition("-")
        return self._is_value(start) and (not dash or self._is_value(end))

    def _is_item(self, item: str) -> bool:
        if item == "*" or self._is_range(item):
            return True
        if "/" in item and "/" in self.wildcards.split():
            start, _, step = item.partition("/")
            return (
                (start == "*" or self._is_range(start))
                and _is_digits(step)
                and 1 <= int(step) <= self.high
            )
        if self.name == "day-of-month":
            return item in ("L", "LW") or (item.endswith("W") and self._is_value(item[:-1]))
        if self.name == "day-of-week":
            if item == "L" or (item.endswith("L") and self._is_value(item[:-1])):
                return True
            day, hash_, nth = item.partition("#")
            return bool(hash_) and self._is_value(day) and nth in _NTH_WEEKDAY
        return False


#: The six fields of an EventBridge cron expression, in order.
CRON_FIELDS = (
    CronField("minutes", 0, 59),
    CronField("hours", 0, 23),
    CronField("day-of-month", 1, 31, wildcards=", - * ? / L W"),
    CronField("month", 1, 12, _MONTHS),
    CronField("day-of-week", 1, 7, _DAYS, wildcards=", - * ? L #"),
    CronField("year", 1970, 2199),
)
_CRON_LAYOUT = " ".join(field.name for field in CRON_FIELDS)


def expression_problem(expression: str) -> tuple[str, str] | None:
    """None if ``expression`` is a valid Scheduler expression, else (message, fix)."""
    match = _EXPRESSION.match(expression)
    if match is None and expression.strip() != expression and _EXPRESSION.match(expression.strip()):
        # read from a file with its newline, or pasted: Scheduler refuses it at deploy
        return (
            f"is {expression!r}, with whitespace around the expression",
            f"write {expression.strip()!r}",
        )
    form = meant_form(expression) if match is None else None
    if form is not None:  # 'RATE(5 minutes)', 'rate 5 minutes', '0 3 * * *': it, written right
        why, kind, body = form
        problem = _KINDS[kind](body)
        if problem is None:
            return f"is {expression!r}: {why}", f"write '{kind}({body})'"
        return f"is {expression!r}: {why}; and {problem[0]}", problem[1]
    if match is None:
        return (
            f"is {expression!r}; it must be 'cron(...)', 'rate(...)' or 'at(...)'",
            "pass e.g. 'cron(0 3 * * ? *)', 'rate(1 hour)' or 'at(2030-01-31T09:00:00)'",
        )
    kind, body = match.groups()
    problem = _KINDS[kind](body)
    if problem is None:
        return None
    message, fix = problem
    return f"is {expression!r}: {message}", fix


def _rate_problem(body: str) -> tuple[str, str] | None:
    fix = "pass 'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)' or 'rate(2 days)'"
    match = _RATE.match(body)
    spacing = rate_spacing(body) if match is None else None
    if spacing is not None:  # the fix is the rate written right (its unit's number too)
        message, single = spacing
        cleaned = _rate_problem(single)
        if cleaned is None:
            return message, f"write 'rate({single})'"
        return f"{message}; and {cleaned[0]}", cleaned[1]  # every problem in one message
    if match is None:
        return "a rate is 'rate(value unit)'", fix
    value_text, unit = match.groups()
    if value_text == "0":
        return (
            "a rate of 0 never runs; the shortest is rate(1 minute)",
            "pass 'rate(1 minute)' or more, or enabled=False to create the job switched off",
        )
    if not _is_digits(value_text) or int(value_text) < 1:
        return repaired_rate(value_text, unit) or (
            f"the value {value_text!r} is not a whole number of at least 1",
            fix,
        )
    value = int(value_text)
    singular = unit.removesuffix("s")
    if singular not in _RATE_UNITS:
        meant = written_unit(unit, _RATE_UNITS)
        if meant is not None:
            return (
                f"{unit!r} is not a unit; rates are in minutes, hours or days, written out "
                "in lowercase",
                f"write 'rate({counted(value, meant)})'",
            )
        return repaired_rate(value_text, unit) or (
            f"{unit!r} is not a unit; rates are in minutes, hours or days, and the shortest is "
            "rate(1 minute)",
            fix,
        )
    expected = counted(value, singular)
    if f"{value} {unit}" != expected:
        return (
            f"the unit must be {'singular' if value == 1 else 'plural'} for {value}",
            f"write 'rate({expected})'",
        )
    return None


def _at_problem(body: str) -> tuple[str, str] | None:
    fix = "write a one-time schedule as 'at(yyyy-mm-ddThh:mm:ss)', e.g. 'at(2030-01-31T09:00:00)'"
    if not _AT.match(body):
        meant = meant_at(body)
        if meant is not None and _at_problem(meant) is None:
            fix = f"write 'at({meant})'" + (" (in timezone, UTC by default)" if "Z" in body else "")
        return "the time must be yyyy-mm-ddThh:mm:ss (no zone: see timezone)", fix
    try:
        datetime.strptime(body, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return f"{body!r} is not a valid date and time", fix
    return None


def _cron_problem(body: str) -> tuple[str, str] | None:
    values = body.split()
    # str.split() also splits on tabs, newlines and no-break spaces: Scheduler does not
    # (named by its place in the whole expression, after "cron(")
    spaces = "".join(c if c.isspace() and c != " " else "_" for c in body)
    hidden = hidden_character("_" * len("cron(") + spaces)
    if hidden is not None and len(values) == len(CRON_FIELDS):
        return (
            f"it has {hidden}; Scheduler separates the fields with spaces only",
            f"write 'cron({' '.join(values)})'",
        )
    if len(values) != len(CRON_FIELDS):
        meant = meant_cron(values)
        if meant is not None and _cron_problem(" ".join(meant[1])) is None:
            return (
                f"it has {len(values)} fields, {meant[0]}; EventBridge cron has 6: {_CRON_LAYOUT}",
                f"write 'cron({' '.join(meant[1])})'",
            )
        return (
            f"it has {len(values)} fields; EventBridge cron has 6: {_CRON_LAYOUT}",
            "write e.g. 'cron(0 3 * * ? *)' (03:00 every day)",
        )
    for field, value in zip(CRON_FIELDS, values, strict=True):
        if not field.accepts(value):
            return (
                f"the {field.name} field {value!r} is invalid (allowed: {field.allowed})",
                f"write a {field.name} field within {field.allowed}; the fields are "
                f"{_CRON_LAYOUT}, e.g. 'cron(0 3 * * ? *)'",
            )
    day_of_month, day_of_week = values[2], values[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        # both '*': every day, which a '?' in the day of the week says
        every_day = [*values[:4], "?", values[5]] if day_of_week == day_of_month == "*" else []
        return (
            "exactly one of day-of-month and day-of-week must be '?'",
            f"write 'cron({' '.join(every_day)})'"
            if every_day
            else "write '?' in the one you do not use, e.g. 'cron(0 3 * * ? *)' or "
            "'cron(0 3 ? * MON-FRI *)'",
        )
    return layout_problem(body, values) or _never_fires(day_of_month, values[3])


_KINDS = {"cron": _cron_problem, "rate": _rate_problem, "at": _at_problem}

# The most days each month can have (February: in leap years).
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _never_fires(day_of_month: str, month: str) -> tuple[str, str] | None:
    """A fixed day of month that no month of the expression has, e.g. 31 February."""
    days = _numbers(day_of_month, 31)
    months = _numbers(month, 12, _MONTHS)
    if not days or not months:
        return None  # wildcards, L, W or steps: some day always matches
    if any(day <= _MONTH_DAYS[m - 1] for day in days for m in months):
        return None
    return (
        f"it can never fire: no month in {month!r} has day {day_of_month}",
        "change the day to one every chosen month has (use 'L' for the last day of the month)",
    )


def _numbers(value: str, high: int, names: tuple[str, ...] = ()) -> set[int]:
    """The values of a field made only of plain numbers, names and ranges; else empty."""
    found: set[int] = set()
    for item in value.split(","):
        start, _, end = item.partition("-")
        bounds = [_number(text, names) for text in (start, end or start)]
        if None in bounds:
            return set()
        low, top = bounds
        assert low is not None and top is not None
        found.update(range(low, min(top, high) + 1))
    return found


def _number(text: str, names: tuple[str, ...]) -> int | None:
    if text.upper() in names:
        return names.index(text.upper()) + 1
    return int(text) if _is_digits(text) else None


def _is_digits(text: str) -> bool:
    """``text`` is a number in ASCII digits (as Scheduler reads one)."""
    return text.isascii() and text.isdigit()
