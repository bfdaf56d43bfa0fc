"""Values an app reads from its configuration (a JSON, TOML or YAML file per stage, ``-c
key=value`` context, environment variables) where a prop takes a number, True or False, a
Duration or a list: text (``"512"``, ``"false"``, ``"30s"``, ``"GET /a,GET /b"``) and
floats of whole numbers (``512.0``, ``1e3``: JSON and TOML numbers). The library takes none
of them (``bool("false")`` is True, and a ``"30"`` could be 30 seconds or 30 minutes):
these are the fixes naming the value to pass instead of an example, each only where the
value reads one way; None where it does not (the caller's generic fix stays). Pure logic,
no aws_cdk."""

from __future__ import annotations

import math
import re

__all__ = [
    "CONFIG_TEXT",
    "bool_fix",
    "bool_meant",
    "duration_count",
    "duration_fix",
    "duration_of_number",
    "iso_duration_seconds",
    "list_fix",
    "number_fix",
    "number_in_text",
    "size_fix",
    "whole_number",
    "whole_number_fix",
]

_TEXT = "a value read from a config file, -c context or an environment variable is text"
#: Why text is no number, True or False or Duration: what every fix for text says.
CONFIG_TEXT = _TEXT
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
# "30s", "5 minutes", "1h", "2 days": the count and its unit, as the Duration method names it
_COUNTED = re.compile(r"(\d+)\s*([a-z]+)")
_UNITS = {
    "millis": ("ms", "millis", "millisecond", "milliseconds"),
    "seconds": ("s", "sec", "secs", "second", "seconds"),
    "minutes": ("m", "min", "mins", "minute", "minutes"),
    "hours": ("h", "hr", "hrs", "hour", "hours"),
    "days": ("d", "day", "days"),
}
_UNIT_OF = {word: unit for unit, words in _UNITS.items() for word in words}
# what Duration.parse reads: ISO 8601 days, hours, minutes and seconds (no years or months,
# whose length varies)
_ISO = re.compile(r"P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")


def _number(value: object) -> float | None:
    """The finite number ``value`` is as text (``" 512\\n"``, ``"1e3"``) or as a float."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def number_in_text(value: object) -> int | float | None:
    """The finite number text holds (``" 5\n"``: 5, ``"2.5"``: 2.5); None for anything else."""
    number = _number(value) if isinstance(value, str) else None
    if number is None:
        return None
    return int(number) if number.is_integer() else number


def whole_number(value: object) -> int | None:
    """The whole number ``value`` is as text (``"512"``, ``"1e3"``) or as a float of one
    (``512.0``); None for anything else (an int is one already, a bool none)."""
    number = _number(value)
    return int(number) if number is not None and number.is_integer() else None


def whole_number_fix(
    value: object, at_least: float | None = None, at_most: float | None = None
) -> str | None:
    """``pass 512 ...`` for ``"512"`` or ``512.0`` where a whole number goes (from
    ``at_least`` to ``at_most``: outside them, the number is no fix, and the caller's fix
    naming the range stays)."""
    number = whole_number(value)
    if number is None or not _within(number, at_least, at_most):
        return None
    if isinstance(value, str):
        return (
            f"pass {number}, the number, not the text {value!r} ({_TEXT}: convert it with int(...))"
        )
    return (
        f"pass {number}, a whole number, not the float {value!r} (JSON and TOML read "
        f"{value!r} as a float: convert it with int(...))"
    )


def _within(number: float, at_least: float | None, at_most: float | None) -> bool:
    return (at_least is None or number >= at_least) and (at_most is None or number <= at_most)


def number_fix(value: object, at_least: float | None = None) -> str | None:
    """``pass 10.5 ...`` for ``"10.5"`` where a number goes (a float is one already; below
    ``at_least``, no fix)."""
    number = _number(value)
    if number is None or not isinstance(value, str) or not _within(number, at_least, None):
        return None
    shown = int(number) if number.is_integer() else number
    return f"pass {shown}, the number, not the text {value!r} ({_TEXT}: convert it with float(...))"


def bool_meant(text: str) -> bool | None:
    """What ``text`` means as True or False (``" No"``: False, ``"1"``: True); None for text
    that reads neither way."""
    word = text.strip().lower()
    return True if word in _TRUE else False if word in _FALSE else None


def bool_fix(value: object) -> str | None:
    """``pass False ...`` for ``"false"``, ``"No"``, ``"0"`` or ``0`` where True or False goes."""
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return f"pass {bool(value)}, not the number {value}"
    meant = bool_meant(value) if isinstance(value, str) else None
    if meant is None:
        return None
    return (
        f"pass {meant}, not the text {value!r} ({_TEXT}: convert it with "
        "value.strip().lower() in ('true', '1', 'yes'), not bool(value), which is True for "
        "'false' too)"
    )


def duration_fix(value: object, unit: str = "seconds") -> str | None:
    """``pass Duration.seconds(30)`` for ``"30s"`` or ``"30 seconds"``, ``Duration.parse(...)``
    for ISO 8601 (``"PT30S"``), and for a bare ``"30"`` the Duration of as many ``unit`` (what
    a number there means); None for text that reads otherwise."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _ISO.fullmatch(text):
        return f"pass Duration.parse({text!r}), not the text ({_TEXT})"
    counted = _COUNTED.fullmatch(text.lower())
    if counted and counted[2] in _UNIT_OF:
        return f"pass Duration.{_UNIT_OF[counted[2]]}({int(counted[1])}), not the text ({_TEXT})"
    number = whole_number(text)
    if number is not None and number >= 0:  # a Duration is never negative (aws-cdk-lib raises)
        return f"pass Duration.{unit}({number}) if {value!r} counts {unit}, not the text ({_TEXT})"
    return None


def iso_duration_seconds(value: object) -> float | None:
    """Seconds of ISO 8601 text as ``Duration.parse`` reads it (``" PT30M"``: 1800); None
    for anything else."""
    match = _ISO.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    days, hours, minutes, seconds = (match[group] for group in (1, 3, 4, 5))
    return (
        float((seconds or "0S")[:-1])
        + 60 * int((minutes or "0M")[:-1])
        + 3600 * int((hours or "0H")[:-1])
        + 86400 * int((days or "0D")[:-1])
    )


def duration_count(value: object, unit: str = "seconds") -> tuple[float, str, str] | None:
    """What a number or text given where a Duration goes counts, as its fix reads it: (the
    count, its unit, what the fix adds after the Duration for text); None for anything
    else (ISO 8601 text, which ``Duration.parse`` reads as given, included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return (float(value), unit, "") if math.isfinite(value) and value >= 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    counted = _COUNTED.fullmatch(text.lower())
    if counted and counted[2] in _UNIT_OF:
        return float(counted[1]), _UNIT_OF[counted[2]], f", not the text ({_TEXT})"
    number = whole_number(text)
    if number is not None and number >= 0:
        return float(number), unit, f" if {value!r} counts {unit}, not the text ({_TEXT})"
    return None


def duration_of_number(value: object, unit: str = "seconds") -> str | None:
    """``pass Duration.seconds(30)`` for the number ``30`` where a Duration goes (a number
    there counts ``unit``); None for True or False, a negative number, NaN or infinity,
    which no Duration is (aws-cdk-lib raises for a negative amount)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or value < 0:
        return None
    # every Duration the library sets is counted in whole units (CloudFormation's seconds,
    # Scheduler's minutes, S3's days): 0.5 is told the 1 that every rule then takes
    return f"pass Duration.{unit}({math.ceil(value)})"


_SIZE_UNITS = {"b": "bytes", "byte": "bytes", "bytes": "bytes", "kib": "kibibytes"}
_SIZE_UNITS |= {"mib": "mebibytes", "gib": "gibibytes"}  # KB and MB: 1000 or 1024? not read


def size_fix(value: object) -> str | None:
    """``pass Size.kibibytes(256)`` for ``"256 KiB"`` (binary units and bytes only)."""
    counted = _COUNTED.fullmatch(value.strip().lower()) if isinstance(value, str) else None
    if counted is None or counted[2] not in _SIZE_UNITS:
        return None
    return f"pass Size.{_SIZE_UNITS[counted[2]]}({int(counted[1])}), not the text ({_TEXT})"


def list_fix(value: str) -> str:
    """The fix for a string where a list of strings goes: a comma-separated one (an
    environment variable's or -c context's way to write a list) split into its items."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    if "," not in value or not items:
        return f"pass [{value!r}]"
    return (
        f"pass {items!r} (value.split(',') with each item stripped), or [{value!r}] if it "
        "is one value"
    )
