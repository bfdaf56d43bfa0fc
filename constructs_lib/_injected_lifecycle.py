"""The library's lifecycle rules on its buckets, as a property injector of ``s3.Bucket``
leaves them.

The library's rules apply to every object of the bucket: a StaticSite's log bucket
expires its logs, its content bucket (and a StreamWorker's failed-batches buckets) clean
up replaced versions and incomplete uploads. Rules an injector adds beside them pass,
filtered or not, unless they delete what the bucket keeps (``_injected_expiry``). Each of
the library's must still be there unchanged: in its place, another rule, the same rule
disabled, one keeping more replaced versions (``noncurrentVersionsToRetain``), or the
same rule narrowed by a filter (a ``prefix``,
``tagFilters``, ``objectSizeGreaterThan`` or ``objectSizeLessThan``: S3 then applies it
to the objects it matches only) loses the expiry or clean-up for the others, whose
objects are kept, and paid for, forever. A transition added to the library's rule moves
objects to another storage class before they expire: it passes here (to an archive class
on a StaticSite's content bucket it is refused by ``_injected_archive``).

Only asked when an injector may reach the bucket (``may_inject``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jsii

from constructs_lib._facts import path_of, resource_of, seconds_of, stack_of
from constructs_lib._injected import _SKIP, _changed
from constructs_lib.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aws_cdk import Duration
    from aws_cdk import aws_s3 as s3

__all__ = ["lifecycle_problems"]

#: The L1 rule's keys that narrow it to some of the bucket's objects.
_FILTERS = ("prefix", "tagFilters", "objectSizeGreaterThan", "objectSizeLessThan")


def lifecycle_problems(
    bucket: s3.Bucket, rules: Sequence[s3.LifecycleRule], owner: str
) -> list[Problem]:
    """Each of the library's lifecycle ``rules`` is still one of ``bucket``'s, unfiltered
    and unchanged."""
    if not rules:
        return []
    stack = stack_of(bucket)
    properties = jsii.get(resource_of(bucket), "cfnProperties")
    configuration = stack.resolve(properties.get("lifecycleConfiguration"))
    found = [r for r in _rules(configuration) if r.get("status") == "Enabled"]
    given = {_rendered(r) for r in found if not _filters(r)}
    missing = [rule for rule in rules if _wanted(rule) not in given]
    if not missing:
        return []
    expiry = missing[0].expiration
    lost = (
        f"the expiry after {round(seconds_of(expiry) / 86400)} days: its objects are then "
        "kept, and paid for, forever"
        if expiry is not None
        else "the clean-up of incomplete uploads (and of replaced versions), which are "
        "then kept, and paid for, forever"
    )
    narrowed = sorted(
        {f for r in found if _rendered(r) == _wanted(missing[0]) for f in _filters(r)}
    )
    if narrowed:
        returned = "the library's rule narrowed by " + ", ".join(narrowed)
        whose = "whose objects the filter does not match lose"
    else:
        returned, whose = "other lifecycleRules", "which loses"
    return [
        Problem(
            path_of(bucket),
            "lifecycle_rules",
            f"lack the library's: {_changed(returned, 's3.Bucket')} for {owner}'s bucket, "
            f"{whose} {lost}",
            f"{_SKIP}, or add yours to them: {{**original_props, 'lifecycleRules': "
            "[*original_props.get('lifecycleRules', []), rule]}",
        )
    ]


def _rules(configuration: object) -> list[dict[str, Any]]:
    found = configuration.get("rules") if isinstance(configuration, dict) else None
    return [r for r in found or [] if isinstance(r, dict)]


def _filters(rule: dict[str, Any]) -> list[str]:
    """The filters narrowing ``rule`` (an L1 rule, camelCase keys) to some objects."""
    return [key for key in _FILTERS if rule.get(key) not in (None, "", [], {})]


def _days(duration: Duration | None) -> int | None:
    return None if duration is None else round(seconds_of(duration) / 86400)


def _wanted(rule: s3.LifecycleRule) -> tuple[Any, ...]:
    """What the library's ``rule`` renders, in :func:`_rendered`'s terms."""
    return (
        _days(rule.expiration),
        _days(rule.noncurrent_version_expiration),
        rule.noncurrent_versions_to_retain,
        _days(rule.abort_incomplete_multipart_upload_after),
        rule.expired_object_delete_marker,
    )


def _rendered(rule: dict[str, Any]) -> tuple[Any, ...]:
    """A rule of the L1's ``lifecycleConfiguration`` in the terms the library's rules set
    (its filters apart: :func:`_filters`)."""
    noncurrent = rule.get("noncurrentVersionExpiration")
    noncurrent = noncurrent if isinstance(noncurrent, dict) else {}
    abort = rule.get("abortIncompleteMultipartUpload")
    abort = abort if isinstance(abort, dict) else {}
    return (
        rule.get("expirationInDays"),
        noncurrent.get("noncurrentDays"),
        noncurrent.get("newerNoncurrentVersions"),
        abort.get("daysAfterInitiation"),
        rule.get("expiredObjectDeleteMarker"),
    )
