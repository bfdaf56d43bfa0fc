"""How to make one bucket's notifications all the same way (``_bucket_notifications``'s
fix), in the words of the way each construct got them: a QueueWorker by its
``BucketEvents``, EventBridge by the bucket's prop or an import's method, a function by an
``S3EventSource``, which takes the bucket itself only (``S3EventSourceV2`` takes an
import), anything else by ``add_event_notification``."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["on_imports", "on_itself"]

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
