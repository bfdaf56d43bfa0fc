"""A QueueWorker that writes into a bucket of its own ``sources`` under keys they match: each
object the function writes is an S3 event for the same worker, which writes again, a loop
billed round after round (Lambda's recursive loop detection, where it applies, stops one
only after 16 rounds, dead-lettering the message). The thumbnail worker that writes
``thumbs/`` next to the ``uploads/`` it is told about is fine; the one told about every key,
or about ``uploads/`` while writing ``uploads/thumbs/``, is the loop.

A warning, not an error: only the keys the code writes decide, and a suffix filter the
written keys never end with (``.jpg`` events, ``.json`` written) breaks the loop."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aws_cdk import Annotations
from constructs import Construct

from constructs_lib._bucket_identity import same_bucket
from constructs_lib._core.links import ResolvedLink, resolve

if TYPE_CHECKING:
    from constructs_lib.bucket_events import BucketEvents

__all__ = ["BUCKET_EVENT_LOOP_WARNING", "warn_of_event_loops"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
BUCKET_EVENT_LOOP_WARNING = "constructs_lib:bucketEventLoop"
#: The event types a link's writes cause: objects put and their tags put
#: (``s3:PutObjectTagging``, granted with put), and with read_write objects and their tags
#: deleted too (``s3:DeleteObject*``: ``DeleteObjectTagging``).
_CAUSED = {
    "put": ("OBJECT_CREATED", "OBJECT_TAGGING_PUT"),
    "read_write": ("OBJECT_CREATED", "OBJECT_REMOVED", "OBJECT_TAGGING"),
}


def warn_of_event_loops(
    worker: Construct, sources: Sequence[BucketEvents], links: Sequence[object], prop: str
) -> None:
    """Warns once per link in ``links`` (``prop``) that writes keys a source reports."""
    for item in links:
        link = resolve(item)
        if not isinstance(link, ResolvedLink) or link.kind.name != "bucket":
            continue
        looped = [index for index, source in enumerate(sources) if _reports_back(source, link)]
        if looped:
            _warn(worker, sources[looped[0]], f"sources[{looped[0]}]", link, prop)


def _reports_back(source: BucketEvents, link: ResolvedLink) -> bool:
    """The link writes into ``source``'s bucket keys of an event type and prefix it sends."""
    if not same_bucket(source.bucket, link.resource):
        return False
    caused = _CAUSED.get(link.access, ())
    names = [getattr(event, "name", "") for event in source.events]
    if not any(_covers(name, f) or _covers(f, name) for name in names for f in caused):
        return False
    written, reported = link.prefix or "", source.prefix or ""
    return written.startswith(reported) or reported.startswith(written)


def _covers(family: str, event: str) -> bool:
    """Event type ``family`` is ``event`` or holds it (``OBJECT_TAGGING`` holds
    ``OBJECT_TAGGING_PUT``)."""
    return event == family or event.startswith(f"{family}_")


def _warn(
    worker: Construct, source: BucketEvents, where: str, link: ResolvedLink, prop: str
) -> None:
    reported = f"under {source.prefix!r}" if source.prefix else "of every key"
    written = f"under {link.prefix!r}" if link.prefix else "anywhere in it"
    Annotations.of(worker).add_warning_v2(
        BUCKET_EVENT_LOOP_WARNING,
        f"`{prop}` lets the function write into {source.bucket.node.path} {written} "
        f"({link.access}), and `{where}` sends this worker that bucket's events {reported}: "
        "each object (or tag) the function writes there comes back to it as a new message, "
        "a loop billed round after round. Fix: write under a prefix the BucketEvents does not "
        "match (BucketEvents(bucket, prefix='uploads/') with Link.put(bucket, "
        "prefix='thumbs/')), or into another bucket. If the written keys never match its "
        f"filter (a suffix they never end with), acknowledge '{BUCKET_EVENT_LOOP_WARNING}'.",
    )
