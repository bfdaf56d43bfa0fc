"""What a property injector of ``sqs.Queue`` may change in a QueueWorker's dead-letter
queue against the queue it serves: its largest message and its retention.

SQS moves a message that failed ``max_receive_count`` times into the dead-letter queue,
and a queue refuses a message larger than its ``MaximumMessageSize``: SQS documents no
exception for the messages its redrive policy moves, so a dead-letter queue taking smaller
messages than its queue cannot keep the largest failures (none of them is there to read
or redrive). SQS counts a standard queue's message's retention from when it was first
sent, so a dead-letter queue keeping messages shorter than its queue deletes one that
failed late on arrival. The worker's check at synth (``_worker_rechecks``) finds the
second too, naming an Aspect; this one names the injector as the queue is created. A FIFO
queue's message starts its retention again in the dead-letter queue: no retention rule.

Only asked when an injector may reach the queues (``may_inject``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from constructs_lib._dead_letter_retention import SQS_DEFAULT_RETENTION_SECONDS
from constructs_lib._facts import path_of, resource_of
from constructs_lib._injected import _SKIP, _changed
from constructs_lib._queue_settings import MAX_MESSAGE_BYTES
from constructs_lib.errors import ConstructError, Problem

if TYPE_CHECKING:
    from aws_cdk import aws_sqs as sqs

__all__ = ["check_injected_redrive"]

#: SQS's MaximumMessageSize of a queue that names none ("Default: 1,048,576 bytes (1 MiB)",
#: its largest since 2025).
SQS_DEFAULT_MESSAGE_BYTES = MAX_MESSAGE_BYTES


def check_injected_redrive(queue: sqs.Queue, dead_letter_queue: sqs.Queue, owner: str) -> None:
    """``dead_letter_queue`` takes messages as large as ``queue``'s and, for a standard
    queue, keeps them at least as long (``owner``: whose queues, ``"the QueueWorker"``)."""
    source, target = resource_of(queue), resource_of(dead_letter_queue)
    problems = []
    size = _number(source.maximum_message_size, SQS_DEFAULT_MESSAGE_BYTES)
    kept_size = _number(target.maximum_message_size, SQS_DEFAULT_MESSAGE_BYTES)
    if size is not None and kept_size is not None and kept_size < size:
        small = _shown(kept_size)
        problems.append(
            Problem(
                path_of(dead_letter_queue),
                "max_message_size_bytes",
                f"is {small}: {_changed(f'maxMessageSizeBytes={small}', 'sqs.Queue')} for "
                f"{owner}'s dead-letter queue, below its queue's {_shown(size)} "
                f"({path_of(queue)}): SQS refuses a message larger than a queue's "
                "MaximumMessageSize and documents no exception for the messages a redrive "
                f"policy moves, so a failing message of more than {small} bytes is never "
                "kept there to read or redrive",
                f"{_SKIP}, or return {_shown(size)} or more (the queue's size)",
            )
        )
    kept = _number(source.message_retention_period, SQS_DEFAULT_RETENTION_SECONDS)
    kept_there = _number(target.message_retention_period, SQS_DEFAULT_RETENTION_SECONDS)
    standard = source.fifo_queue is not True
    if standard and kept is not None and kept_there is not None and kept_there < kept:
        problems.append(
            Problem(
                path_of(dead_letter_queue),
                "retention_period",
                f"is {_shown(kept_there)} seconds: "
                f"{_changed('a shorter retentionPeriod', 'sqs.Queue')} for {owner}'s "
                f"dead-letter queue than its queue's ({_shown(kept)} seconds, {path_of(queue)}): "
                "SQS counts a standard queue's message's retention from when it was first "
                f"sent, so a message that reaches the dead-letter queue after {_shown(kept_there)} "
                "seconds in the queue is deleted on arrival, never seen nor redriven",
                f"{_SKIP}, or return a retentionPeriod of at least the queue's (the library "
                "keeps 14 days there, SQS's longest)",
            )
        )
    if problems:
        raise ConstructError(problems)


def _shown(value: float) -> str:
    """A whole number of bytes or seconds as a whole number (``:g`` writes 1048576 as
    1.04858e+06)."""
    return str(int(value)) if value == int(value) else str(value)


def _number(value: object, default: float) -> float | None:
    """A queue setting of the L1: ``default`` (SQS's) when it has none, None for a
    deploy-time value."""
    if value is None:
        return default
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None
