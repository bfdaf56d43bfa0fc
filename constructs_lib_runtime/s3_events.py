"""S3 event notifications inside SQS messages (``QueueWorker(sources=[BucketEvents(...)])``).

    from constructs_lib_runtime.s3_events import for_each_s3_object
    from constructs_lib_runtime.sqs_batch import process_batch

    def handler(event, context):
        return process_batch(event, for_each_s3_object(summarise))  # summarise(S3Object)

Each SQS message's body is S3's event JSON with ``Records`` (one record per message in
practice). The ``s3:TestEvent`` S3 sends when a notification configuration is put yields
nothing (a success: the message is deleted). A body that is neither raises
:class:`MalformedS3Event`, so ``process_batch`` reports that one message: it is retried and
then dead-lettered, the rest of the batch goes on. A failure of any object of a message
fails the whole message (every object of it is redelivered: make the handling idempotent;
S3 delivers at least once anyway).
"""

from __future__ import annotations

import json
import logging
import re
import reprlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from constructs_lib_runtime._callbacks import check_handle, check_returned
from constructs_lib_runtime._kinds import kind_of
from constructs_lib_runtime._log_lines import log
from constructs_lib_runtime.sqs_batch import Record

logger: logging.Logger = logging.getLogger(__name__)

__all__ = ["MalformedS3Event", "S3Object", "for_each_s3_object", "s3_objects"]

TEST_EVENT = "s3:TestEvent"


class MalformedS3Event(ValueError):
    """The SQS message is not an S3 event notification (nor S3's test event)."""


@dataclass(frozen=True)
class S3Object:
    """One S3 event record: which object, what happened to it."""

    bucket: str
    """The bucket's name."""
    key: str
    """The object key, decoded (S3 sends it URL-encoded, spaces as ``+``)."""
    event_name: str
    """e.g. ``ObjectCreated:Put``, ``ObjectRemoved:Delete``."""
    size: int | None = None
    """Bytes; None for events without a size (deletions)."""
    version_id: str | None = None
    """The version the event is about, on versioned buckets; None on others."""
    etag: str | None = None
    """The object's ETag; None for events without one (deletions)."""
    sequencer: str | None = None
    """Orders the events of one key: compare with :meth:`later_than` (S3's rule: the shorter
    right-padded with zeros, then as strings; not as numbers)."""
    event_time: str | None = None
    """When the event happened, ISO 8601 as S3 writes it (``eventTime``); None if the record
    has none."""
    record: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The S3 record as sent."""

    def later_than(self, other: S3Object) -> bool:
        """Whether this event on the object happened after ``other``'s (S3 may deliver
        them out of order): their sequencers, the shorter right-padded with zeros, compared
        as strings, as S3 documents. ValueError for events of different objects (the
        sequencer orders one key's events only) or one without a sequencer; TypeError for
        anything but an S3Object."""
        if not isinstance(other, S3Object):
            raise TypeError(
                f"later_than takes another S3Object of s3://{self.bucket}/{self.key}, not "
                f"{kind_of(other)}. Fix: pass the S3Object of another event on that key "
                "(one s3_objects gave), e.g. found.later_than(stored)"
            )
        if (self.bucket, self.key) != (other.bucket, other.key):
            raise ValueError(
                f"s3://{self.bucket}/{self.key} and s3://{other.bucket}/{other.key} are "
                "different objects: a sequencer orders the events of one key only"
            )
        if self.sequencer is None or other.sequencer is None:
            raise ValueError(f"an event of s3://{self.bucket}/{self.key} has no sequencer")
        width = max(len(self.sequencer), len(other.sequencer))
        return self.sequencer.upper().ljust(width, "0") > other.sequencer.upper().ljust(width, "0")


def s3_objects(record: Record) -> Iterator[S3Object]:
    """The S3 event records in one SQS record's body; nothing for ``s3:TestEvent``.

    Raises :class:`MalformedS3Event` (before yielding anything) for a body that is not
    an S3 event notification, or a record whose key is not URL-encoded UTF-8.
    """
    body = _body(record)
    if body.get("Event") == TEST_EVENT:
        log(logger, logging.INFO, "skipped s3:TestEvent", bucket=body.get("Bucket"))
        return
    records = body.get("Records")
    if not isinstance(records, list) or not records:
        raise MalformedS3Event("the message body has no S3 event Records" + _sent_by(body))
    yield from [_object(index, item) for index, item in enumerate(records)]


def for_each_s3_object(handle: Callable[[S3Object], object]) -> Callable[[Record], None]:
    """A ``process_batch`` callback calling ``handle`` for each S3 object of a message.

    ``handle`` that is not callable, or an ``async def`` or generator function (its body
    would never run), is a ``TypeError`` here; a call returning a coroutine or generator
    all the same fails its message, as does a return value that says failure (``False``,
    an exception returned, ...: see ``sqs_batch.process_batch``).
    """
    call = "for_each_s3_object(handle)"
    check_handle(
        handle, call, "s3_object", noun="S3Object", example="for_each_s3_object(handle_upload)"
    )

    # ``context``: a Lambda handler set to it (``handler = for_each_s3_object(...)``) is
    # called with (event, context); the event is then named, not a TypeError of arity
    def each(record: Record, context: object = None) -> None:
        for s3_object in s3_objects(record):
            check_returned(handle(s3_object), call, "s3_object")

    return each


def _sent_by(body: Mapping[str, Any]) -> str:
    """What wrapped or sent a body that is no S3 notification, and what to do about it."""
    if body.get("Type") == "Notification" and "TopicArn" in body:
        return (
            ": it is an SNS notification (S3 -> SNS -> SQS). Fix: set raw message delivery "
            "on the queue's subscription (raw_message_delivery=True), so that the body is "
            "S3's event itself"
        )
    if "detail-type" in body:
        return (
            ": it is an EventBridge event (a rule -> SQS), and s3_objects reads S3's own "
            "notifications, not EventBridge's. Fix: send the bucket's events to the queue "
            "with QueueWorker(sources=[BucketEvents(bucket)])"
        )
    return (
        ': S3 sends {"Records": [...]}, one record per object event (or '
        "s3:TestEvent once). Fix: send only S3's notifications to this queue "
        "(QueueWorker(sources=[BucketEvents(bucket)])); look for what else sends to it"
    )


def _body(record: Record) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise MalformedS3Event(
            f"the record is {kind_of(record)}, not an SQS record (Lambda hands the "
            "function an event whose Records are objects with a string body). Fix: call "
            "process_batch(event, for_each_s3_object(handle)), or pass s3_objects one of "
            "event['Records']"
        )
    body = record.get("body")
    if not isinstance(body, str) and "Records" in record:
        raise MalformedS3Event(
            "got a whole event (it has Records), not one SQS record of it. Fix: call "
            "process_batch(event, for_each_s3_object(handle)) with a QueueWorker's SQS event, "
            "which hands it each record"
        )
    if not isinstance(body, str):
        raise MalformedS3Event(
            "the SQS record has no string body (SQS always sends the message's body as "
            "text). Fix: pass one of the SQS event's Records, as Lambda gives them, or "
            "build it in a test with constructs_lib_runtime.testing.sqs_record"
        )
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: nested too deeply to parse
        raise MalformedS3Event(
            "the message body is not JSON (S3 sends its notification as a JSON object). "
            "Fix: send only S3's notifications to this queue (look for what else sends to it)"
        ) from None
    if not isinstance(parsed, dict):
        raise MalformedS3Event(
            f"the message body is a JSON {_json_type(parsed)}, not an object (S3 sends "
            '{"Records": [...]}). Fix: send only S3\'s notifications to this queue (look '
            "for what else sends to it)"
        )
    return parsed


def _object(index: int, item: object) -> S3Object:
    where = f"Records[{index}]"
    if not isinstance(item, dict) or item.get("eventSource") != "aws:s3":
        raise MalformedS3Event(
            f"{where} is not an S3 event record (S3's have eventSource 'aws:s3'). Fix: send "
            "only S3's notifications to this queue; in a test, build the body with "
            "constructs_lib_runtime.testing.object_created_body"
        )
    s3 = item.get("s3")
    bucket = s3.get("bucket") if isinstance(s3, dict) else None
    obj = s3.get("object") if isinstance(s3, dict) else None
    if not isinstance(bucket, dict) or not isinstance(obj, dict):
        raise MalformedS3Event(
            f"{where} has no s3.bucket and s3.object (S3 sends both in every record). Fix: "
            "pass the record as S3 sent it; in a test, build the body with "
            "constructs_lib_runtime.testing.object_created_body"
        )
    name, key, event_name = bucket.get("name"), obj.get("key"), item.get("eventName")
    if not all(isinstance(value, str) and value for value in (name, key, event_name)):
        raise MalformedS3Event(
            f"{where} needs s3.bucket.name, s3.object.key and eventName (S3 sends each as "
            "non-empty text). Fix: pass the record as S3 sent it; in a test, build the "
            "body with constructs_lib_runtime.testing.object_created_body"
        )
    size = obj.get("size")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        # it read as None, as a deletion's: a handler skipping empty objects skipped it
        raise MalformedS3Event(
            f"{where}'s s3.object.size is {reprlib.repr(size)} ({kind_of(size)}), not a "
            "number of "
            "bytes: S3 sends a JSON number (and none for a deletion). Fix: write it as an "
            "int in the event, as constructs_lib_runtime.testing.object_created_body does"
        )
    return S3Object(
        bucket=str(name),
        key=_decoded_key(where, str(key)),
        event_name=str(event_name),
        size=size,
        version_id=_optional(obj.get("versionId")),
        etag=_optional(obj.get("eTag")),
        sequencer=_optional(obj.get("sequencer")),
        event_time=_optional(item.get("eventTime")),
        record=item,
    )


_NOT_AN_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _decoded_key(where: str, key: str) -> str:
    """The key S3 sent URL-encoded (UTF-8, spaces as ``+``), decoded; MalformedS3Event
    for one that does not decode to valid Unicode (``%E9`` alone would give U+FFFD, a
    key that does not exist), or with a ``%`` that starts no escape (``%zz``, ``100%``: S3
    sends a key's ``%`` as ``%25``, and unquote kept it, naming another key)."""
    try:
        if _NOT_AN_ESCAPE.search(key):
            raise UnicodeError(key)
        decoded = unquote_plus(key, errors="strict")
        decoded.encode("utf-8")  # JSON "\ud800" decodes to a lone surrogate
    except UnicodeError:
        raise MalformedS3Event(
            f"{where} has an object key that is not URL-encoded UTF-8 (S3 sends the key "
            "URL-encoded, spaces as '+'). Fix: pass the key as S3 sent it; in a test, pass the "
            "decoded key to constructs_lib_runtime.testing.object_created_body, which "
            "encodes it"
        ) from None
    return decoded


def _json_type(value: object) -> str:
    """JSON's name of a parsed value's type (``[1]``: array)."""
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    return "null" if value is None else "number"


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
