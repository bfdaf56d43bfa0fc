"""constructs_lib_runtime.testing's sqs_record for SQS fair queues: a standard queue whose
senders pass a MessageGroupId (``fifo=False``) carries the group and nothing of FIFO's,
process_batch does not hold its group back, and the calls made before ``fifo=`` existed
keep building a FIFO queue's record."""

from __future__ import annotations

from typing import Any

import pytest

from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.testing import sqs_event, sqs_record

FIFO_ONLY = {"SequenceNumber", "MessageDeduplicationId"}


def test_a_fair_queue_record_carries_its_group_and_nothing_of_fifo() -> None:
    # GIVEN a tenant's message on a standard queue (SQS fair queues)
    record = sqs_record("{}", "m-1", "jobs", group_id="tenant-a", fifo=False)
    # THEN it is a standard queue's record with the sender's group
    assert record["eventSourceARN"].endswith(":jobs")
    assert record["attributes"]["MessageGroupId"] == "tenant-a"
    assert not FIFO_ONLY & record["attributes"].keys()
    # and the same without the group but for the attribute
    plain = sqs_record("{}", "m-1", "jobs")
    assert {**plain["attributes"], "MessageGroupId": "tenant-a"} == record["attributes"]
    assert {k: v for k, v in record.items() if k != "attributes"} == {
        k: v for k, v in plain.items() if k != "attributes"
    }


def test_a_failure_on_a_fair_queue_holds_up_no_later_message_of_its_group() -> None:
    # GIVEN two messages of one tenant on a fair queue, the first failing
    event = sqs_event(
        *(sqs_record(f"a{i}", f"a{i}", "jobs", group_id="a", fifo=False) for i in range(2))
    )
    attempted: list[str] = []

    def handle(record: dict[str, Any]) -> None:
        attempted.append(record["body"])
        if record["body"] == "a0":
            raise ValueError("boom")

    # THEN only the failed one is reported: a fair queue promises no order in a group
    assert process_batch(event, handle) == {"batchItemFailures": [{"itemIdentifier": "a0"}]}
    assert attempted == ["a0", "a1"]


def test_a_group_without_fifo_still_builds_a_fifo_queues_record() -> None:
    # the calls written before fifo= existed: the same record as with fifo=True
    before = sqs_record("{}", "m-1", "ledger", group_id="g")
    given = sqs_record("{}", "m-1", "ledger", group_id="g", fifo=True)
    assert before["eventSourceARN"].endswith(":ledger.fifo")
    assert before["attributes"].keys() >= FIFO_ONLY
    assert before["attributes"]["MessageDeduplicationId"] == "m-1"
    del before["attributes"]["SequenceNumber"], given["attributes"]["SequenceNumber"]
    assert before == given


def test_a_given_sequence_number_draws_none_of_the_process() -> None:
    def number(**given: str) -> int:
        record = sqs_record("{}", "m-1", "l.fifo", group_id="g", **given)
        return int(record["attributes"]["SequenceNumber"])

    first = number()
    assert number(sequence_number="100") == 100
    assert number() == first + 1


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        pytest.param(
            lambda: sqs_record("{}", fifo=True),
            ValueError,
            r"^sqs_record: fifo=True without group_id; SQS refuses a message to a FIFO queue "
            r"without a MessageGroupId\. Fix: pass the group the sender gives, e\.g\. "
            r"group_id='g-1'$",
            id="a FIFO record without a group",
        ),
        pytest.param(
            lambda: sqs_record("{}", queue="jobs.fifo", group_id="g", fifo=False),
            ValueError,
            r"^sqs_record: queue 'jobs\.fifo' is a FIFO queue .*but fifo=False builds a "
            r"standard queue's record\. Fix: pass a standard queue's name, queue='jobs', or "
            r"leave fifo out$",
            id="a fair queue's record on a FIFO queue's name",
        ),
        pytest.param(
            lambda: sqs_record("{}", group_id="g", fifo=False, deduplication_id="d-1"),
            ValueError,
            r"^sqs_record: deduplication_id is given with fifo=False; a fair queue's messages "
            r"carry their MessageGroupId but no MessageDeduplicationId.*Fix: leave "
            r"deduplication_id out, or leave fifo out",
            id="a deduplication id on a fair queue",
        ),
        pytest.param(
            lambda: sqs_record("{}", group_id="g", fifo=False, sequence_number="1"),
            ValueError,
            r"^sqs_record: sequence_number is given with fifo=False; .*no SequenceNumber",
            id="a sequence number on a fair queue",
        ),
        pytest.param(
            lambda: sqs_record("{}", group_id="g", fifo="no"),
            TypeError,
            r"^sqs_record: fifo is a str\. Fix: pass fifo=True .*or fifo=False",
            id="fifo as text",
        ),
        pytest.param(
            lambda: sqs_record("{}", group_id="g x", fifo=False),
            ValueError,
            r"^sqs_record: group_id 'g x' is none SQS takes",
            id="a group id SQS refuses, on a fair queue too",
        ),
    ],
)
def test_a_record_no_queue_sends_is_refused_naming_the_argument(
    build: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        build()
