"""QueueWorker: an SQS queue feeding a Lambda function, with nothing lost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Final

from aws_cdk import Duration, Size
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

import constructs_lib
from constructs_lib import _defaults
from constructs_lib._arguments import checked_arguments
from constructs_lib._bucket_event_loops import warn_of_event_loops
from constructs_lib._bucket_key_filters import warn_of_bare_suffixes, warn_of_prefix_case
from constructs_lib._core import (
    FunctionCore,
    Invocation,
    props_from,
    validated,
)
from constructs_lib._core.alarm_attributes import QueueWorkerAlarms
from constructs_lib._core.link_apply import link_after
from constructs_lib._core.parts import FunctionParts
from constructs_lib._core.resolve import resolve_handler
from constructs_lib._dead_letter_retention import warn_of_shorter_retention
from constructs_lib._facts import path_of, remember_scope
from constructs_lib._loaded import LazyModule
from constructs_lib._monitoring.queue import queue_widgets, worker_queue_alarms
from constructs_lib._nag_queues import acknowledge_existing_dead_letter_queue
from constructs_lib._prop_cycles import check_referenced_prop
from constructs_lib._queue_consumers import remember_consumer
from constructs_lib._queue_visibility import check_visibility_at_synth
from constructs_lib._queue_worker_props import QueueWorkerProps
from constructs_lib._queue_worker_queues import create_queues
from constructs_lib._validation import Validator
from constructs_lib._worker_rechecks import recheck_worker_at_synth
from constructs_lib.bucket_events import BucketEvents, connect_sources
from constructs_lib.deployment import Deployment
from constructs_lib.handler import Handler
from constructs_lib.links import Link
from constructs_lib.network import Network

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_sns as sns

else:  # imported on first use (typing.get_type_hints): importing this loads none
    sns = LazyModule("aws_sns")
    kms = LazyModule("aws_kms")

__all__ = ["QueueWorker", "QueueWorkerProps"]


class QueueWorker(QueueWorkerAlarms, FunctionParts, Construct):
    """An SQS queue (or yours) feeding a function's ``live`` alias, with a dead-letter queue.

    Default settings: SQS-managed encryption; a queue policy denying non-TLS access; a
    dead-letter queue (same settings, 14-day retention) after ``max_receive_count``
    receives; visibility timeout 6x the function timeout; batches of 10 with
    ``ReportBatchItemFailures`` on, so one bad message does not fail the batch (see
    ``constructs_lib_runtime.sqs_batch``, which is in the function's asset); queues
    retained on stack deletion; the function with the library's secure defaults.

    :param handler: the function that processes the messages.
    :param batch_size: messages per invocation, 1..10 000 (FIFO: 1..10). Default: 10.
    :param max_batching_window: wait up to this long to fill a batch, 0..300 s (not
        FIFO). Default: none (required for batch_size > 10, which needs >= 1 s).
    :param max_concurrency: concurrent invocations the queue may drive, 2..1000 (at most
        the handler's ``reserved_concurrency``). Default: no limit beyond the account's.
    :param max_receive_count: receives before a message moves to the dead-letter queue,
        1..1000. Default: 5.
    :param fifo: create a FIFO queue and FIFO dead-letter queue with content-based
        deduplication. Default: False.
    :param fifo_high_throughput: with ``fifo``: high throughput mode, deduplication and
        the throughput quota per message group (SQS takes the two only together), for
        many groups; the dead-letter queue stays a FIFO queue with the normal quota.
        Not with an ``existing_queue`` (its settings are its owner's). Default: False.
    :param max_message_size: the largest message the queue takes, a ``Size`` from
        ``Size.kibibytes(1)`` to ``Size.mebibytes(1)`` (SQS's limits; a Size says its unit,
        SQS counts bytes); the dead-letter queue gets the same, so every message it is
        sent fits. Not with an ``existing_queue``. Default: SQS's (the queue sets none).
    :param visibility_timeout: how long a message the function received stays hidden from
        other receives. Whole seconds, at least 6x the handler's timeout (messages would
        otherwise be redelivered while still being processed) and at most 12 hours (SQS's
        limit); not with an ``existing_queue`` (its own is checked instead). Default: 6x
        the handler's timeout.
    :param existing_queue: consume this queue instead of creating one. Its redrive
        policy and visibility timeout are then yours to set (DLQ, >= 6x the timeout).
        Default: a new queue and its dead-letter queue.
    :param existing_dead_letter_queue: with ``existing_queue``, the dead-letter queue its
        redrive policy names. The library cannot see it on an imported queue; given, the
        worker's dead-letter alarm and graph cover it (same type, region and account as
        the queue; neither queue is changed). Default: none (the dead-letter queue of a
        redrive policy defined in the app, if any, is found without it).
    :param sources: S3 event notifications sent into the queue (``BucketEvents``); the
        queue policy lets exactly those buckets (aws:SourceArn, aws:SourceAccount) send.
        Not with FIFO queues or an imported ``existing_queue``. Default: none.
    :param encryption_key: encrypt the queue and its dead-letter queue (so a redriven
        message stays readable) with this KMS key of the stack's region; the function's
        grants and, for a key created in the app, the key policy statement of
        ``sources`` follow it (an imported key's owner adds that one: a synth warning
        spells it out). Not with ``existing_queue``. Default: SQS-managed encryption.
    :param enabled: False creates the event source mapping disabled: the messages wait in
        the queue (up to its retention) until it is enabled, e.g. while another consumer
        still reads the queue. Default: True.
    :param network: run the function in this Network (VPC). Default: no VPC.
    :param alarms: function errors and throttles, any message in the dead-letter queue,
        oldest message older than 15 minutes. True: always; False: never. Default: when
        they have a destination (see Monitoring).
    :param alarm_topic: SNS topic the alarms notify, also a destination; the stack's
        Monitoring topic, if any, is notified too. Default: the stack's Monitoring topic
        only.
    :param deployment: ``Deployment.canary(...)`` etc. (see Deployment). Default: the
        scope's ``FunctionDefaults``, else at once.
    """

    _given_by: ClassVar[Mapping[str, str]] = {"queue": "existing_queue"}

    dead_letter_queue: Final[sqs.Queue | None]
    """Where messages go after ``max_receive_count`` failed receives (None with
    ``existing_queue``: its redrive policy is the owner's)."""
    queue: Final[sqs.IQueue]
    """The queue the function consumes."""
    function: Final[lambda_.Function]
    """The function (unqualified); the queue invokes :attr:`alias`."""
    alias: Final[lambda_.Alias]
    """The ``live`` alias the event source mapping invokes."""
    event_source: Final[event_sources.SqsEventSource]
    """The event source (SQS -> ``live`` alias) with partial batch failures on."""
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
        batch_size: int = _defaults.BATCH_SIZE,
        max_batching_window: Duration | None = None,
        max_concurrency: int | None = None,
        max_receive_count: int = _defaults.MAX_RECEIVE_COUNT,
        fifo: bool = False,
        visibility_timeout: Duration | None = None,
        existing_queue: sqs.IQueue | None = None,
        existing_dead_letter_queue: sqs.IQueue | None = None,
        sources: Sequence[BucketEvents] = (),
        max_message_size: Size | None = None,
        fifo_high_throughput: bool = False,
        encryption_key: kms.IKey | None = None,
        enabled: bool = True,
        network: Network | None = None,
        alarms: bool | None = None,
        alarm_topic: sns.ITopic | None = None,
        deployment: Deployment | None = None,
    ) -> None:
        props = props_from(QueueWorkerProps, locals())
        super().__init__(scope, id)
        self._props = validated(self, props)
        dead_letter_queue, queue = create_queues(self, self._props)
        self.dead_letter_queue = dead_letter_queue
        self.queue = queue
        remember_consumer(self.queue, path_of(self), enabled=props.enabled)
        if props.existing_queue is not None:
            acknowledge_existing_dead_letter_queue(self, queue, alarms=props.alarms)
        if dead_letter_queue is not None:  # else its retention is the app's
            failed = "a message every receive of failed (its only copy)"
            warn_of_shorter_retention(self, dead_letter_queue, "QueueWorker", failed)
        connect_sources(self.queue, props.sources, worker=self)
        core = FunctionCore(
            self,
            "Handler",
            handler=props.handler,
            invocation=Invocation.POLLED,
            environment={"QUEUE_URL": self.queue.queue_url},
            include_runtime=True,
            network=props.network,
            deployment=props.deployment,
            service_name=self.node.id,
        )
        self.function = core.function
        self.alias = core.alias
        self._expose_parts(core)  # function_role, security_group, deployment_group
        check_visibility_at_synth(
            self,
            queue,
            self.function,
            created=props.existing_queue is None,
            tokens=(props.visibility_timeout, resolve_handler(self, props.handler).timeout),
        )
        self.event_source = event_sources.SqsEventSource(
            self.queue,
            batch_size=props.batch_size,
            max_batching_window=props.max_batching_window,
            max_concurrency=props.max_concurrency,
            report_batch_item_failures=True,
            enabled=None if props.enabled is True else props.enabled,  # Lambda's default
        )
        self.alias.add_event_source(self.event_source)
        mapping = [c for c in self.alias.node.children if isinstance(c, lambda_.EventSourceMapping)]
        remember_scope(mapping[-1], self.alias)  # its stack is the alias's, as its checks ask
        recheck_worker_at_synth(
            self,
            self.function,
            mapping[-1],
            dead_letter_queue,
            queue,
            reserved=props.handler.reserved_concurrency,
        )
        warn_of_event_loops(self, props.sources, props.handler.links, "handler.links")
        warn_of_bare_suffixes(self, props.sources)
        warn_of_prefix_case(self, props.sources, props.handler.links, "handler.links")
        self.alarms = props.monitor(
            self,
            widgets=lambda: [
                *queue_widgets(self.queue, self._watched_dead_letter_queue()),
                *core.widgets("Handler"),
            ],
            alarms=lambda: [*core.alarms(), *self._queue_alarms()],
        )

    @checked_arguments
    def link(self, *targets: Link | constructs_lib.Linkable) -> None:
        """Links the function to ``targets`` after construction, as ``Handler(links=...)``
        does (grant + environment variable): for links both ways between two constructs,
        one side links after the other exists."""
        link_after(Validator(self), [self.function], targets)
        warn_of_event_loops(self, self._props.sources, targets, "link()")
        warn_of_prefix_case(self, self._props.sources, targets, "link()")

    @checked_arguments
    def subscribe(
        self,
        topic: sns.ITopic,
        *,
        filter_policy: Mapping[str, sns.SubscriptionFilter] | None = None,
        filter_policy_with_message_body: Mapping[str, sns.FilterOrPolicy] | None = None,
        raw_message_delivery: bool = True,
    ) -> sns.Subscription:
        """Subscribes the queue to ``topic`` (the app's, or another account's imported by
        ARN: its topic policy must let this account subscribe), so its messages reach the
        function. The queue policy (and a created ``encryption_key``'s policy) lets SNS send
        for this topic only; the worker's dead-letter queue is the subscription's too, so a
        message SNS cannot deliver is kept and alarmed on like a failed one. A FIFO topic
        needs a FIFO worker and the other way round.

        :param topic: the topic whose messages the worker gets.
        :param filter_policy: deliver only messages whose attributes match, e.g.
            ``{"kind": sns.SubscriptionFilter.string_filter(allowlist=["order"])}`` (at
            most 5 attributes and 150 combinations of values). Default: every message.
        :param filter_policy_with_message_body: deliver only messages whose (JSON) body
            matches (not with filter_policy). Default: every message.
        :param raw_message_delivery: the record's body is the message as published (its
            attributes the record's ``messageAttributes``); False delivers SNS's JSON
            envelope (read it with ``constructs_lib_runtime.sns_messages``). Default: True.
        """
        from constructs_lib._topic_subscriptions import subscribe

        return subscribe(
            self,
            self.queue,
            self._watched_dead_letter_queue(),
            topic,
            filter_policy=filter_policy,
            filter_policy_with_message_body=filter_policy_with_message_body,
            raw_message_delivery=raw_message_delivery,
        )

    def _watched_dead_letter_queue(self) -> sqs.IQueue | None:
        """The dead-letter queue the alarm and graph watch: the worker's, or the one given
        with ``existing_queue``, which this stack refers to from then on (its name is their
        metric's dimension): of another stack, checked for a dependency cycle then."""
        if self.dead_letter_queue is not None:
            return self.dead_letter_queue
        existing = self._props.existing_dead_letter_queue
        v = Validator(self)
        check_referenced_prop(v, existing, "existing_dead_letter_queue", "queue")
        v.raise_if_any()
        return existing

    def _queue_alarms(self) -> list[cloudwatch.Alarm]:
        # an existing queue's receives are its redrive policy's, unknown when imported
        receives = None if self.dead_letter_queue is None else self._props.max_receive_count
        return worker_queue_alarms(self, self.queue, self._watched_dead_letter_queue(), receives)
