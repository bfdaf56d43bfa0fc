"""The IANA time zone names a schedule takes, and the one a user most likely meant by a
name that is none (pure, no CDK): ``'JST'`` is ``'Asia/Tokyo'``, ``'UTC+9'`` is
``'Etc/GMT-9'`` (tzdata's inverted sign), ``'asia/tokio'`` is ``'Asia/Tokyo'``."""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Iterable
from functools import cache

__all__ = ["FIXED_OFFSET_ABBREVIATIONS", "is_time_zone", "meant_time_zone", "time_zones"]


@cache
def time_zones() -> frozenset[str]:
    """The IANA time zone names a schedule takes (the system's zoneinfo without its
    placeholders), read once."""
    return frozenset(zoneinfo.available_timezones()) - _NOT_ZONES


#: Names in a system's zoneinfo that are no zone to schedule in: the machine's own
#: setting and tzdata's placeholder.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
#: Abbreviations tzdata keeps as zones of a fixed offset, without daylight saving time
#: (``EST`` is UTC-5 all year, not New York's time): the zone a user means, by name.
FIXED_OFFSET_ABBREVIATIONS = {
    "EST": "America/New_York",
    "MST": "America/Denver",
    "HST": "Pacific/Honolulu",
}


def is_time_zone(name: str) -> bool:
    """True if ``name`` is an IANA time zone name (``"Europe/Berlin"``, not ``"CEST"``)."""
    return name in time_zones()


#: Abbreviations people write that tzdata has no zone of: the zone of the place they
#: usually name (the zone follows its daylight saving time, the abbreviation does not).
_ABBREVIATIONS = {
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "IST": "Asia/Kolkata",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "BST": "Europe/London",
    "CEST": "Europe/Berlin",
    "EDT": "America/New_York",
    "CDT": "America/Chicago",
    "CST": "America/Chicago",
    "MDT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
}
#: "UTC+9", "GMT-05:00", "+09:00": an offset from UTC in whole hours.
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])\s*(\d{1,2})(?::?00)?", re.IGNORECASE)


def meant_time_zone(name: str, zones: Iterable[str]) -> str | None:
    """The fix's text for ``name``, which is no zone of ``zones``; None if none is close."""
    known = sorted(zones)
    abbreviation = _ABBREVIATIONS.get(name.strip().upper())
    if abbreviation is not None:
        return f"pass {abbreviation!r}, the zone usually meant by {name.strip().upper()}"
    offset = _OFFSET.fullmatch(name.strip())
    if offset is not None:
        sign, hours = offset.group(1), int(offset.group(2))
        inverted = "-" if sign == "+" else "+"
        zone = f"Etc/GMT{inverted}{hours}"
        if hours == 0:
            return "pass 'UTC'"
        if zone in known:
            return (
                f"pass the place's own zone (Area/City, e.g. 'Asia/Tokyo'), or {zone!r} for "
                f"UTC{sign}{hours} all year (tzdata's Etc/GMT zones invert the sign)"
            )
    by_lower = {zone.lower(): zone for zone in known}
    same = by_lower.get(name.strip().lower().replace(" ", "_"))
    close = same or next(iter(difflib.get_close_matches(name, known, n=1, cutoff=0.8)), None)
    return f"did you mean {close!r}?" if close is not None else None
