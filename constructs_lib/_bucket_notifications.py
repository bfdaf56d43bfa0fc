"""One bucket's notifications made both through the bucket itself and through an import of
it, anywhere in the app: checked at synth, for every QueueWorker with ``sources`` (and when
it is built, ``_bucket_notifications_now``, for what exists then).

aws-cdk-lib gives each bucket construct with notifications a resource
(``Custom::S3BucketNotifications``). The bucket itself (an ``s3.Bucket`` of the app) gets
``Managed: true``: at each of its updates, and when it is deleted, its handler puts the
bucket's whole configuration, deleting whatever an import's resource (``Managed: false``,
which merges its own into the bucket's) added. Whatever made the bucket's own resource
(``event_bridge_enabled=True``, ``bucket.add_event_notification``, an ``S3EventSource``, a
``BucketEvents`` of it), the import's notifications stop after a later deploy, in silence.
The bucket's resource merges too when the app sets ``KEEP_IMPORTED_NOTIFICATIONS_FLAG``.

Known only once the app is complete (a bucket's own notification may come after the
worker), so checked at synth validation, of what the worker was not refused or warned of
when it was built (``_bucket_notifications_now``: the other side made first;
``_bucket_overlaps`` refuses two workers' sources of the two kinds). Within a stage
(deployed together) the synth fails, naming both constructs and the fix; across stages (one
bucket named the same in both) it warns: a stage may be deployed on its own, or never.
Another App's buckets are not seen: nothing tells whether that app is deployed. Which
constructs are one bucket is ``_bucket_identity``'s answer, the overlapping-notifications
check's too.

The app's bucket constructs with notifications are walked once per synth (each worker's
check reuses the walk). The app may grow between two synths (aws-cdk-lib refuses a change to
a stage it synthesized, not to another stage: a bucket of the Shared stage given its own
notifications after the Service stage's synth), so each synth's root (the App, or a Stage
synthesized on its own) forgets the last walk first (``_synth_phase.per_validation``): its
validation runs before those of the constructs below it. Each worker's check runs in its
stack's one validation (``_synth_checks.at_synth``), its problems listed under its path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

import jsii
from aws_cdk import Annotations, CfnResource, FeatureFlags
from aws_cdk import aws_s3 as s3
from constructs import Construct, IConstruct

from constructs_lib._bucket_identity import one_bucket
from constructs_lib._bucket_notification_ways import (
    FLAG_FIX,
    KEEP_IMPORTED_NOTIFICATIONS_FLAG,
    Side,
    one_bucket_problem,
)
from constructs_lib._facts import app_of, stack_of, stage_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import jsii_ref, same_jsii_object
from constructs_lib._synth_checks import at_synth
from constructs_lib._synth_phase import per_validation
from constructs_lib._validation import problem
from constructs_lib.errors import Problem

if TYPE_CHECKING:
    from constructs_lib.bucket_events import BucketEvents

__all__ = [
    "FLAG_FIX",
    "KEEP_IMPORTED_NOTIFICATIONS_FLAG",
    "NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING",
    "Notified",
    "configuration_of",
    "imports_of",
    "is_worker_bucket",
    "notified_under",
    "replaces_configuration",
    "report_or_warn",
    "side_of",
    "told_when_built",
    "watch_notifications",
]

#: The warning of one bucket's notifications made both ways in two stages.
NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING = "constructs_lib:bucketNotificationsOfAnotherStage"


def replaces_configuration(bucket: s3.IBucket) -> bool:
    """Whether aws-cdk-lib's notification resource of ``bucket`` puts the bucket's whole
    configuration (``Managed: true``): a bucket of the app, unless the flag says to merge."""
    return isinstance(bucket, s3.Bucket) and not FeatureFlags.of(bucket).is_enabled(
        KEEP_IMPORTED_NOTIFICATIONS_FLAG
    )


def watch_notifications(worker: Construct, sources: Sequence[BucketEvents]) -> None:
    """Checks at synth that no other construct of the app makes notifications of a bucket of
    ``sources`` the other way (itself / imported)."""
    if not sources:
        return
    # in its stack's one validation (a round trip to add a validation, one to run it)
    at_synth(worker, _OneWay(worker, sources).validate, own=True)
    _WORKER_BUCKETS.update(jsii_ref(source.bucket) for source in sources)


class Notified(NamedTuple):
    """A bucket construct with a notification resource."""

    bucket: s3.IBucket
    managed: bool  # the resource puts the bucket's whole configuration
    resource: CfnResource


#: The jsii references of the buckets given to a QueueWorker (its notifications' words).
_WORKER_BUCKETS: set[object] = set()
#: The bucket constructs each worker was warned of when it was built (another stage's), which
#: its synth's check does not warn of again.
_TOLD: IdentityMap[set[str]] = IdentityMap()


def told_when_built(worker: Construct, paths: set[str]) -> None:
    """Records that ``worker`` was told of the bucket constructs at ``paths`` when built."""
    _TOLD.set(worker, paths)


def is_worker_bucket(bucket: s3.IBucket) -> bool:
    """Whether ``bucket`` (this construct) is a QueueWorker's source."""
    return jsii_ref(bucket) in _WORKER_BUCKETS


def _notified(scope: Construct) -> list[Notified]:
    """``notified_under`` ``scope``'s app, walked once per validation of its synth root
    (``_synth_phase``: the first validation of each synth forgets the last walk)."""
    app = app_of(scope)
    return per_validation(("notified buckets", jsii_ref(app)), lambda: list(notified_under(app)))


class _OneWay:
    """At synth validation (the app complete): each source's bucket against the app's other
    notification resources of the same bucket."""

    def __init__(self, worker: Construct, sources: Sequence[BucketEvents]) -> None:
        self._worker = worker
        self._sources = list(sources)

    def validate(self) -> list[str]:
        return self._problems()

    def _problems(self) -> list[str]:
        notified = _notified(self._worker)
        errors: list[str] = []
        told = set(_TOLD.get(self._worker) or ())  # warned of when the worker was built
        for index, source in enumerate(self._sources):
            own = next((n for n in notified if same_jsii_object(n.bucket, source.bucket)), None)
            if own is None:  # its resource not found: nothing to compare with
                continue
            for other in notified:
                if other.managed == own.managed or other.bucket.node.path in told:
                    continue
                why = None if other is own else one_bucket(other.bucket, source.bucket)
                if why is not None:
                    told.add(other.bucket.node.path)
                    errors += self._report(f"sources[{index}]", why, own, other)
        return errors

    def _report(self, prop: str, why: str, own: Notified, other: Notified) -> list[str]:
        sides = (own, other) if own.managed else (other, own)
        itself, imported = (side_of(notified) for notified in sides)
        message, fix = one_bucket_problem(own.bucket, other.bucket, why, itself, imported)
        found = problem(self._worker, prop, message, fix)
        return report_or_warn(self._worker, found, own.bucket, other.bucket)


def side_of(notified: Notified) -> Side:
    """The way ``notified`` got its notifications, for the message."""
    return Side(notified.bucket, configuration_of(notified), is_worker_bucket(notified.bucket))


def report_or_warn(
    worker: Construct, found: Problem, bucket: s3.IBucket, other: s3.IBucket
) -> list[str]:
    """``found`` as an error's text when ``other`` is in ``bucket``'s stage; else (a stage
    may be deployed on its own, or never) none, and a warning of ``worker``."""
    text = f"`{found.prop}` {found.message}. Fix: {found.fix}"
    if same_jsii_object(stage_of(other), stage_of(bucket)):
        return [text]
    Annotations.of(worker).add_warning_v2(
        NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING,
        f"{text} ({other.node.path} is in another stage: if the two stages are never "
        f"both deployed, acknowledge '{NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING}').",
    )
    return []


def configuration_of(notified: Notified) -> Mapping[str, object]:
    """The resolved ``NotificationConfiguration`` of a bucket's notification resource."""
    resource = notified.resource
    properties = stack_of(resource).resolve(jsii.get(resource, "cfnProperties"))
    configuration = properties.get("NotificationConfiguration")
    return configuration if isinstance(configuration, Mapping) else {}


def _buckets(scope: IConstruct) -> Iterator[s3.BucketBase]:
    """Every bucket construct under ``scope`` (one walk of its tree)."""
    for construct in scope.node.find_all():
        if isinstance(construct, s3.BucketBase):
            yield construct


def notified_under(scope: IConstruct) -> Iterator[Notified]:
    """Each bucket construct under ``scope`` (one walk of its tree) with a notification
    resource."""
    for bucket in _buckets(scope):
        notifications = bucket.node.try_find_child("Notifications")
        resource = notifications.node.try_find_child("Resource") if notifications else None
        if isinstance(resource, CfnResource):
            managed = jsii.get(resource, "cfnProperties").get("Managed")
            yield Notified(bucket, managed is True, resource)


def imports_of(bucket: s3.Bucket) -> Iterator[s3.IBucket]:
    """The imports of ``bucket`` (by its name or ARN) in its app."""
    for construct in _buckets(bucket.node.root):
        if not isinstance(construct, s3.Bucket) and one_bucket(construct, bucket):
            yield construct
