"""StreamWorker's cdk-nag acknowledgements, each with its reason: a part of ``_nag`` (the
one file a security review reads with this one), kept apart for its size."""

from __future__ import annotations

__all__ = [
    "FAILED_BATCHES_GRANT",
    "FAILED_BATCHES_LOG_BUCKET",
    "STREAM_DEAD_LETTER_KEY_GRANT",
    "STREAM_DEAD_LETTER_NO_REDRIVE",
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
STREAM_DEAD_LETTER_NO_REDRIVE = (  # the user's queue (existing_dead_letter_queue)
    "Serverless-SQSRedrivePolicy",
    "This queue is the on-failure destination of a DynamoDB stream event source mapping, "
    "the end of its failure chain: its messages (pointers into the stream) wait for "
    "inspection, not for another queue.",
)
STREAM_READ_GRANT = (  # the reason only: the findings are computed (link_grants)
    "StreamWorker's read grant on its table's stream (aws-cdk-lib's grant_stream_read): "
    "dynamodb:ListStreams takes no resource-level permission and is granted on '*' (it "
    "lists streams' ARNs, no record); the record actions name that one stream."
)
STREAM_DEAD_LETTER_KEY_GRANT = (  # added to STREAM_READ_GRANT: one grant makes both
    "Lambda sends a skipped batch's pointers to the dead-letter queue with the function's "
    "role, and the queue is encrypted with a customer-managed key: aws-cdk-lib's send grant "
    "names KMS action families (kms:GenerateDataKey*, kms:ReEncrypt*) on that one key only."
)
FAILED_BATCHES_GRANT = (  # added to STREAM_READ_GRANT: one grant makes both
    "Lambda writes a skipped batch to the failed-batches bucket with the function's role, "
    "one object per batch under a key it chooses (aws/lambda/<mapping UUID>/<shard id>/"
    "<date>/...): s3:PutObject is granted on that prefix of that one bucket, nothing to read "
    "or delete."
)
FAILED_BATCHES_LOG_BUCKET = (
    "AwsSolutions-S1",
    "This is the access-log bucket of a StreamWorker's failed-batches bucket: logging its "
    "own access into itself would log every log delivery (a feedback loop), and into another "
    "bucket only moves the problem: the chain has to end at a bucket without access logs.",
)
