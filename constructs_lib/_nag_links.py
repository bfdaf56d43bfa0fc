"""The reasons of a Handler link's cdk-nag IAM5 acknowledgements (``_core/link_grants.py``),
by the kind of its target: each names what that kind's grant holds. Where a kind's grant
holds no wildcard of aws-cdk-lib's, a finding is the app's wildcard (in the ARN it imported
the target by), which the library does not acknowledge."""

from __future__ import annotations

__all__ = ["acknowledges_link", "link_grant"]


#: What the wildcards of aws-cdk-lib's grant methods are, by the kind of link target (the
#: kinds in ``_core/link_kinds.py`` whose grants have any), so that each reason names only
#: what that link's statements hold.
_LINK_WILDCARDS = {
    "bucket": (
        "S3 action families (s3:GetObject*, s3:List*, s3:GetBucket*, s3:DeleteObject*, "
        "s3:Abort*) on that one bucket, its objects as <bucket>/<prefix>*, and KMS action "
        "families (kms:GenerateDataKey*, kms:ReEncrypt*) on the bucket's own key"
    ),
    "table": (
        "the table's own indexes as <table>/index/* (its exports as <table>/export/*), "
        "sub-resources of that one table, and KMS action families (kms:GenerateDataKey*, "
        "kms:ReEncrypt*) on the table's own key"
    ),
    "topic": (
        "kms:GenerateDataKey* on the topic's own key, which SNS encrypts each published "
        "message with"
    ),
    "queue": (
        "KMS action families (kms:GenerateDataKey*, kms:ReEncrypt*) on the queue's own key, "
        "which SQS encrypts each sent message with"
    ),
    "secret": (
        "the secret's ARN ending in -?????? (the six random characters Secrets Manager adds "
        "to a secret known by its name or partial ARN), that one secret"
    ),
}


#: The kinds whose grant adds no wildcard of aws-cdk-lib's: each action named, on the
#: target's ARN as the app gave it. A finding on such a grant is a wildcard in that ARN
#: (``EventBus.from_event_bus_arn(..., ".../event-bus/*")``), the app's own choice: the
#: library leaves it to the app to acknowledge, with the app's reason.
_NO_WILDCARD_OF_THEIR_OWN = frozenset({"event bus", "email identity", "configuration set"})


def acknowledges_link(kind: str | None) -> bool:
    """Whether the library acknowledges the IAM5 findings of a link's grant to a target of
    ``kind``: not where the grant adds no wildcard (any finding is the app's)."""
    return kind not in _NO_WILDCARD_OF_THEIR_OWN


def link_grant(link: str, kind: str | None = None) -> str:
    """The wildcards of a Handler link's grant (see ``_core/link_grants.py``) to a target of
    ``kind`` (``link_kinds``' name; ``None``: any kind)."""
    what = _LINK_WILDCARDS.get(kind or "", "action families and resource patterns")
    return (
        f"Handler link to the {link}: the wildcards are those of aws-cdk-lib's grant method "
        f"for that access ({what}), on that one resource and its KMS key only."
    )
