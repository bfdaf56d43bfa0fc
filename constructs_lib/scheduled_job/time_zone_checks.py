"""A time zone name a ScheduledJob takes (``timezone``, or a ScheduleExpression's own):
an IANA name, not a fixed offset from UTC; the fix names the zone a name that is none meant."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from constructs_lib._jsii import described
from constructs_lib._validation import Validator
from constructs_lib.scheduled_job.expressions import (
    FIXED_OFFSET_ABBREVIATIONS,
    is_time_zone,
    time_zones,
)
from constructs_lib.scheduled_job.time_zone_names import meant_time_zone

__all__ = ["check_time_zone"]


#: Coordinated Universal Time: known without a time zone database.
_UTC = frozenset({"UTC", "Etc/UTC"})


def check_time_zone(v: Validator, prop: str, timezone: str) -> None:
    if isinstance(timezone, str) and timezone in _UTC:
        return
    if isinstance(timezone, str) and not time_zones():
        # Windows, Alpine and some slim images have no zoneinfo: every name looked unknown
        v.add(
            prop,
            f"is {timezone!r}, and this machine has no IANA time zone database to check it "
            "against (Python's zoneinfo finds none: Windows, Alpine and slim container "
            "images may ship none)",
            "add the tzdata package to the app's environment (pip install tzdata), "
            "as Python's zoneinfo documentation recommends",
        )
        return
    name = getattr(timezone, "timezone_name", None)  # a cdk.TimeZone: its name is wanted
    such = repr(name) if isinstance(name, str) else "'UTC', 'Europe/Berlin' or 'America/New_York'"
    known = is_time_zone(timezone)
    fix = f"pass a name such as {such}"
    if isinstance(timezone, str) and not known:
        fix = meant_time_zone(timezone, time_zones()) or fix
    # another kind of value by what it is (a Handler by its file, not its dataclass repr)
    what = (
        f"is {timezone!r}, which is not an IANA time zone name"
        if isinstance(timezone, str)
        else f"is {described(timezone)}; it must be an IANA time zone name"
    )
    if v.check(known, prop, what, fix):
        meant = FIXED_OFFSET_ABBREVIATIONS.get(timezone)
        v.check(
            meant is None,
            prop,
            f"is {timezone!r}, a fixed offset from UTC all year: no daylight saving time",
            f"pass {meant!r} for its local time (daylight saving time included), or "
            f"'Etc/GMT{-_offset_hours(timezone):+d}' for the fixed offset",
        )


def _offset_hours(timezone: str) -> int:
    offset = datetime(2030, 1, 1, tzinfo=zoneinfo.ZoneInfo(timezone)).utcoffset()
    return int(offset.total_seconds() // 3600) if offset is not None else 0
