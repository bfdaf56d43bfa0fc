"""Hand-built or mis-wired events the runtime helpers read wrong without a word (papercuts249):
each is now the helper's documented error, with the Fix sentence, never a wrong result."""

from __future__ import annotations

import json
from typing import Any

import pytest

from constructs_lib_runtime.http import json_body, raw_body
from constructs_lib_runtime.s3_events import MalformedS3Event, s3_objects
from constructs_lib_runtime.sns_messages import MalformedSnsMessage, sns_message
from constructs_lib_runtime.sqs_batch import MalformedBatchError, process_batch
from constructs_lib_runtime.testing import http_api_event, object_created_body, sqs_record

TOPIC = "arn:aws:sns:eu-west-1:111111111111:orders"
#: What a message calls each type given (was Python's name: "NoneType", "dict", "int")
KINDS = {str: "a str", int: "an int", float: "a float", bool: "a bool", list: "a list"}
KINDS |= {dict: "a dict", type(None): "None"}


@pytest.mark.parametrize("flag", ["false", "true", 0, 1, []], ids=repr)
def test_an_is_base64_encoded_that_is_no_boolean_is_a_type_error(flag: object) -> None:
    # Proves (papercuts249): "false" (a string) read as true, so a text body was
    # base64-decoded: json_body answered the request with a 400 ("not JSON") or garbage
    event = {**http_api_event("POST /orders", '{"id": 1}'), "isBase64Encoded": flag}
    message = (
        f"the event's isBase64Encoded is {flag!r} ({KINDS[type(flag)]}), not true or false: "
        "API Gateway and function URLs send a JSON boolean. Fix: write it as a boolean in "
        "the event (True or False), as constructs_lib_runtime.testing.http_api_event does"
    )
    for read in (raw_body, json_body):
        with pytest.raises(TypeError) as raised:
            read(event)
        assert str(raised.value) == message


@pytest.mark.parametrize("flag", [None, False, True])
def test_a_boolean_or_absent_is_base64_encoded_reads_as_before(flag: bool | None) -> None:
    event = http_api_event("POST /orders", '{"id": 1}', binary=bool(flag))
    if flag is None:
        del event["isBase64Encoded"]
    assert json_body(event).value == {"id": 1}


def _object_event(size: object) -> dict[str, Any]:
    body = json.loads(object_created_body("uploads", "a.csv", size=3))
    body["Records"][0]["s3"]["object"]["size"] = size
    return sqs_record(json.dumps(body))


@pytest.mark.parametrize("size", ["1024", 3.5, True, -1, {"bytes": 3}], ids=repr)
def test_an_object_size_that_is_no_number_of_bytes_is_a_malformed_s3_event(size: object) -> None:
    # Proves (papercuts249): size "1024" read as None, a deletion's: a handler skipping
    # empty objects (`if not obj.size`) skipped a file of 1024 bytes
    with pytest.raises(MalformedS3Event) as raised:
        list(s3_objects(_object_event(size)))
    assert str(raised.value) == (
        f"Records[0]'s s3.object.size is {size!r} ({KINDS[type(size)]}), not a number of "
        "bytes: S3 sends a JSON number (and none for a deletion). Fix: write it as an int "
        "in the event, as constructs_lib_runtime.testing.object_created_body does"
    )


@pytest.mark.parametrize("size", [0, 1024, None])
def test_a_number_of_bytes_or_no_size_reads_as_before(size: int | None) -> None:
    assert [obj.size for obj in s3_objects(_object_event(size))] == [size]


@pytest.mark.parametrize("message", [{"id": "o-1"}, ["o-1"], 42, None], ids=repr)
def test_an_envelope_whose_message_is_no_string_is_a_malformed_sns_message(message: Any) -> None:
    # Proves (papercuts249): the envelope read as a raw message: sns_message(record).json()
    # gave the whole envelope (Type, MessageId, ...) as if it were the order
    body = json.dumps(
        {"Type": "Notification", "MessageId": "m-1", "TopicArn": TOPIC, "Message": message}
    )
    with pytest.raises(MalformedSnsMessage) as raised:
        sns_message(sqs_record(body))
    assert str(raised.value) == (
        f"the record's body is an SNS envelope of {TOPIC} whose Message is "
        f"{KINDS[type(message)]}, not a string: SNS sends every message as text (a JSON "
        "message as its string). Fix: encode the Message as a string in the event "
        "(json.dumps), or pass raw=True if the published message is this object itself"
    )
    # AND raw=True keeps the body as published (the documented way for such a message)
    assert sns_message(sqs_record(body), raw=True).message == body


#: Another source's records given to a QueueWorker's process_batch: (record, what, fix).
OTHER_RECORDS = {
    "s3": (
        {"eventSource": "aws:s3", "s3": {"bucket": {"name": "b"}, "object": {"key": "k"}}},
        "an S3 notification's (the bucket invokes the function itself)",
        "send the bucket's events into the worker's queue, QueueWorker(sources="
        "[BucketEvents(bucket)]), and read them with s3_events.for_each_s3_object",
    ),
    "sns": (
        {"EventSource": "aws:sns", "Sns": {"Type": "Notification", "Message": "hi"}},
        "an SNS notification's (the topic invokes the function itself)",
        "use worker.subscribe(topic), which delivers into the worker's queue, and read "
        "each message with sns_messages.sns_message(record)",
    ),
    "kinesis": (
        {"eventSource": "aws:kinesis", "kinesis": {"data": "aGk=", "sequenceNumber": "1"}},
        "a Kinesis stream's",
        "handle a Kinesis stream's records in a function of their own: process_batch "
        "reports an SQS batch's failures by messageId, and a Kinesis record has none",
    ),
    "dynamodb": (
        {"eventSource": "aws:dynamodb", "dynamodb": {"SequenceNumber": "1"}},
        "a DynamoDB stream's (use constructs_lib_runtime.stream_batch)",
        "use constructs_lib_runtime.stream_batch.process_batch for a StreamWorker's records",
    ),
}


@pytest.mark.parametrize("source", sorted(OTHER_RECORDS))
def test_another_source_s_records_name_it_and_the_fix(source: str) -> None:
    # Proves (papercuts249): only a DynamoDB stream's record was named; an S3, SNS or
    # Kinesis record (the function wired to it directly) was "has no messageId" alone
    record, what, fix = OTHER_RECORDS[source]
    with pytest.raises(MalformedBatchError) as raised:
        process_batch({"Records": [record]}, lambda r: pytest.fail("no record is attempted"))
    assert str(raised.value) == (
        f"record 0 of the batch has no messageId (got None), {what}: it cannot be reported "
        f"as a batch item failure, so the whole batch fails and is retried. Fix: {fix}"
    )


def test_an_eventbridge_event_names_event_handler_and_a_rule_to_the_queue() -> None:
    event = {"version": "0", "detail-type": "Order Placed", "source": "shop", "detail": {}}
    with pytest.raises(MalformedBatchError) as raised:
        process_batch(event, lambda r: pytest.fail("no record is attempted"))
    assert str(raised.value).endswith(
        "so nothing was processed. Fix: use an EventHandler for EventBridge events, or a rule "
        "whose target is the worker's queue (targets.SqsQueue(worker.queue)) to have the "
        "QueueWorker get them"
    )
