"""QueueWorker: an SQS queue feeding a Lambda function, with nothing lost."""

from __future__ import annotations

import math

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults, _nag, monitoring
from constructs_lib._functions import HandlerFunction
from constructs_lib._validation import Validator, is_unresolved
from constructs_lib.handler import Handler, validate_handler
from constructs_lib.network import Network


class QueueWorker(Construct):
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
    :param max_concurrency: concurrent invocations the queue may drive, 2..1000.
        Default: no limit beyond the account's.
    :param max_receive_count: receives before a message moves to the dead-letter queue,
        1..1000. Default: 5.
    :param fifo: create a FIFO queue and FIFO dead-letter queue with content-based
        deduplication. Default: False.
    :param visibility_timeout: Default: 6x the handler's timeout; a smaller value is an
        error, because messages would be redelivered while still being processed.
    :param existing_queue: consume this queue instead of creating one. Its redrive
        policy and visibility timeout are then yours to set (DLQ, >= 6x the timeout).
    :param network: run the function in this Network (VPC). Default: no VPC.
    :param alarms: create alarms (function errors and throttles, any message in the
        dead-letter queue, oldest message older than 15 minutes). Default: True.
    :param alarm_topic: SNS topic the alarms notify. Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        handler: Handler,
        batch_size: int = 10,
        max_batching_window: Duration | None = None,
        max_concurrency: int | None = None,
        max_receive_count: int = _defaults.MAX_RECEIVE_COUNT,
        fifo: bool = False,
        visibility_timeout: Duration | None = None,
        existing_queue: sqs.IQueue | None = None,
        network: Network | None = None,
        alarms: bool = True,
        alarm_topic: sns.ITopic | None = None,
    ) -> None:
        super().__init__(scope, id)
        _validate(
            self,
            handler,
            batch_size,
            max_batching_window,
            max_concurrency,
            max_receive_count,
            fifo,
            visibility_timeout,
            existing_queue,
        )
        fifo_props = {"fifo": True, "content_based_deduplication": True} if fifo else {}

        #: Where messages go after ``max_receive_count`` failed receives (None with
        #: ``existing_queue``: its redrive policy is the owner's).
        self.dead_letter_queue: sqs.Queue | None = None
        #: The queue the function consumes.
        self.queue: sqs.IQueue
        if existing_queue is not None:
            self.queue = existing_queue
        else:
            self.dead_letter_queue = sqs.Queue(
                self,
                "DeadLetterQueue",
                retention_period=_defaults.DEAD_LETTER_RETENTION,
                **fifo_props,  # type: ignore[arg-type]
                **_defaults.queue_props(),  # type: ignore[arg-type]
            )
            _nag.acknowledge(self.dead_letter_queue, _nag.DLQ_NO_REDRIVE)
            self.queue = sqs.Queue(
                self,
                "Queue",
                visibility_timeout=visibility_timeout or _visibility_timeout_for(handler.timeout),
                dead_letter_queue=sqs.DeadLetterQueue(
                    queue=self.dead_letter_queue, max_receive_count=max_receive_count
                ),
                **fifo_props,  # type: ignore[arg-type]
                **_defaults.queue_props(),  # type: ignore[arg-type]
            )

        built = HandlerFunction(
            self,
            "Handler",
            handler=handler,
            environment={"QUEUE_URL": self.queue.queue_url},
            include_runtime=True,
            network=network,
        )
        _nag.acknowledge(
            built,
            _nag.POLLED_NO_DLQ,
            _nag.POLLED_NO_FAILURE_DESTINATION,
            _nag.SQS_ESM_NO_DESTINATION,
        )
        #: The function (unqualified); the queue invokes :attr:`alias`.
        self.function: lambda_.Function = built.function
        #: The ``live`` alias the event source mapping invokes.
        self.alias: lambda_.Alias = built.alias
        #: The event source (SQS -> ``live`` alias) with partial batch failures on.
        self.event_source = event_sources.SqsEventSource(
            self.queue,
            batch_size=batch_size,
            max_batching_window=max_batching_window,
            max_concurrency=max_concurrency,
            report_batch_item_failures=True,
        )
        self.alias.add_event_source(self.event_source)
        #: The construct's alarms (empty with ``alarms=False``).
        self.alarms: list[cloudwatch.Alarm] = monitoring.watch(
            self,
            widgets=self._widgets(),
            alarms=self._alarms(built) if alarms else [],
            alarm_topic=alarm_topic,
        )

    def _alarms(self, built: HandlerFunction) -> list[cloudwatch.Alarm]:
        period = _defaults.ALARM_PERIOD
        created = monitoring.function_alarms(built, self.function)
        created.append(
            monitoring.alarm(
                self,
                "OldestMessageAlarm",
                self.queue.metric_approximate_age_of_oldest_message(
                    period=period, statistic="Maximum"
                ),
                threshold=_defaults.QUEUE_OLDEST_MESSAGE_SECONDS,
                description=f"{self.node.path}: a message waits >= 15 minutes (backlog)",
            )
        )
        if self.dead_letter_queue is not None:
            created.append(
                monitoring.dead_letter_queue_alarm(
                    self, self.dead_letter_queue, "messages failed and were dead-lettered"
                )
            )
        return created

    def _widgets(self) -> list[cloudwatch.IWidget]:
        queues = [self.queue] + ([self.dead_letter_queue] if self.dead_letter_queue else [])
        return [
            cloudwatch.GraphWidget(
                title="Queue depth (queue, dead-letter queue)",
                left=[
                    q.metric_approximate_number_of_messages_visible(statistic="Maximum")
                    for q in queues
                ],
                width=12,
            ),
            cloudwatch.GraphWidget(
                title="Age of oldest message",
                left=[self.queue.metric_approximate_age_of_oldest_message(statistic="Maximum")],
                width=12,
            ),
            *monitoring.function_widgets("Handler", self.function),
        ]


def _visibility_timeout_for(timeout: Duration) -> Duration:
    seconds = timeout.to_seconds() * _defaults.VISIBILITY_TIMEOUT_FACTOR
    return Duration.seconds(min(math.ceil(seconds), 43200))


def _validate(
    scope: Construct,
    handler: Handler,
    batch_size: int,
    max_batching_window: Duration | None,
    max_concurrency: int | None,
    max_receive_count: int,
    fifo: bool,
    visibility_timeout: Duration | None,
    existing_queue: sqs.IQueue | None,
) -> None:
    v = Validator(scope)
    validate_handler(v, handler, "handler")
    v.check_range(batch_size, "batch_size", 1, 10 if fifo else 10000)
    window = (
        None
        if max_batching_window is None or is_unresolved(max_batching_window)
        else max_batching_window.to_seconds()
    )
    if window is not None:
        v.check(
            not fifo,
            "max_batching_window",
            "is set on a FIFO queue, which does not support batching windows",
            "remove max_batching_window or use a standard queue",
        )
        v.check_range(window, "max_batching_window", 0, 300, "seconds")
    if not is_unresolved(batch_size) and batch_size > 10 and not fifo:
        v.check(
            window is not None and window >= 1,
            "batch_size",
            f"is {batch_size}; batches above 10 need max_batching_window of at least 1 second",
            "pass max_batching_window=Duration.seconds(1) or more, or batch_size <= 10",
        )
    if max_concurrency is not None:
        v.check_range(max_concurrency, "max_concurrency", 2, 1000)
    v.check_range(max_receive_count, "max_receive_count", 1, 1000)
    if visibility_timeout is not None and not is_unresolved(visibility_timeout):
        seconds = visibility_timeout.to_seconds()
        v.check_range(seconds, "visibility_timeout", 0, 43200, "seconds")
        if isinstance(handler, Handler) and not is_unresolved(handler.timeout):
            minimum = handler.timeout.to_seconds() * _defaults.VISIBILITY_TIMEOUT_FACTOR
            v.check(
                seconds >= minimum,
                "visibility_timeout",
                f"is {seconds:g} seconds, less than 6x the handler timeout ({minimum:g} s); "
                "messages would be redelivered while still being processed",
                f"pass at least Duration.seconds({math.ceil(minimum)}) or omit it",
            )
    if existing_queue is not None:
        for prop, given in (
            ("visibility_timeout", visibility_timeout is not None),
            ("max_receive_count", max_receive_count != _defaults.MAX_RECEIVE_COUNT),
        ):
            v.check(
                not given,
                prop,
                "is set together with existing_queue, whose settings are its owner's",
                f"set {prop} on your queue, or let QueueWorker create the queue",
            )
        if not is_unresolved(existing_queue.fifo):
            v.check(
                existing_queue.fifo == fifo,
                "fifo",
                f"is {fifo}, but existing_queue is {'' if existing_queue.fifo else 'not '}FIFO",
                f"pass fifo={existing_queue.fifo}",
            )
    v.raise_if_any()
