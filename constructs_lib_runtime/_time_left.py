"""The invocation's time, from Lambda's context: a batch helper given the context starts no
record that might not finish before the function's timeout. A timed-out invocation fails
every record of its batch, those done included: each is received again (an SQS message
then counts one more receive towards the dead-letter queue, however often it succeeded),
while a record left unattempted and reported is simply retried."""

from __future__ import annotations

import numbers
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from constructs_lib_runtime._kinds import kind_of

__all__ = ["RESERVE_MS", "TimeLeft"]

#: What the function keeps for returning the batch's response (and flushing its logs and
#: traces) after its last record.
RESERVE_MS = 500


class TimeLeft:
    """Whether the next record may start: always without a deadline and for the first
    record; otherwise when the time left exceeds the longest record so far by
    :data:`RESERVE_MS`."""

    def __init__(self, context: object) -> None:
        if isinstance(context, (int, float, str, bytes)) or _is_the_method(context):
            # context.get_remaining_time_in_millis() (or the method) passed for the context
            # read as a stand-in's: no deadline, in silence, on Lambda too
            raise TypeError(
                f"process_batch(event, handle, context): context is {context!r:.60}, "
                f"{kind_of(context)}, not Lambda's context object. Fix: pass the handler's second "
                "argument as it is (context, not context.get_remaining_time_in_millis())"
            )
        # A test's stand-in context (Powertools' documented fixture has no such method, a
        # MagicMock's answers no number) sets no deadline: Lambda's context always does
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        self._remaining: Callable[[], object] | None = remaining if callable(remaining) else None
        if self._remaining is not None and self.left_ms() <= 0:
            # no time left as the batch starts is a stand-in's answer, never Lambda's (it
            # ends an invocation at its deadline): Powertools' LambdaContext() answers 0
            self._remaining = None
        self._longest = 0.0
        self._started = False
        self._last_ms = 0.0

    def left_ms(self) -> float:
        """The invocation's time left, in milliseconds, never below 0: infinite without a
        deadline, for an answer that is no number (None, a str, a bool, NaN: a stand-in's)
        or one beyond a float's range (a huge int: more time than any deadline). Any real
        number counts (a ``Decimal``, a ``Fraction``, numpy's numbers: a stand-in computing
        the time left with them), not only an int or a float."""
        left = _read(self._remaining) if self._remaining is not None else None
        if isinstance(left, bool) or not isinstance(left, (numbers.Real, Decimal)):
            return float("inf")  # not a number: a stand-in's answer
        try:
            milliseconds = float(left)
        except OverflowError:  # an int (or Fraction) float() cannot hold, 10**400
            negative: Any = left < 0  # a Real's comparison, typed as its own
            return 0.0 if negative else float("inf")
        except ValueError:  # Decimal("sNaN"), which float() refuses
            return float("inf")
        if milliseconds != milliseconds:
            return float("inf")  # NaN (unequal to itself): a stand-in's answer
        return max(milliseconds, 0.0)  # -5 or -inf: no time left, as 0 is

    def enough(self) -> bool:
        """Whether the next record may start."""
        if not self._started:
            return True
        self._last_ms = self.left_ms()
        return self._last_ms >= self._longest + RESERVE_MS

    def stopped_ms(self) -> int:
        """The time left :meth:`enough` read when it said no, for the log line: read again,
        a stand-in answering in turn (a Mock's ``side_effect`` list) may say something else,
        ``inf`` the int of which was an OverflowError."""
        return int(self._last_ms)

    def run(self, handle: Callable[[Any], object], record: Any) -> object:
        """``handle(record)``, timed."""
        self._started = True
        start = time.monotonic()
        try:
            return handle(record)
        finally:
            self._longest = max(self._longest, (time.monotonic() - start) * 1000)


def _read(remaining: Callable[[], object]) -> object:
    """What the context's ``get_remaining_time_in_millis()`` answers; TypeError with the
    fix when it raises (Lambda's never does: a stand-in's mistake, told before any
    record runs, as the first call is made as the batch starts)."""
    try:
        return remaining()
    except Exception as error:
        raise TypeError(
            "process_batch(event, handle, context): context.get_remaining_time_in_millis() "
            f"raised {kind_of(error)}: {str(error)[:200]}, which Lambda's context "
            "never does. Fix: give a test's stand-in context a get_remaining_time_in_millis() "
            "that takes no argument and returns the milliseconds left (an int), or pass "
            "no context"
        ) from error


def _is_the_method(context: object) -> bool:
    return (
        callable(context) and getattr(context, "__name__", None) == "get_remaining_time_in_millis"
    )
