"""A QueueWorker's queue settings beyond the library's defaults: the largest message and
FIFO high throughput, checked against SQS's limits and built into the queue and its
dead-letter queue.

SQS's MaximumMessageSize is "from 1,024 bytes (1 KiB) up to 1,048,576 bytes (1 MiB)"
(raised from 256 KiB in 2025). A ``cdk.Size`` says its unit, where the prop's name does
not: ``max_message_size=256`` could mean KiB, and SQS counts bytes.

High throughput for FIFO queues is two settings SQS takes only together: deduplication
per message group and a throughput quota per message group id; one without the other keeps
the queue's normal quota.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Size, SizeRoundingBehavior
from aws_cdk import aws_sqs as sqs

from constructs_lib._validation import Validator

__all__ = [
    "HIGH_THROUGHPUT_SETTINGS",
    "MAX_MESSAGE_BYTES",
    "MIN_MESSAGE_BYTES",
    "check_message_size",
    "queue_settings",
]

MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES = 1024, 1024 * 1024
#: What a queue of the user's sets for high throughput, as sqs.Queue's props.
HIGH_THROUGHPUT_SETTINGS = (
    "deduplication_scope=sqs.DeduplicationScope.MESSAGE_GROUP and "
    "fifo_throughput_limit=sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID"
)


def check_message_size(v: Validator, size: Size | None) -> None:
    """A whole number of bytes from 1 KiB to 1 MiB (a deploy-time size passes)."""
    if not isinstance(size, Size):
        return  # None, or the wrong type (checked_arguments names it)
    if size.is_unresolved():
        _check_deploy_time_size(v, size)
        return
    amount = size.to_bytes(rounding=SizeRoundingBehavior.NONE)
    if amount != int(amount):
        v.add(
            "max_message_size",
            f"is {amount:g} bytes; SQS takes a whole number of bytes",
            f"pass Size.bytes({int(amount)}) or Size.kibibytes(...)",
        )
    elif not MIN_MESSAGE_BYTES <= amount <= MAX_MESSAGE_BYTES:
        v.add(
            "max_message_size",
            f"is {int(amount)} bytes; SQS takes 1 KiB ({MIN_MESSAGE_BYTES} bytes) up to 1 MiB "
            f"({MAX_MESSAGE_BYTES} bytes)",
            "pass Size.kibibytes(1) up to Size.mebibytes(1), e.g. Size.kibibytes(256)",
        )


def _check_deploy_time_size(v: Validator, size: Size) -> None:
    """A deploy-time size is taken in bytes only: aws-cdk-lib converts no token's unit (a
    raw MustBeSizeSpecifiedSize error otherwise)."""
    try:
        size.to_bytes()
    except RuntimeError:
        v.add(
            "max_message_size",
            "is a deploy-time size in another unit than bytes, which aws-cdk-lib cannot "
            "convert to SQS's bytes",
            "pass the value in bytes: Size.bytes(<the deploy-time number of bytes>), e.g. "
            "Size.bytes(cdk.CfnParameter(self, 'MaxMessageBytes', type='Number')"
            ".value_as_number)",
        )


def queue_settings(max_message_size: Size | None, high_throughput: bool) -> dict[str, Any]:
    """The queue's props for these settings; none of them when unset (the template of a
    worker without them is unchanged)."""
    settings: dict[str, Any] = {}
    if max_message_size is not None:
        settings["max_message_size_bytes"] = max_message_size.to_bytes()
    if high_throughput:
        settings["deduplication_scope"] = sqs.DeduplicationScope.MESSAGE_GROUP
        settings["fifo_throughput_limit"] = sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID
    return settings
