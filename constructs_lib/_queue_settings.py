"""A QueueWorker's queue settings beyond the library's defaults: the largest message and
FIFO high throughput, checked against SQS's limits and built into the queue and its
dead-letter queue.

SQS's MaximumMessageSize is "from 1,024 bytes (1 KiB) up to 1,048,576 bytes (1 MiB)"
(raised from 256 KiB in 2025). A ``cdk.Size`` says its unit, where the prop's name does
not: ``max_message_size=256`` could mean KiB, and SQS counts bytes.

High throughput for FIFO queues is two settings SQS takes only together: deduplication
per message group and a throughput quota per message group id; one without the other keeps
the queue's normal quota.

A queue S3 notifies (``sources``) sized below 8 KiB warns: S3's notification of one
object is about 1 KB with a short key and carries the key URL-encoded (a 1024-byte key of
non-ASCII characters is 3072 characters there), and a notification SQS refuses as too
large is not delivered: the object is never handled, and nothing is in the dead-letter
queue.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Annotations, Size, SizeRoundingBehavior
from aws_cdk import aws_sqs as sqs

from constructs_lib._validation import Validator

__all__ = [
    "HIGH_THROUGHPUT_SETTINGS",
    "MAX_MESSAGE_BYTES",
    "MIN_MESSAGE_BYTES",
    "NOTIFICATION_KIB",
    "NOTIFICATION_SIZE_WARNING",
    "check_message_size",
    "queue_settings",
]

MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES = 1024, 1024 * 1024
NOTIFICATION_SIZE_WARNING = "constructs_lib:messageSizeBelowNotifications"
#: The smallest max_message_size that takes S3's notification of any key (KiB).
NOTIFICATION_KIB = 8
#: What a queue of the user's sets for high throughput, as sqs.Queue's props.
HIGH_THROUGHPUT_SETTINGS = (
    "deduplication_scope=sqs.DeduplicationScope.MESSAGE_GROUP and "
    "fifo_throughput_limit=sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID"
)


def check_message_size(v: Validator, size: Size | None, *, notified: bool = False) -> None:
    """A whole number of bytes from 1 KiB to 1 MiB (a deploy-time size passes); one S3's
    notifications may not fit in warns when S3 sends them to the queue (``notified``)."""
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
    elif notified and amount < NOTIFICATION_KIB * 1024:
        Annotations.of(v.scope).add_warning_v2(
            NOTIFICATION_SIZE_WARNING,
            f"`max_message_size` is {int(amount)} bytes, and `sources` has S3 send this queue "
            "its event notifications: one is about 1 KB with a short key and carries the key "
            "URL-encoded (a 1024-byte key of non-ASCII characters is 3072 characters there), "
            "and a notification SQS refuses as too large is not delivered: that object is "
            "never handled, and no message is in the dead-letter queue. Fix: pass "
            f"max_message_size=Size.kibibytes({NOTIFICATION_KIB}) or more (or leave it out: "
            "SQS's own maximum); if the bucket's keys are known to be short, acknowledge "
            f"'{NOTIFICATION_SIZE_WARNING}'.",
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
