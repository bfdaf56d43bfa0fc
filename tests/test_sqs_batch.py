"""constructs_lib_runtime.sqs_batch: the partial batch response of every record (FIFO
groups stopped at their first failure, malformed batches refused before any work, no
record lost to an exception of any kind), and json_body's one error type.

The FIFO spec plays Lambda's event source mapping against a moto queue: it receives real
messages, calls process_batch with them as SQS records, deletes what was not reported
and makes the reported ones visible again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import orders_worker
import pytest
from moto import mock_aws

from constructs_lib_runtime.sqs_batch import MalformedBatchError, json_body, process_batch
from tests.moto_support import fake_aws, quick_sqs_clock
from tests.support import mypy_strict

MAX_RECEIVE_COUNT = 3


def test_process_batch_on_fifo_without_group_ids_fails_the_rest_after_a_failure() -> None:
    # GIVEN a FIFO batch without MessageGroupIds (one group) whose second record fails
    arn = "arn:aws:sqs:us-east-1:123456789012:q.fifo"
    records = [{"messageId": str(i), "body": str(i), "eventSourceARN": arn} for i in range(4)]

    def handle(record: dict[str, Any]) -> None:
        if record["body"] == "1":
            raise ValueError("boom")

    # THEN later records are reported too, to keep the group's order
    result = process_batch({"Records": records}, handle)
    assert result == {"batchItemFailures": [{"itemIdentifier": i} for i in ("1", "2", "3")]}


# --- process_batch on FIFO queues: only the failed message group stops ---------------------

GROUPS = ("A", "B", "C")
# 12 batches of 10, the poison in the middle of its group. Not more: moto counts a queue's
# messages on every call, so its time grows with the square of the queue's length.
PER_GROUP = 40
POISON = "A-017"


@pytest.fixture
def sqs_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    fake_aws(monkeypatch)
    quick_sqs_clock(monkeypatch)  # 120 messages: moto's own clock was 3/4 of the test's CPU
    with mock_aws():
        yield boto3.client("sqs")


@pytest.fixture
def fifo(sqs_client: Any) -> dict[str, Any]:
    """A FIFO queue with a FIFO dead-letter queue, as QueueWorker(fifo=True) creates them."""
    sqs = sqs_client
    dlq_url = sqs.create_queue(QueueName="orders-dlq.fifo", Attributes={"FifoQueue": "true"})[
        "QueueUrl"
    ]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    queue_url = sqs.create_queue(
        QueueName="orders.fifo",
        Attributes={
            "FifoQueue": "true",
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVE_COUNT)}
            ),
        },
    )["QueueUrl"]
    arn = dlq_arn.replace("orders-dlq.fifo", "orders.fifo")
    return {"sqs": sqs, "queue_url": queue_url, "dlq_url": dlq_url, "arn": arn}


def _drain_fifo(fifo: dict[str, Any], handle: Any) -> None:
    """Plays Lambda's FIFO event source mapping until the queue is empty."""
    sqs = fifo["sqs"]
    for _ in range(1000):
        messages = sqs.receive_message(
            QueueUrl=fifo["queue_url"], MaxNumberOfMessages=10, AttributeNames=["All"]
        ).get("Messages", [])
        if not messages:
            return
        event = {
            "Records": [
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": m["Attributes"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": fifo["arn"],
                }
                for m in messages
            ]
        }
        failed = {f["itemIdentifier"] for f in process_batch(event, handle)["batchItemFailures"]}
        # As Lambda does: the reported messages become visible again, the rest are deleted
        for m in messages:
            if m["MessageId"] in failed:
                sqs.change_message_visibility(
                    QueueUrl=fifo["queue_url"],
                    ReceiptHandle=m["ReceiptHandle"],
                    VisibilityTimeout=0,
                )
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            sqs.delete_message_batch(
                QueueUrl=fifo["queue_url"],
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)
                ],
            )
    raise AssertionError("the queue did not drain")


@pytest.mark.slow  # 120 messages through moto
def test_fifo_poison_message_stops_only_its_own_message_group(fifo: dict[str, Any]) -> None:
    # GIVEN 3 message groups x 40 messages, interleaved, one poison message in group A
    sqs = fifo["sqs"]
    bodies = [f"{group}-{index:03d}" for index in range(PER_GROUP) for group in GROUPS]
    for start in range(0, len(bodies), 10):
        sqs.send_message_batch(
            QueueUrl=fifo["queue_url"],
            Entries=[
                {
                    "Id": body,
                    "MessageBody": body,
                    "MessageGroupId": body[0],
                    "MessageDeduplicationId": body,
                }
                for body in bodies[start : start + 10]
            ],
        )
    attempted: list[str] = []
    stored: list[str] = []

    def handle(record: dict[str, Any]) -> None:
        attempted.append(record["body"])
        if record["body"] == POISON:
            raise ValueError("poison")
        stored.append(record["body"])

    # WHEN the worker drains the queue
    _drain_fifo(fifo, handle)

    # THEN every message of the other groups was processed, in order, and none dead-lettered
    dead: list[str] = []
    while batch := sqs.receive_message(QueueUrl=fifo["dlq_url"], MaxNumberOfMessages=10).get(
        "Messages"
    ):
        dead += [m["Body"] for m in batch]
        for m in batch:
            sqs.delete_message(QueueUrl=fifo["dlq_url"], ReceiptHandle=m["ReceiptHandle"])
    unattempted_dead = [b for b in dead if b not in attempted]
    assert [b for b in dead if not b.startswith("A-")] == [], unattempted_dead
    for group in ("B", "C"):
        assert [b for b in stored if b.startswith(group)] == [
            f"{group}-{i:03d}" for i in range(PER_GROUP)
        ]
    # AND group A kept its order: the poison and the messages received with it after it are
    # dead-lettered together (one run from the poison on); the rest is stored in order
    first = int(POISON[2:])
    assert sorted(dead) == [f"A-{i:03d}" for i in range(first, first + len(dead))]
    assert [b for b in stored if b.startswith("A-")] == [
        f"A-{i:03d}" for i in range(PER_GROUP) if f"A-{i:03d}" not in dead
    ]


def _fifo_record(message_id: str, group: str) -> dict[str, Any]:
    return {
        "messageId": message_id,
        "body": message_id,
        "attributes": {"MessageGroupId": group},
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q.fifo",
    }


def test_fifo_failure_skips_later_records_of_its_group_only() -> None:
    # GIVEN a FIFO batch of two groups whose first group-g1 record fails
    records = [_fifo_record(f"{g}{i}", g) for i in range(3) for g in ("g1-", "g2-")]
    attempted: list[str] = []

    def handle(record: dict[str, Any]) -> None:
        attempted.append(record["messageId"])
        if record["messageId"] == "g1-0":
            raise ValueError("boom")

    # WHEN processed
    result = process_batch({"Records": records}, handle)

    # THEN g1's later records are reported without being attempted; g2 is processed
    assert result == {"batchItemFailures": [{"itemIdentifier": f"g1-{i}"} for i in range(3)]}
    assert attempted == ["g1-0", "g2-0", "g2-1", "g2-2"]


def test_standard_queue_failure_does_not_skip_later_records() -> None:
    arn = "arn:aws:sqs:us-east-1:123456789012:q"
    records = [{"messageId": str(i), "body": str(i), "eventSourceARN": arn} for i in range(3)]
    attempted: list[str] = []

    def handle(record: dict[str, Any]) -> None:
        attempted.append(record["body"])
        if record["body"] == "0":
            raise ValueError("boom")

    assert process_batch({"Records": records}, handle) == {
        "batchItemFailures": [{"itemIdentifier": "0"}]
    }
    assert attempted == ["0", "1", "2"]


@pytest.mark.parametrize("handle", [None, "handle_order"])
def test_a_handle_that_is_no_function_fails_before_any_record(handle: object) -> None:
    # Proves (webhook trial's left-alone list): process_batch(event, None) reported every
    # record as failed (a TypeError each, logged per record), as if the records were bad
    records = [{"messageId": "1", "body": "1"}]
    with pytest.raises(TypeError, match=r"handle is (None|a str), not a function taking"):
        process_batch({"Records": records}, handle)  # type: ignore[arg-type]


async def _store_async(record: dict[str, Any]) -> None:
    raise AssertionError("never awaited, so never seen")


def _store_yielding(record: dict[str, Any]) -> Iterator[None]:
    raise AssertionError("never iterated, so never seen")
    yield


@pytest.mark.parametrize(
    ("handle", "kind"), [(_store_async, "an async"), (_store_yielding, "a generator")]
)
def test_an_async_or_generator_handle_fails_before_any_record(handle: Any, kind: str) -> None:
    # Proves (runtime trial): an `async def` callback returned a coroutine that never ran,
    # counted as a success: every message was deleted unhandled (a RuntimeWarning only)
    with pytest.raises(TypeError, match=rf"handle is {kind} function, whose body would never"):
        process_batch({"Records": [{"messageId": "1", "body": "1"}]}, handle)


@pytest.mark.parametrize("make", [_store_async, _store_yielding])
def test_a_call_returning_a_coroutine_or_generator_fails_its_record(
    make: Any, recwarn: pytest.WarningsRecorder
) -> None:
    # GIVEN a lambda hiding an async (or generator) function, and a plain one beside it
    records = [{"messageId": str(i), "body": str(i)} for i in range(3)]
    stored: list[str] = []

    def handle(record: dict[str, Any]) -> object:
        if record["body"] == "1":
            return make(record)
        stored.append(record["body"])
        return {"ResponseMetadata": {}}  # a boto3 answer: any other value is ignored

    # WHEN processed THEN only the record whose work never ran is reported, and closed
    result = process_batch({"Records": records}, handle)
    assert result == {"batchItemFailures": [{"itemIdentifier": "1"}]}
    assert stored == ["0", "2"]
    assert not [w for w in recwarn if "never awaited" in str(w.message)]


@pytest.mark.parametrize(
    ("record", "shown"),
    [
        ({"body": "1"}, "None"),
        ({"messageId": "", "body": "1"}, "''"),
        ({"messageId": 42, "body": "1"}, "42"),
        ("not a record", "None"),
    ],
)
def test_a_record_without_message_id_fails_the_whole_batch_before_any_work(
    record: Any, shown: str, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN a batch whose second record has no usable messageId (SQS never sends that)
    attempted: list[str] = []

    # WHEN processed THEN a clear error fails the whole batch (SQS retries all of it) ...
    with pytest.raises(
        MalformedBatchError, match=rf"^record 1 of the batch has no messageId \(got {shown}\)"
    ):
        process_batch(
            {"Records": [{"messageId": "m-0", "body": "0"}, record]},
            lambda r: attempted.append(r["body"]),
        )
    # ... before any record was attempted (no side effect runs twice), and it is logged
    assert attempted == []
    assert "record 1 of the batch has no messageId" in caplog.text


@pytest.mark.parametrize(
    "event",
    [None, [], "Records", {"Records": None}, {"Records": "m-0"}, {"Records": 5}],
    ids=repr,
)
def test_an_event_that_is_not_an_sqs_event_fails_the_whole_batch_before_any_work(
    event: Any,
) -> None:
    # Proves (fuzz): a malformed *event* is the documented MalformedBatchError, not an
    # AttributeError/TypeError (a string's characters were taken for records)
    with pytest.raises(MalformedBatchError, match=r"^the event is not an SQS event"):
        process_batch(event, lambda record: pytest.fail("no record is attempted"))


@pytest.mark.parametrize("group", [["A"], {"id": "A"}, 7, None])
def test_a_fifo_group_id_that_is_not_a_string_counts_as_the_no_group_group(group: Any) -> None:
    # Proves (fuzz): an unhashable MessageGroupId (a list) raised TypeError in the middle of
    # the batch, after records were handled: SQS then re-ran the whole batch
    records = [_fifo_record("m-0", "A"), _fifo_record("m-1", "A"), _fifo_record("m-2", "A")]
    records[1]["attributes"]["MessageGroupId"] = group
    records[2]["attributes"]["MessageGroupId"] = group
    attempted: list[str] = []

    def handle(record: dict[str, Any]) -> None:
        attempted.append(record["messageId"])
        if record["messageId"] == "m-1":
            raise ValueError("boom")

    # THEN m-1 fails and stops its (no-string-id) group only: m-2 waits, m-0 succeeded once
    result = process_batch({"Records": records}, handle)
    assert result == {"batchItemFailures": [{"itemIdentifier": "m-1"}, {"itemIdentifier": "m-2"}]}
    assert attempted == ["m-0", "m-1"]


class _UserStop(BaseException):
    pass


@pytest.mark.parametrize(
    "error", [SystemExit(1), GeneratorExit(), _UserStop()], ids=lambda e: type(e).__name__
)
def test_a_base_exception_stops_the_batch_reporting_its_record_and_the_rest(
    error: BaseException,
) -> None:
    # Proves (fuzz): a BaseException (sys.exit() in a callback) escaped process_batch after
    # m-0 was stored: the invocation failed and SQS re-ran m-0 and every other record
    records = [{"messageId": f"m-{i}", "body": str(i)} for i in range(4)]
    attempted: list[str] = []

    def handle(record: dict[str, Any]) -> None:
        attempted.append(record["messageId"])
        if record["messageId"] == "m-1":
            raise error

    result = process_batch({"Records": records}, handle)
    assert result == {"batchItemFailures": [{"itemIdentifier": f"m-{i}"} for i in (1, 2, 3)]}
    assert attempted == ["m-0", "m-1"]


def test_keyboard_interrupt_is_not_caught() -> None:
    def handle(record: dict[str, Any]) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        process_batch({"Records": [{"messageId": "m-0", "body": "0"}]}, handle)


def test_records_sharing_a_message_id_are_reported_once() -> None:
    # Proves (fuzz): the failure of two records with one messageId was listed twice in
    # batchItemFailures
    records = [{"messageId": "m-0", "body": "0"}, {"messageId": "m-0", "body": "1"}]

    def handle(record: dict[str, Any]) -> None:
        raise ValueError("boom")

    assert process_batch({"Records": records}, handle) == {
        "batchItemFailures": [{"itemIdentifier": "m-0"}]
    }


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            {"messageId": "m"},
            "^the record's body is not a string \\(got None\\)\\. Fix: pass each record ",
        ),
        (
            {"messageId": "m", "body": 5},
            "^the record's body is not a string \\(got an int\\)\\. Fix: pass each record ",
        ),
        (
            {"messageId": "m", "body": "[" * 100_000},
            r"^the record's body is nested too deeply \(more than 100 levels\)\. Fix: send JSON "
            r"nested at most 100 levels deep$",
        ),
        # runtime52: json's own error (still a JSONDecodeError) names the body and its fix
        (
            {"messageId": "m", "body": "{"},
            "^the record's body is not JSON: Expecting property name .* at line 1, column 2\\. "
            "Fix: send the message body as JSON text",
        ),
        # Proves (user trial): NaN and Infinity were parsed (Python's extensions), though
        # the README promises ValueError for any body that is not JSON
        ({"messageId": "m", "body": '{"a": NaN}'}, "^the record's body is not JSON: NaN is"),
        ({"messageId": "m", "body": "-Infinity"}, "^the record's body is not JSON: -Infinity"),
    ],
)
def test_json_body_raises_value_error_for_any_malformed_body(
    record: dict[str, Any], message: str
) -> None:
    # Proves (fuzz): json_body raised KeyError, TypeError or RecursionError, which
    # orders_worker.parse_order (catching ValueError, as documented) did not turn into
    # InvalidOrder, so the rejected order was not logged with its reason
    with pytest.raises(ValueError, match=message):
        json_body(record)
    if "body" in record and isinstance(record["body"], str):
        # the order's reason: json's own error is "body is not JSON", the helper's says why
        reason = r"^body is not JSON$" if "Expecting" in message else message
        with pytest.raises(orders_worker.InvalidOrder, match=reason):
            orders_worker.parse_order(record)


def test_process_batch_accepts_dict_typed_callbacks_under_mypy_strict(tmp_path: Any) -> None:
    # GIVEN handler code whose callback takes dict[str, Any], as most handler code does
    source = tmp_path / "handler.py"
    source.write_text(
        "from typing import Any\n"
        "from constructs_lib_runtime.sqs_batch import process_batch\n\n"
        "def store(record: dict[str, Any]) -> None: ...\n\n"
        "def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:\n"
        "    return process_batch(event, store)\n"
    )
    # WHEN mypy --strict checks it THEN there is no error
    out, status = mypy_strict(source, tmp_path / "cache")
    assert status == 0, out
