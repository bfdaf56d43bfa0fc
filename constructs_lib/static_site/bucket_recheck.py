"""StaticSite's content bucket checked again at synth, after a platform's Aspects and
Mixins (``cdk.Mixins.of(scope).apply(s3.mixins.BucketVersioning(False))``,
``BucketPolicyStatements([...])``) changed it. cdk-nag reports neither: versioning turned
off (each deployment then deletes the files it replaces: no version to go back to) warns,
and a statement letting anyone read it (principal ``*`` without a condition) fails the
synth: the bucket blocks public policies, so S3 refuses it at deploy, and the site is
served through CloudFront's Origin Access Control only."""

from __future__ import annotations

from typing import Any

from aws_cdk import Annotations
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_lib._facts import path_of, resource_of
from constructs_lib._synth_checks import at_synth, changed_after, template_properties

__all__ = ["SITE_VERSIONING_WARNING", "recheck_content_bucket_at_synth"]

#: The warning's id (``cdk.Annotations.of(site).acknowledge_warning(id, reason)``).
SITE_VERSIONING_WARNING = "constructs_lib:siteBucketVersioningOff"


def recheck_content_bucket_at_synth(site: Construct, bucket: s3.IBucket) -> None:
    """At synth: ``bucket`` (the content bucket ``site`` created) is versioned and lets no
    anonymous principal in."""
    resource = resource_of(bucket)
    at_synth(site, lambda: _check(site, bucket, resource))


def _check(site: Construct, bucket: s3.IBucket, resource: Any) -> list[str]:
    versioning = template_properties(resource).get("versioningConfiguration")
    if not isinstance(versioning, dict) or versioning.get("status") != "Enabled":
        Annotations.of(site).add_warning_v2(
            SITE_VERSIONING_WARNING,
            f"versioning is off in the template (the bucket {path_of(resource)}): each "
            "deployment of the site deletes the files it replaces, so a bad release cannot "
            f"be undone from their versions. {changed_after('StaticSite', 'CfnBucket')}. "
            "Fix: leave the site's bucket out of what turned it off (apply a "
            "BucketVersioning mixin to your own buckets only); acknowledge "
            f"'{SITE_VERSIONING_WARNING}' on the StaticSite if an unversioned bucket is meant",
        )
    policy = bucket.policy
    if policy is None:
        return []
    document = template_properties(resource_of(policy)).get("policyDocument")
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    public = [
        index
        for index, statement in enumerate(statements)
        if isinstance(statement, dict)
        and statement.get("Effect") == "Allow"
        and statement.get("Principal") in ("*", {"AWS": "*"})
        and not statement.get("Condition")
    ]
    return [
        f"the bucket policy {path_of(policy)} lets anyone in (statement {index}: Allow, "
        "principal '*', no condition), but the StaticSite's bucket blocks public policies, "
        "so S3 refuses it at deploy; the site is served through CloudFront's Origin Access "
        f"Control only. {changed_after('StaticSite', 'CfnBucketPolicy')}. Fix: leave the "
        "site's bucket out of that policy statement (a BucketPolicyStatements mixin on your "
        "own buckets only); CloudFront already reads the files"
        for index in public
    ]
