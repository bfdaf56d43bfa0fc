"""A cron's days of the week by number (``1-5``), which EventBridge and Unix cron read as
different days: EventBridge numbers them 1=SUN to 7=SAT, Unix cron 0=SUN, 1=MON to 6=SAT.
Plain Python, no CDK: the warning ``schedule_warnings`` gives is built from here."""

from __future__ import annotations

import re
from collections.abc import Callable

from constructs_lib.scheduled_job.expressions import CRON_FIELDS

__all__ = ["numbered_days_problem"]

_CRON = re.compile(r"^cron\((.*)\)\Z", re.DOTALL)
#: The day-of-week's names, SUN (1) to SAT (7).
_DAYS = CRON_FIELDS[4].names


def numbered_days_problem(expression: str) -> tuple[str, str] | None:
    """For a valid cron expression whose day-of-week has day numbers: ``(message, fix)``.
    EventBridge numbers the days 1=SUN to 7=SAT, Unix cron 0=SUN, 1=MON to 6=SAT (7=SUN):
    ``1-5`` runs Sunday to Thursday, not Monday to Friday. Names leave no doubt. (``6L``
    and ``2#1`` are EventBridge's own, with no Unix reading: left as written.)"""
    match = _CRON.match(expression)
    values = match.group(1).split() if match else []
    if len(values) != len(CRON_FIELDS) or not any(
        _DAY_RANGE.match(item) and any(c.isdigit() for c in item) for item in values[4].split(",")
    ):
        return None
    field = values[4]
    meant = _named(field, lambda n: _DAYS[n - 1])
    unix = _named(field, lambda n: _DAYS[n % 7])

    def written(days: str) -> str:
        return f"'cron({' '.join([*values[:4], days, *values[5:]])})'"

    return (
        f"has the day-of-week {field} = {meant}: EventBridge numbers the days 1=SUN to 7=SAT, "
        "not 1=MON as Unix cron does",
        f"write the days by name: {written(unix)} for {unix} (Unix cron's {field}), or "
        f"{written(meant)} to keep {meant}",
    )


#: A day-of-week item that is a day or a range of days, by number or name.
_DAY_RANGE = re.compile(r"^(?i:\d|[A-Z]{3})(?:-(?i:\d|[A-Z]{3}))?\Z")


def _named(field: str, name: Callable[[int], str]) -> str:
    """``field`` with each day number of a day or range given its ``name`` (a range that
    would wrap past Saturday, as Unix cron's ``5-7``, listed day by day)."""
    items = []
    for item in field.split(","):
        if not _DAY_RANGE.match(item):
            items.append(item)  # '*', 'L', '6L', '2#1' as written
            continue
        ends = item.split("-")
        first, top = (
            _DAYS.index(name(int(e)) if e.isdigit() else e.upper()) for e in (ends[0], ends[-1])
        )
        if first > top:  # Unix cron's 5-7: FRI, SAT, SUN
            items.append(",".join(_DAYS[(first + n) % 7] for n in range((top - first) % 7 + 1)))
        else:
            items.append(_DAYS[first] + (f"-{_DAYS[top]}" if len(ends) > 1 else ""))
    return ",".join(items)
