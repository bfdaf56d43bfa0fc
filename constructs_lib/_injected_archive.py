"""Lifecycle transitions a property injector of ``s3.Bucket`` gives a StaticSite's content
bucket that archive the site's files where CloudFront cannot read them.

CloudFront reads each file with a GET. S3 keeps an object of the S3 Glacier Flexible
Retrieval (``GLACIER``) or S3 Glacier Deep Archive (``DEEP_ARCHIVE``) storage class, or of
S3 Intelligent-Tiering's Archive Access or Deep Archive Access tier, archived: a GET is
refused (``InvalidObjectState``) until someone restores a copy. A platform's blueprint rule
``transitions=[Transition(storage_class=GLACIER, transition_after=90 days)]`` on every
bucket then broke the site 90 days after each upload, page by page (by S3's default each
file of 128 KB or more, every file with ``transitionDefaultMinimumObjectSize`` of
``varies_by_storage_class``), in silence. S3 Glacier Instant Retrieval (``GLACIER_IR``),
Standard-IA and One Zone-IA are read by a GET (at a retrieval charge): they pass. So does
``INTELLIGENT_TIERING`` while the bucket has no enabled Intelligent-Tiering configuration
with an archive tier matching the site's files (the archive tiers are opt-in), and a
transition of replaced versions (``noncurrentVersionTransitions``: CloudFront reads the
current ones). A rule that matches none of the site's files (``tagFilters``, a prefix of
its own) passes, as for expiry (``_injected_expiry``).

Only asked when an injector may reach the bucket (``may_inject``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jsii

from constructs_lib._facts import path_of, resource_of, stack_of
from constructs_lib._injected import _SKIP, _changed
from constructs_lib._injected_expiry import Kept, enabled_reaching
from constructs_lib.errors import Problem

if TYPE_CHECKING:
    from aws_cdk import aws_s3 as s3

__all__ = ["archive_problems"]

#: The storage classes whose objects a GET reads only once restored, by their names.
_ARCHIVED = {
    "GLACIER": "S3 Glacier Flexible Retrieval",
    "DEEP_ARCHIVE": "S3 Glacier Deep Archive",
}

#: Intelligent-Tiering's opt-in tiers whose objects a GET reads only once restored.
_ARCHIVE_TIERS = ("ARCHIVE_ACCESS", "DEEP_ARCHIVE_ACCESS")


def archive_problems(bucket: s3.Bucket, kept: Kept, owner: str) -> list[Problem]:
    """Each enabled lifecycle rule of ``bucket`` moving ``kept``'s current objects to a
    storage class (or an Intelligent-Tiering archive tier) whose objects CloudFront's GET
    cannot read."""
    properties = jsii.get(resource_of(bucket), "cfnProperties")
    stack = stack_of(bucket)
    configuration = stack.resolve(properties.get("lifecycleConfiguration"))
    rules = configuration.get("rules") if isinstance(configuration, dict) else None
    tiers = _archive_tiers(stack.resolve(properties.get("intelligentTieringConfigurations")), kept)
    problems = []
    for rule, matched in enabled_reaching(rules, kept):
        for transition in _transitions(rule):
            storage = transition.get("storageClass")
            if storage in _ARCHIVED:
                why = f"{_ARCHIVED[storage]} keeps each object archived"
            elif storage == "INTELLIGENT_TIERING" and tiers:
                why = (
                    f"the bucket's Intelligent-Tiering configuration moves each object not "
                    f"read for a while to its {' and '.join(tiers)} tier, which keeps it archived"
                )
            else:
                continue
            problems.append(_problem(bucket, kept, owner, matched, storage, transition, why))
    return problems


def _transitions(rule: dict[str, Any]) -> list[dict[str, Any]]:
    """The current versions' transitions of an L1 rule (``transitions`` and the deprecated
    single ``transition``)."""
    found = [*(rule.get("transitions") or []), rule.get("transition")]
    return [t for t in found if isinstance(t, dict)]


def _archive_tiers(configurations: object, kept: Kept) -> list[str]:
    """The archive tiers of ``configurations`` (the L1's, resolved) that apply to some of
    ``kept``'s objects, enabled."""
    found: list[str] = []
    for configuration, _ in enabled_reaching(configurations, kept):
        found += [
            tier["accessTier"]
            for tier in configuration.get("tierings") or []
            if isinstance(tier, dict) and tier.get("accessTier") in _ARCHIVE_TIERS
        ]
    return sorted(set(found))


def _problem(
    bucket: s3.Bucket,
    kept: Kept,
    owner: str,
    matched: str,
    storage: str,
    transition: dict[str, Any],
    why: str,
) -> Problem:
    days, date = transition.get("transitionInDays"), transition.get("transitionDate")
    when = f"after {days} days" if isinstance(days, int) else f"on {date}" if date else ""
    rule = f"a lifecycle rule with a transition to {storage} {when}".rstrip()
    return Problem(
        path_of(bucket),
        "lifecycle_rules",
        f"hold a rule that archives {matched}: {_changed(rule, 's3.Bucket')} for {owner}'s "
        f"bucket, and {why}: CloudFront's GET of it is refused until it is restored "
        "(InvalidObjectState), so every page using a moved file fails",
        f"{_SKIP}, or narrow your rule with tagFilters or a prefix of your own, or move them "
        "to a class a GET reads (GLACIER_IR, STANDARD_IA)",
    )
