"""An ``existing_queue``'s visibility timeout against the QueueWorker's function timeout,
for a queue defined in the app (``sqs.Queue(...)``, whose setting the worker can read; an
import by ARN or name shows none and is its owner's to size).

Below the function's timeout, a message shows again while its batch still runs and is
handled twice: refused. Below 6x the timeout, what AWS recommends and what the worker's
own queue gets, it works until Lambda retries a batch whose invocation was throttled: the
messages show again and are received again, each receive counted toward the redrive
policy's ``max_receive_count``, so a message can reach the dead-letter queue unhandled. A
warning: the queue is its owner's, who may size it for another consumer too."""

from __future__ import annotations

import math

from aws_cdk import Annotations
from aws_cdk import aws_sqs as sqs

from constructs_lib import _defaults
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["SHORT_VISIBILITY_WARNING", "check_existing_visibility"]

SHORT_VISIBILITY_WARNING = "constructs_lib:existingQueueShortVisibility"


def check_existing_visibility(v: Validator, existing: sqs.IQueue, timeout: float) -> None:
    """``existing``'s visibility timeout against the function's ``timeout`` (seconds)."""
    resource = existing.node.default_child
    visibility = getattr(resource, "visibility_timeout", None) if resource else None
    unset = isinstance(resource, sqs.CfnQueue) and visibility is None  # SQS's default
    if unset:
        visibility = _defaults.SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS
    if not isinstance(visibility, int | float) or is_unresolved(visibility):
        return  # imported, or a deploy-time value
    factor = _defaults.VISIBILITY_TIMEOUT_FACTOR
    recommended = math.ceil(timeout * factor)
    shown = f"{visibility:g} seconds{' (SQS default: the queue sets none)' if unset else ''}"
    if visibility < timeout:
        v.add(
            "existing_queue",
            f"has a visibility timeout of {shown}, less than the handler timeout "
            f"({timeout:g} seconds): messages would be redelivered while still being processed",
            f"set the queue's visibility_timeout to at least {recommended} seconds "
            f"({factor}x the timeout)",
        )
    elif visibility < recommended:
        Annotations.of(v.scope).add_warning_v2(
            SHORT_VISIBILITY_WARNING,
            f"existing_queue has a visibility timeout of {shown}, less than {factor}x the "
            f"handler timeout ({timeout:g} seconds, so {recommended}), what AWS recommends "
            "and the worker's own queue gets: when Lambda retries a batch whose invocation "
            "was throttled, its messages show again and are received again, each receive "
            "counted toward the redrive policy's max_receive_count, so a message can reach "
            "the dead-letter queue unhandled. Fix: set the queue's visibility_timeout to at "
            f"least Duration.seconds({recommended}); if the queue is sized for another "
            f"reason, acknowledge '{SHORT_VISIBILITY_WARNING}'.",
        )
