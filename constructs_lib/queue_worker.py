"""QueueWorker: an SQS queue feeding a Lambda function, with nothing lost."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Final

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._arguments import checked_arguments
from constructs_lib._core import (
    FunctionBackedProps,
    FunctionCore,
    Invocation,
    props_from,
    validated,
)
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._core.link_apply import link_after
from constructs_lib._core.parts import FunctionParts
from constructs_lib._core.resolve import resolve_handler
from constructs_lib._env import check_existing_environment
from constructs_lib._jsii import is_unresolved, seconds_of
from constructs_lib._monitoring.queue import queue_widgets, worker_queue_alarms
from constructs_lib._queue_consumers import (
    check_concurrency,
    check_single_consumer,
    remember_consumer,
)
from constructs_lib._validation import Validator
from constructs_lib.bucket_events import BucketEvents, check_sources, connect_sources
from constructs_lib.deployment import Deployment
from constructs_lib.handler import Handler
from constructs_lib.links import Link
from constructs_lib.network import Network

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns

    from constructs_lib.links import Linkable

__all__ = ["QueueWorker", "QueueWorkerProps"]

_MAX_BATCHING_WINDOW_SECONDS = 300  # SQS event source limits
_MAX_BATCH_SIZE, _MAX_FIFO_BATCH_SIZE = 10000, 10


class QueueWorker(FunctionParts, Construct):
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
    :param visibility_timeout: Default: 6x the handler's timeout; a smaller value is an
        error, because messages would be redelivered while still being processed.
    :param existing_queue: consume this queue instead of creating one. Its redrive
        policy and visibility timeout are then yours to set (DLQ, >= 6x the timeout).
    :param sources: S3 event notifications sent into the queue (``BucketEvents``); the
        queue policy lets exactly those buckets (aws:SourceArn, aws:SourceAccount) send.
        Not with FIFO queues or an imported ``existing_queue``. Default: none.
    :param network: run the function in this Network (VPC). Default: no VPC.
    :param alarms: function errors and throttles, any message in the dead-letter queue,
        oldest message older than 15 minutes. True: always; False: never. Default: when
        they have a destination (see Monitoring).
    :param alarm_topic: SNS topic the alarms notify. Default: none.
    :param deployment: ``Deployment.canary(...)`` etc. (see Deployment). Default: at once.
    """

    _given_by: ClassVar[Mapping[str, str]] = {"queue": "existing_queue"}

    #: Where messages go after ``max_receive_count`` failed receives (None with
    #: ``existing_queue``: its redrive policy is the owner's).
    dead_letter_queue: Final[sqs.Queue | None]
    #: The queue the function consumes.
    queue: Final[sqs.IQueue]
    #: The function (unqualified); the queue invokes :attr:`alias`.
    function: Final[lambda_.Function]
    #: The ``live`` alias the event source mapping invokes.
    alias: Final[lambda_.Alias]
    #: The event source (SQS -> ``live`` alias) with partial batch failures on.
    event_source: Final[event_sources.SqsEventSource]
    #: The construct's alarms (empty with ``alarms=False``).
    alarms: Final[Sequence[cloudwatch.Alarm]]

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
        sources: Sequence[BucketEvents] = (),
        network: Network | None = None,
        alarms: bool | None = None,
        alarm_topic: sns.ITopic | None = None,
        deployment: Deployment | None = None,
    ) -> None:
        props = props_from(QueueWorkerProps, locals())
        super().__init__(scope, id)
        self._props = validated(self, props)
        dead_letter_queue, queue = self._create_queues()
        self.dead_letter_queue = dead_letter_queue
        self.queue = queue
        remember_consumer(self.queue, self.node.path)
        connect_sources(self.queue, props.sources, worker=self.node.path)
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
        self.event_source = event_sources.SqsEventSource(
            self.queue,
            batch_size=props.batch_size,
            max_batching_window=props.max_batching_window,
            max_concurrency=props.max_concurrency,
            report_batch_item_failures=True,
        )
        self.alias.add_event_source(self.event_source)
        self.alarms = props.monitor(
            self,
            widgets=lambda: [
                *queue_widgets(self.queue, self.dead_letter_queue),
                *core.widgets("Handler"),
            ],
            alarms=lambda: [*core.alarms(), *self._queue_alarms()],
        )

    @checked_arguments
    def link(self, *targets: Link | Linkable) -> None:
        """Links the function to ``targets`` after construction, as ``Handler(links=...)``
        does (grant + environment variable): for links both ways between two constructs,
        one side links after the other exists."""
        link_after(Validator(self), [self.function], targets)

    def _create_queues(self) -> tuple[sqs.Queue | None, sqs.IQueue]:
        """The dead-letter queue (None with ``existing_queue``) and the queue."""
        props = self._props
        if props.existing_queue is not None:
            return None, props.existing_queue
        dead_letter_queue = _defaults.dead_letter_queue(self, fifo=props.fifo)
        return dead_letter_queue, _defaults.queue(
            self,
            "Queue",
            fifo=props.fifo,
            visibility_timeout=props.visibility_timeout
            or _defaults.visibility_timeout_for(resolve_handler(self, props.handler).timeout),
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=dead_letter_queue, max_receive_count=props.max_receive_count
            ),
        )

    def _queue_alarms(self) -> list[cloudwatch.Alarm]:
        receives = self._props.max_receive_count
        return worker_queue_alarms(self, self.queue, self.dead_letter_queue, receives)


@dataclass(frozen=True, kw_only=True)
class QueueWorkerProps(FunctionBackedProps):
    """QueueWorker's props (see :class:`QueueWorker` for each one), validated together."""

    handler: Handler
    batch_size: int = _defaults.BATCH_SIZE
    max_batching_window: Duration | None = None
    max_concurrency: int | None = None
    max_receive_count: int = _defaults.MAX_RECEIVE_COUNT
    fifo: bool = False
    visibility_timeout: Duration | None = None
    existing_queue: sqs.IQueue | None = None
    sources: Sequence[BucketEvents] = ()

    def validate(self, v: Validator) -> None:
        super().validate(v)
        check_handler(
            v, self.handler, "handler", construct_environment=("QUEUE_URL",), network=self.network
        )
        max_batch = _MAX_FIFO_BATCH_SIZE if self.fifo else _MAX_BATCH_SIZE
        v.check_range(self.batch_size, "batch_size", 1, max_batch)
        self._validate_batching_window(v)
        check_concurrency(v, self.max_concurrency, self.handler)
        v.check_range(self.max_receive_count, "max_receive_count", 1, 1000)
        self._validate_visibility_timeout(v)
        if self.existing_queue is not None:
            self._validate_existing_queue(v, self.existing_queue)
        check_sources(v, self.sources, fifo=self.fifo, existing_queue=self.existing_queue)

    def _validate_batching_window(self, v: Validator) -> None:
        given = self.max_batching_window  # a deploy-time one too: FIFO queues take none
        window = v.whole_seconds(given, "max_batching_window")
        if given is not None:
            v.check(
                not self.fifo,
                "max_batching_window",
                "is set on a FIFO queue, which does not support batching windows",
                "remove max_batching_window or use a standard queue",
            )
        if window is not None:
            v.duration_range(window, "max_batching_window", 0, _MAX_BATCHING_WINDOW_SECONDS)
        batch_size = self.batch_size
        if not is_unresolved(batch_size) and batch_size > _MAX_FIFO_BATCH_SIZE and not self.fifo:
            v.check(  # a deploy-time window (Duration.seconds(<token>)) is the user's to size
                is_unresolved(given) or (window is not None and window >= 1),
                "batch_size",
                f"is {batch_size}; batches above 10 need max_batching_window of at least 1 second",
                "pass max_batching_window=Duration.seconds(1) or more, or batch_size=10 or less",
            )

    def _validate_visibility_timeout(self, v: Validator) -> None:
        seconds = v.whole_seconds(self.visibility_timeout, "visibility_timeout")
        if seconds is None:
            return
        high = _defaults.MAX_VISIBILITY_TIMEOUT_SECONDS
        v.duration_range(seconds, "visibility_timeout", 0, high)
        handler_timeout = self._handler_timeout(v)
        if handler_timeout is not None:
            factor = _defaults.VISIBILITY_TIMEOUT_FACTOR
            minimum = handler_timeout * factor
            v.check(
                seconds >= minimum,
                "visibility_timeout",
                f"is {seconds:g} seconds, less than {factor}x the handler timeout "
                f"({minimum:g} seconds); messages would be redelivered while still being processed",
                f"pass at least Duration.seconds({math.ceil(minimum)}) or omit it",
            )

    def _validate_existing_queue(self, v: Validator, existing: sqs.IQueue) -> None:
        for prop, given in (
            ("visibility_timeout", self.visibility_timeout is not None),
            ("max_receive_count", self.max_receive_count != _defaults.MAX_RECEIVE_COUNT),
        ):
            v.check(
                not given,
                prop,
                "is set together with existing_queue, whose settings are its owner's",
                f"set {prop} on your queue, or let QueueWorker create the queue",
            )
        self._validate_existing_visibility(v, existing)
        check_single_consumer(v, existing)
        check_existing_environment(v, existing, "existing_queue", "queue")
        if not is_unresolved(existing.fifo):
            v.check(
                existing.fifo == self.fifo,
                "fifo",
                f"is {self.fifo}, but existing_queue is {'' if existing.fifo else 'not '}FIFO",
                f"pass fifo={existing.fifo}",
            )

    def _validate_existing_visibility(self, v: Validator, existing: sqs.IQueue) -> None:
        """A queue defined in this app shows its visibility timeout; it must cover a run."""
        resource = existing.node.default_child
        visibility = getattr(resource, "visibility_timeout", None) if resource else None
        unset = isinstance(resource, sqs.CfnQueue) and visibility is None  # SQS's default
        if unset:
            visibility = _defaults.SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS
        timeout = self._handler_timeout(v)
        if timeout is None:
            return
        if isinstance(visibility, int | float) and not is_unresolved(visibility):
            v.check(
                visibility >= timeout,
                "existing_queue",
                f"has a visibility timeout of {visibility:g} seconds"
                f"{' (SQS default: the queue sets none)' if unset else ''}, less than the handler "
                f"timeout ({timeout:g} seconds): messages would be redelivered while still being "
                "processed",
                f"set the queue's visibility_timeout to at least "
                f"{timeout * _defaults.VISIBILITY_TIMEOUT_FACTOR:g} seconds "
                f"({_defaults.VISIBILITY_TIMEOUT_FACTOR}x the timeout)",
            )

    def _handler_timeout(self, v: Validator) -> float | None:
        """The function's timeout in seconds (FunctionDefaults applied), if known."""
        if not isinstance(self.handler, Handler):
            return None
        timeout = resolve_handler(v.scope, self.handler).timeout
        if not isinstance(timeout, Duration) or is_unresolved(timeout):
            return None
        return seconds_of(timeout)
