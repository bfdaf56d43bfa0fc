"""Events as AWS sends them, for the tests of handler code (standard library only, no CDK).

    from constructs_lib_runtime.testing import object_created_body, sqs_event, sqs_record

    event = sqs_event(sqs_record(object_created_body("uploads", "in/a b.csv", size=3)))
    assert handler(event, None) == {"batchItemFailures": []}

S3's messages are those it sends into a queue (``QueueWorker(sources=[BucketEvents(...)])``,
event structure version 2.1), the key URL-encoded as S3 sends it (spaces as ``+``), so a
handler that forgets to decode it fails its test instead of its first real upload. An HTTP
API's request (:func:`http_api_event`) has its header names lower-cased, as API Gateway
sends them, so a handler that looks one up as the sender spells it fails its test too. A
DynamoDB stream's record (:func:`stream_record`) has its item in DynamoDB JSON, as the
stream writes it. An EventBridge event (:func:`eventbridge_event`) is one a rule delivers
to an EventHandler's function, its detail as the function parses it. A ScheduledJob's run
(:func:`scheduled_job_event`) is its payload itself, Scheduler's context attributes in it
replaced; an SNS notification in a QueueWorker's queue (:func:`sns_notification_body`)
SNS's envelope, for a subscription without raw message delivery; a gradual deployment's
hook call (:func:`deployment_hook_event`) CodeDeploy's two ids.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote_plus

from constructs_lib_runtime._bridge_events import eventbridge_event
from constructs_lib_runtime._event_checks import check_bucket_name, check_count, check_text
from constructs_lib_runtime._http_events import http_api_authorizer_event, http_api_event
from constructs_lib_runtime._other_events import (
    deployment_hook_event,
    scheduled_job_event,
    sns_notification_body,
)
from constructs_lib_runtime._request_parts import REGION
from constructs_lib_runtime._sqs_records import sqs_event, sqs_record
from constructs_lib_runtime._stream_events import stream_event
from constructs_lib_runtime._stream_records import stream_record

_MAX_KEY_BYTES = 1024  # S3's longest key

__all__ = [
    "deployment_hook_event",
    "eventbridge_event",
    "http_api_authorizer_event",
    "http_api_event",
    "object_created_body",
    "s3_test_event_body",
    "scheduled_job_event",
    "sns_notification_body",
    "sqs_event",
    "sqs_record",
    "stream_event",
    "stream_record",
]


def s3_test_event_body(bucket: str) -> str:
    """The message S3 sends first, when a notification configuration is put."""
    check_bucket_name("s3_test_event_body", check_text("s3_test_event_body", "bucket", bucket))
    return json.dumps(
        {
            "Service": "Amazon S3",
            "Event": "s3:TestEvent",
            "Time": "2026-05-04T09:00:00.000Z",
            "Bucket": bucket,
            "RequestId": "5582815E1AEA5ADF",
            "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
        }
    )


def object_created_body(
    bucket: str,
    key: str,
    *,
    size: int,
    etag: str = "0123456789abcdef0123456789abcdef",
    version_id: str | None = None,
    event_name: str = "ObjectCreated:Put",
    sequencer: str = "0A1B2C3D4E5F678901",
) -> str:
    """An object event's message body; the key URL-encoded (spaces as ``+``) as S3 does.
    ``event_name`` as S3 writes it in the message, without the ``s3:`` of the
    notification configuration's event types (``ObjectCreated:Put``).

    ``etag``, ``version_id`` (None: an unversioned bucket's object, which has none) and
    ``sequencer`` are written into the record's ``s3.object`` as S3 writes them; their
    defaults are the signature's."""
    call = "object_created_body"
    bucket, key = check_text(call, "bucket", bucket), check_text(call, "key", key)
    event_name = check_text(call, "event_name", event_name)
    version_id = check_text(call, "version_id", version_id, optional=True)
    etag, sequencer = check_text(call, "etag", etag), check_text(call, "sequencer", sequencer)
    check_count(call, "size", size)
    check_bucket_name(call, bucket)
    if version_id == "":
        raise ValueError(
            f"{call}: version_id is ''; S3 sends one only for a versioned bucket's object, never "
            "empty. Fix: pass the object's version id, or leave it out (an unversioned bucket)"
        )
    if not key or len(key.encode("utf-8", "surrogatepass")) > _MAX_KEY_BYTES:
        raise ValueError(
            f"{call}: key is {len(key.encode('utf-8', 'surrogatepass'))} bytes long; S3's keys "
            f"are 1 to {_MAX_KEY_BYTES} bytes. Fix: pass the object's key, e.g. key='in/a.csv'"
        )
    if event_name.startswith("s3:"):
        raise ValueError(
            f"object_created_body: event_name {event_name!r} is a notification's event type; "
            f"S3's messages name the event without 's3:'. Fix: pass event_name={event_name[3:]!r}"
        )
    obj: dict[str, Any] = {"key": quote_plus(key, safe="/"), "size": size, "eTag": etag}
    if version_id is not None:
        obj["versionId"] = version_id
    obj["sequencer"] = sequencer
    record = {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": REGION,
        "eventTime": "2026-05-04T09:00:01.123Z",
        "eventName": event_name,
        "userIdentity": {"principalId": "AWS:AIDAEXAMPLEUSER"},
        "requestParameters": {"sourceIPAddress": "203.0.113.7"},
        "responseElements": {
            "x-amz-request-id": "C3D13FE58DE4C810",
            "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD",
        },
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "UploadsNotifications",
            "bucket": {
                "name": bucket,
                "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                "arn": f"arn:aws:s3:::{bucket}",
            },
            "object": obj,
        },
    }
    return json.dumps({"Records": [record]})
