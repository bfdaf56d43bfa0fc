"""The redrive policy of an ``existing_queue`` defined in the app, when the worker is given
no ``existing_dead_letter_queue`` (``_existing_dead_letter_queue`` checks the one given
against it): the rules SQS puts on the pair, and a queue with no redrive policy at all.

SQS takes a dead-letter queue of its source queue's type (FIFO or standard), region and
account only: the deploy of the queue fails otherwise (CloudFormation's own validation
only warns of the type, and says nothing of an imported queue's region or account). A
queue without a redrive policy moves no message anywhere: one that fails every time is
received again until SQS's retention deletes it, and no dead-letter alarm tells of it. A
warning, not an error: the queue is its owner's, and a policy written with
``add_property_override`` is in the template where the library cannot read it. An
imported queue shows no redrive policy at all: the worker cannot know where its failed
messages go, so no alarm watches them unless ``existing_dead_letter_queue`` names that
queue (a warning too)."""

from __future__ import annotations

from aws_cdk import Annotations
from aws_cdk import aws_sqs as sqs

from constructs_lib._existing_dead_letter_queue import (
    NO_REDRIVE_POLICY_WARNING,
    has_cfn_redrive,
    other_environment,
    queue_is_fifo,
)
from constructs_lib._jsii import shown
from constructs_lib._redrive_allow import check_redrive_allowed
from constructs_lib._validation import Validator

__all__ = ["IMPORTED_WITHOUT_DEAD_LETTER_QUEUE_WARNING", "check_existing_redrive"]

IMPORTED_WITHOUT_DEAD_LETTER_QUEUE_WARNING = "constructs_lib:importedQueueDeadLetterUnwatched"

_KINDS = {True: "a FIFO queue", False: "a standard queue"}


def check_existing_redrive(
    v: Validator, existing: sqs.IQueue, fifo: bool, *, alarms: bool | None
) -> None:
    """``existing`` (a worker's ``existing_queue``, ``fifo`` as the worker was told, given
    without ``existing_dead_letter_queue``; ``alarms`` the worker's prop)."""
    if not isinstance(existing, sqs.Queue):
        # imported: its redrive policy is its owner's, and not shown; with alarms=False
        # the worker watches nothing, so there is no alarm to point at its dead-letter queue
        if alarms is not False:
            _warn_of_unwatched_dead_letter_queue(v, existing)
        return
    redrive = existing.dead_letter_queue
    if redrive is None:
        if not has_cfn_redrive(existing):
            _warn_of_no_redrive(v, existing)
        return
    target, path = redrive.queue, existing.node.path
    target_fifo, queue_fifo = queue_is_fifo(target), queue_is_fifo(existing)
    queue_fifo = fifo if queue_fifo is None else queue_fifo
    if target_fifo is not None and target_fifo != queue_fifo:
        v.add(
            "existing_queue",
            f"is the queue {path}, {_KINDS[bool(queue_fifo)]}, whose redrive policy names "
            f"{target.node.path}, {_KINDS[bool(target_fifo)]}: SQS requires a dead-letter "
            "queue of its source queue's type, so the deploy of the queue fails",
            f"give the queue a dead-letter queue that is {_KINDS[bool(queue_fifo)]} "
            f"(sqs.Queue(..., fifo={bool(queue_fifo)}))",
        )
    elsewhere = other_environment(target, existing)
    if elsewhere is not None:
        v.add(
            "existing_queue",
            f"is the queue {path}, whose redrive policy names {target.node.path}, in "
            f"{elsewhere}: SQS keeps a dead-letter queue in its source queue's region and "
            "account, so the deploy of the queue fails",
            "give the queue a dead-letter queue of its own region and account (one defined "
            "in its stack, or imported by an ARN of that region and account)",
        )
    check_redrive_allowed(
        v,
        "existing_queue",
        target,
        existing,
        where=f"is the queue {path}, whose redrive policy names",
        source="that queue",
    )


def _warn_of_no_redrive(v: Validator, existing: sqs.Queue) -> None:
    Annotations.of(v.scope).add_warning_v2(
        NO_REDRIVE_POLICY_WARNING,
        f"existing_queue {existing.node.path} shows no redrive policy: SQS moves none of its "
        "messages to a dead-letter queue, so a message that fails every time is received "
        "again until the queue's retention deletes it, and no dead-letter alarm tells of "
        "it. Fix: give the queue its dead-letter queue (sqs.Queue(..., dead_letter_queue="
        "sqs.DeadLetterQueue(queue=sqs.Queue(..., retention_period=Duration.days(14)), "
        "max_receive_count=5))), which the worker then alarms on; if an "
        "add_property_override writes its RedrivePolicy, or losing such messages is meant, "
        f"acknowledge '{NO_REDRIVE_POLICY_WARNING}'.",
    )


def _warn_of_unwatched_dead_letter_queue(v: Validator, existing: sqs.IQueue) -> None:
    Annotations.of(v.scope).add_warning_v2(
        IMPORTED_WITHOUT_DEAD_LETTER_QUEUE_WARNING,
        f"existing_queue {shown(existing)} is imported: the worker cannot see its redrive "
        "policy, so it does not know where failed messages go, and no dead-letter alarm or "
        "graph watches them (a message that fails every time reaches its dead-letter queue, "
        "if it has one, unnoticed). Fix: pass existing_dead_letter_queue= (the queue its "
        "redrive policy names, e.g. sqs.Queue.from_queue_arn(self, 'JobsDlq', <its ARN>)) "
        "so the worker's dead-letter alarm and graph watch it; if the queue has no "
        "dead-letter queue and losing such messages is meant, acknowledge "
        f"'{IMPORTED_WITHOUT_DEAD_LETTER_QUEUE_WARNING}'.",
    )
