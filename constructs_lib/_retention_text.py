"""The day counts CloudWatch keeps logs for, by their ``logs.RetentionDays`` names, and a
retention written as text (``"ONE_YEAR"``, ``"1 year"``, ``"365"``, ``"2 weeks"``)
where a ``logs.RetentionDays`` or a Duration is taken: the number of days it means, so that
the fix names the member and the Duration to write instead of an example. Only what reads
one way is read: ``"12 months"`` (no member; 360 or 365 days?) is not, and gets the
generic fix."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["CLOUDWATCH_RETENTION_DAYS", "days_in_text", "member_or_duration"]

#: The day counts CloudWatch Logs keeps a log group's events for (PutRetentionPolicy's
#: retentionInDays), each with its ``logs.RetentionDays`` member's name.
CLOUDWATCH_RETENTION_DAYS: Mapping[int, str] = {
    1: "ONE_DAY",
    3: "THREE_DAYS",
    5: "FIVE_DAYS",
    7: "ONE_WEEK",
    14: "TWO_WEEKS",
    30: "ONE_MONTH",
    60: "TWO_MONTHS",
    90: "THREE_MONTHS",
    120: "FOUR_MONTHS",
    150: "FIVE_MONTHS",
    180: "SIX_MONTHS",
    365: "ONE_YEAR",
    400: "THIRTEEN_MONTHS",
    545: "EIGHTEEN_MONTHS",
    731: "TWO_YEARS",
    1096: "THREE_YEARS",
    1827: "FIVE_YEARS",
    2192: "SIX_YEARS",
    2557: "SEVEN_YEARS",
    2922: "EIGHT_YEARS",
    3288: "NINE_YEARS",
    3653: "TEN_YEARS",
}

_NUMBER_WORDS = {
    "ONE": 1,
    "TWO": 2,
    "THREE": 3,
    "FOUR": 4,
    "FIVE": 5,
    "SIX": 6,
    "SEVEN": 7,
    "EIGHT": 8,
    "NINE": 9,
    "TEN": 10,
    "THIRTEEN": 13,
    "EIGHTEEN": 18,
}
#: Each member's days by its name, and by (count, unit) read from its name (ONE_YEAR: 1, YEAR).
_BY_NAME = {name: days for days, name in CLOUDWATCH_RETENTION_DAYS.items()}
_BY_COUNT = {
    (_NUMBER_WORDS[count], unit.removesuffix("S")): days
    for name, days in _BY_NAME.items()
    for count, _, unit in [name.partition("_")]
}
_COUNTED = re.compile(r"(\d+)_?(DAY|WEEK|MONTH|YEAR)S?")


def days_in_text(text: str) -> int | None:
    """The days ``text`` means (a member's name in any case, ``logs.RetentionDays.X``, a
    number, or a count of days, weeks, months or years a member has); None: unreadable."""
    name = re.sub(r"[\s_-]+", "_", text.strip().upper()).rpartition(".")[2]
    if name in _BY_NAME:
        return _BY_NAME[name]
    if name.isdigit():
        return int(name)
    counted = _COUNTED.fullmatch(name)
    if not counted:
        return None
    count, unit = int(counted[1]), counted[2]
    if unit == "DAY":
        return count
    if unit == "WEEK":
        return 7 * count
    return _BY_COUNT.get((count, unit))


def member_or_duration(days: int) -> str:
    """The fix for a retention of ``days`` that CloudWatch keeps logs for."""
    return (
        f"pass logs.RetentionDays.{CLOUDWATCH_RETENTION_DAYS[days]} (or Duration.days({days})), "
        "not a string"
    )
