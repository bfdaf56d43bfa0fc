"""SQS messages exactly as S3 sends them into a queue, for the tests of handlers fed by
``QueueWorker(sources=[BucketEvents(...)])``: the builders users get,
``constructs_lib_runtime.testing``."""

from constructs_lib_runtime.testing import (
    ACCOUNT,
    REGION,
    object_created_body,
    s3_test_event_body,
    sqs_event,
    sqs_record,
)

__all__ = [
    "ACCOUNT",
    "REGION",
    "object_created_body",
    "s3_test_event_body",
    "sqs_event",
    "sqs_record",
]
