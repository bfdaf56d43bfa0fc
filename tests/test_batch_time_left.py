"""``process_batch(event, handle, context)``: with Lambda's context, the batch helpers start
no record that might not finish before the function's timeout. The records done are kept
(not reported), the rest reported, so a slow batch makes progress instead of timing out,
which fails every record of it, the ones done too (each SQS message one receive closer to
the dead-letter queue, however often it succeeded; a stream's batch retried whole).

Time is a fake clock: each record "takes" the milliseconds its body names.
"""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace
from typing import Any
from unittest.mock import MagicMock

import pytest
from aws_lambda_powertools.utilities.typing import LambdaContext

from constructs_lib_runtime import _time_left, sqs_batch, stream_batch
from constructs_lib_runtime.testing import sqs_event, sqs_record, stream_event, stream_record
from tests.runtime_fuzz import SEED, case


class Clock:
    """Milliseconds since the invocation started; the context's deadline is ``timeout_ms``."""

    def __init__(self, timeout_ms: int) -> None:
        self.now_ms = 0
        self.timeout_ms = timeout_ms

    def monotonic(self) -> float:
        return self.now_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return self.timeout_ms - self.now_ms


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(timeout_ms=3000)
    monkeypatch.setattr(_time_left, "time", SimpleNamespace(monotonic=clock.monotonic))
    return clock


def _sqs(*takes: int) -> dict[str, Any]:
    return sqs_event(
        *(sqs_record(json.dumps({"ms": ms}), message_id=f"m{i}") for i, ms in enumerate(takes))
    )


def _message_taking(clock: Clock, done: list[str]) -> Any:
    """A message's callback that spends its body's ``ms`` and fails with ``fail``."""

    def handle(record: dict[str, Any]) -> None:
        body = json.loads(record["body"])
        clock.now_ms += body["ms"]
        if body.get("fail"):
            raise ValueError("bad message")
        done.append(record["messageId"])

    return handle


def _change_taking(clock: Clock, done: list[str]) -> Any:
    """A stream record's callback that spends its new image's ``ms``."""

    def handle(record: dict[str, Any]) -> None:
        clock.now_ms += int(record["dynamodb"]["NewImage"]["ms"]["N"])
        done.append(record["dynamodb"]["SequenceNumber"])

    return handle


def _reported(response: dict[str, Any]) -> list[str]:
    return [item["itemIdentifier"] for item in response["batchItemFailures"]]


def test_the_records_a_timeout_would_cut_off_are_reported_and_the_done_ones_kept(
    clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN records of 800 ms each and 3 s to run them
    done: list[str] = []
    event = _sqs(800, 800, 800, 800, 800)
    # WHEN the batch runs with the context
    with caplog.at_level(logging.WARNING, logger="constructs_lib_runtime.sqs_batch"):
        response = sqs_batch.process_batch(event, _message_taking(clock, done), clock)
    # THEN it stops when the next might not finish: the third starts with 1.4 s left (the
    # longest, 0.8 s, and 0.5 s to return fit), the fourth would with 0.6 s: three done and
    # kept, two reported without being attempted, the invocation within its time
    assert done == ["m0", "m1", "m2"]
    assert _reported(response) == ["m3", "m4"]
    assert clock.now_ms <= clock.timeout_ms
    (line,) = [r for r in caplog.records if r.message.startswith("batch stopped before")]
    assert line.levelno == logging.WARNING
    assert (line.messageId, line.remainingMs) == ("m3", 600)  # type: ignore[attr-defined]


def test_without_a_context_or_with_time_enough_every_record_runs(clock: Clock) -> None:
    for context in (None, clock):
        done: list[str] = []
        clock.now_ms = 0
        response = sqs_batch.process_batch(
            _sqs(100, 100, 100), _message_taking(clock, done), context
        )
        assert (done, _reported(response)) == (["m0", "m1", "m2"], [])


def test_the_first_record_runs_however_little_time_is_left(clock: Clock) -> None:
    clock.timeout_ms = 100
    done: list[str] = []
    response = sqs_batch.process_batch(_sqs(50, 50), _message_taking(clock, done), clock)
    assert (done, _reported(response)) == (["m0"], ["m1"])


def test_a_failed_record_and_a_fifo_groups_later_ones_are_reported_once_with_the_rest(
    clock: Clock,
) -> None:
    # GIVEN a FIFO group whose second message fails, then slow ones
    done: list[str] = []
    records = [
        sqs_record(json.dumps(body), message_id=f"m{i}", queue="orders.fifo", group_id=group)
        for i, (body, group) in enumerate(
            [
                ({"ms": 100}, "a"),
                ({"ms": 100, "fail": True}, "a"),
                ({"ms": 100}, "a"),
                ({"ms": 2000}, "b"),
                ({"ms": 100}, "b"),
                ({"ms": 100}, "a"),
            ]
        )
    ]
    response = sqs_batch.process_batch(sqs_event(*records), _message_taking(clock, done), clock)
    # THEN the failure, its group's later records and the ones the clock cut off are
    # reported in order, each once; group b's first is done
    assert done == ["m0", "m3"]
    assert _reported(response) == ["m1", "m2", "m4", "m5"]


@pytest.mark.parametrize(
    "context",
    [
        object(),
        {"get_remaining_time_in_millis": 1},
        MagicMock(),
        SimpleNamespace(get_remaining_time_in_millis=lambda: float("nan")),
        SimpleNamespace(get_remaining_time_in_millis=lambda: True),
        LambdaContext(),
        SimpleNamespace(get_remaining_time_in_millis=lambda: -1),
    ],
    ids=["object", "dict", "MagicMock", "NaN", "bool", "Powertools LambdaContext", "negative"],
)
def test_a_test_stand_in_context_that_gives_no_milliseconds_sets_no_deadline(
    clock: Clock, context: object
) -> None:
    # Powertools' documented context fixture has no get_remaining_time_in_millis, and its
    # LambdaContext() (the type a Powertools handler is annotated with, built bare in tests)
    # answers 0: every record after the first was reported (sweep45)
    done: list[str] = []
    response = sqs_batch.process_batch(
        _sqs(5000, 5000, 5000), _message_taking(clock, done), context
    )
    assert (done, _reported(response)) == (["m0", "m1", "m2"], [])


class _Context:
    def get_remaining_time_in_millis(self) -> int:
        return 3000


@pytest.mark.parametrize(
    "context",
    [3000, 3000.0, "context", _Context().get_remaining_time_in_millis],
    ids=["time left", "float", "str", "the method"],
)
@pytest.mark.parametrize(
    ("batch", "event"),
    [
        (sqs_batch, _sqs(10)),
        (
            stream_batch,
            stream_event(stream_record("INSERT", keys={"pk": "k"}, new_image={"pk": "k"})),
        ),
    ],
    ids=["sqs", "stream"],
)
def test_the_time_left_passed_for_the_context_is_a_type_error_before_any_record(
    context: object, batch: Any, event: dict[str, Any]
) -> None:
    # Proves (bad45): context.get_remaining_time_in_millis() (or the method) passed for the
    # context was read as a test's stand-in: no deadline, in silence, on Lambda too
    done: list[object] = []
    with pytest.raises(TypeError) as raised:
        batch.process_batch(event, done.append, context)
    assert "not Lambda's context object. Fix: pass the handler's second argument as it is" in str(
        raised.value
    )
    assert done == []


def test_a_stream_batch_cut_off_by_the_clock_is_retried_from_the_first_record_not_run(
    clock: Clock,
) -> None:
    done: list[str] = []
    records = [
        stream_record("INSERT", keys={"pk": f"k{i}"}, new_image={"pk": f"k{i}", "ms": 900})
        for i in range(4)
    ]
    event = stream_event(*records)
    numbers = [r["dynamodb"]["SequenceNumber"] for r in event["Records"]]
    response = stream_batch.process_batch(event, _change_taking(clock, done), clock)
    # 3 s: 2.1 s left after one, 1.2 s after two (< 0.9 + 0.5): the third is reported
    assert done == numbers[:2]
    assert _reported(response) == [numbers[2]]
    assert stream_batch.process_batch(event, _change_taking(clock, []), None) == {
        "batchItemFailures": []
    }


def _expected(
    takes: list[tuple[int, bool, str | None]], timeout_ms: int
) -> tuple[list[str], list[str]]:
    """The documented contract, as a model: (done, reported) of a batch whose records take
    ``ms``, fail or not, in a FIFO group or not."""
    done, reported, stopped, now, longest = [], [], set(), 0, -1
    for index, (ms, fails, group) in enumerate(takes):
        message_id = f"m{index}"
        if group in stopped:
            reported.append(message_id)
        elif longest >= 0 and timeout_ms - now < longest + _time_left.RESERVE_MS:
            return done, reported + [f"m{rest}" for rest in range(index, len(takes))]
        else:
            now, longest = now + ms, max(longest, ms)
            if fails:
                reported.append(message_id)
                if group is not None:
                    stopped.add(group)
            else:
                done.append(message_id)
    return done, reported


def test_any_batch_keeps_exactly_the_records_done_and_reports_every_other_once(
    clock: Clock,
) -> None:
    for index in range(300):
        rng = case(SEED, index)
        fifo = rng.random() < 0.5
        takes = [
            (
                rng.choice((0, 50, 400, 900, 2500)),
                rng.random() < 0.2,
                rng.choice("ab") if fifo else None,
            )
            for _ in range(rng.randint(1, 10))
        ]
        clock.now_ms, clock.timeout_ms = 0, rng.choice((100, 1000, 3000, 9000))
        records = [
            sqs_record(
                json.dumps({"ms": ms, "fail": fails}),
                message_id=f"m{i}",
                **({"queue": "orders.fifo", "group_id": group} if group else {}),
            )
            for i, (ms, fails, group) in enumerate(takes)
        ]
        done: list[str] = []
        response = sqs_batch.process_batch(sqs_event(*records), _message_taking(clock, done), clock)
        assert (done, _reported(response)) == _expected(takes, clock.timeout_ms), f"case {index}"
