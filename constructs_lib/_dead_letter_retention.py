"""The retention of a ScheduledJob's, an EventHandler's, a StreamWorker's and a
QueueWorker's own dead-letter queue, checked again at synth (``_synth_checks``). Each
creates it keeping a message 14 days (SQS's longest), and its dead-letter alarm tells
whoever it pages that the failed run, event, batch or message is there that long, to read
and send again. A platform's Aspect giving every queue a shorter retention (or SQS's
default of 4 days, by removing it) changed that in silence: a failure noticed later than
that was gone. A warning, not an error: a data-retention policy may mean it. (A
QueueWorker's dead-letter queue keeping a message shorter than its queue is an error,
``_worker_rechecks``: a moved message keeps its first arrival's time, so it could be
deleted on arrival.)"""

from __future__ import annotations

from aws_cdk import Annotations
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._facts import resource_of
from constructs_lib._synth_checks import (
    at_synth,
    changed_after,
    expect_properties,
    is_number,
    template_properties,
)

__all__ = ["DEAD_LETTER_RETENTION_WARNING", "queue_retention", "warn_of_shorter_retention"]

#: The warning's id (``cdk.Annotations.of(construct).acknowledge_warning(id, reason)``).
DEAD_LETTER_RETENTION_WARNING = "constructs_lib:deadLetterRetentionShortened"
#: How long SQS keeps a message when a queue names no MessageRetentionPeriod (4 days).
SQS_DEFAULT_RETENTION_SECONDS = 345600
_DAY_SECONDS = 86400


def queue_retention(queue: sqs.CfnQueue) -> float | None:
    """The seconds ``queue`` keeps a message as the template has it (SQS's default when it
    names none); None for a deploy-time value."""
    seconds = template_properties(queue).get("messageRetentionPeriod")
    if seconds is None:
        return SQS_DEFAULT_RETENTION_SECONDS
    return seconds if is_number(seconds) else None


def warn_of_shorter_retention(
    construct: Construct, dead_letter_queue: sqs.IQueue, kind: str, failed: str
) -> None:
    """Warns at synth, on ``construct`` (a ``kind``), when its own ``dead_letter_queue``
    keeps a message shorter than the 14 days it was built with; ``failed``: what a message
    there is (``"a failed run (its payload and error)"``)."""
    resource = resource_of(dead_letter_queue)  # asked once: the worker's re-checks read it
    if isinstance(resource, sqs.CfnQueue):
        expect_properties(resource)  # read with the stack's others (_synth_phase)
        at_synth(construct, lambda: _warn(construct, resource, kind, failed))


def _warn(construct: Construct, queue: sqs.CfnQueue, kind: str, failed: str) -> list[str]:
    kept = queue_retention(queue)
    days = _defaults.DEAD_LETTER_RETENTION_DAYS
    if kept is None or kept >= days * _DAY_SECONDS:
        return []
    kept_days = float(f"{kept / _DAY_SECONDS:.3g}")
    Annotations.of(construct).add_warning_v2(
        DEAD_LETTER_RETENTION_WARNING,
        f"`message_retention_period` is {kept:g} seconds ({kept_days:g} "
        f"day{'' if kept_days == 1 else 's'}) in "
        f"the template (the dead-letter queue {queue.node.path}), shorter than the {days} "
        f"days the {kind} keeps {failed} there for: its dead-letter alarm tells whoever it "
        f"pages that it is kept {days} days, and a failure read later than {kept:g} seconds "
        f"after it arrived is gone, never sent again. {changed_after(kind, 'CfnQueue')}. "
        f"Fix: leave the {kind}'s dead-letter queue out of what changed it (a retention for "
        f"every queue); if a shorter retention is meant (a data-retention policy), "
        f"acknowledge '{DEAD_LETTER_RETENTION_WARNING}' on the {kind}.",
    )
    return []  # a warning: the synth goes on
