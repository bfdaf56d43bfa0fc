"""One bucket's notifications made both through the bucket itself and through an import of
it, anywhere in the app: checked at synth, for every QueueWorker with ``sources``.

aws-cdk-lib gives each bucket construct with notifications a resource
(``Custom::S3BucketNotifications``). The bucket itself (an ``s3.Bucket`` of the app) gets
``Managed: true``: at each of its updates, and when it is deleted, its handler puts the
bucket's whole configuration, deleting whatever an import's resource (``Managed: false``,
which merges its own into the bucket's) added. Whatever made the bucket's own resource
(``event_bridge_enabled=True``, ``bucket.add_event_notification``, an ``S3EventSource``, a
``BucketEvents`` of it), the import's notifications stop after a later deploy, in silence.
The bucket's resource merges too when the app sets ``KEEP_IMPORTED_NOTIFICATIONS_FLAG``.

Known only once the app is complete (a bucket's own notification may come after the
worker), so checked at synth validation (``_bucket_overlaps`` refuses two workers' sources
of the two kinds when the second one is made). Within a stage (deployed together) the synth
fails, naming both constructs and the fix; across stages (one bucket named the same in both)
it warns: a stage may be deployed on its own, or never. Another App's buckets are
not seen: nothing tells whether that app is deployed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import jsii
from aws_cdk import Annotations, CfnResource, FeatureFlags
from aws_cdk import aws_s3 as s3
from constructs import Construct, IValidation

from constructs_lib._facts import stack_of, stage_of
from constructs_lib._jsii import is_unresolved, same_jsii_object
from constructs_lib._validation import problem

if TYPE_CHECKING:
    from constructs_lib.bucket_events import BucketEvents

__all__ = [
    "FLAG_FIX",
    "KEEP_IMPORTED_NOTIFICATIONS_FLAG",
    "NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING",
    "imports_of",
    "replaces_configuration",
    "watch_notifications",
]

#: aws-cdk-lib's feature flag that gives a bucket of the app a merging resource too.
KEEP_IMPORTED_NOTIFICATIONS_FLAG = "@aws-cdk/aws-s3:keepNotificationInImportedBucket"
#: The warning of one bucket's notifications made both ways in two stages.
NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING = "constructs_lib:bucketNotificationsOfAnotherStage"

#: The way out the flag gives, the last of a fix.
FLAG_FIX = (
    f"or set the context flag '{KEEP_IMPORTED_NOTIFICATIONS_FLAG}': true in cdk.json, with "
    "which the bucket's own resource keeps the imports' notifications"
)


def replaces_configuration(bucket: s3.IBucket) -> bool:
    """Whether aws-cdk-lib's notification resource of ``bucket`` puts the bucket's whole
    configuration (``Managed: true``): a bucket of the app, unless the flag says to merge."""
    return isinstance(bucket, s3.Bucket) and not FeatureFlags.of(bucket).is_enabled(
        KEEP_IMPORTED_NOTIFICATIONS_FLAG
    )


def watch_notifications(worker: Construct, sources: Sequence[BucketEvents]) -> None:
    """Checks at synth that no other construct of the app makes notifications of a bucket of
    ``sources`` the other way (itself / imported)."""
    if sources:
        worker.node.add_validation(_OneWay(worker, sources))


@jsii.implements(IValidation)
class _OneWay:
    """At synth validation (the app complete): each source's bucket against the app's other
    notification resources of the same bucket."""

    def __init__(self, worker: Construct, sources: Sequence[BucketEvents]) -> None:
        self._worker = worker
        self._sources = list(sources)

    def validate(self) -> list[str]:
        notified = list(_notified_buckets(self._worker))
        errors: list[str] = []
        told: set[str] = set()
        for index, source in enumerate(self._sources):
            managed = next((m for b, m in notified if same_jsii_object(b, source.bucket)), None)
            if managed is None:  # its resource not found: nothing to compare with
                continue
            for other, other_managed in notified:
                if other_managed == managed or other.node.path in told:
                    continue
                if not same_jsii_object(other, source.bucket) and _one_bucket(other, source.bucket):
                    told.add(other.node.path)
                    errors += self._report(f"sources[{index}]", source.bucket, other, managed)
        return errors

    def _report(self, prop: str, bucket: s3.IBucket, other: s3.IBucket, managed: bool) -> list[str]:
        itself, imported = (bucket, other) if managed else (other, bucket)
        message = (
            f"connects {bucket.node.path}, and {other.node.path} is one bucket with it (one "
            f"name), with notifications of its own: {itself.node.path} is the bucket itself, "
            "whose notification resource puts the bucket's whole notification configuration "
            f"at each of its updates, deleting the notifications {imported.node.path} (an "
            "import) adds, so their events stop coming in silence after a later deploy"
        )
        fix = (
            f"make every notification of the bucket the same way: on {itself.node.path} itself, "
            f"in its stack {stack_of(itself).node.path} (a QueueWorker there with "
            "BucketEvents(bucket)), or through imports by name only (s3.Bucket.from_bucket_name"
            f"(...), for the bucket's own notifications too); {FLAG_FIX}"
        )
        found = problem(self._worker, prop, message, fix)
        text = f"`{found.prop}` {found.message}. Fix: {found.fix}"
        if same_jsii_object(stage_of(other), stage_of(bucket)):
            return [text]
        Annotations.of(self._worker).add_warning_v2(
            NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING,
            f"{text} ({other.node.path} is in another stage: if the two stages are never "
            f"both deployed, acknowledge '{NOTIFICATIONS_OF_ANOTHER_STAGE_WARNING}').",
        )
        return []


def _notified_buckets(scope: Construct) -> Iterator[tuple[s3.IBucket, bool]]:
    """Each bucket construct of ``scope``'s app with a notification resource, and whether
    that resource replaces the bucket's whole configuration (its ``Managed``)."""
    for construct in scope.node.root.node.find_all():
        if not isinstance(construct, s3.BucketBase):
            continue
        notifications = construct.node.try_find_child("Notifications")
        resource = notifications.node.try_find_child("Resource") if notifications else None
        if isinstance(resource, CfnResource):
            managed = jsii.get(resource, "cfnProperties").get("Managed")
            yield construct, managed is True


def imports_of(bucket: s3.Bucket) -> Iterator[s3.IBucket]:
    """The imports of ``bucket`` (by its name or ARN) in its app."""
    for construct in bucket.node.root.node.find_all():
        if (
            isinstance(construct, s3.BucketBase)
            and not isinstance(construct, s3.Bucket)
            and _one_bucket(construct, bucket)
        ):
            yield construct


def _one_bucket(a: s3.IBucket, b: s3.IBucket) -> bool:
    """Whether two bucket constructs are one bucket: the same name or ARN (a bucket of the
    app and each import of its ``bucket_name``), or the bucket's literal physical name."""
    return bool(_names(a) & _names(b))


def _names(bucket: s3.IBucket) -> set[str]:
    names = {bucket.bucket_name, bucket.bucket_arn}
    resource = bucket.node.default_child if isinstance(bucket, s3.Bucket) else None
    physical = getattr(resource, "bucket_name", None)
    if isinstance(physical, str) and not is_unresolved(physical):
        names.add(physical)
    return names
