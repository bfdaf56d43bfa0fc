"""The fix for a number given where a Duration goes, when the number is outside the range
the prop takes: ``max_event_age=30`` (Scheduler takes 60 to 86400 seconds) is told
``Duration.seconds(60)``, not ``Duration.seconds(30)``, which the range rule would then
refuse (two round trips for the user). Pure logic: no aws_cdk import."""

from __future__ import annotations

import math

__all__ = ["fitted_duration_fix"]


def fitted_duration_fix(number: float, unit: str, low: float, high: float) -> str | None:
    """``pass Duration.<unit>(n)`` with ``n`` the whole number of ``unit`` nearest to
    ``number`` from ``low`` to ``high``; None when ``number`` (rounded up to whole ``unit``,
    as the number's own fix says) is in the range already."""
    whole = math.ceil(number)
    if low <= whole <= high:
        return None
    fitted = math.ceil(low) if whole < low else math.floor(high)
    side = "under" if whole < low else "over"
    return (
        f"pass Duration.{unit}({fitted}) ({number:g} {unit} is {side} the {low:g} to "
        f"{high:g} {unit} it takes)"
    )
