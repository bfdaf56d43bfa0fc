"""The numbers a fix names for a queue that deletes a failing message before its last
receive is over (``_receive_retention``): the shortest retention, the most receives and
the longest visibility timeout that move the message to the dead-letter queue with the
oldest-message alarm's wait to spare, each computed from the queue's own settings.

A Duration is written as users write one, in the largest unit that keeps it readable,
and rounded to the safe side: a retention up (``Duration.hours(2)`` for 5400 seconds),
a visibility timeout down (``Duration.minutes(9)`` for 540). Pure logic: no aws_cdk import.
"""

from __future__ import annotations

import math

__all__ = ["longest_visibility", "shortest_retention"]

#: SQS's longest retention (14 days).
MAX_RETENTION_SECONDS = 1209600
_MINUTE, _HOUR, _DAY = 60, 3600, 86400


def shortest_retention(needed: float) -> str | None:
    """``Duration.<unit>(n)``: at least ``needed`` seconds, rounded up to whole minutes up
    to an hour, whole hours up to two days, whole days beyond (at most SQS's 14 days);
    None when SQS keeps no message that long."""
    if needed > MAX_RETENTION_SECONDS:
        return None
    for unit, seconds, up_to in (("minutes", _MINUTE, _HOUR), ("hours", _HOUR, 2 * _DAY)):
        if needed <= up_to:
            return f"Duration.{unit}({max(math.ceil(needed / seconds), 1)})"
    return f"Duration.days({min(math.ceil(needed / _DAY), MAX_RETENTION_SECONDS // _DAY)})"


def longest_visibility(room: float, receives: int) -> str | None:
    """``Duration.<unit>(n)``: at most ``room / receives`` seconds (the time the receives may
    take, shared among them), rounded down to whole hours from two hours, whole minutes
    from a minute, whole seconds below; None when not even a second fits."""
    most = room / receives if receives > 0 else 0
    for unit, seconds, from_ in (("hours", _HOUR, 2 * _HOUR), ("minutes", _MINUTE, _MINUTE)):
        if most >= from_:
            return f"Duration.{unit}({math.floor(most / seconds)})"
    return f"Duration.seconds({math.floor(most)})" if most >= 1 else None
