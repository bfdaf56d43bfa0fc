"""The fix for a number given where a Duration goes, when the number is outside the range
the prop takes: ``max_event_age=30`` (Scheduler takes 60 to 86400 seconds) is told
``Duration.seconds(60)``, not ``Duration.seconds(30)``, which the range rule would then
refuse (two round trips for the user). Pure logic: no aws_cdk import."""

from __future__ import annotations

import math

__all__ = ["fitted_duration_fix"]


#: Seconds of each unit a Duration prop's range is counted in.
_SECONDS = {"millis": 0.001, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def fitted_duration_fix(
    count: float, given_unit: str, unit: str, low: float, high: float
) -> str | None:
    """``pass Duration.<unit>(n)`` with ``n`` the whole number of ``unit`` nearest to
    ``count`` ``given_unit`` from ``low`` to ``high``; None when it is in the range already
    (rounded up to whole ``unit``, as the number's own fix says, or a whole number in another
    unit) or a unit is unknown."""
    if given_unit not in _SECONDS or unit not in _SECONDS:
        return None
    number = count * _SECONDS[given_unit] / _SECONDS[unit]
    whole = math.ceil(number)
    if low <= whole <= high:
        if number == whole or given_unit == unit:  # the count's own fix is whole already
            return None
        return (
            f"pass Duration.{unit}({whole}) ({count:g} {given_unit} is no whole number of {unit})"
        )
    fitted = math.ceil(low) if whole < low else math.floor(high)
    side = "under" if whole < low else "over"
    return (
        f"pass Duration.{unit}({fitted}) ({count:g} {given_unit} is {side} the {low:g} to "
        f"{high:g} {unit} it takes)"
    )
