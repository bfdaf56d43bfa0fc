"""A per-record callback that returns a failure marker instead of raising (``False``, an
exception, AWS's ``{"itemIdentifier": ...}``, a ``batchItemFailures`` answer naming any, an
HTTP answer of 400 or more) fails its record: it is reported, never deleted unhandled.
Any other return value (``True``, boto3's response of ``put_item``) is a success."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from constructs_lib_runtime import sqs_batch, stream_batch
from constructs_lib_runtime.s3_events import for_each_s3_object
from constructs_lib_runtime.testing import (
    object_created_body,
    sqs_event,
    sqs_record,
    stream_event,
    stream_record,
)

FAILURES: list[tuple[object, str]] = [
    (False, "handle returned False, a failure"),
    (ValueError("bad order"), "handle returned an exception (ValueError('bad order'))"),
    ({"itemIdentifier": "m1"}, "handle returned a batch item failure ({'itemIdentifier': 'm1'})"),
    (
        {"batchItemFailures": [{"itemIdentifier": "m1"}]},
        "handle returned a partial batch response naming failures",
    ),
    ({"batchItemFailures": None}, "handle returned a partial batch response naming failures"),
    ({"statusCode": 500, "body": "{}"}, "handle returned an HTTP answer of status 500"),
    ({"statusCode": 400}, "handle returned an HTTP answer of status 400"),
]
SUCCESSES: list[object] = [
    None,
    True,
    0,
    "",
    {"ResponseMetadata": {"HTTPStatusCode": 200}},  # boto3's put_item
    {"batchItemFailures": []},  # AWS's "nothing failed"
    {"statusCode": 200},
    {"statusCode": True},  # a bool is no status
]


@pytest.mark.parametrize(("returned", "logged"), FAILURES)
def test_sqs_record_whose_callback_returns_a_failure_is_reported(
    returned: object, logged: str, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN a batch of two messages whose callback returns a failure marker for the first
    event = sqs_event(sqs_record("first", message_id="m1"), sqs_record("second", message_id="m2"))

    def handle(record: dict[str, Any]) -> object:
        return returned if record["body"] == "first" else None

    # WHEN the batch is processed
    with caplog.at_level(logging.ERROR):
        response = sqs_batch.process_batch(event, handle)

    # THEN that message is reported (retried, then dead-lettered), the other deleted
    assert response == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert f"process_batch(event, handle): {logged}" in caplog.text
    assert "Fix: raise an exception in handle to fail a record" in caplog.text


@pytest.mark.parametrize("returned", SUCCESSES)
def test_sqs_record_whose_callback_returns_anything_else_succeeds(returned: object) -> None:
    event = sqs_event(sqs_record("first", message_id="m1"))
    assert sqs_batch.process_batch(event, lambda record: returned) == {"batchItemFailures": []}


@pytest.mark.parametrize(("returned", "logged"), FAILURES)
def test_stream_record_whose_callback_returns_a_failure_stops_the_batch(
    returned: object, logged: str, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN three changes whose callback returns a failure marker for the second
    records = [
        stream_record("INSERT", {"pk": f"o{i}"}, new_image={"pk": f"o{i}"}) for i in range(3)
    ]
    event = stream_event(*records)
    done: list[str] = []

    def handle(record: dict[str, Any]) -> object:
        key = record["dynamodb"]["Keys"]["pk"]["S"]
        if key == "o1":
            return returned
        done.append(key)
        return None

    with caplog.at_level(logging.ERROR):
        response = stream_batch.process_batch(event, handle)

    # THEN Lambda retries from it, the third is not attempted
    failed = event["Records"][1]["dynamodb"]["SequenceNumber"]
    assert response == {"batchItemFailures": [{"itemIdentifier": failed}]}
    assert done == ["o0"]
    assert logged in caplog.text


@pytest.mark.parametrize("returned", SUCCESSES)
def test_stream_record_whose_callback_returns_anything_else_succeeds(returned: object) -> None:
    event = stream_event(stream_record("INSERT", {"pk": "o1"}, new_image={"pk": "o1"}))
    assert stream_batch.process_batch(event, lambda record: returned) == {"batchItemFailures": []}


def test_s3_object_callback_returning_false_fails_its_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # GIVEN an upload whose object callback answers False (as a "not handled")
    event = sqs_event(
        sqs_record(object_created_body("uploads", "in/a.csv", size=3), message_id="u1")
    )

    with caplog.at_level(logging.ERROR):
        response = sqs_batch.process_batch(event, for_each_s3_object(lambda s3_object: False))

    # THEN the message is reported, not deleted
    assert response == {"batchItemFailures": [{"itemIdentifier": "u1"}]}
    assert "for_each_s3_object(handle): handle returned False, a failure, so this s3_object" in (
        caplog.text
    )
