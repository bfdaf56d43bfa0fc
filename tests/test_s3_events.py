"""constructs_lib_runtime.s3_events: S3 records out of SQS messages, with process_batch."""

from __future__ import annotations

import json
from typing import Any

import pytest

from constructs_lib_runtime.s3_events import (
    MalformedS3Event,
    S3Object,
    for_each_s3_object,
    s3_objects,
)
from constructs_lib_runtime.sqs_batch import process_batch
from tests.s3_notifications import object_created_body, s3_test_event_body, sqs_record


def test_an_object_event_yields_the_object_with_its_key_decoded() -> None:
    # GIVEN S3's message for a key with a space and a plus sign (sent URL-encoded)
    body = object_created_body("uploads", "incoming/q1 sales+tax.csv", size=42, version_id="v1")
    # WHEN read
    (s3_object,) = s3_objects(sqs_record(body))
    # THEN the key is the object's real key and every field is there
    assert s3_object == S3Object(
        bucket="uploads",
        key="incoming/q1 sales+tax.csv",
        event_name="ObjectCreated:Put",
        size=42,
        version_id="v1",
        etag="0123456789abcdef0123456789abcdef",
        sequencer="0A1B2C3D4E5F678901",
        event_time="2026-05-04T09:00:01.123Z",
    )
    assert s3_object.record["eventSource"] == "aws:s3"


def test_the_s3_test_event_yields_nothing() -> None:
    assert list(s3_objects(sqs_record(s3_test_event_body("uploads")))) == []


def test_a_deletion_has_no_size() -> None:
    body = json.loads(object_created_body("b", "k", size=1, event_name="ObjectRemoved:Delete"))
    del body["Records"][0]["s3"]["object"]["size"]
    (s3_object,) = s3_objects(sqs_record(json.dumps(body)))
    assert (s3_object.event_name, s3_object.size) == ("ObjectRemoved:Delete", None)


def _record(**changes: Any) -> str:
    record = json.loads(object_created_body("b", "k", size=1))["Records"][0]
    record.update(changes)
    return json.dumps({"Records": [record]})


def _record_with_key(raw_key: str) -> str:
    """A message whose record has ``raw_key`` as sent (not encoded again)."""
    body = json.loads(object_created_body("b", "k", size=1))
    body["Records"][0]["s3"]["object"]["key"] = raw_key
    return json.dumps(body)


#: What else sends messages to the queue: the fix of a body that is not S3's.
_OTHER_SENDERS = "Fix: send only S3's notifications to this queue (look for what else sends to it)"
_BUILD_IT = (
    "Fix: pass the record as S3 sent it; in a test, build the body with "
    "constructs_lib_runtime.testing.object_created_body"
)
_NO_RECORDS = (
    'the message body has no S3 event Records: S3 sends {"Records": [...]}, one record per '
    "object event (or s3:TestEvent once). Fix: send only S3's notifications to this queue "
    "(QueueWorker(sources=[BucketEvents(bucket)])); look for what else sends to it"
)
_NOT_JSON = (
    f"the message body is not JSON (S3 sends its notification as a JSON object). {_OTHER_SENDERS}"
)
_BAD_KEY = (
    "Records[0] has an object key that is not URL-encoded UTF-8 (S3 sends the key "
    "URL-encoded, spaces as '+'). Fix: pass the key as S3 sent it; in a test, pass the decoded "
    "key to constructs_lib_runtime.testing.object_created_body, which encodes it"
)


# Proves (gaps50): these messages said what was wrong but no fix (the newer runtime errors
# say one): each now says what S3 (or SQS) sends and what to do, exactly as below
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json {", _NOT_JSON),
        (
            "[1]",
            "the message body is a JSON array, not an object (S3 sends "
            f'{{"Records": [...]}}). {_OTHER_SENDERS}',
        ),
        (
            '"text"',
            "the message body is a JSON string, not an object (S3 sends "
            f'{{"Records": [...]}}). {_OTHER_SENDERS}',
        ),
        ('{"order_id": "o-1"}', _NO_RECORDS),
        ('{"Records": []}', _NO_RECORDS),
        (
            _record(eventSource="aws:sqs"),
            "Records[0] is not an S3 event record (S3's have eventSource 'aws:s3'). Fix: send "
            "only S3's notifications to this queue; in a test, build the body with "
            "constructs_lib_runtime.testing.object_created_body",
        ),
        (
            _record(s3={"bucket": {"name": "b"}}),
            "Records[0] has no s3.bucket and s3.object (S3 sends both in every record). "
            + _BUILD_IT,
        ),
        (
            _record(eventName=None),
            "Records[0] needs s3.bucket.name, s3.object.key and eventName (S3 sends each as "
            f"non-empty text). {_BUILD_IT}",
        ),
        (
            None,
            "the SQS record has no string body (SQS always sends the message's body as text). "
            "Fix: pass one of the SQS event's Records, as Lambda gives them, or build it in a "
            "test with constructs_lib_runtime.testing.sqs_record",
        ),
        # Proves (fuzz): a body nested too deeply to parse raised RecursionError, not this
        ("[" * 100_000, _NOT_JSON),
        # Proves (fuzz): a key that is not URL-encoded UTF-8 became U+FFFD (another key)
        (_record_with_key("incoming/caf%E9.csv"), _BAD_KEY),
        (_record_with_key("incoming/\ud800.csv"), _BAD_KEY),
    ],
)
def test_a_message_that_is_not_an_s3_event_raises(body: Any, message: str) -> None:
    # a record with no string body is hand-made: sqs_record refuses it, as SQS never sends one
    record = {**sqs_record("{}"), "body": body}
    with pytest.raises(MalformedS3Event) as raised:
        list(s3_objects(record))
    assert str(raised.value) == message


def test_a_record_that_is_no_sqs_record_says_what_to_pass() -> None:
    with pytest.raises(MalformedS3Event) as raised:
        list(s3_objects("a body"))  # type: ignore[arg-type]
    assert str(raised.value) == (
        "the record is a str, not an SQS record (Lambda hands the function an event whose "
        "Records are objects with a string body). Fix: call process_batch(event, "
        "for_each_s3_object(handle)), or pass s3_objects one of event['Records']"
    )


def test_composes_with_process_batch_failing_only_the_bad_message() -> None:
    # GIVEN a batch: S3's test event, a good upload, a malformed message, a failing upload
    event = {
        "Records": [
            sqs_record(s3_test_event_body("b"), "m-test"),
            sqs_record(object_created_body("b", "incoming/a.csv", size=1), "m-good"),
            sqs_record("not json {", "m-malformed"),
            sqs_record(object_created_body("b", "incoming/boom.csv", size=1), "m-boom"),
        ]
    }
    handled: list[str] = []

    def handle(s3_object: S3Object) -> None:
        if "boom" in s3_object.key:
            raise RuntimeError("boom")
        handled.append(s3_object.key)

    # WHEN processed
    response = process_batch(event, for_each_s3_object(handle))

    # THEN the test event and the good upload succeed; only the two bad messages are reported
    assert handled == ["incoming/a.csv"]
    assert response == {
        "batchItemFailures": [{"itemIdentifier": "m-malformed"}, {"itemIdentifier": "m-boom"}]
    }


def test_a_malformed_record_fails_its_message_before_any_object_is_handled() -> None:
    body = json.loads(object_created_body("b", "k1", size=1))
    body["Records"].append({"eventSource": "aws:s3"})
    handled: list[str] = []
    response = process_batch(
        {"Records": [sqs_record(json.dumps(body))]},
        for_each_s3_object(lambda o: handled.append(o.key)),
    )
    assert handled == []
    assert response == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}


async def _summarise_async(s3_object: S3Object) -> None:
    raise AssertionError("never awaited")


def test_an_async_handle_is_refused_and_a_coroutine_fails_its_message() -> None:
    # Proves (runtime trial): an `async def` handle never ran, each message was deleted
    with pytest.raises(TypeError, match=r"for_each_s3_object\(handle\): handle is an async"):
        for_each_s3_object(_summarise_async)
    record = sqs_record(object_created_body("b", "k", size=1))
    response = process_batch(
        {"Records": [record]}, for_each_s3_object(lambda o: _summarise_async(o))
    )
    assert response == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}


def _event(key: str, sequencer: str, name: str = "ObjectCreated:Put") -> S3Object:
    body = object_created_body("b", key, size=1, sequencer=sequencer, event_name=name)
    (s3_object,) = s3_objects(sqs_record(body))
    return s3_object


def test_later_than_compares_sequencers_as_s3_documents() -> None:
    # Proves (runtime trial): S3Object documented "compare as hex strings of equal length",
    # which reads as numbers (0x0A1 < 0x0A0F), the wrong order. GIVEN two events of a key
    # whose sequencers differ in length
    put, delete = _event("k", "0A1"), _event("k", "0a0f", "ObjectRemoved:Delete")
    # THEN right-padded with zeros (0A10 > 0A0F) the put came later, as S3 documents
    assert put.later_than(delete)
    assert not delete.later_than(put)
    assert not put.later_than(put)


def test_later_than_refuses_events_it_cannot_order() -> None:
    with pytest.raises(ValueError, match=r"s3://b/k and s3://b/other are different objects"):
        _event("k", "0A").later_than(_event("other", "0B"))
    unsequenced = S3Object(bucket="b", key="k", event_name="ObjectRestore:Completed")
    with pytest.raises(ValueError, match=r"an event of s3://b/k has no sequencer"):
        _event("k", "0A").later_than(unsequenced)


@pytest.mark.parametrize("other", [None, "0A", {"sequencer": "0A"}])
def test_later_than_takes_an_s3_object_only(other: object) -> None:
    # Proves (sweep37): later_than(None) raised AttributeError "'NoneType' object has no
    # attribute 'bucket'", naming neither the method nor what it takes
    with pytest.raises(TypeError, match=r"later_than takes another S3Object of s3://b/k, not "):
        _event("k", "0A").later_than(other)  # type: ignore[arg-type]
