"""SQS messages exactly as S3 sends them into a queue, for the tests of handlers fed by
``QueueWorker(sources=[BucketEvents(...)])``: the builders users get,
``constructs_lib_runtime.testing``."""

from typing import Any

from constructs_lib_runtime._request_parts import ACCOUNT, REGION
from constructs_lib_runtime.testing import (
    object_created_body,
    s3_test_event_body,
    sqs_event,
    sqs_record,
)

__all__ = [
    "ACCOUNT",
    "REGION",
    "object_created_body",
    "raw_sqs_record",
    "s3_test_event_body",
    "sqs_event",
    "sqs_record",
]


def raw_sqs_record(body: Any, message_id: str = "m-1") -> dict[str, Any]:
    """A record holding ``body`` as is, for fuzzing a handler: also one SQS would refuse
    (no str, a lone surrogate, larger than SQS takes), which sqs_record refuses."""
    return {**sqs_record("{}", message_id), "body": body}
