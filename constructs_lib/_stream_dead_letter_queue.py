"""A StreamWorker's dead-letter queue, the mapping's on-failure destination: the one it
creates (``dead_letter_queue_key``: its customer-managed key) or the user's
(``existing_dead_letter_queue``: the queue a hand-built mapping already sends to).
Lambda sends to it with the function's role, so the rules are those of a queue the
function writes to, and Lambda's own: a standard queue (no FIFO queue takes a batch's
pointers)."""

from __future__ import annotations

from aws_cdk import aws_sqs as sqs

from constructs_lib import _nag
from constructs_lib._customer_keys import check_key
from constructs_lib._env import check_existing_environment
from constructs_lib._jsii import is_unresolved
from constructs_lib._nag_streams import STREAM_DEAD_LETTER_NO_REDRIVE, STREAM_DEAD_LETTER_QUEUE
from constructs_lib._validation import Validator

__all__ = ["acknowledge_dead_letter_use", "check_dead_letter_queue"]

_PROP = "existing_dead_letter_queue"


def check_dead_letter_queue(v: Validator, queue: sqs.IQueue | None, key: object) -> None:
    """The key of the queue the worker creates, or the queue it is given (not both)."""
    check_key(v, key, "dead_letter_queue_key")
    if queue is None:
        return
    v.check(
        key is None,
        "dead_letter_queue_key",
        f"is set together with {_PROP}, whose encryption is its owner's",
        f"encrypt your queue with the key yourself, or drop {_PROP} (the worker then "
        "creates its dead-letter queue, encrypted with the key)",
    )
    check_existing_environment(v, queue, _PROP, "queue")
    fifo = queue.fifo
    v.check(
        is_unresolved(fifo) or not fifo,
        _PROP,
        "is a FIFO queue; a stream's event source mapping sends the pointers of a skipped "
        "batch to a standard queue only",
        "pass a standard queue (its name without .fifo), or drop existing_dead_letter_queue",
    )


def acknowledge_dead_letter_use(queue: sqs.IQueue, *, created: bool) -> None:
    """cdk-nag's findings of a queue without a dead-letter queue of its own (AwsSolutions
    SQS3; Serverless too for the user's, the worker's acknowledges it as it is created),
    on a queue of the app: it is one, which cdk-nag does not see from an on-failure
    destination."""
    if isinstance(queue, sqs.Queue):
        rules = (
            [STREAM_DEAD_LETTER_QUEUE]
            if created
            else [STREAM_DEAD_LETTER_QUEUE, STREAM_DEAD_LETTER_NO_REDRIVE]
        )
        _nag.acknowledge(queue, *rules)
