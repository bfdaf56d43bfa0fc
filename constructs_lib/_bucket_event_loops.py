"""A QueueWorker that writes into a bucket of its own ``sources`` under keys they match: each
object the function writes is an S3 event for the same worker, which writes again, a loop
billed round after round (Lambda's recursive loop detection, where it applies, stops one
only after 16 rounds, dead-lettering the message). The thumbnail worker that writes
``thumbs/`` next to the ``uploads/`` it is told about is fine; the one told about every key,
or about ``uploads/`` while writing ``uploads/thumbs/``, is the loop.

A warning, not an error: only the keys the code writes decide, and a suffix filter the
written keys never end with (``.jpg`` events, ``.json`` written) breaks the loop."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aws_cdk import Annotations, Stack
from aws_cdk.aws_s3 import CfnBucket, IBucket
from constructs import Construct

from constructs_lib._bucket_identity import bucket_resource
from constructs_lib._core.links import ResolvedLink, resolve
from constructs_lib._jsii import is_unresolved

if TYPE_CHECKING:
    from constructs_lib.bucket_events import BucketEvents

__all__ = ["BUCKET_EVENT_LOOP_WARNING", "same_bucket", "warn_of_event_loops"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
BUCKET_EVENT_LOOP_WARNING = "constructs_lib:bucketEventLoop"
#: The event types a link's writes cause: objects put and their tags put
#: (``s3:PutObjectTagging``, granted with put), and with read_write objects and their tags
#: deleted too (``s3:DeleteObject*``: ``DeleteObjectTagging``).
_CAUSED = {
    "put": ("OBJECT_CREATED", "OBJECT_TAGGING_PUT"),
    "read_write": ("OBJECT_CREATED", "OBJECT_REMOVED", "OBJECT_TAGGING"),
}
# The pseudo parameters whose value differs between two stacks of one account and region.
_STACK_PSEUDO = re.compile(r'"AWS::Stack(Name|Id)"')


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


def same_bucket(a: IBucket, b: IBucket) -> bool:
    """``a`` and ``b`` are one bucket: the same object, the same literal name, or (in one
    stack) a name or ARN of one that resolves as the other's: a bucket named with a
    deploy-time value (``Fn.join``, a CfnParameter) and its import by that name, a bucket
    and its import by ARN (``Bucket.from_bucket_arn(bucket.bucket_arn)``), or two imports
    of one bucket, by its name and by its ARN (the name the ARN holds). Buckets of two
    deploy-time names are two buckets, whatever their names' parts."""
    if a is b or not _resources(a).isdisjoint(_resources(b)):
        return True
    names = _literal_name(a), _literal_name(b)
    if None not in names:
        return names[0] == names[1]
    stack = Stack.of(a)
    if Stack.of(b) is not stack:  # their references resolve in one stack only
        return not _identities(a, None).isdisjoint(_identities(b, None))
    return not _identities(a, stack).isdisjoint(_identities(b, stack))


def _resources(bucket: IBucket) -> set[str]:
    """The paths of the CfnBuckets ``bucket`` is, or whose name (``Ref``) or ARN its own
    name or ARN is: a bucket of another stack imported there once by name and once by ARN
    resolves to two expressions (``Ref``, ``Fn::GetAtt`` ``Arn``) of that one resource."""
    cfn = bucket.node.default_child
    found = {cfn.node.path} if isinstance(cfn, CfnBucket) else set()
    for value in (bucket.bucket_name, bucket.bucket_arn):
        resource = bucket_resource(value) if isinstance(value, str) else None
        found |= {resource} if resource else set()
    return found


def _literal_name(bucket: IBucket) -> str | None:
    """The bucket's name where it is written (``bucket_name="photos"``, an import by name
    or by ARN of a literal), else None."""
    cfn = bucket.node.default_child
    given = cfn.bucket_name if isinstance(cfn, CfnBucket) else bucket.bucket_name
    return given if isinstance(given, str) and not is_unresolved(given) else None


def _identities(bucket: IBucket, stack: Stack | None) -> set[str]:
    """The bucket's name as given, its name and its ARN attributes, resolved in ``stack``
    (CloudFormation's expressions, as JSON), or as their token texts without one."""
    cfn = bucket.node.default_child
    given = cfn.bucket_name if isinstance(cfn, CfnBucket) else None
    values = [v for v in (given, bucket.bucket_name, bucket.bucket_arn) if isinstance(v, str)]
    if stack is None:  # one text in two stacks: the same value unless it names its stack
        own = Stack.of(bucket)
        return {value for value in values if not _STACK_PSEUDO.search(_resolved(own, value))}
    resolved = [_resolved(stack, value) for value in values]
    # an unnamed bucket's name prop is a token resolving to nothing: no bucket's identity
    return {value for value in resolved if value != "null"}


def _resolved(stack: Stack, value: str) -> str:
    """``value`` as CloudFormation's expression in ``stack``, as JSON."""
    return json.dumps(stack.resolve(value), sort_keys=True)


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
