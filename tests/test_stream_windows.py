"""``stream_event(..., window=...)``: the event of a StreamWorker with ``tumbling_window``,
as Lambda sends it (the window, the state handed back, the last call's flag), and a
handler that aggregates over it; what Lambda never sends is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from constructs_lib_runtime.stream_batch import process_batch
from constructs_lib_runtime.testing import stream_event, stream_record

START, END = "2026-05-04T09:00:00Z", "2026-05-04T09:01:00Z"


def _reading(pk: str, value: int) -> dict[str, Any]:
    return stream_record(
        "INSERT", {"pk": pk}, new_image={"pk": pk, "value": value}, view_type="NEW_IMAGE"
    )


def aggregate(event: dict[str, Any], context: object) -> dict[str, Any]:
    """A tumbling-window handler: the window's sum, kept in the state Lambda hands back."""
    state = dict(event["state"])

    def add(record: dict[str, Any]) -> None:
        state["sum"] = state.get("sum", 0) + int(record["dynamodb"]["NewImage"]["value"]["N"])

    answer = process_batch(event, add)
    if event["isFinalInvokeForWindow"]:
        state = {"total": state.get("sum", 0)}
    return {**answer, "state": state}


def test_a_window_s_event_carries_what_lambda_adds() -> None:
    record = _reading("r1", 1)
    event = stream_event(record, window=(START, END))
    assert event == {
        "Records": [record],
        "window": {"start": START, "end": END},
        "state": {},
        "shardId": event["shardId"],
        "eventSourceARN": record["eventSourceARN"],
        "isFinalInvokeForWindow": False,
        "isWindowTerminatedEarly": False,
    }
    assert event["shardId"].startswith("shardId-")


def test_the_state_goes_round_the_window_to_its_last_call() -> None:
    first = aggregate(stream_event(_reading("r1", 2), _reading("r2", 3), window=(START, END)), None)
    assert first == {"batchItemFailures": [], "state": {"sum": 5}}
    last = stream_event(_reading("r3", 4), window=(START, END), state=first["state"], final=True)
    assert aggregate(last, None) == {"batchItemFailures": [], "state": {"total": 9}}


def test_datetimes_are_written_as_lambda_writes_times() -> None:
    berlin = timezone(timedelta(hours=2))
    event = stream_event(
        window=(datetime(2026, 5, 4, 11, 0, tzinfo=berlin), datetime(2026, 5, 4, 9, 1, tzinfo=UTC))
    )
    assert event["window"] == {"start": START, "end": END}
    assert event["Records"] == [] and event["eventSourceARN"].endswith(
        "/stream/2026-05-04T09:00:00.000"
    )


def test_the_state_is_a_copy_as_json_carries_it() -> None:
    given = {"sums": {"d-1": 1.5}, "seen": ["a"]}
    event = stream_event(window=(START, END), state=given)
    assert event["state"] == given and event["state"] is not given


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"state": {}},
            TypeError,
            r"state and final are a tumbling window's .*\. Fix: pass window=",
        ),
        ({"final": True}, TypeError, r"state and final are a tumbling window's"),
        (
            {"window": START},
            TypeError,
            r"window is '2026-05-04T09:00:00Z'\. Fix: pass \(start, end\)",
        ),
        (
            {"window": (END, START)},
            ValueError,
            r"window starts at 2026-05-04T09:01:00Z, not before",
        ),
        ({"window": ("09:00", END)}, ValueError, r"window has '09:00', no ISO 8601 time"),
        (
            {"window": (datetime(2026, 5, 4, 9), END)},
            TypeError,
            r"window has datetime\.datetime\(2026, 5, 4, 9, 0\), a time without a time zone",
        ),
        (
            {"window": (START, END), "final": "yes"},
            TypeError,
            r"final is 'yes'\. Fix: pass True or False",
        ),
        ({"window": (START, END), "state": [1]}, TypeError, r"state is \[1\]\. Fix: pass the dict"),
        (
            {"window": (START, END), "state": {"ids": {"a"}}},
            TypeError,
            r"state is no JSON .*keep plain str, int, float, bool, None, list and dict in it",
        ),
    ],
)
def test_what_lambda_never_sends_is_refused(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        stream_event(_reading("r1", 1), **kwargs)


def test_without_a_window_the_event_is_as_before() -> None:
    record = _reading("r1", 1)
    assert stream_event(record) == {"Records": [record]}
