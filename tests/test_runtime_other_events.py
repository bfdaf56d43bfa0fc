"""The runtime helpers fed what another trigger sends (API Gateway, EventBridge, an SNS
subscription, a console test event) or the wrong argument: each raises the helper's
documented error saying what it got, never a success nor an AttributeError from inside."""

from __future__ import annotations

import json
from typing import Any

import pytest

from constructs_lib_runtime import stream_batch
from constructs_lib_runtime.s3_events import MalformedS3Event, for_each_s3_object, s3_objects
from constructs_lib_runtime.sqs_batch import MalformedBatchError, json_body, process_batch
from constructs_lib_runtime.testing import (
    object_created_body,
    sqs_event,
    sqs_record,
    stream_event,
    stream_record,
)

API_V1 = {"resource": "/x", "path": "/x", "httpMethod": "GET", "requestContext": {}, "body": None}
API_V2 = {"version": "2.0", "routeKey": "GET /x", "rawPath": "/x", "requestContext": {}}
EVENTBRIDGE = {
    "version": "0",
    "detail-type": "Object Created",
    "source": "aws.s3",
    "detail": {"bucket": {"name": "uploads"}, "object": {"key": "a.csv"}},
}
CONSOLE_TEST = {"key1": "value1", "key2": "value2", "key3": "value3"}


@pytest.mark.parametrize(
    ("event", "source"),
    [
        (API_V1, "an API Gateway or function URL request"),
        (API_V2, "an API Gateway or function URL request"),
        (EVENTBRIDGE, "an EventBridge event"),
        (CONSOLE_TEST, "another source's event"),
    ],
    ids=["api-v1", "api-v2", "eventbridge", "console-test"],
)
def test_another_triggers_event_is_not_an_empty_batch(event: dict[str, Any], source: str) -> None:
    # Proves (bad inputs, round 38): each answered {"batchItemFailures": []}: the event was
    # dropped as a success (an HTTP API returned it as a 200 body)
    with pytest.raises(MalformedBatchError) as raised:
        process_batch(event, lambda record: pytest.fail("no record is attempted"))
    assert str(raised.value).startswith(
        f"the event is not an SQS event: it has no Records ({source}"
    )


@pytest.mark.parametrize("event", [{}, {"Records": []}])
def test_an_empty_event_or_batch_is_still_an_empty_batch(event: dict[str, Any]) -> None:
    assert process_batch(event, lambda record: None) == {"batchItemFailures": []}


@pytest.mark.parametrize("record", ["a body", None, ["m-1"]], ids=repr)
def test_a_record_that_is_not_an_object_is_the_documented_error(record: Any) -> None:
    # Proves (bad inputs, round 38): both were AttributeError ("'str' object has no
    # attribute 'get'") when the handler passed something else than one record
    with pytest.raises(ValueError, match=r"^the record is (an? \w+|None), not an SQS record"):
        json_body(record)
    with pytest.raises(MalformedS3Event, match=r"^the record is (an? \w+|None), not an SQS record"):
        list(s3_objects(record))


def test_an_s3_event_inside_an_sns_notification_names_raw_message_delivery() -> None:
    # Proves (bad inputs, round 38): S3 -> SNS -> SQS was only "no S3 event Records"
    envelope = {
        "Type": "Notification",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:uploads",
        "Message": object_created_body("uploads", "a.csv", size=3),
    }
    with pytest.raises(MalformedS3Event, match=r"it is an SNS notification.*raw message"):
        list(s3_objects(sqs_record(json.dumps(envelope))))


def test_an_eventbridge_event_in_the_queue_names_bucket_events() -> None:
    with pytest.raises(MalformedS3Event, match=r"it is an EventBridge event.*BucketEvents"):
        list(s3_objects(sqs_record(json.dumps(EVENTBRIDGE))))


def test_sqs_event_given_a_list_of_records_says_to_unpack_it() -> None:
    # Proves (bad inputs, round 38): sqs_event([record]) nested the list as one record, and
    # the test then failed on "record 0 of the batch has no messageId"
    record = sqs_record("{}")
    with pytest.raises(
        TypeError, match=r"not a list\. Fix: unpack the list: sqs_event\(\*records\)"
    ):
        sqs_event([record])  # type: ignore[arg-type]
    assert sqs_event(record, record)["Records"] == [record, record]


def test_the_whole_sqs_event_instead_of_one_record_names_process_batch() -> None:
    # Proves (bad inputs, round 38): `handler = for_each_s3_object(summarise)` (Lambda
    # calls it with the event and the context) was a TypeError of arity, and
    # s3_objects(event) "the SQS record has no string body"
    event = sqs_event(sqs_record(object_created_body("uploads", "a.csv", size=3)))
    each = for_each_s3_object(lambda s3_object: None)
    for call in (lambda: each(event, object()), lambda: list(s3_objects(event))):
        with pytest.raises(MalformedS3Event, match=r"^got a whole event \(it has Records\), not "):
            call()
    with pytest.raises(ValueError, match=r"^got a whole event \(it has Records\), not one "):
        json_body(event)
    # AND called as process_batch's callback, it still handles each record
    assert process_batch(event, each) == {"batchItemFailures": []}


def test_a_stream_event_given_to_the_sqs_helper_and_back_names_the_other_helper() -> None:
    # Proves (fuzz45): sqs_batch.process_batch said only "record 0 of the batch has no
    # messageId (got None)" for a StreamWorker's event (stream_batch named sqs_batch)
    change = stream_event(stream_record("INSERT", {"pk": "o1"}, new_image={"pk": "o1"}))
    with pytest.raises(
        MalformedBatchError,
        match=r"no messageId \(got None\), a DynamoDB stream's \(use "
        r"constructs_lib_runtime\.stream_batch\)",
    ):
        process_batch(change, lambda record: None)
    with pytest.raises(MalformedBatchError, match=r"it is an SQS message \(use "):
        stream_batch.process_batch(sqs_event(sqs_record("{}")), lambda record: None)
