"""sqs_event and stream_event build only what one event source mapping hands over (payments
trial 43: each of these built silently, a handler's test then passing on an event AWS
never sends): a FIFO queue's message always in a group, one event's messages of one
queue; one table's stream records of its one view type, their keys naming its key
attributes. Legitimate records of the same shapes still build."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.stream_batch import process_batch as process_stream_batch
from constructs_lib_runtime.testing import sqs_event, sqs_record, stream_event, stream_record

LEDGER = {"pk": "PAYMENT#p-1", "sk": "EVENT#e-1"}


def _inserted(keys: dict[str, str], **options: Any) -> dict[str, Any]:
    return stream_record("INSERT", keys, new_image={**keys, "type": "settlement"}, **options)


def _trimmed(record: dict[str, Any]) -> dict[str, Any]:
    change = {k: v for k, v in record["dynamodb"].items() if k not in ("Keys", "StreamViewType")}
    return {**record, "dynamodb": change}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(
            lambda: sqs_record('{"id": "evt_1"}', "m-1", "ledger.fifo"),
            r"^sqs_record: queue 'ledger\.fifo' is a FIFO queue, whose every message "
            r"carries a MessageGroupId \(SQS refuses one without it\)\. Fix: pass the group "
            r"the sender gives, e\.g\. group_id='g-1', or a standard queue's name, "
            r"queue='ledger'$",
            id="a FIFO queue's record without its group",
        ),
        pytest.param(
            lambda: sqs_event(
                sqs_record("{}", "m-1", "ledger", group_id="merchant:m-7"),
                sqs_record("{}", "m-2", "ledger"),  # the group forgotten on this record
            ),
            r"^sqs_event: the records are of 2 queues \(\['arn:aws:sqs:us-east-1:"
            r"123456789012:ledger', 'arn:aws:sqs:us-east-1:123456789012:ledger\.fifo'\]\); "
            r"an event holds the messages of one queue, its event source mapping's\. Fix: "
            r"build them with one queue= \(and group_id= on a FIFO queue\), or one event "
            r"per queue$",
            id="records of two queues",
        ),
        pytest.param(
            lambda: stream_event(_inserted(LEDGER, view_type="NEW_IMAGE"), _inserted(LEDGER)),
            r"^stream_event: the records are of 2 view types \(\['NEW_AND_OLD_IMAGES', "
            r"'NEW_IMAGE'\]\); a table's stream keeps one for all its records\. Fix: build "
            r"them with one view_type= \(the table's stream's\)$",
            id="two view types",
        ),
        pytest.param(
            lambda: stream_event(_inserted({"pk": "PAYMENT#p-1"}), _inserted(LEDGER)),
            r"^stream_event: the records' keys name different attributes \(\[\['pk'\], "
            r"\['pk', 'sk'\]\]\); each record's Keys are the table's partition key \(and "
            r"sort key\), the same for every item\. Fix: pass every key attribute in each "
            r"stream_record's keys$",
            id="two key schemas",
        ),
    ],
)
def test_what_no_queue_or_stream_hands_over_is_refused(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build()


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


@pytest.mark.parametrize(
    "records",
    [
        pytest.param(
            [
                _inserted(LEDGER, view_type="NEW_IMAGE"),
                _inserted({"pk": "PAYMENT#p-2", "sk": "EVENT#e-9"}, view_type="NEW_IMAGE"),
            ],
            id="one view type, one key schema, other items",
        ),
        pytest.param(
            [
                _inserted(LEDGER),
                stream_record("MODIFY", LEDGER, new_image=LEDGER, old_image=LEDGER),
                stream_record("REMOVE", LEDGER, old_image=LEDGER),
            ],
            id="every kind of change of one item",
        ),
        pytest.param(
            [_inserted(LEDGER), _trimmed(_inserted({"pk": "PAYMENT#p-3", "sk": "EVENT#e-3"}))],
            id="a record trimmed by hand of its keys and view type",
        ),
    ],
)
def test_records_of_one_table_still_build(records: list[dict[str, Any]]) -> None:
    event = stream_event(*records)
    assert event["Records"] == records
    assert process_stream_batch(event, lambda record: None) == {"batchItemFailures": []}
