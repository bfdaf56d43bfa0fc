"""Lifecycle rules a property injector of ``s3.Bucket`` adds beside the library's that
delete what the library keeps (``_injected_lifecycle`` checks the library's own rules).

Two of the library's buckets keep their objects on purpose: a StaticSite's content bucket
serves its current files for as long as the site runs (a replaced version stays
recoverable for ``noncurrent_version_expiration``, what a bad deployment is undone with),
and a StreamWorker's failed-batches bucket keeps each skipped batch, the only copy of its
records once the stream drops them, until someone deletes it. A platform's blueprint
rule ``expiration=Duration.days(90)`` on every bucket then deleted the site's files 90
days after their upload (the versioned bucket puts a delete marker in front of each: every
page a 403) and the failed batches nobody had read yet, in silence; a shorter
``noncurrentVersionExpiration`` took the site's rollback window. A rule that cannot match
those objects passes: one narrowed by ``tagFilters`` (neither the BucketDeployment nor
Lambda tags what it writes) or by a ``prefix`` none of them has, and an
``abortIncompleteMultipartUpload`` anywhere (a part upload is no object yet).

The log buckets' expiry (a StaticSite's, a failed-batches bucket's access logs) is the
retention the user chose (``access_log_retention``), as a log group's is an injector's to
set: a rule beside the library's that expires logs sooner passes there.

Only asked when an injector may reach the bucket (``may_inject``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jsii

from constructs_lib._facts import path_of, resource_of, stack_of
from constructs_lib._injected import _SKIP, _changed
from constructs_lib.errors import ConstructError, Problem

if TYPE_CHECKING:
    from collections.abc import Collection

    from aws_cdk import aws_s3 as s3

__all__ = ["Kept", "check_kept_objects", "enabled_reaching", "kept_problems"]


@dataclass(frozen=True, kw_only=True)
class Kept:
    """What a bucket of the library keeps from lifecycle rules."""

    what: str
    """The objects, as the problem names them: ``"the site's files"``."""
    keys: Collection[str] = ()
    """Their keys where they are known at synth (a site's files), else ``prefixes``."""
    prefixes: Collection[str] = ("",)
    """Where they are written (``"aws/lambda/"``); ``""``: anywhere in the bucket."""
    noncurrent_days: int | None = None
    """How long replaced versions are kept (a versioned bucket's), or None."""
    fix: str
    """The way to keep such objects shorter: a bucket of the user's."""


def check_kept_objects(bucket: s3.Bucket, kept: Kept, owner: str) -> None:
    """No enabled lifecycle rule of ``bucket`` expires ``kept``'s objects, or their
    replaced versions sooner than ``kept.noncurrent_days``."""
    problems = kept_problems(bucket, kept, owner)
    if problems:
        raise ConstructError(problems)


def kept_problems(bucket: s3.Bucket, kept: Kept, owner: str) -> list[Problem]:
    """:func:`check_kept_objects`'s problems, for a caller raising them with others."""
    properties = jsii.get(resource_of(bucket), "cfnProperties")
    configuration = stack_of(bucket).resolve(properties.get("lifecycleConfiguration"))
    rules = configuration.get("rules") if isinstance(configuration, dict) else None
    problems = []
    for rule, matched in enabled_reaching(rules, kept):
        expiry = rule.get("expirationInDays") or rule.get("expirationDate")
        noncurrent = rule.get("noncurrentVersionExpiration")
        days = noncurrent.get("noncurrentDays") if isinstance(noncurrent, dict) else None
        if expiry is not None:
            after = f"after {_days(expiry)}" if isinstance(expiry, int) else f"on {expiry}"
            problems.append(
                _problem(bucket, kept, owner, f"expiration {after}", f"deletes {matched}")
            )
        elif (
            kept.noncurrent_days is not None
            and isinstance(days, int)
            and days < kept.noncurrent_days
        ):
            problems.append(
                _problem(
                    bucket,
                    kept,
                    owner,
                    f"noncurrentVersionExpiration after {_days(days)}",
                    f"deletes the replaced versions of {matched} after {_days(days)}, not the "
                    f"{kept.noncurrent_days} the construct keeps them for (to undo a bad "
                    "deployment)",
                )
            )
    return problems


def enabled_reaching(items: object, kept: Kept) -> list[tuple[dict[str, Any], str]]:
    """The enabled ones of ``items`` (an L1's lifecycle rules or Intelligent-Tiering
    configurations, resolved: their prefix and tags filter alike) that apply to some of
    ``kept``'s objects, each with those objects named."""
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("status") == "Enabled":
            matched = _matched(item, kept)
            if matched is not None:
                found.append((item, matched))
    return found


def _matched(rule: dict[str, Any], kept: Kept) -> str | None:
    """``kept``'s objects ``rule`` applies to, named (None: none of them)."""
    if rule.get("tagFilters"):  # the library's writers tag nothing
        return None
    prefix = rule.get("prefix") or ""
    if not isinstance(prefix, str):
        return kept.what  # a deploy-time prefix: it may match them
    if kept.keys:
        keys = sorted(key for key in kept.keys if key.startswith(prefix))
        more = ", ..." if len(keys) > 3 else ""
        return f"{kept.what} ({', '.join(keys[:3])}{more})" if keys else None
    if any(p.startswith(prefix) or prefix.startswith(p) for p in kept.prefixes):
        return f"{kept.what} under {prefix!r}" if prefix else kept.what
    return None


def _problem(bucket: s3.Bucket, kept: Kept, owner: str, rule: str, lost: str) -> Problem:
    return Problem(
        path_of(bucket),
        "lifecycle_rules",
        f"hold a rule that {lost}: {_changed(f'a lifecycle rule with {rule}', 's3.Bucket')} "
        f"for {owner}'s bucket, beside the library's (a rule matching none of them, by "
        "tagFilters or a prefix of its own, passes)",
        f"{_SKIP}, or narrow your rule with tagFilters or a prefix of your own; {kept.fix}",
    )


def _days(days: int) -> str:
    return f"{days} day" if days == 1 else f"{days} days"
