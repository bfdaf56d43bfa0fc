"""A StreamWorker's alarms and widgets besides its function's: how far the function is
behind the table's writes (iterator age), the batches set aside (dead-letter queue) and
those lost on the way there."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, graph
from constructs_lib._monitoring.dead_letters import (
    dead_letter_widgets,
    stream_lost_batches_alarm,
    stream_lost_sends,
)
from constructs_lib._monitoring.queue import dead_letter_queue_alarm
from constructs_lib._words import counted

__all__ = [
    "failed",
    "iterator_age_alarm",
    "iterator_age_graph",
    "stream_alarms",
    "stream_widgets",
]


def stream_alarms(
    scope: Construct,
    function: lambda_.IFunction,
    dead_letter_queue: sqs.IQueue,
    *,
    retry_attempts: int,
    max_record_age: str,
    created: bool = True,
) -> list[cloudwatch.Alarm]:
    """The iterator age alarm, the dead-letter alarm, whose description says what its
    messages hold (pointers into the stream, not records) and how to read the records back
    (how long the queue keeps them when it is the worker's, ``created``, a user's own
    retention otherwise), and the alarm on batches lost on their way to the queue."""
    kept = (
        f"kept {_defaults.DEAD_LETTER_RETENTION_DAYS} days"
        if created
        else "kept as long as its retention period"
    )
    return [
        iterator_age_alarm(scope, function, max_record_age, "dead-letter queue"),
        dead_letter_queue_alarm(
            scope,
            dead_letter_queue,
            f"a batch of the table's stream {failed(retry_attempts)} or was older than "
            f"{max_record_age}, and was skipped: the dead-letter queue "
            f"{dead_letter_queue.queue_name} ({kept}) "
            "holds where it is (DDBStreamBatchInfo: streamArn, shardId, startSequenceNumber, "
            "endSequenceNumber), not its records, which the stream keeps 24 hours after each "
            "write. First: the function's log for the error; once fixed, read the records "
            "back (aws dynamodbstreams get-shard-iterator --stream-arn <streamArn> --shard-id "
            "<shardId> --shard-iterator-type AT_SEQUENCE_NUMBER --sequence-number "
            "<startSequenceNumber>, then get-records --shard-iterator <ShardIterator> up to "
            "endSequenceNumber) and process them again, then delete the message",
        ),
        stream_lost_batches_alarm(scope, dead_letter_queue, function),
    ]


def iterator_age_alarm(
    scope: Construct, function: lambda_.IFunction, max_record_age: str, destination: str
) -> cloudwatch.Alarm:
    """The function falls behind the table's writes; older records are skipped into the
    worker's ``destination``."""
    age = _defaults.STREAM_ITERATOR_AGE_SECONDS
    return alarm(
        scope,
        "IteratorAgeAlarm",
        _iterator_age(function, period=alarm_period()),
        threshold=age * 1000,  # Lambda reports it in milliseconds
        description=f"the function is >= {age // 60} minutes behind the table's writes "
        f"(iterator age); records older than {max_record_age} are set aside into the "
        f"{destination}. First: the function's errors alarm (a failing batch is retried "
        "and holds its shard), then its duration and throttles; then parallelization_factor "
        "or batch_size",
    )


def failed(retry_attempts: int) -> str:
    """How a skipped batch failed: with retry_attempts 0 it ran once, and was not retried."""
    if retry_attempts == 0:
        return "failed (retry_attempts 0: not retried)"
    return f"failed {counted(retry_attempts, 'retry', 'retries')}"


def iterator_age_graph(function: lambda_.IFunction) -> cloudwatch.IWidget:
    return graph("Iterator age (behind the table's writes)", _iterator_age(function), width=24)


def stream_widgets(
    function: lambda_.IFunction, dead_letter_queue: sqs.IQueue
) -> list[cloudwatch.IWidget]:
    return [
        iterator_age_graph(function),
        *dead_letter_widgets(
            dead_letter_queue, "batches skipped", stream_lost_sends(function), "batches lost"
        ),
    ]


def _iterator_age(function: lambda_.IFunction, period: Duration | None = None) -> cloudwatch.Metric:
    """The age of the last record of each batch when it was processed (Maximum: the
    slowest shard)."""
    return function.metric("IteratorAge", statistic="Maximum", period=period)
