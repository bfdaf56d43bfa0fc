"""QueueWorker's queues: the dead-letter queue and the queue it feeds, created with the
library's defaults (their key, message size, FIFO settings and a visibility timeout fit
for the function's), or the ``existing_queue`` given instead of both."""

from __future__ import annotations

from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._core.resolve import resolve_handler
from constructs_lib._injected_redrive import check_injected_redrive
from constructs_lib._injected_settings import warn_of_injected_message_size
from constructs_lib._injector_errors import may_inject
from constructs_lib._queue_settings import queue_settings
from constructs_lib._queue_worker_props import QueueWorkerProps

__all__ = ["create_queues"]


def create_queues(scope: Construct, props: QueueWorkerProps) -> tuple[sqs.Queue | None, sqs.IQueue]:
    """The dead-letter queue (None with ``existing_queue``) and the queue."""
    if props.existing_queue is not None:
        return None, props.existing_queue
    key = props.encryption_key
    size = queue_settings(props.max_message_size, high_throughput=False)
    dead_letter_queue = _defaults.dead_letter_queue(
        scope, fifo=props.fifo, encryption_key=key, **size
    )
    queue = _defaults.queue(
        scope,
        "Queue",
        fifo=props.fifo,
        visibility_timeout=props.visibility_timeout
        or _defaults.visibility_timeout_for(resolve_handler(scope, props.handler).timeout),
        dead_letter_queue=sqs.DeadLetterQueue(
            queue=dead_letter_queue, max_receive_count=props.max_receive_count
        ),
        encryption_key=key,
        **queue_settings(props.max_message_size, props.fifo_high_throughput),
    )
    if may_inject(scope):  # an injector's sizes and retentions (the worker's answer: no question)
        check_injected_redrive(queue, dead_letter_queue, "the QueueWorker")
        if props.sources:  # S3's notifications must fit an injector's size
            warn_of_injected_message_size(scope, queue, size.get("max_message_size_bytes"))
    return dead_letter_queue, queue
