"""Which BucketEvents S3 would refuse together: two notification configurations of one
bucket whose event types and key filters overlap are rejected at deploy time, whether
one QueueWorker or two asked for them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib.bucket_events import BucketEvents

__all__ = ["check_overlaps", "remember"]

#: Each bucket's sources connected so far, by the worker that has them: another worker's
#: source of the same bucket must not overlap them either.
_CONNECTED: WeakKeyDictionary[object, list[tuple[str, BucketEvents]]] = WeakKeyDictionary()


def check_overlaps(v: Validator, sources: Sequence[BucketEvents]) -> None:
    """S3 rejects (at deploy time) two configurations of a bucket whose event types and key
    filters overlap: catch it at synth, within ``sources`` and against other workers'."""
    for later, source in enumerate(sources):
        for earlier in sources[:later]:
            if earlier.bucket is source.bucket and _overlap(earlier, source):
                v.add(
                    "sources",
                    f"has two BucketEvents of {source.bucket.node.path} whose event types "
                    "and key filters overlap; S3 rejects overlapping notification "
                    "configurations at deploy time",
                    "merge them into one BucketEvents, or make their prefixes or suffixes "
                    "disjoint (neither one starts/ends with the other)",
                )
        for worker, other in _CONNECTED.get(source.bucket, ()):
            if _overlap(other, source):
                v.add(
                    f"sources[{later}]",
                    f"overlaps a BucketEvents of {source.bucket.node.path} that {worker} "
                    "already has (event types and key filters); S3 rejects overlapping "
                    "notification configurations at deploy time",
                    "make the prefixes or suffixes disjoint, or let one worker take both",
                )
                break


def remember(worker: str, sources: Sequence[BucketEvents]) -> None:
    """Records ``worker``'s connected sources for the next worker's check."""
    for source in sources:
        _CONNECTED.setdefault(source.bucket, []).append((worker, source))


def _overlap(a: BucketEvents, b: BucketEvents) -> bool:
    """Event types of one family (OBJECT_CREATED covers OBJECT_CREATED_PUT) and prefixes
    and suffixes of which one contains the other (no filter: every key)."""
    events = any(_event_overlap(x.name, y.name) for x in a.events for y in b.events)
    prefix_a, prefix_b = a.prefix or "", b.prefix or ""
    suffix_a, suffix_b = a.suffix or "", b.suffix or ""
    return (
        events
        and (prefix_a.startswith(prefix_b) or prefix_b.startswith(prefix_a))
        and (suffix_a.endswith(suffix_b) or suffix_b.endswith(suffix_a))
    )


def _event_overlap(a: str, b: str) -> bool:
    return a == b or a.startswith(f"{b}_") or b.startswith(f"{a}_")
