"""Runtime helpers' papercuts (runtime52): the batch helpers read any number a test's
stand-in context answers, and a stand-in whose method fails is a TypeError saying the fix.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

import pytest

from constructs_lib_runtime import (
    sqs_batch,
    stream_batch,
)
from constructs_lib_runtime.testing import (
    sqs_event,
    sqs_record,
    stream_event,
    stream_record,
)

# --- a test's stand-in context: any number it answers, or the fix ---------------------


def _context(*answers: object) -> SimpleNamespace:
    """A stand-in whose get_remaining_time_in_millis() answers each of ``answers`` in turn
    (the last one from then on)."""
    left = list(answers)
    return SimpleNamespace(
        get_remaining_time_in_millis=lambda: left.pop(0) if len(left) > 1 else left[0]
    )


def _three_records() -> dict[str, Any]:
    return sqs_event(*(sqs_record("{}", message_id=f"m{n}") for n in range(3)))


@pytest.mark.parametrize(
    "answer",
    [10**400, 2**70, float("inf"), None, "3000", -(10**400), float("-inf"), -5],
    ids=["huge int", "big int", "inf", "None", "str", "huge negative", "-inf", "negative"],
)
def test_a_stand_in_answering_a_huge_or_odd_number_runs_every_record(answer: object) -> None:
    # Proves: 10**400 (an int no float holds) was an OverflowError from process_batch
    # before any record ran; the rest kept their documented reading: no deadline
    done: list[str] = []
    response = sqs_batch.process_batch(
        _three_records(), lambda record: done.append(record["messageId"]), _context(answer)
    )
    assert (done, response) == (["m0", "m1", "m2"], {"batchItemFailures": []})


@pytest.mark.parametrize("answer", [float("-inf"), -(10**400), -5, 0.0])
def test_no_time_left_during_the_batch_reports_the_rest_with_remaining_ms_zero(
    answer: object, caplog: pytest.LogCaptureFixture
) -> None:
    # Proves: -inf (or an int no float holds) in the batch was an OverflowError from the
    # log line's int(remaining), after the first record ran: the whole batch came back
    done: list[str] = []
    with caplog.at_level(logging.WARNING):
        response = sqs_batch.process_batch(
            _three_records(),
            lambda record: done.append(record["messageId"]),
            _context(60_000, answer),
        )
    assert done == ["m0"]
    assert response == {"batchItemFailures": [{"itemIdentifier": "m1"}, {"itemIdentifier": "m2"}]}
    [line] = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert line.remainingMs == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("batch", ["sqs", "stream"])
def test_a_stand_in_answering_in_turn_is_logged_with_the_time_that_stopped_the_batch(
    batch: str, caplog: pytest.LogCaptureFixture
) -> None:
    # Proves (a local fuzz of stand-in contexts, seed 5252): the log line asked the
    # context again, and a Mock-like stand-in answering in turn (no time left, then None)
    # gave inf there: int(inf) was an OverflowError after the first record had run
    context = _context(60_000, 100, None)
    with caplog.at_level(logging.WARNING):
        if batch == "sqs":
            response = sqs_batch.process_batch(_three_records(), lambda record: None, context)
        else:
            changes = [
                stream_record("INSERT", {"pk": f"k{n}"}, new_image={"pk": f"k{n}"})
                for n in range(3)
            ]
            response = stream_batch.process_batch(
                stream_event(*changes), lambda record: None, context
            )
    # the records not run (a stream's batch is retried from its first one not run)
    assert len(response["batchItemFailures"]) == (2 if batch == "sqs" else 1)
    [line] = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert line.remainingMs == 100  # type: ignore[attr-defined]


def test_a_stand_in_answering_a_float_keeps_the_deadline() -> None:
    # 1.5 ms left: the first record runs (as always), the others would not finish
    done: list[str] = []
    response = sqs_batch.process_batch(
        _three_records(), lambda record: done.append(record["messageId"]), _context(1.5)
    )
    assert done == ["m0"]
    assert [item["itemIdentifier"] for item in response["batchItemFailures"]] == ["m1", "m2"]


class _Raising:
    def get_remaining_time_in_millis(self) -> int:
        raise RuntimeError("not configured")


class _TakingAnArgument:
    def get_remaining_time_in_millis(self, unit: str) -> int:
        return 3000


@pytest.mark.parametrize("context", [_Raising(), _TakingAnArgument()], ids=["raises", "arg"])
@pytest.mark.parametrize(
    ("batch", "event"),
    [
        (sqs_batch, sqs_event(sqs_record("{}"))),
        (stream_batch, stream_event(stream_record("INSERT", {"pk": "k"}, new_image={"pk": "k"}))),
    ],
    ids=["sqs", "stream"],
)
def test_a_stand_in_whose_method_fails_is_a_type_error_saying_the_fix_before_any_record(
    context: object, batch: Any, event: dict[str, Any]
) -> None:
    # Proves: its own exception (RuntimeError, a TypeError about a missing argument)
    # escaped process_batch, naming neither the context nor what to give it
    done: list[object] = []
    with pytest.raises(TypeError) as raised:
        batch.process_batch(event, done.append, context)
    message = str(raised.value)
    assert message.startswith(
        "process_batch(event, handle, context): context.get_remaining_time_in_millis() raised "
    )
    assert message.endswith(
        "Fix: give a test's stand-in context a get_remaining_time_in_millis() that takes no "
        "argument and returns the milliseconds left (an int), or pass no context"
    )
    assert done == []
