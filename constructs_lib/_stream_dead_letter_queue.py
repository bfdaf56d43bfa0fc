"""A StreamWorker's dead-letter queue, the mapping's on-failure destination: the one it
creates (``dead_letter_queue_key``: its customer-managed key) or the user's
(``existing_dead_letter_queue``: the queue a hand-built mapping already sends to).
Lambda sends to it with the function's role, so the rules are those of a queue the
function writes to, and Lambda's own: a standard queue (no FIFO queue takes a batch's
pointers).

A queue of the app that keeps a message less than the 24 hours the stream keeps each
record warns: a skipped batch's message is its only pointer to the records, and a queue
that drops it first (an hour's retention, a night's alarm read in the morning) leaves
records nobody can find while the stream still holds them. A warning, not an error: a
team that reads its dead-letter queue at once may mean it."""

from __future__ import annotations

from aws_cdk import Annotations
from aws_cdk import aws_sqs as sqs

from constructs_lib import _nag
from constructs_lib._customer_keys import check_key
from constructs_lib._env import check_existing_environment
from constructs_lib._jsii import is_unresolved
from constructs_lib._nag_streams import STREAM_DEAD_LETTER_NO_REDRIVE, STREAM_DEAD_LETTER_QUEUE
from constructs_lib._validation import Validator

__all__ = [
    "POINTERS_EXPIRE_FIRST_WARNING",
    "acknowledge_dead_letter_use",
    "check_dead_letter_queue",
]

_PROP = "existing_dead_letter_queue"
POINTERS_EXPIRE_FIRST_WARNING = "constructs_lib:streamPointersExpireFirst"
#: How long a DynamoDB stream keeps each record.
_STREAM_RETENTION_SECONDS = 86400


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
    _warn_if_kept_shorter_than_stream(v, queue)


def _warn_if_kept_shorter_than_stream(v: Validator, queue: sqs.IQueue) -> None:
    resource = queue.node.default_child
    if not isinstance(resource, sqs.CfnQueue):
        return  # imported: its retention is its owner's
    kept = resource.message_retention_period  # None: SQS's default, 4 days
    if (
        not isinstance(kept, int | float)
        or is_unresolved(kept)
        or kept >= _STREAM_RETENTION_SECONDS
    ):
        return
    Annotations.of(v.scope).add_warning_v2(
        POINTERS_EXPIRE_FIRST_WARNING,
        f"`{_PROP}` is the queue {queue.node.path}, which keeps a message {kept:g} seconds, "
        f"less than the {_STREAM_RETENTION_SECONDS} seconds (24 hours) the table's stream "
        "keeps each record: a skipped batch's message, its only pointer to the records "
        "(shard and sequence numbers), is deleted while the stream still holds them, and "
        "nobody finds them to process again. Fix: set its retention_period to at least "
        "Duration.hours(24) (Duration.days(14), SQS's longest, as the worker's own "
        "dead-letter queue keeps); if the queue is read sooner than that, acknowledge "
        f"'{POINTERS_EXPIRE_FIRST_WARNING}'.",
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
