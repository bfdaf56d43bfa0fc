"""An ``existing_queue`` of the app that keeps a message no longer than its visibility
timeout: a message whose batch fails shows again only when the timeout ends, by which
time SQS has deleted it, so it is never retried nor moved to the dead-letter queue (the
worker's own queue keeps SQS's 4 days against at most 12 hours of visibility timeout).

And an ``existing_queue`` of the app whose dead-letter queue (its redrive policy's, a queue
of the app too) keeps a message shorter than the queue does. SQS counts a standard
queue's message's retention from when it was first sent, also after the redrive policy
moved it (a FIFO queue's starts again there): a message that waited in the queue longer
than the dead-letter queue keeps one is deleted on arrival, never seen nor redriven.

The worker's own pair is checked at synth (``_worker_rechecks``, an error as this is);
the team's pair is read when the worker is built, as its visibility timeout is
(``_existing_queue_visibility``), and again at synth when both retentions were literal
(an Aspect or escape hatch may cut one afterwards). A retention or visibility timeout
given as a token that resolves at synth (``Duration.seconds(Lazy.number(...))``) is
checked by the same rule then (``Validator.recheck_together``); an imported queue, or a
retention known only at deploy, is its owner's to size."""

from __future__ import annotations

from typing import TypeGuard

from aws_cdk import aws_sqs as sqs

from constructs_lib import _defaults
from constructs_lib._dead_letter_retention import SQS_DEFAULT_RETENTION_SECONDS
from constructs_lib._jsii import is_unresolved
from constructs_lib._synth_checks import is_number
from constructs_lib._validation import Validator

__all__ = ["check_existing_retention"]


def check_existing_retention(v: Validator, existing: sqs.IQueue) -> None:
    """``existing`` keeps a message longer than its visibility timeout, and its dead-letter
    queue keeps one at least as long as ``existing``."""
    _check_retention_over_visibility(v, existing)
    redrive = existing.dead_letter_queue if isinstance(existing, sqs.Queue) else None
    if not isinstance(redrive, sqs.DeadLetterQueue):
        return
    queue, dead_letter = existing.node.default_child, redrive.queue.node.default_child
    if not isinstance(queue, sqs.CfnQueue) or not isinstance(dead_letter, sqs.CfnQueue):
        return  # an imported dead-letter queue: its retention is not known here
    if queue.fifo_queue is True:
        return
    names = (existing.node.path, redrive.queue.node.path)
    default = (
        " (SQS's default: it sets none)" if dead_letter.message_retention_period is None else ""
    )
    given = (_retention(queue), _retention(dead_letter))

    def rule(found: Validator, kept: list[object]) -> None:
        _dead_letter_keeps_less(found, names, kept[0], kept[1], default)

    rule(v, list(given))
    v.recheck_together(given, rule)  # a Lazy retention: the same rule once it resolves


def _dead_letter_keeps_less(
    v: Validator, names: tuple[str, str], kept: object, dead_letter_kept: object, default: str
) -> None:
    if not _known(kept) or not _known(dead_letter_kept) or dead_letter_kept >= kept:
        return  # a deploy-time value, or long enough
    v.add(
        "existing_queue",
        f"is the queue {names[0]}; its dead-letter queue {names[1]} "
        f"keeps a message {dead_letter_kept:g} seconds{default}, shorter than the queue's "
        f"{kept:g} seconds: SQS counts a standard queue's message's retention from when it "
        "was first sent, so a message that reaches the dead-letter queue after "
        f"{dead_letter_kept:g} seconds in the queue is deleted on arrival, never seen nor "
        "redriven",
        f"set the dead-letter queue's retention_period to at least "
        f"Duration.seconds({kept:g}) (Duration.days(14), SQS's longest, as the worker's own "
        "dead-letter queue keeps), or shorten the queue's",
    )


def _check_retention_over_visibility(v: Validator, existing: sqs.IQueue) -> None:
    queue = existing.node.default_child
    if not isinstance(queue, sqs.CfnQueue):
        return  # imported: its settings are its owner's
    path = existing.node.path
    visibility = queue.visibility_timeout
    if visibility is None:
        visibility = _defaults.SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS
    given = (_retention(queue), visibility)

    def rule(found: Validator, values: list[object]) -> None:
        _kept_no_longer_than_hidden(found, path, values[0], values[1])

    rule(v, list(given))
    v.recheck_together(given, rule)  # a Lazy retention or timeout: checked once it resolves


def _kept_no_longer_than_hidden(v: Validator, path: str, kept: object, visibility: object) -> None:
    if not _known(kept) or not _known(visibility) or kept > visibility:
        return  # a deploy-time value, or longer
    v.add(
        "existing_queue",
        f"is the queue {path}, which keeps a message {kept:g} seconds, no "
        f"longer than its visibility timeout ({visibility:g} seconds): a message whose batch "
        "fails shows again only when the visibility timeout ends, and SQS has deleted it by "
        "then, so it is never retried nor moved to the dead-letter queue",
        "set the queue's retention_period well above its visibility_timeout, e.g. "
        "Duration.days(4) (SQS's default) or Duration.days(14), so that a message can be "
        "received max_receive_count times before it expires",
    )


def _retention(queue: sqs.CfnQueue) -> object:
    """The seconds ``queue`` keeps a message (SQS's default when it sets none), or the
    token it was given (a Lazy one is read at synth; a deploy-time one is the owner's)."""
    seconds = queue.message_retention_period
    return SQS_DEFAULT_RETENTION_SECONDS if seconds is None else seconds


def _known(value: object) -> TypeGuard[int | float]:
    return is_number(value) and not is_unresolved(value)
