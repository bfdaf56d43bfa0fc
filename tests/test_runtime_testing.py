"""constructs_lib_runtime.testing: the events a handler's tests build are the ones AWS sends,
and drive the helpers as real ones do."""

from __future__ import annotations

import json
from typing import Any

from constructs_lib_runtime.s3_events import for_each_s3_object, s3_objects
from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.testing import (
    object_created_body,
    s3_test_event_body,
    sqs_event,
    sqs_record,
)


def test_an_object_key_is_sent_url_encoded_and_read_back_decoded() -> None:
    # GIVEN a key with a space, a plus sign and a non-ASCII letter
    body = object_created_body("uploads", "in/q1 été+tax.csv", size=3, version_id="v1")
    # THEN the message holds it as S3 sends it, and s3_objects gives it back
    (record,) = json.loads(body)["Records"]
    assert record["s3"]["object"]["key"] == "in/q1+%C3%A9t%C3%A9%2Btax.csv"
    (s3_object,) = s3_objects(sqs_record(body))
    assert (s3_object.key, s3_object.version_id) == ("in/q1 été+tax.csv", "v1")


def test_a_fifo_record_stops_its_group_after_a_failure() -> None:
    # GIVEN records of two message groups of a FIFO queue, the first one failing
    event = sqs_event(
        *(sqs_record(f"{g}{i}", f"{g}{i}", "orders", group_id=g) for i in range(2) for g in "ab")
    )
    assert all(r["eventSourceARN"].endswith(":orders.fifo") for r in event["Records"])
    attempted: list[str] = []

    def handle(record: dict[str, Any]) -> None:
        attempted.append(record["body"])
        if record["body"] == "a0":
            raise ValueError("boom")

    # THEN the group's later record is reported without being attempted
    assert process_batch(event, handle) == {
        "batchItemFailures": [{"itemIdentifier": "a0"}, {"itemIdentifier": "a1"}]
    }
    assert attempted == ["a0", "b0", "b1"]


def test_the_test_event_and_a_standard_record_need_no_group() -> None:
    record = sqs_record(s3_test_event_body("uploads"), "m-7")
    assert "MessageGroupId" not in record["attributes"]
    assert not record["eventSourceARN"].endswith(".fifo")
    seen: list[object] = []
    assert process_batch(sqs_event(record), for_each_s3_object(seen.append)) == {
        "batchItemFailures": []
    }
    assert seen == []
