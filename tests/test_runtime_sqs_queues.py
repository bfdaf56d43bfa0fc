"""sqs_record and sqs_event build only what a queue's event source mapping hands over: a
FIFO queue's message always in a group, and one event's records of one queue (payments
trial 43: a `.fifo` record without a group, and records of two queues in one event, built
silently, and a FIFO worker's test then ran on events SQS never sends). Legitimate
records of the same shapes still build."""

from __future__ import annotations

import pytest

from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.testing import sqs_event, sqs_record


def test_a_fifo_queues_record_without_its_group_is_refused_naming_the_fix() -> None:
    with pytest.raises(
        ValueError,
        match=r"^sqs_record: queue 'ledger\.fifo' is a FIFO queue, whose every message "
        r"carries a MessageGroupId \(SQS refuses one without it\)\. Fix: pass the group the "
        r"sender gives, e\.g\. group_id='g-1', or a standard queue's name, queue='ledger'$",
    ):
        sqs_record('{"id": "evt_1"}', "m-1", "ledger.fifo")


def test_records_of_two_queues_in_one_event_are_refused() -> None:
    with pytest.raises(
        ValueError,
        match=r"^sqs_event: the records are of 2 queues \(\['arn:aws:sqs:us-east-1:"
        r"123456789012:ledger', 'arn:aws:sqs:us-east-1:123456789012:ledger\.fifo'\]\); an "
        r"event holds the messages of one queue, its event source mapping's\. Fix: build "
        r"them with one queue= \(and group_id= on a FIFO queue\), or one event per queue$",
    ):
        sqs_event(
            sqs_record("{}", "m-1", "ledger", group_id="merchant:m-7"),
            sqs_record("{}", "m-2", "ledger"),  # the group forgotten on the second record
        )


@pytest.mark.parametrize(
    ("records", "queue"),
    [
        pytest.param(
            [sqs_record("{}", "m-1", "ledger.fifo", group_id="merchant:m-7")],
            "ledger.fifo",
            id="a FIFO queue's record with its group",
        ),
        pytest.param(
            [
                sqs_record("{}", "m-1", "ledger", group_id="g"),
                sqs_record("{}", "m-2", "ledger.fifo", group_id="h"),
            ],
            "ledger.fifo",
            id="one FIFO queue named with and without its suffix",
        ),
        pytest.param(
            [sqs_record("{}", "m-1", "fifo"), sqs_record("{}", "m-2", "fifo")],
            "fifo",
            id="a standard queue named fifo",
        ),
        pytest.param(
            [sqs_record("{}", "m-1"), {"messageId": "m-2", "body": "{}"}],
            "uploads",
            id="a record built by hand without its queue's ARN",
        ),
    ],
)
def test_records_of_one_queue_still_build(records: list[dict[str, object]], queue: str) -> None:
    event = sqs_event(*records)
    assert event["Records"] == records
    assert event["Records"][0]["eventSourceARN"].endswith(f":{queue}")
    assert process_batch(event, lambda record: None) == {"batchItemFailures": []}
