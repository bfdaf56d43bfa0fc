"""The fix for a value given where a Duration goes, when it is outside the range the prop
takes or not whole in the prop's unit: ``max_event_age=30`` (Scheduler takes 60 to 86400
seconds) is told ``Duration.seconds(60)``, not ``Duration.seconds(30)``, which the range
rule would then refuse (two round trips for the user). The same for text read from a
config (``"30s"``; ISO 8601 ``"PT30M"`` is told the ``Duration.parse(...)`` of a value in
the range) and for a Duration in fractions of a second (``Duration.seconds(30.5)``, told
``Duration.seconds(60)``, not the ``31`` the range refuses). Pure logic: no aws_cdk import."""

from __future__ import annotations

import math

from constructs_lib._config_values import CONFIG_TEXT, duration_count, iso_duration_seconds

__all__ = ["fitted_duration_fix", "fitted_value_fix", "iso_duration"]


#: Seconds of each unit a Duration prop's range is counted in.
_SECONDS = {"millis": 0.001, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def fitted_value_fix(
    value: object, given_unit: str, unit: str, low: float, high: float, low_why: str = ""
) -> str | None:
    """The fix for ``value`` (a number or text where a Duration goes, a number counting
    ``given_unit``; or a Duration's fraction of seconds, as a float) naming a Duration from
    ``low`` to ``high`` whole ``unit`` (``low_why``: why the range starts at ``low``, said
    of a value under it); None when the fix it has names one already."""
    seconds = iso_duration_seconds(value)
    if seconds is not None and unit in _SECONDS:
        return _fitted_iso_fix(str(value).strip(), seconds, unit, (low, high), low_why)
    counted = duration_count(value, given_unit)
    if counted is None:
        return None
    count, counted_unit, note = counted
    fix = fitted_duration_fix(count, counted_unit, unit, low, high, low_why)
    return None if fix is None else fix + note


def fitted_duration_fix(
    count: float, given_unit: str, unit: str, low: float, high: float, low_why: str = ""
) -> str | None:
    """``pass Duration.<unit>(n)`` with ``n`` the whole number of ``unit`` nearest to
    ``count`` ``given_unit`` from ``low`` to ``high``; None when it is in the range already
    (rounded up to whole ``unit``, as the number's own fix says, or a whole number in another
    unit) or a unit is unknown."""
    if given_unit not in _SECONDS or unit not in _SECONDS:
        return None
    number = count * _SECONDS[given_unit] / _SECONDS[unit]
    fitted = _fitted(number, low, high)
    if fitted is None or (fitted[1] is None and given_unit == unit):
        return None  # whole, or the count's own fix (rounded up) is whole already
    whole, side = fitted
    why = (
        f"is {_outside(side, low, high, unit, low_why)}"
        if side
        else f"is no whole number of {unit}"
    )
    return f"pass Duration.{unit}({whole}) ({count:g} {given_unit} {why})"


def _outside(side: str, low: float, high: float, unit: str, low_why: str) -> str:
    """``under the 120 to 43200 seconds it takes``, with why it starts there if known."""
    reason = f": {low_why}" if low_why and side == "under" else ""
    return f"{side} the {low:g} to {high:g} {unit} it takes{reason}"


def _fitted_iso_fix(
    text: str, seconds: float, unit: str, bounds: tuple[float, float], low_why: str
) -> str | None:
    """``pass Duration.parse('PT15M')`` for ``'PT30M'`` where 1 to 900 seconds go."""
    low, high = bounds
    fitted = _fitted(seconds / _SECONDS[unit], low, high)
    if fitted is None:
        return None  # in the range and whole: Duration.parse(text) is the fix
    whole, side = fitted
    why = _outside(side, low, high, unit, low_why) if side else f"no whole number of {unit}"
    meant = iso_duration(whole * _SECONDS[unit])
    note = f"({text!r} is {seconds:g} seconds, {why}), not the text ({CONFIG_TEXT})"
    return f"pass Duration.parse({meant!r}) {note}"


def _fitted(number: float, low: float, high: float) -> tuple[int, str | None] | None:
    """The whole count nearest to ``number`` from ``low`` to ``high`` and why it differs
    (``"under"``, ``"over"`` the range, or None: not whole, rounded up); None for a whole
    count in the range."""
    whole = math.ceil(number)
    if low <= whole <= high:
        return None if number == whole else (whole, None)
    return (math.ceil(low), "under") if whole < low else (math.floor(high), "over")


def iso_duration(seconds: float) -> str:
    """``seconds`` in ISO 8601 as ``Duration.parse`` reads it: ``PT15M``, ``P1DT2H``."""
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, whole_seconds = divmod(rest, 60)
    time = "".join(
        f"{count}{letter}"
        for count, letter in ((hours, "H"), (minutes, "M"), (whole_seconds, "S"))
        if count
    )
    if not days and not time:
        return "PT0S"
    return f"P{f'{days}D' if days else ''}{f'T{time}' if time else ''}"
