"""StreamWorker's defaults: plain values, as in ``values`` (which holds every other one;
these sit apart only to keep that module small)."""

from __future__ import annotations

__all__ = [
    "STREAM_BATCH_SIZE",
    "STREAM_FAILED_BATCHES_FILTER",
    "STREAM_FAILED_BATCHES_LOG_DAYS",
    "STREAM_FAILED_BATCHES_PREFIX",
    "STREAM_ITERATOR_AGE_SECONDS",
    "STREAM_MAX_RECORD_AGE_SECONDS",
    "STREAM_RETRY_ATTEMPTS",
]

# Lambda's own default for a DynamoDB stream.
STREAM_BATCH_SIZE = 100
# Bounded, unlike Lambda's default (-1: retry until the record leaves the stream, 24 hours
# after it was written), because a record that always fails holds back every later record
# of its shard until then. 10 retries ride out a short outage of what the function calls;
# a failure that outlasts them (a bug) sets the batch aside: its pointers go to the
# dead-letter queue and the shard moves on.
STREAM_RETRY_ATTEMPTS = 10
# A record not processed within an hour (a long outage, a backlog) is set aside too, while
# the stream still holds it for 23 more hours: time to read it back from the pointers.
STREAM_MAX_RECORD_AGE_SECONDS = 3600
# The iterator age alarm: the newest record processed was written this long ago (the
# function falls behind the table's writes), well before max_record_age sets records aside.
STREAM_ITERATOR_AGE_SECONDS = 900
# failed_batches_bucket: Lambda writes each skipped batch (its invocation record, with the
# batch's event as a JSON string under "payload") under this prefix. AWS Lambda Developer
# Guide, "Retain discarded records for a DynamoDB event source in Lambda"
# (services-dynamodb-errors), "Example Amazon S3 invocation record": "The S3 object
# containing the invocation record uses the following naming convention:
# aws/lambda/<ESM-UUID>/<shardID>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<Random UUID>" (the
# Kinesis page, kinesis-on-failure-destination, gives the same). The grant's resource
# (aws/lambda/*) and the metrics filter read it; the mapping's UUID cannot narrow either:
# the bucket would then reference the mapping that references it (a dependency cycle).
STREAM_FAILED_BATCHES_PREFIX = "aws/lambda/"
# The id of the bucket's request metrics filter on that prefix, whose PutRequests the
# failed-batches alarm reads (a metric only while objects are written there).
STREAM_FAILED_BATCHES_FILTER = "FailedBatches"
# The new bucket's server access logs (who read or deleted a failed batch) are kept this
# long; the failed batches themselves never expire: deleting one is the operator's call.
STREAM_FAILED_BATCHES_LOG_DAYS = 90
