"""What sent an event or a record that is no SQS batch's: another trigger's (an API
request, an EventBridge event, a stream's or a bucket's record), by its keys, and the fix,
for :func:`~constructs_lib_runtime.sqs_batch.process_batch`'s MalformedBatchError (a
QueueWorker's function, or its handler code, wired elsewhere)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["event_fix", "record_source", "source_of"]


def source_of(event: Mapping[Any, Any]) -> str:
    """What sent ``event``, as far as its keys tell."""
    if _is_request(event):
        return "an API Gateway or function URL request"
    if "detail-type" in event:
        return "an EventBridge event"
    return "another source's event"


def _is_request(event: Mapping[Any, Any]) -> bool:
    return "routeKey" in event or "httpMethod" in event or "requestContext" in event


def event_fix(event: Mapping[Any, Any]) -> str:
    """What to do with another trigger's event given to process_batch."""
    if _is_request(event):
        return "use constructs_lib_runtime.http for a route's requests (a ServerlessApi's)"
    if "detail-type" in event:
        return (
            "use an EventHandler for EventBridge events, or a rule whose target is the "
            "worker's queue (targets.SqsQueue(worker.queue)) to have the QueueWorker get them"
        )
    return "pass the event SQS sends a QueueWorker's function, as the handler receives it"


#: Another source's record (Lambda invoked by it directly), by its key: what it is and the
#: fix. A user wired the QueueWorker's function (or its handler code) elsewhere.
_RECORD_SOURCES = {
    "dynamodb": (
        "a DynamoDB stream's (use constructs_lib_runtime.stream_batch)",
        "use constructs_lib_runtime.stream_batch.process_batch for a StreamWorker's records",
    ),
    "s3": (
        "an S3 notification's (the bucket invokes the function itself)",
        "send the bucket's events into the worker's queue, QueueWorker(sources="
        "[BucketEvents(bucket)]), and read them with s3_events.for_each_s3_object",
    ),
    "Sns": (
        "an SNS notification's (the topic invokes the function itself)",
        "use worker.subscribe(topic), which delivers into the worker's queue, and read "
        "each message with sns_messages.sns_message(record)",
    ),
    "kinesis": (
        "a Kinesis stream's",
        "handle a Kinesis stream's records in a function of their own: process_batch "
        "reports an SQS batch's failures by messageId, and a Kinesis record has none",
    ),
}


def record_source(record: Mapping[str, Any]) -> tuple[str, str]:
    """(", <what sent it>", the fix) for a record without a messageId."""
    for key, (what, fix) in _RECORD_SOURCES.items():
        if key in record:
            return f", {what}", fix
    return "", "pass the event SQS sends a QueueWorker's function, as the handler receives it"
