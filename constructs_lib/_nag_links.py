"""The reasons of a Handler link's cdk-nag IAM5 acknowledgements (``_core/link_grants.py``),
by the kind of its target: each names what that kind's grant holds, and where a kind's
grant holds no wildcard of aws-cdk-lib's, the ARN the app imported the target by."""

from __future__ import annotations

__all__ = ["link_grant"]


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
#: target's ARN as the app gave it; a finding is a wildcard in that ARN (or name), the
#: app's own choice, which the reason says, with what it lets the function do.
_IMPORTED_WILDCARDS = {
    "event bus": (
        "events:PutEvents",
        "the ARN the bus was imported from (events.EventBus.from_event_bus_arn)",
        "put events on every bus of that account and region the ARN matches",
    ),
    "email identity": (
        "ses:SendEmail and ses:SendRawEmail",
        "the ARN or name the identity was imported by (ses.EmailIdentity."
        "from_email_identity_arn or from_email_identity_name)",
        "send from every identity the ARN matches (another account's only as far as its "
        "sending authorization allows)",
    ),
    "configuration set": (
        "ses:SendEmail and ses:SendRawEmail",
        "the name the configuration set was imported by (ses.ConfigurationSet."
        "from_configuration_set_name)",
        "send through every configuration set of that account and region the name matches",
    ),
}


def link_grant(link: str, kind: str | None = None) -> str:
    """The wildcards of a Handler link's grant (see ``_core/link_grants.py``) to a target of
    ``kind`` (``link_kinds``' name; ``None``: any kind)."""
    if kind in _IMPORTED_WILDCARDS:
        actions, where, allows = _IMPORTED_WILDCARDS[kind]
        return (
            f"Handler link to the {link}: aws-cdk-lib's grant method for that access names "
            f"{actions} on the {kind}'s ARN as the app gave it, and adds no wildcard; the "
            f"wildcard is in {where}, the app's choice: the function may {allows}. "
            f"It is no narrower than that ARN: import the one {kind} by its exact ARN for less."
        )
    what = _LINK_WILDCARDS.get(kind or "", "action families and resource patterns")
    return (
        f"Handler link to the {link}: the wildcards are those of aws-cdk-lib's grant method "
        f"for that access ({what}), on that one resource and its KMS key only."
    )
