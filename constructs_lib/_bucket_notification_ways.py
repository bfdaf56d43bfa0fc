"""How to make one bucket's notifications all the same way (``_bucket_notifications``'s
fix), in the words of the way each construct got them: a QueueWorker by its
``BucketEvents``, EventBridge by the bucket's prop or an import's method, a function by an
``S3EventSource``, which takes the bucket itself only (``S3EventSourceV2`` takes an
import), anything else by ``add_event_notification``; and the problem's message and fix,
one text whether the worker is refused when it is built or at synth."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from aws_cdk import aws_s3 as s3

from constructs_lib._facts import stack_of

__all__ = [
    "FLAG_FIX",
    "KEEP_IMPORTED_NOTIFICATIONS_FLAG",
    "Side",
    "on_imports",
    "on_itself",
    "one_bucket_problem",
]

#: aws-cdk-lib's feature flag that gives a bucket of the app a merging resource too.
KEEP_IMPORTED_NOTIFICATIONS_FLAG = "@aws-cdk/aws-s3:keepNotificationInImportedBucket"
#: The way out the flag gives, the last of a fix, and the only one for the bucket's own
#: notifications once deployed: an import's resource is another resource (the import's
#: logical ID), so CloudFormation deletes the bucket's own one after creating it, and
#: aws-cdk-lib's handler deletes a managed resource by putting an empty configuration.
FLAG_FIX = (
    f"or set the context flag '{KEEP_IMPORTED_NOTIFICATIONS_FLAG}': true in cdk.json, with "
    "which the bucket's own resource keeps the imports' notifications (the way for the "
    "bucket's own notifications once deployed: moved to an import, their resource is "
    "replaced, and deleting the old one empties the bucket's whole notification "
    "configuration)"
)

_WORKER, _EVENT_BRIDGE, _FUNCTION, _DESTINATION = "worker", "eventBridge", "function", "other"

#: The way to make each kind of notification on the bucket itself, in its stack.
_ON_ITSELF = {
    _WORKER: "a QueueWorker there with BucketEvents(bucket)",
    _EVENT_BRIDGE: "event_bridge_enabled=True on the bucket",
    _FUNCTION: "S3EventSource(bucket) for a function or bucket.add_event_notification(...)",
    _DESTINATION: "bucket.add_event_notification(...)",
}
#: The way to make each kind on an import by name (``imported``).
_ON_IMPORTS = {
    _WORKER: "BucketEvents(imported) for its QueueWorker",
    _EVENT_BRIDGE: "imported.enable_event_bridge_notification(), not the bucket's "
    "event_bridge_enabled=True or enable_event_bridge_notification()",
    _FUNCTION: "S3EventSourceV2(imported, ...) for a function, whose S3EventSource takes the "
    "bucket itself only, or imported.add_event_notification(...)",
    _DESTINATION: "imported.add_event_notification(...)",
}


def on_itself(configuration: Mapping[str, object], worker: bool) -> str:
    """How to make the notifications of ``configuration`` (an import's resource's; ``worker``:
    a QueueWorker's source) on the bucket itself instead."""
    return "; ".join(_ON_ITSELF[kind] for kind in _kinds(configuration, worker))


def on_imports(configuration: Mapping[str, object], worker: bool) -> str:
    """How to make the notifications of ``configuration`` (the bucket's own resource's) on an
    import of it by name instead."""
    return "; ".join(_ON_IMPORTS[kind] for kind in _kinds(configuration, worker))


def _kinds(configuration: Mapping[str, object], worker: bool) -> list[str]:
    """The kinds of notifications a resolved ``NotificationConfiguration`` holds (a
    QueueWorker's are queue configurations; another's of a queue reads as the worker's)."""
    kinds = [_WORKER] if worker else []
    kinds += [_EVENT_BRIDGE] if "EventBridgeConfiguration" in configuration else []
    kinds += [_FUNCTION] if configuration.get("LambdaFunctionConfigurations") else []
    queues = configuration.get("QueueConfigurations") and not worker
    if queues or configuration.get("TopicConfigurations"):
        kinds.append(_DESTINATION)
    return kinds or [_DESTINATION]


class Side(NamedTuple):
    """One way one bucket's notifications are made: its construct (the bucket itself or an
    import), the ``NotificationConfiguration`` its resource has, and whether a QueueWorker's
    source makes them."""

    bucket: s3.IBucket
    configuration: Mapping[str, object]
    worker: bool


def one_bucket_problem(
    bucket: s3.IBucket, other: s3.IBucket, why: str, itself: Side, imported: Side
) -> tuple[str, str]:
    """The message and fix of a worker's source ``bucket`` whose bucket ``other`` is too
    (``why``), made notifications of the other way: ``itself`` the bucket's own, ``imported``
    an import's."""
    message = (
        f"connects {bucket.node.path}, and {other.node.path} is one bucket with it "
        f"({why}), with notifications of its own: {itself.bucket.node.path} is the bucket "
        "itself, whose notification resource puts the bucket's whole notification "
        f"configuration at each of its updates, deleting the notifications "
        f"{imported.bucket.node.path} (an import) adds, so their events stop coming in "
        "silence after a later deploy"
    )
    fix = (
        f"make every notification of the bucket the same way: on {itself.bucket.node.path} "
        f"itself, in its stack {stack_of(itself.bucket).node.path} "
        f"({on_itself(imported.configuration, imported.worker)}), "
        "or through imports by name only (imported = s3.Bucket.from_bucket_name(...)), the "
        f"bucket's own notifications too ({on_imports(itself.configuration, itself.worker)}); "
        f"{FLAG_FIX}"
    )
    return message, fix
