"""StreamWorker's cdk-nag acknowledgements, each with its reason: a part of ``_nag`` (the
one file a security review reads with this one), kept apart for its size."""

from __future__ import annotations

__all__ = [
    "STREAM_DEAD_LETTER_QUEUE",
    "STREAM_NO_DLQ",
    "STREAM_NO_FAILURE_DESTINATION",
    "STREAM_READ_GRANT",
]

_STREAM = (
    "Invoked by a DynamoDB stream event source mapping (polling, not asynchronous "
    "invocation): a batch that still fails after its retries is recorded by the mapping's "
    "own on-failure destination (DestinationConfig), the StreamWorker's dead-letter queue."
)
STREAM_NO_DLQ = ("Serverless-LambdaDLQ", _STREAM)
STREAM_NO_FAILURE_DESTINATION = ("Serverless-LambdaAsyncFailureDestination", _STREAM)
STREAM_DEAD_LETTER_QUEUE = (
    "AwsSolutions-SQS3",
    "This queue is itself a dead-letter queue: the on-failure destination of a DynamoDB "
    "stream event source mapping, which cdk-nag does not recognise as dead-letter use "
    "(only redrive policies and a function's DeadLetterConfig).",
)
STREAM_READ_GRANT = (  # the reason only: the findings are computed (link_grants)
    "StreamWorker's read grant on its table's stream (aws-cdk-lib's grant_stream_read): "
    "dynamodb:ListStreams takes no resource-level permission and is granted on '*' (it "
    "lists streams' ARNs, no record); the record actions name that one stream."
)
