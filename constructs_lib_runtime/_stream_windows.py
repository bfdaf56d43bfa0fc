"""A tumbling window's part of a StreamWorker's event (Lambda's streaming analytics), for
:func:`constructs_lib_runtime.testing.stream_event`: the window, the state the function
returned with the window's previous batch, and whether this call is its last."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from constructs_lib_runtime._times import aws_time, utc_instant

__all__ = ["window_fields"]

_SHARD = "shardId-00000001777885200000-00000001"
_EXAMPLE = "'2026-05-04T09:00:00Z'"


def window_fields(window: object, state: object, final: object, stream_arn: str) -> dict[str, Any]:
    """The fields Lambda adds to the event of a mapping with a tumbling window."""
    if not isinstance(final, bool):
        raise TypeError(f"stream_event: final is {final!r}. Fix: pass True or False")
    start, end = _window(window)
    return {
        "window": {"start": start, "end": end},
        "state": _state(state),
        "shardId": _SHARD,
        "eventSourceARN": stream_arn,
        "isFinalInvokeForWindow": final,
        "isWindowTerminatedEarly": False,
    }


def _window(window: object) -> tuple[str, str]:
    """The window's start and end as Lambda writes them (UTC, ``Z``), start before end."""
    if not isinstance(window, tuple | list) or len(window) != 2:
        raise TypeError(
            f"stream_event: window is {window!r}. Fix: pass (start, end), e.g. "
            '("2026-05-04T09:00:00Z", "2026-05-04T09:01:00Z")'
        )
    start, end = (
        utc_instant("stream_event", "window has", value, _EXAMPLE).replace(microsecond=0)
        for value in window
    )
    if start >= end:
        raise ValueError(
            f"stream_event: window starts at {aws_time(start)}, not before its end {aws_time(end)}"
        )
    return aws_time(start), aws_time(end)


def _state(state: object) -> dict[str, Any]:
    """A copy of ``state`` as Lambda hands it back: JSON (a Decimal or a set the function
    put there would fail on Lambda, which serializes the state it returns)."""
    if state is None:
        return {}
    if not isinstance(state, Mapping):
        raise TypeError(
            f"stream_event: state is {state!r}. Fix: pass the dict the function returned"
        )
    try:
        return dict(json.loads(json.dumps(dict(state))))
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"stream_event: state is no JSON ({error}); Lambda carries a window's state as "
            "JSON. Fix: keep plain str, int, float, bool, None, list and dict in it"
        ) from None
