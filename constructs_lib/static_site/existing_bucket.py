"""The rules of a StaticSite's ``existing_bucket``: a bucket indeed, of this app and
stage, not another stack's (a cycle), and not encrypted with S3's AWS managed key, which
CloudFront cannot use; one of another account (imported with ``account=``) warns of what
only its owner can grant."""

from __future__ import annotations

from aws_cdk import Annotations, Stack
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_lib._arns import check_imported_arn
from constructs_lib._env import check_same_stage
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["SITE_BUCKET_OF_ANOTHER_ACCOUNT_WARNING", "check_existing_bucket"]

SITE_BUCKET_OF_ANOTHER_ACCOUNT_WARNING = "constructs_lib:siteBucketOfAnotherAccount"

_PROP = "existing_bucket"
# SSE-KMS and DSSE-KMS with no key of the bucket's own: objects are encrypted with the
# AWS managed aws/s3, whose key policy nobody can change to let CloudFront decrypt
_KMS_ALGORITHMS = frozenset({"aws:kms", "aws:kms:dsse"})


def check_existing_bucket(v: Validator, bucket: s3.IBucket | None) -> None:
    """Adds every problem of ``bucket`` (None: none given) to ``v``."""
    if bucket is not None and not check_imported_arn(
        v, bucket, _PROP, "bucket", "the site would be served from no bucket"
    ):
        return
    if bucket is not None:
        _warn_of_another_account(v, bucket)
    owner = Stack.of(bucket) if isinstance(bucket, Construct) else None
    if owner is None or bucket is None or bucket.node.default_child is None:
        return
    if check_same_stage(v, bucket, _PROP):  # another app or stage: named so
        v.check(  # a bucket created in another stack, not one imported
            owner is Stack.of(v.scope),
            _PROP,
            f"is the bucket {bucket.node.path} of the stack {owner.node.path}: its policy "
            "would name the distribution and the distribution the bucket, so each stack "
            "would depend on the other",
            "create the StaticSite in the bucket's stack, or import the bucket into this "
            "one (s3.Bucket.from_bucket_name) and give its policy the distribution's read",
        )
    algorithm = _aws_managed_kms(bucket)
    v.check(
        algorithm is None,
        _PROP,
        f"is encrypted with {algorithm} and S3's AWS managed key (aws/s3): its key policy "
        "cannot let CloudFront decrypt, so every page would be 403 Access Denied",
        "encrypt the bucket with S3-managed keys (s3.BucketEncryption.S3_MANAGED) or with "
        "a kms.Key of the app (encryption=s3.BucketEncryption.KMS, encryption_key=key: "
        "its policy is given CloudFront's decrypt), or leave existing_bucket out",
    )


def _aws_managed_kms(bucket: s3.IBucket) -> str | None:
    """The SSE algorithm of a bucket of the app encrypted with aws/s3, else None."""
    if bucket.encryption_key is not None:
        return None
    resource = bucket.node.default_child
    rules = Stack.of(bucket).resolve(getattr(resource, "bucket_encryption", None)) or {}
    for rule in (
        rules.get("serverSideEncryptionConfiguration", []) if isinstance(rules, dict) else []
    ):
        default = rule.get("serverSideEncryptionByDefault", {}) if isinstance(rule, dict) else {}
        algorithm = default.get("sseAlgorithm")
        if algorithm in _KMS_ALGORITHMS and not default.get("kmsMasterKeyId"):
            return str(algorithm)
    return None


def _warn_of_another_account(v: Validator, bucket: s3.IBucket) -> None:
    """A bucket known to be of another account than the site's stack: supported (the
    content deployment and CloudFront reach it across accounts), but only with grants its
    owner makes, which the app cannot; without them the deploy fails on the content
    deployment (AccessDenied). A warning: the owner may have granted them."""
    account, here = bucket.env.account, Stack.of(v.scope).account
    if is_unresolved(account) or account == here:
        return
    if is_unresolved(here):
        return
    Annotations.of(v.scope).add_warning_v2(
        SITE_BUCKET_OF_ANOTHER_ACCOUNT_WARNING,
        f"{_PROP} is in account {account}, the site in {here}: only the bucket's owner can "
        "let this account in. Its bucket policy must allow this account (the role of the "
        "stack's Custom::CDKBucketDeployment function, which uploads the content) "
        "s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucket, and "
        "cloudfront.amazonaws.com s3:GetObject with the condition AWS:SourceArn = this "
        "distribution's ARN; and its Object Ownership must be BucketOwnerEnforced (an object "
        "this account uploads is otherwise this account's, which the owner's bucket policy "
        "cannot open to CloudFront: every page 403). Without them the deploy fails on the "
        "content deployment (AccessDenied). Fix: request that the owner grant that (or create the "
        "StaticSite in the bucket's account, or leave existing_bucket out); once granted, "
        f"acknowledge '{SITE_BUCKET_OF_ANOTHER_ACCOUNT_WARNING}'.",
    )
