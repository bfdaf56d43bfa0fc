"""Cron expressions whose every field is valid but that Scheduler still refuses, as plain
Python: fields not parted by single spaces, the day fields' items that stand alone
(``L``, ``LW``, ``15W``; ``6L``, ``6#3``), and a year range that ends before it starts; and
a rate whose value and unit are not parted by one space (``rate(5  minutes)``,
``rate(5minutes)``).

Quartz, whose rules EventBridge's cron follows, refuses ``L`` or ``W`` among other
days of the month ("Support for specifying 'L' and 'LW' with other days of the month is
not implemented") and ``L`` among other days of the week, and EventBridge documents one
``#`` item only ("3#1,6#3" is invalid: two expressions). Ranges that wrap past a field's
end (``22-2`` hours, ``FRI-MON``, ``NOV-FEB``) are Quartz's too and accepted, but years do
not wrap.

Each check returns ``None`` for a valid input, else ``(message, fix)``; the message reads
after the expression, as ``expressions.expression_problem`` reports it.
"""

from __future__ import annotations

import re

__all__ = ["layout_problem", "rate_spacing", "written_unit"]

_CRON = "cron("
# a rate's value and unit written together: ASCII digits, then letters
_GLUED = re.compile(r"(?P<value>[0-9]+)(?P<unit>[A-Za-z]+)")
#: Units cut short as other schedulers and people write them ('5 min', '2 hrs', their
#: plural's s removed), by the unit Scheduler reads.
_SHORT_UNITS = {"m": "minute", "min": "minute", "h": "hour", "hr": "hour", "d": "day"}


def layout_problem(body: str, values: list[str]) -> tuple[str, str] | None:
    """The problem of a cron's ``body`` (between the parentheses) split into its six valid
    ``values``, if any."""
    return _spacing(body, values) or _stand_alone(values) or _years(values)


def _spacing(body: str, values: list[str]) -> tuple[str, str] | None:
    """Spaces where Scheduler reads one between two fields: a second one, or one after
    'cron(' or before ')' (what a hand-aligned or pasted expression brings)."""
    single = " ".join(values)
    if body == single:
        return None
    if body.startswith(" "):
        where = f"a space after {_CRON!r}"
    elif body.endswith(" "):
        where = "a space before ')'"
    else:
        where = f"two spaces in a row at character {len(_CRON) + body.index('  ') + 1}"
    return (
        f"it has {where}; Scheduler reads the six fields parted by one space each",
        f"write 'cron({single})'",
    )


def rate_spacing(body: str) -> tuple[str, str] | None:
    """The spacing of a rate's ``body`` that is two words not parted by one space (two
    spaces, a tab, a space after 'rate(' or before ')', or none: ``5minutes``): every
    place, named in one message, and the body written with one space, which the caller
    checks as a rate; None for any other body."""
    words = body.split()
    glued = _GLUED.fullmatch(words[0]) if len(words) == 1 else None
    if glued is not None:  # 'rate(5minutes)', as other schedulers write it
        words = [glued["value"], glued["unit"]]
    single = " ".join(words)
    if len(words) != 2 or body == single:
        return None
    around = [
        place
        for place, found in (
            ("after 'rate('", body[0].isspace()),
            ("before ')'", body[-1].isspace()),
        )
        if found
    ]
    places = [f"whitespace {' and '.join(around)}"] if around else []
    if glued is not None:
        places.append("no space between the value and the unit")
    elif body.strip() != single:
        places.append("whitespace other than one space between the value and the unit")
    where = ", and ".join(places)
    return f"it has {where}; Scheduler reads 'rate(value unit)' with one space", single


def written_unit(unit: str, units: tuple[str, ...]) -> str | None:
    """The one of ``units`` (singular) a rate's ``unit`` Scheduler does not read stands for
    (``Minutes``, ``min``, ``hrs``: in another case or cut short), if any."""
    meant = unit.lower().removesuffix("s")
    meant = _SHORT_UNITS.get(meant, meant)
    return meant if meant in units else None


def _stand_alone(values: list[str]) -> tuple[str, str] | None:
    day_of_month, day_of_week = values[2].upper(), values[4].upper()
    month_items, week_items = day_of_month.split(","), day_of_week.split(",")
    if len(month_items) > 1 and any(item.endswith(("L", "W")) for item in month_items):
        return (
            f"the day-of-month field {values[2]!r} lists 'L', 'LW' or a day's 'W' with other "
            "days; Scheduler takes each of them alone",
            "write the day-of-month as one of them alone (e.g. 'L'), and make the other days "
            "another ScheduledJob",
        )
    if len(week_items) > 1 and any(item.endswith("L") or "#" in item for item in week_items):
        return (
            f"the day-of-week field {values[4]!r} lists an 'L' or '#' day with other days; "
            "Scheduler takes 'L', '6L' or '6#3' alone (EventBridge: one '#' expression only)",
            "write the day-of-week as one of them alone (e.g. '6#3'), and make the other days "
            "another ScheduledJob",
        )
    return None


def _years(values: list[str]) -> tuple[str, str] | None:
    for item in values[5].split(","):
        span = item.partition("/")[0]
        first, dash, last = span.partition("-")
        if dash and first.isdigit() and last.isdigit() and int(last) < int(first):
            return (
                f"the year range {span!r} ends before it starts; years do not wrap as other "
                "fields' ranges do",
                f"write {f'{last}-{first}'!r}",
            )
    return None
