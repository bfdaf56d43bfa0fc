"""A StreamWorker's alarms and widgets with ``failed_batches_bucket``: a skipped batch
written to the bucket (its request metrics' PutRequests on Lambda's prefix), one lost on
its way there (Lambda's DestinationDeliveryFailures), and how far the function is behind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, graph
from constructs_lib._monitoring.dead_letters import LOST_RECORDS_AGAIN, stream_lost_sends
from constructs_lib._monitoring.stream import (
    failed,
    iterator_age_alarm,
    iterator_age_graph,
    stream_alarms,
    stream_widgets,
)
from constructs_lib._stream_failed_batches import watched

if TYPE_CHECKING:
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_sqs as sqs

__all__ = ["destination_alarms", "destination_widgets"]

_DESTINATION = "failed-batches bucket"


def destination_alarms(
    scope: Construct,
    function: lambda_.IFunction,
    queue: sqs.IQueue | None,
    bucket: s3.IBucket | None,
    *,
    retry_attempts: int,
    max_record_age: str,
    created: bool,
) -> list[cloudwatch.Alarm]:
    """A StreamWorker's alarms besides its function's: those of its dead-letter queue
    (``stream_alarms``), or the iterator age alarm, the alarm on a batch written to the
    bucket (when its request metrics are there) and the alarm on a batch Lambda could not
    write."""
    if bucket is None:
        assert queue is not None  # the worker has one destination or the other
        return stream_alarms(
            scope,
            function,
            queue,
            retry_attempts=retry_attempts,
            max_record_age=max_record_age,
            created=created,
        )
    age = iterator_age_alarm(scope, function, max_record_age, _DESTINATION)
    if not watched(bucket):
        return [age, _lost(scope, function, bucket)]
    prefix = f"s3://{bucket.bucket_name}/{_defaults.STREAM_FAILED_BATCHES_PREFIX}"
    written = alarm(
        scope,
        "FailedBatchesAlarm",
        _written(bucket),
        threshold=_defaults.DEAD_LETTER_MESSAGES_THRESHOLD,
        description=f"a batch of the table's stream {failed(retry_attempts)} or was older "
        f"than {max_record_age}, and was skipped: Lambda wrote it, records included, to "
        f"{prefix}<mapping UUID>/<shardId>/YYYY/MM/DD/ (kept until deleted), one JSON object: "
        "the invocation record (requestContext.condition says why) and the event the "
        "function got under payload, as a JSON string (its Records, in DynamoDB JSON). First: "
        f"the function's log for the error; once fixed, list them (aws s3 ls {prefix} "
        "--recursive), read each (aws s3 cp s3://<bucket>/<key> -), parse its payload and "
        "process the Records again in order, then delete the object",
    )
    return [age, written, _lost(scope, function, bucket)]


def _lost(scope: Construct, function: lambda_.IFunction, bucket: s3.IBucket) -> cloudwatch.Alarm:
    """A skipped batch Lambda could not write to the bucket: nothing holds its records."""
    return alarm(
        scope,
        "DeadLetterDeliveryAlarm",
        stream_lost_sends(function),
        threshold=_defaults.DEAD_LETTER_MESSAGES_THRESHOLD,
        description="batches were lost: skipped, but Lambda (DestinationDeliveryFailures of "
        f"{function.function_name}) could not write them to the {_DESTINATION} "
        f"{bucket.bucket_name}, so nothing holds their records. First: that the bucket "
        "exists, its policy and, with a customer-managed key, the key's policy and state "
        "(the role needs kms:GenerateDataKey); once fixed, "
        f"{LOST_RECORDS_AGAIN}",
    )


def destination_widgets(
    function: lambda_.IFunction, queue: sqs.IQueue | None, bucket: s3.IBucket | None
) -> list[cloudwatch.IWidget]:
    """The dead-letter queue's widgets (``stream_widgets``), or the iterator age, the
    batches written to the bucket (what the alarm reads) and those lost on the way."""
    if bucket is None:
        assert queue is not None  # the worker has one destination or the other
        return stream_widgets(function, queue)
    lost = graph(
        "Failed writes to the failed-batches bucket (batches lost)", stream_lost_sends(function)
    )
    if not watched(bucket):
        return [iterator_age_graph(function), lost]
    written = graph("Batches written to the failed-batches bucket (skipped)", _written(bucket))
    return [iterator_age_graph(function), written, lost]


def _written(bucket: s3.IBucket) -> cloudwatch.Metric:
    """Objects written under Lambda's prefix: the request metrics filter's PutRequests
    (reported only while there are requests: no data is healthy)."""
    return cloudwatch.Metric(
        namespace="AWS/S3",
        metric_name="PutRequests",
        dimensions_map={
            "BucketName": bucket.bucket_name,
            "FilterId": _defaults.STREAM_FAILED_BATCHES_FILTER,
        },
        statistic="Sum",
        period=Duration.minutes(_defaults.DEAD_LETTER_ALARM_PERIOD_MINUTES),
    )
