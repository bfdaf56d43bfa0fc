"""StaticSite's buckets: the access log bucket and the private content bucket."""

from __future__ import annotations

from collections.abc import Collection

from aws_cdk import Duration
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_lib import _defaults, _nag, _nag_site
from constructs_lib._facts import seconds_of
from constructs_lib._injected_archive import archive_problems
from constructs_lib._injected_expiry import Kept, kept_problems
from constructs_lib._injected_storage import check_acl_delivery, origin_tls_problems
from constructs_lib._injector_errors import may_inject
from constructs_lib.errors import ConstructError

__all__ = ["content_bucket", "log_bucket", "pin_feature_flags"]

#: The feature flags the site's buckets need, whatever the app's cdk.json says (an empty or
#: old context gives the log bucket the legacy LogDeliveryWrite ACL, which cfn-lint warns
#: about and BucketOwnerPreferred ownership contradicts): S3 server access logs are
#: delivered through the log bucket's policy (logging.s3.amazonaws.com, this account, the
#: content bucket's ARN), never through an ACL.
FEATURE_FLAGS = {"@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True}


def pin_feature_flags(site: Construct) -> None:
    """Sets :data:`FEATURE_FLAGS` on ``site`` (before it has children): the flags apply to
    the site's subtree only, and the template is the same with any cdk.json."""
    for flag, value in FEATURE_FLAGS.items():
        site.node.set_context(flag, value)


def log_bucket(scope: Construct, expiration: Duration) -> s3.Bucket:
    """A private bucket for CloudFront's and S3's access logs, deleted after ``expiration``."""
    created = _defaults.private_bucket(
        scope,
        "LogBucket",
        # CloudFront standard logging (legacy) writes through ACLs.
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
        lifecycle_rules=[
            s3.LifecycleRule(
                expiration=expiration,
                abort_incomplete_multipart_upload_after=_incomplete_upload_expiration(),
            )
        ],
    )
    if may_inject(scope):  # an injector's ownership turning the ACLs CloudFront needs off
        check_acl_delivery(created, "the StaticSite")
    _nag.acknowledge(created, _nag_site.SITE_LOG_BUCKET_NO_ACCESS_LOGS)
    _nag.acknowledge_in_other_packs(created, *_nag_site.SITE_LOG_BUCKET_SSE_S3)
    return created


def content_bucket(
    scope: Construct,
    *,
    noncurrent_expiration: Duration,
    access_logs: s3.IBucket,
    files: Collection[str],
) -> s3.Bucket:
    """A private, versioned bucket for the site's ``files``; replaced versions expire after
    ``noncurrent_expiration`` and its access logs go to ``access_logs`` under ``s3/``."""
    created = _defaults.private_bucket(
        scope,
        "Bucket",
        versioned=True,
        lifecycle_rules=[
            s3.LifecycleRule(
                noncurrent_version_expiration=noncurrent_expiration,
                expired_object_delete_marker=True,
                abort_incomplete_multipart_upload_after=_incomplete_upload_expiration(),
            )
        ],
        server_access_logs_bucket=access_logs,
        server_access_logs_prefix="s3/",
    )
    if may_inject(scope):  # an injector's minimum TLS version above CloudFront's, its rules
        site_files = _site_files(files, noncurrent_expiration)
        problems = origin_tls_problems(created, "the StaticSite")
        problems += kept_problems(created, site_files, "the StaticSite")
        problems += archive_problems(created, site_files, "the StaticSite")
        if problems:
            raise ConstructError(problems)
    return created


def _site_files(files: Collection[str], noncurrent_expiration: Duration) -> Kept:
    return Kept(
        what="the site's files",
        keys=files,
        noncurrent_days=round(seconds_of(noncurrent_expiration) / 86400),
        fix="each deploy replaces the site's files, and the replaced ones expire after the "
        "StaticSite's noncurrent_version_expiration (set that to keep them shorter)",
    )


def _incomplete_upload_expiration() -> Duration:
    return Duration.days(_defaults.INCOMPLETE_UPLOAD_EXPIRATION_DAYS)
