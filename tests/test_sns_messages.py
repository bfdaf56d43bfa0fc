"""constructs_lib_runtime.sns_messages: the published message out of a subscribed queue's
record, raw or in SNS's envelope, with process_batch."""

from __future__ import annotations

import json
from typing import Any

import pytest

from constructs_lib_runtime.sns_messages import MalformedSnsMessage, SnsMessage, sns_message
from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.testing import sqs_event, sqs_record

TOPIC = "arn:aws:sns:eu-west-1:111111111111:orders"
ORDER = {"id": "o-1", "total": 250}


def _envelope(message: str, **extra: Any) -> str:
    """SNS's envelope of a notification, as a queue without raw delivery receives it."""
    return json.dumps(
        {
            "Type": "Notification",
            "MessageId": "5a1b-9c",
            "TopicArn": TOPIC,
            "Message": message,
            "Timestamp": "2026-11-28T04:00:00.000Z",
            "SignatureVersion": "1",
            "Signature": "c2ln",
            "SigningCertURL": "https://sns.eu-west-1.amazonaws.com/cert.pem",
            "UnsubscribeURL": "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe",
            **extra,
        }
    )


def test_an_enveloped_message_is_the_published_one_with_its_attributes() -> None:
    # GIVEN a record of a subscription without raw delivery
    body = _envelope(
        json.dumps(ORDER),
        Subject="New order",
        MessageAttributes={"kind": {"Type": "String", "Value": "order"}},
    )
    # WHEN it is read
    message = sns_message(sqs_record(body))
    # THEN it is the message as published, not the envelope
    assert message == SnsMessage(
        message=json.dumps(ORDER),
        attributes={"kind": "order"},
        topic_arn=TOPIC,
        message_id="5a1b-9c",
        subject="New order",
    )
    assert message.json() == ORDER


def test_a_raw_message_is_the_body_with_the_record_s_attributes() -> None:
    # GIVEN a record of a raw subscription (the message's attributes are the record's)
    record = sqs_record(json.dumps(ORDER), message_attributes={"kind": "order"})
    # THEN the message is the body; SNS's own fields are not there to read
    message = sns_message(record)
    assert message.json() == ORDER
    assert message.attributes == {"kind": "order"}
    assert (message.topic_arn, message.message_id, message.subject) == (None, None, None)


@pytest.mark.parametrize(
    "body", ["plain text", "{not json", '{"Type": "Notification"}', "[1, 2]", '{"Message": "x"}']
)
def test_a_raw_body_that_is_no_envelope_is_handed_on_as_it_is(body: str) -> None:
    assert sns_message(sqs_record(body)).message == body


def test_a_subscription_confirmation_is_a_malformed_message() -> None:
    body = _envelope("You have chosen to subscribe", Type="SubscriptionConfirmation")
    with pytest.raises(MalformedSnsMessage, match=r"'SubscriptionConfirmation' message of arn:"):
        sns_message(sqs_record(body))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("body", r"the record is a str, not an SQS record \(an object\)\. Fix: pass each record"),
        ({"body": 3}, r"the record's body is an int, not a string"),
    ],
)
def test_what_is_no_record_is_malformed(record: Any, message: str) -> None:
    with pytest.raises(MalformedSnsMessage, match=message):
        sns_message(record)


def test_with_process_batch_only_the_malformed_record_fails() -> None:
    # GIVEN a batch of an enveloped order and a confirmation
    seen: list[Any] = []
    event = sqs_event(
        sqs_record(_envelope(json.dumps(ORDER)), "m-1"),
        sqs_record(_envelope("confirm", Type="SubscriptionConfirmation"), "m-2"),
    )
    # WHEN process_batch hands each record to a callback reading the message
    result = process_batch(event, lambda record: seen.append(sns_message(record).json()))
    # THEN the order is handled, the other is reported
    assert seen == [ORDER]
    assert result == {"batchItemFailures": [{"itemIdentifier": "m-2"}]}


def test_raw_true_keeps_a_published_message_that_looks_like_an_envelope() -> None:
    # GIVEN a raw subscription whose publisher forwards SNS notifications as they are
    forwarded = _envelope(json.dumps(ORDER))
    record = sqs_record(forwarded, message_attributes={"kind": "forwarded"})
    # WHEN the shape decides THEN it is read as an envelope (why raw= exists)
    assert sns_message(record).json() == ORDER
    # AND WHEN the handler says the subscription is raw THEN the message is the body
    message = sns_message(record, raw=True)
    assert message.message == forwarded
    assert message.attributes == {"kind": "forwarded"}
    assert (message.topic_arn, message.message_id) == (None, None)


def test_raw_false_requires_an_envelope() -> None:
    # GIVEN a subscription the handler knows delivers envelopes
    assert sns_message(sqs_record(_envelope("hello")), raw=False).message == "hello"
    # WHEN a raw body arrives THEN it is a malformed record (process_batch reports it)
    with pytest.raises(MalformedSnsMessage, match=r"raw=False says the subscription delivers"):
        sns_message(sqs_record(json.dumps(ORDER)), raw=False)


def test_raw_true_still_refuses_what_is_no_record() -> None:
    with pytest.raises(MalformedSnsMessage, match=r"not an SQS record"):
        sns_message({"body": 5}, raw=True)
    with pytest.raises(TypeError, match=r"raw is 'yes', not True, False or None"):
        sns_message(sqs_record("x"), raw="yes")  # type: ignore[arg-type]
