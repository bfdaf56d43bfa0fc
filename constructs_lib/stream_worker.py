"""StreamWorker: a DynamoDB table's stream feeding a Lambda function, with nothing lost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

import constructs_lib
from constructs_lib import _defaults
from constructs_lib._arguments import checked_arguments
from constructs_lib._bus_write_loops import watch_for_bus_loop
from constructs_lib._core import FunctionCore, Invocation, props_from, validated
from constructs_lib._core.alarm_attributes import StreamWorkerAlarms
from constructs_lib._core.link_apply import link_after
from constructs_lib._core.parts import FunctionParts
from constructs_lib._dead_letter_retention import warn_of_shorter_retention
from constructs_lib._loaded import LazyModule
from constructs_lib._monitoring.failed_batches import destination_alarms, destination_widgets
from constructs_lib._stream_dead_letter_queue import acknowledge_dead_letter_use
from constructs_lib._stream_failed_batches import to_bucket
from constructs_lib._stream_mapping import read_stream
from constructs_lib._stream_readers import warn_of_readers
from constructs_lib._stream_worker_props import StreamWorkerProps
from constructs_lib._stream_write_loops import warn_of_write_loop
from constructs_lib._switched_off import STREAM_SWITCHED_OFF_WARNING as SWITCHED_OFF
from constructs_lib._switched_off import mapping_paused, warn_if_switched_off_at_synth
from constructs_lib._trigger_cycles import record_source
from constructs_lib._validation import Validator
from constructs_lib.deployment import Deployment
from constructs_lib.handler import Handler
from constructs_lib.links import Link
from constructs_lib.network import Network

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_sns as sns

else:  # imported on first use (typing.get_type_hints): importing this loads none
    sns = LazyModule("aws_sns")
    kms = LazyModule("aws_kms")
    s3 = LazyModule("aws_s3")

__all__ = ["StreamWorker", "StreamWorkerProps"]


class StreamWorker(StreamWorkerAlarms, FunctionParts, Construct):
    """A DynamoDB table's stream feeding a function's ``live`` alias, with a dead-letter
    queue for the batches it could not process.

    Default settings: an event source mapping on the table's stream from its oldest record
    (TRIM_HORIZON), in batches of 100, with ``ReportBatchItemFailures`` on (the function
    reports the first record that failed; Lambda checkpoints the records before it and
    retries from there: see ``constructs_lib_runtime.stream_batch``, which is in the
    function's asset) and ``BisectBatchOnFunctionError`` on (a batch whose run fails is
    split in two and retried, closing in on the bad record); a failing batch is retried 10
    times and no record older than 1 hour is processed (Lambda's defaults retry until the
    record leaves the stream, 24 hours, while a record that always fails holds back its
    shard), then the batch is skipped and its pointers (stream, shard, first and last
    sequence number; not the records, which the stream keeps 24 hours) go to a dead-letter
    queue (SQS-managed encryption, TLS-only policy, 14-day retention, retained on stack
    deletion); the function with the library's secure defaults, allowed to read the stream
    and nothing of the table (link it for that). Records of one item arrive in order;
    handlers should be idempotent (a retried batch runs again from the failed record).

    :param handler: the function that processes the stream's records.
    :param table: the table whose changes to process, with a stream: a ServerlessApi's
        (``TableOptions(stream=...)``), a ``dynamodb.Table`` / ``TableV2`` of the app
        (``stream=`` / ``dynamo_stream=``) or one imported with its ``table_stream_arn``,
        of this stack's region and account (a global table in its own region: not
        ``table.replica(region)``, whose stream no template can name).
    :param starting_position: ``lambda_.StartingPosition.TRIM_HORIZON`` (the stream's
        oldest record, up to 24 hours old) or ``LATEST`` (records written after the mapping
        is created: changes in between are never processed). Default: TRIM_HORIZON.
    :param batch_size: records per invocation, 1..10 000. Default: 100.
    :param max_batching_window: wait up to this long to fill a batch, 0..300 s. Default:
        none (a batch is sent as soon as records are there).
    :param parallelization_factor: batches processed at once per shard, 1..10 (records of
        one item stay in order). Default: 1.
    :param retry_attempts: retries of a failing batch before it is skipped into the
        dead-letter queue, 0..10 000. Default: 10.
    :param max_record_age: skip records older than this into the dead-letter queue, 60 s
        to 7 days (the stream keeps them 24 hours). Default: 1 hour.
    :param filters: process only the records that match one of these (at most 4096
        characters each): ``lambda_.FilterCriteria.filter({...})``; the others are
        dropped, unprocessed. At most 5 (Lambda's quota; 6 to 10 warn, as an account may
        have it raised to 10). A pattern matches the record's fields (``eventName``,
        ``dynamodb``: ``{"NewImage": {"status": {"S": ["paid"]}}}``). Default: every record.
    :param tumbling_window: group records into windows of this length, 0..900 s, whose
        state the function returns and gets back with the next batch of the window: the
        handler returns ``{**process_batch(event, handle), "state": state}`` (Lambda
        counts a response without ``state`` as failed). Default: none.
    :param enabled: False creates the mapping disabled: nothing is read until it is
        enabled (the stream keeps records 24 hours). Default: True.
    :param dead_letter_queue_key: encrypt the dead-letter queue with this KMS key of the
        stack's region; the function (which sends to it: Lambda uses its role) gets the
        key's encrypt and decrypt grant. Default: SQS-managed encryption.
    :param existing_dead_letter_queue: send the pointers of skipped batches to this
        standard queue of the stack's region and account instead of creating one (a
        hand-built mapping's on-failure destination, with the messages it holds); the
        function gets its send grant, and the alarm and graph watch it. An imported
        queue encrypted with a customer-managed key is imported with it
        (``sqs.Queue.from_queue_attributes(..., key_arn=...)``), or the sends fail. Not with
        ``dead_letter_queue_key``. Default: a new queue.
    :param failed_batches_bucket: True: write each skipped batch, its records included, to a
        new bucket (retained, TLS-only, no public access, SSE-S3, server access logs, kept
        until deleted) instead of its pointers to a dead-letter queue, so it outlives the
        stream's 24 hours; an ``s3.IBucket`` of the stack's region and account: to that
        bucket. The function gets s3:PutObject under ``aws/lambda/``, s3:ListBucket (and the
        bucket key's kms:GenerateDataKey); the worker then has no dead-letter queue. Not
        with ``existing_dead_letter_queue`` nor ``dead_letter_queue_key``. Default: False
        (the dead-letter queue).
    :param network: run the function in this Network (VPC). Default: no VPC.
    :param alarms: function errors and throttles, iterator age at least 15 minutes (the
        function falls behind), any batch in the dead-letter queue (or written to
        ``failed_batches_bucket``) or lost on its way there. True: always; False: never.
        Default: when they have a destination (see Monitoring).
    :param alarm_topic: SNS topic the alarms notify, also a destination; the stack's
        Monitoring topic, if any, is notified too. Default: the stack's Monitoring topic
        only.
    :param deployment: ``Deployment.canary(...)`` etc. (see Deployment). Default: the
        scope's ``FunctionDefaults``, else at once.
    """

    dead_letter_queue: Final[sqs.IQueue | None]
    """Where the pointers to skipped batches go (the mapping's on-failure destination):
    the worker's ``sqs.Queue``, or ``existing_dead_letter_queue``; None with
    ``failed_batches_bucket``."""
    failed_batches_bucket: Final[s3.IBucket | None]
    """Where skipped batches are written, records included (the mapping's on-failure
    destination), with ``failed_batches_bucket``: the worker's ``s3.Bucket`` or yours; None
    without (see :attr:`dead_letter_queue`)."""
    function: Final[lambda_.Function]
    """The function (unqualified); the event source mapping invokes :attr:`alias`."""
    alias: Final[lambda_.Alias]
    """The ``live`` alias the event source mapping invokes."""
    event_source_mapping: Final[lambda_.EventSourceMapping]
    """The event source mapping (stream -> ``live`` alias), batch item failures on."""
    alarms: Final[Sequence[cloudwatch.Alarm]]
    """The construct's alarms: empty with ``alarms=False``, and while they have no
    destination (by default they are created once one is named: ``alarm_topic``, the
    stack's ``Monitoring`` topic or the app's context, also after the construct)."""

    @checked_arguments
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        handler: Handler,
        table: dynamodb.ITable,
        starting_position: lambda_.StartingPosition = lambda_.StartingPosition.TRIM_HORIZON,
        batch_size: int = _defaults.STREAM_BATCH_SIZE,
        max_batching_window: Duration | None = None,
        parallelization_factor: int = 1,
        retry_attempts: int = _defaults.STREAM_RETRY_ATTEMPTS,
        max_record_age: Duration | None = None,
        filters: Sequence[Mapping[str, Any]] = (),
        tumbling_window: Duration | None = None,
        enabled: bool = True,
        dead_letter_queue_key: kms.IKey | None = None,
        existing_dead_letter_queue: sqs.IQueue | None = None,
        failed_batches_bucket: s3.IBucket | bool = False,
        network: Network | None = None,
        alarms: bool | None = None,
        alarm_topic: sns.ITopic | None = None,
        deployment: Deployment | None = None,
    ) -> None:
        props = props_from(StreamWorkerProps, locals())
        super().__init__(scope, id)
        self._props = validated(self, props)
        self._stream_table = props.table  # compared by the next workers' warn_of_readers
        warn_of_readers(self, props.table)
        self.failed_batches_bucket = to_bucket(self, props.failed_batches_bucket)
        self.dead_letter_queue = (
            None
            if self.failed_batches_bucket is not None
            else props.existing_dead_letter_queue
            or _defaults.dead_letter_queue(self, encryption_key=props.dead_letter_queue_key)
        )
        if self.dead_letter_queue is not None:
            acknowledge_dead_letter_use(
                self.dead_letter_queue, created=props.existing_dead_letter_queue is None
            )
        if self.dead_letter_queue is not None and props.existing_dead_letter_queue is None:
            failed = "a failed batch's pointers into the stream"  # else the app's retention
            warn_of_shorter_retention(self, self.dead_letter_queue, "StreamWorker", failed)
        core = FunctionCore(
            self,
            "Handler",
            handler=props.handler,
            invocation=Invocation.STREAM,
            include_runtime=True,
            network=props.network,
            deployment=props.deployment,
            service_name=self.node.id,
        )
        self.function = core.function
        self.alias = core.alias
        self._expose_parts(core)  # function_role, security_group, deployment_group
        warn_if_switched_off_at_synth(
            self,
            self.function,
            props.handler.reserved_concurrency,
            SWITCHED_OFF,
            "StreamWorker",
            paused=lambda: mapping_paused(self.event_source_mapping),  # made next, read at synth
        )
        self.event_source_mapping = read_stream(
            self.function, self.alias, props, self.dead_letter_queue, self.failed_batches_bucket
        )
        warn_of_write_loop(self, props.table, props.filters, props.handler.links, "handler.links")
        watch_for_bus_loop(self, self.function, props.table, props.filters)
        record_source(self, props.table, "reads the stream of", "table")
        self.alarms = props.monitor(
            self,
            widgets=lambda: [
                *destination_widgets(
                    self.function, self.dead_letter_queue, self.failed_batches_bucket
                ),
                *core.widgets("Handler"),
            ],
            alarms=lambda: [
                *core.alarms(),
                *destination_alarms(
                    self,
                    self.function,
                    self.dead_letter_queue,
                    self.failed_batches_bucket,
                    retry_attempts=props.retry_attempts,
                    max_record_age=props.record_age.to_human_string(),
                    created=props.existing_dead_letter_queue is None,
                ),
            ],
        )

    @checked_arguments
    def link(self, *targets: Link | constructs_lib.Linkable) -> None:
        """Links the function to ``targets`` after construction, as ``Handler(links=...)``
        does (grant + environment variable): for links both ways between two constructs,
        one side links after the other exists."""
        link_after(Validator(self), [self.function], targets)
        warn_of_write_loop(self, self._props.table, self._props.filters, targets, "link()")
