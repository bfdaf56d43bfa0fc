"""QueueWorker's ``existing_dead_letter_queue``: the dead-letter queue of an
``existing_queue`` the library cannot see (imported), given so that the worker's
dead-letter alarm and graph cover it. The library only reads its metrics: an imported
queue's redrive policy cannot be written from here, so the rules are those SQS puts on
the pair (one queue type, one region and account) and those a wrong pick breaks."""

from __future__ import annotations

from aws_cdk import Annotations
from aws_cdk import aws_sqs as sqs

from constructs_lib._arns import check_imported_arn
from constructs_lib._env import check_same_environment
from constructs_lib._jsii import is_unresolved, same_jsii_object, shown
from constructs_lib._redrive_allow import check_redrive_allowed
from constructs_lib._validation import Validator

__all__ = [
    "NO_REDRIVE_POLICY_WARNING",
    "check_existing_dead_letter_queue",
    "has_cfn_redrive",
    "other_environment",
    "queue_is_fifo",
]

_PROP = "existing_dead_letter_queue"
NO_REDRIVE_POLICY_WARNING = "constructs_lib:existingQueueWithoutRedrive"


def check_existing_dead_letter_queue(
    v: Validator, dead_letter_queue: sqs.IQueue | None, queue: sqs.IQueue | None, fifo: bool
) -> None:
    """``dead_letter_queue`` (None: not given) beside the worker's ``existing_queue``
    (``queue``) and its ``fifo`` prop."""
    if dead_letter_queue is None:
        return
    if queue is None:
        v.add_relation(
            _PROP,
            "is set without existing_queue: QueueWorker creates its queue and that queue's "
            "dead-letter queue (worker.dead_letter_queue, with its alarm), and no message "
            "would reach this one",
            "pass existing_queue= too (the queue whose redrive policy names this dead-letter "
            "queue), or drop existing_dead_letter_queue",
        )
        return
    if _same_queue(dead_letter_queue, queue):
        v.add(
            _PROP,
            "is existing_queue itself: SQS moves messages out of a queue into another one",
            "pass the queue that existing_queue's redrive policy names (its deadLetterTargetArn)",
        )
        return
    _check_redrive_target(v, dead_letter_queue, queue)
    _check_same_type(v, dead_letter_queue, queue, fifo)
    if not check_imported_arn(
        v, dead_letter_queue, _PROP, "queue", "the worker's alarm would watch no queue"
    ):
        return
    fix = "pass the dead-letter queue of existing_queue, which is in its region and account"
    elsewhere = other_environment(dead_letter_queue, queue)
    if elsewhere is not None:  # beside an environment-agnostic stack too
        v.add(_PROP, f"is in {elsewhere}: {_SAME_ENVIRONMENT}", fix)
    else:
        check_same_environment(v, dead_letter_queue, _PROP, _SAME_ENVIRONMENT, fix)
    check_redrive_allowed(v, _PROP, dead_letter_queue, queue, where="is", source="existing_queue")


_SAME_ENVIRONMENT = (
    "SQS keeps a dead-letter queue in its source queue's region and account (and an alarm "
    "reads only metrics of its own)"
)


def other_environment(dead_letter_queue: sqs.IQueue, queue: sqs.IQueue) -> str | None:
    """How the two queues' environments (known from their ARNs) differ, if they do."""
    mine, theirs = queue.env, dead_letter_queue.env
    pairs = [
        f"{what} {there}, not existing_queue's {here}"
        for what, here, there in (
            ("region", mine.region, theirs.region),
            ("account", mine.account, theirs.account),
        )
        if not is_unresolved(here) and not is_unresolved(there) and here != there
    ]
    return " and ".join(pairs) or None


def _same_queue(a: sqs.IQueue, b: sqs.IQueue) -> bool:
    if same_jsii_object(a, b):
        return True
    arn_a, arn_b = a.queue_arn, b.queue_arn
    return not is_unresolved(arn_a) and not is_unresolved(arn_b) and arn_a == arn_b


def _check_redrive_target(v: Validator, dead_letter_queue: sqs.IQueue, queue: sqs.IQueue) -> None:
    """A queue defined in the app shows its redrive policy: the dead-letter queue given must
    be the one it names, or the alarm would watch a queue no message reaches."""
    redrive = getattr(queue, "dead_letter_queue", None)
    if redrive is None and isinstance(queue, sqs.Queue) and not has_cfn_redrive(queue):
        # A warning, not a refusal: a policy written by add_property_override (an escape
        # hatch) is in the template but nowhere the library can read it.
        Annotations.of(v.scope).add_warning_v2(
            NO_REDRIVE_POLICY_WARNING,
            f"{_PROP} is {shown(dead_letter_queue)}, but existing_queue {shown(queue)} shows "
            "no redrive policy: without one SQS never moves its failed messages there, so "
            "the alarm would watch a queue no message reaches. Fix: give existing_queue its "
            "dead-letter queue (sqs.Queue(..., dead_letter_queue=sqs.DeadLetterQueue("
            "queue=..., max_receive_count=3))), which the worker then alarms on by itself, "
            f"and drop {_PROP}; if an add_property_override writes its RedrivePolicy, "
            f"acknowledge '{NO_REDRIVE_POLICY_WARNING}'.",
        )
    if isinstance(redrive, sqs.DeadLetterQueue) and not _same_queue(
        redrive.queue, dead_letter_queue
    ):
        v.add(
            _PROP,
            f"is {shown(dead_letter_queue)}, but existing_queue's redrive policy sends its "
            f"failed messages to {shown(redrive.queue)}",
            "drop existing_dead_letter_queue (the worker alarms on the dead-letter queue of "
            "a redrive policy defined in the app), or pass that queue",
        )


def has_cfn_redrive(queue: sqs.Queue) -> bool:
    """A queue of the app whose redrive policy was written on its CfnQueue instead."""
    cfn = queue.node.default_child
    return isinstance(cfn, sqs.CfnQueue) and cfn.redrive_policy is not None


def _check_same_type(
    v: Validator, dead_letter_queue: sqs.IQueue, queue: sqs.IQueue, fifo: bool
) -> None:
    """SQS: a FIFO queue's dead-letter queue is a FIFO queue, a standard queue's a standard
    one (an imported queue's type is read from its name: ``.fifo``)."""
    is_fifo, queue_fifo = queue_is_fifo(dead_letter_queue), queue_is_fifo(queue)
    queue_fifo = fifo if queue_fifo is None else queue_fifo
    if is_fifo is None or is_fifo == queue_fifo:
        return
    kinds = {True: "a FIFO queue", False: "a standard queue"}
    v.add(
        _PROP,
        f"is {kinds[bool(is_fifo)]}, but existing_queue is {kinds[bool(queue_fifo)]}: SQS "
        "requires a dead-letter queue of its source queue's type",
        f"pass existing_queue's dead-letter queue, which is {kinds[bool(queue_fifo)]}",
    )


def queue_is_fifo(queue: sqs.IQueue) -> bool | None:
    """Whether a queue is FIFO, None if unknown: a queue imported by an ARN that is a token
    (``Fn.import_value``) without ``fifo=True`` answers False, its name being unreadable."""
    is_fifo = queue.fifo
    if is_unresolved(is_fifo):
        return None
    if is_fifo or isinstance(queue, sqs.Queue) or not is_unresolved(queue.queue_arn):
        return bool(is_fifo)
    return None
