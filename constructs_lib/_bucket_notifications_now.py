"""One bucket's notifications made both through the bucket itself and through an import of
it (``_bucket_notifications``), refused when the QueueWorker is built if the other side
exists then: the common order, a stateful stack's bucket with its own notifications
(``event_bridge_enabled=True``) built first, then a worker of an import of it; or a worker
of the bucket itself after the user's notifications of an import. The ConstructError names
the source and has the synth's text; in another stage it is the synth's warning. The
synth's check stays for a side made after the worker, and does not repeat these.

Only the stacks holding aws-cdk-lib's notifications handler are walked (a stack gets one
with its first bucket construct with notifications), so a worker in a stack of many
constructs beside a stateful stack of few walks only the latter. A bucket construct that
walk misses (in a nested stack below a stack without notifications) is the synth's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from aws_cdk import Stack
from constructs import IConstruct

from constructs_lib._bucket_identity import one_bucket
from constructs_lib._bucket_notification_ways import Side, one_bucket_problem
from constructs_lib._bucket_notifications import (
    Notified,
    configuration_of,
    is_worker_bucket,
    notified_under,
    replaces_configuration,
    report_or_warn,
    side_of,
    told_when_built,
)
from constructs_lib._cdk_internals import has_notifications_handler
from constructs_lib._facts import app_of
from constructs_lib._jsii import same_jsii_object
from constructs_lib._validation import Validator, problem

if TYPE_CHECKING:
    from constructs_lib.bucket_events import BucketEvents

__all__ = ["check_notified"]


def check_notified(v: Validator, sources: Sequence[BucketEvents]) -> None:
    """Each source's bucket against the app's bucket constructs that have notifications
    already, made the other way (the bucket itself / an import)."""
    notified = list(_notified_now(v.scope)) if sources else []
    told: set[str] = set()
    for index, source in enumerate(sources):
        managed = replaces_configuration(source.bucket)
        own = next((n for n in notified if same_jsii_object(n.bucket, source.bucket)), None)
        for other in notified:
            path = other.bucket.node.path
            # another worker's source is _bucket_overlaps' to refuse, in a worker's words
            if other.managed == managed or path in told or is_worker_bucket(other.bucket):
                continue
            why = None if other is own else one_bucket(other.bucket, source.bucket)
            if why is None:
                continue
            told.add(path)
            mine = Side(source.bucket, configuration_of(own) if own else {}, True)
            itself, imported = (mine, side_of(other)) if managed else (side_of(other), mine)
            prop = f"sources[{index}]"
            message, fix = one_bucket_problem(source.bucket, other.bucket, why, itself, imported)
            found = problem(v.scope, prop, message, fix)
            if report_or_warn(v.scope, found, source.bucket, other.bucket):
                v.add(prop, message, fix)
    told_when_built(v.scope, told)


def _notified_now(scope: IConstruct) -> Iterator[Notified]:
    """The bucket constructs of ``scope``'s app with notifications, in the stacks that
    have a notifications handler."""
    for stack in _stacks(app_of(scope)):
        if has_notifications_handler(stack):
            yield from notified_under(stack)


def _stacks(root: IConstruct) -> Iterator[Stack]:
    """The app's stacks below no other stack (a nested stack is walked with its parent)."""
    for child in root.node.children:
        if isinstance(child, Stack):
            yield child
        else:  # a Stage, or a construct of the user's holding stacks
            yield from _stacks(child)
