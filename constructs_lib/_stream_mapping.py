"""StreamWorker's event source mapping: the table's stream read into the ``live`` alias,
its on-failure destination (dead-letter queue or bucket) and the grants it needs, kept
apart from the construct so that stream_worker.py holds the construct's wiring only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources

from constructs_lib import _nag_streams
from constructs_lib._core.link_grants import grant_and_acknowledge
from constructs_lib._stream_failed_batches import BucketDestination, grant_failed_batches
from constructs_lib._stream_worker_props import StreamWorkerProps

if TYPE_CHECKING:  # annotations only: importing this module loads no aws_s3
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_sqs as sqs

__all__ = ["read_stream"]


def read_stream(
    function: lambda_.Function,
    alias: lambda_.Alias,
    props: StreamWorkerProps,
    queue: sqs.IQueue | None,
    bucket: s3.IBucket | None,
) -> lambda_.EventSourceMapping:
    """The mapping from the table's stream to the alias; the stream read grant (its
    ``dynamodb:ListStreams`` on '*' acknowledged on this function's policy alone)."""
    source = event_sources.DynamoEventSource(
        props.table,
        starting_position=props.starting_position,
        batch_size=props.batch_size,
        max_batching_window=props.max_batching_window,
        parallelization_factor=props.parallelization_factor,
        retry_attempts=props.retry_attempts,
        max_record_age=props.record_age,
        bisect_batch_on_error=True,
        report_batch_item_failures=True,
        on_failure=_on_failure(queue, bucket),
        filters=list(props.filters) or None,
        tumbling_window=props.tumbling_window,
        enabled=None if props.enabled is True else props.enabled,  # Lambda's default
    )
    keyed = queue is not None and queue.encryption_master_key is not None
    grant_and_acknowledge(
        function,
        lambda granted: _add_source(granted, alias, source, props.table, bucket),
        "stream",
        reason=_nag_streams.STREAM_READ_GRANT
        + (f" {_nag_streams.STREAM_DEAD_LETTER_KEY_GRANT}" if keyed else "")
        + (f" {_nag_streams.FAILED_BATCHES_GRANT}" if bucket is not None else ""),
    )
    (mapping,) = (
        child for child in alias.node.children if isinstance(child, lambda_.EventSourceMapping)
    )
    return mapping


def _on_failure(queue: sqs.IQueue | None, bucket: s3.IBucket | None) -> lambda_.IEventSourceDlq:
    if bucket is not None:
        return BucketDestination(bucket)
    assert queue is not None  # one destination or the other
    return event_sources.SqsDlq(queue)


def _add_source(
    function: lambda_.Function,
    alias: lambda_.Alias,
    source: lambda_.IEventSource,
    table: dynamodb.ITable,
    bucket: s3.IBucket | None,
) -> None:
    alias.add_event_source(source)
    if bucket is not None:  # S3OnFailureDestination's is read-write
        grant_failed_batches(function, bucket)
    if isinstance(table, dynamodb.TableBaseV2):
        # aws-cdk-lib's TableV2 grants ListStreams on the stream's ARN, which the action
        # takes none of (it grants nothing: aws/aws-cdk#34575); Table's grant, on '*'
        function.add_to_role_policy(
            iam.PolicyStatement(actions=["dynamodb:ListStreams"], resources=["*"])
        )
