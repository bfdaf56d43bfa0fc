"""Which BucketEvents S3 would refuse together: two notification configurations of one
bucket whose event types and key filters overlap are rejected at deploy time, whether
one QueueWorker or two asked for them."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from constructs_lib._bucket_identity import bucket_keys, one_bucket
from constructs_lib._bucket_notifications import (
    FLAG_FIX,
    replaces_configuration,
)
from constructs_lib._facts import app_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib.bucket_events import BucketEvents

__all__ = ["check_event_types", "check_overlaps", "remember"]

#: Each app's buckets' sources connected so far (by what S3 knows the bucket by: a bucket of
#: the app and every import of it, in any of its stacks, are one bucket, see
#: ``_bucket_identity``), by the worker that has them: another worker's source of the same
#: bucket must not overlap them.
_CONNECTED: IdentityMap[dict[str, list[tuple[str, BucketEvents]]]] = IdentityMap()


def _connected(source: BucketEvents) -> list[tuple[str, BucketEvents]]:
    """The sources of ``source``'s bucket that workers of its app have already."""
    buckets = _CONNECTED.remembered(app_of(source.bucket), dict)
    found: list[tuple[str, BucketEvents]] = []
    for name in sorted(bucket_keys(source.bucket)):
        found += [
            entry
            for entry in buckets.get(name, ())
            if not _listed(entry, found) and _same_bucket(entry[1], source)
        ]
    return found


def _listed(entry: tuple[str, BucketEvents], found: list[tuple[str, BucketEvents]]) -> bool:
    return any(entry is other for other in found)


def _same_bucket(a: BucketEvents, b: BucketEvents) -> bool:
    return one_bucket(a.bucket, b.bucket) is not None


def check_event_types(v: Validator, prop: str, events: Sequence[object]) -> None:
    """One BucketEvents is one configuration per event type, with the same key filters:
    two types of one family (OBJECT_CREATED and OBJECT_CREATED_PUT), or one type twice,
    overlap, and S3 rejects them at deploy time."""
    names = [getattr(event, "name", str(event)) for event in events]
    for later, name in enumerate(names):
        earlier = next((n for n in names[:later] if _event_overlap(n, name)), None)
        if earlier is not None:
            broad = min(earlier, name, key=len)
            v.add(
                prop,
                f"lists s3.EventType.{earlier} and s3.EventType.{name}, which overlap (each "
                "is a notification configuration with the same key filters); S3 rejects "
                "overlapping configurations at deploy time",
                f"list s3.EventType.{broad} once (it covers the other), or give the other a "
                "BucketEvents with a disjoint prefix or suffix",
            )
            return


def check_overlaps(v: Validator, sources: Sequence[BucketEvents]) -> None:
    """S3 rejects (at deploy time) two configurations of a bucket whose event types and key
    filters overlap: catch it at synth, within ``sources`` and against other workers'."""
    for later, source in enumerate(sources):
        for earlier in sources[:later]:
            if _same_bucket(earlier, source) and _owned(earlier) != _owned(source):
                _add_mixed(v, f"sources[{later}]", source, "an earlier source's", earlier)
            elif _same_bucket(earlier, source):
                _check_overlap(v, earlier, source, _add_overlap)
        for worker, other in _connected(source):
            if _owned(other) != _owned(source):
                _add_mixed(v, f"sources[{later}]", source, f"{worker}'s", other)
                break
            tell = functools.partial(_add_overlap_of, prop=f"sources[{later}]", worker=worker)
            if _check_overlap(v, other, source, tell):
                break


def _check_overlap(
    v: Validator,
    a: BucketEvents,
    b: BucketEvents,
    tell: Callable[[Validator, BucketEvents, BucketEvents], None],
) -> bool:
    """Whether ``a`` and ``b`` overlap (``tell`` adds the problem); a key filter given as a token
    that resolves at synth (``Lazy.string``) is compared then (a parameter's is S3's)."""
    if _overlap(a, b):
        tell(v, a, b)
        return True
    filters = [a.prefix, a.suffix, b.prefix, b.suffix]

    def resolved(found: Validator, given: list[str | None]) -> None:
        if _filters_overlap(a, b, *given):
            tell(found, a, b)

    v.recheck_together(filters, resolved)
    return False


def _add_overlap(v: Validator, _: BucketEvents, source: BucketEvents) -> None:
    v.add(
        "sources",
        f"has two BucketEvents of {source.bucket.node.path} whose event types "
        "and key filters overlap; S3 rejects overlapping notification "
        "configurations at deploy time",
        "merge them into one BucketEvents, or make their prefixes or suffixes "
        "disjoint (neither one starts/ends with the other)",
    )


def _add_overlap_of(
    v: Validator, other: BucketEvents, source: BucketEvents, *, prop: str, worker: str
) -> None:
    same = (
        ""
        if other.bucket is source.bucket
        else f" ({source.bucket.node.path} and {other.bucket.node.path} are one "
        f"bucket: {one_bucket(source.bucket, other.bucket)})"
    )
    v.add(
        prop,
        f"overlaps a BucketEvents of {source.bucket.node.path} that {worker} "
        "already has (event types and key filters); S3 rejects overlapping "
        f"notification configurations at deploy time{same}",
        "make the prefixes or suffixes disjoint, or let one worker take both",
    )


def _owned(source: BucketEvents) -> bool:
    """Whether aws-cdk-lib manages the bucket's whole notification configuration: a bucket
    of the app (``s3.Bucket``) does unless the app's flag says to merge, an import merges its
    own into what the bucket has."""
    return replaces_configuration(source.bucket)


def _add_mixed(
    v: Validator, prop: str, source: BucketEvents, whose: str, other: BucketEvents
) -> None:
    owned, imported = (source, other) if _owned(source) else (other, source)
    why = one_bucket(source.bucket, other.bucket)
    v.add(
        prop,
        f"connects {source.bucket.node.path}, and {whose} {other.bucket.node.path} is one bucket "
        f"with it ({why}): {owned.bucket.node.path} is the bucket itself, whose notification "
        "resource replaces the bucket's whole notification configuration at each of its "
        f"updates, deleting the notifications the import {imported.bucket.node.path} added, "
        "so their events stop coming in silence",
        "give every worker the bucket the same way: imported by name in each worker's stack "
        "(s3.Bucket.from_bucket_name(self, ..., bucket.bucket_name), in the bucket's own "
        f"stack too), or the bucket itself, with every worker in the bucket's stack; {FLAG_FIX}",
    )


def remember(worker: str, sources: Sequence[BucketEvents]) -> None:
    """Records ``worker``'s connected sources for the next worker's check."""
    for source in sources:
        buckets = _CONNECTED.remembered(app_of(source.bucket), dict)
        entry = (worker, source)
        for name in bucket_keys(source.bucket):
            buckets.setdefault(name, []).append(entry)


def _overlap(a: BucketEvents, b: BucketEvents) -> bool:
    """Event types of one family (OBJECT_CREATED covers OBJECT_CREATED_PUT) and prefixes
    and suffixes of which one contains the other (no filter: every key)."""
    return _filters_overlap(a, b, a.prefix, a.suffix, b.prefix, b.suffix)


def _filters_overlap(
    a: BucketEvents,
    b: BucketEvents,
    prefix_a: str | None,
    suffix_a: str | None,
    prefix_b: str | None,
    suffix_b: str | None,
) -> bool:
    """:func:`_overlap` of ``a`` and ``b`` with these key filters (as they resolved)."""
    events = any(_event_overlap(x.name, y.name) for x in a.events for y in b.events)
    prefix_a, prefix_b = prefix_a or "", prefix_b or ""
    suffix_a, suffix_b = suffix_a or "", suffix_b or ""
    return (
        events
        and (prefix_a.startswith(prefix_b) or prefix_b.startswith(prefix_a))
        and (suffix_a.endswith(suffix_b) or suffix_b.endswith(suffix_a))
    )


#: The event types that are a family (S3's ``s3:ObjectRemoved:*``), covering each type whose
#: name continues theirs; any other two types are siblings, OBJECT_REMOVED_DELETE
#: (``s3:ObjectRemoved:Delete``) and OBJECT_REMOVED_DELETE_MARKER_CREATED among them.
_FAMILIES = frozenset(
    {
        "OBJECT_CREATED",
        "OBJECT_REMOVED",
        "OBJECT_RESTORE",
        "OBJECT_TAGGING",
        "LIFECYCLE_EXPIRATION",
        "REPLICATION",
    }
)


def _event_overlap(a: str, b: str) -> bool:
    return (
        a == b
        or (b in _FAMILIES and a.startswith(f"{b}_"))
        or (a in _FAMILIES and b.startswith(f"{a}_"))
    )
