"""A bucket link narrowed to a key prefix that reads: listing scoped to the prefix too.

aws-cdk-lib's ``grant_read`` / ``grant_read_write`` with a key pattern scope the objects'
actions to ``<bucket>/<prefix>*`` but grant ``s3:List*`` on the bucket itself, so the
function could list every key of the bucket. Here a prefixed ``read`` or ``read_write``
link gets the same object and KMS actions (``s3.BucketGrants``, which grants the key's
actions as ``grant_read`` does) and lists keys only with an ``s3:prefix`` condition under
its prefix, as the S3 user guide's per-folder policies do: ``ListObjectsV2`` with
``Prefix="<prefix>..."`` is allowed, without a ``Prefix`` (the request has no
``s3:prefix``, so ``StringLike`` does not match) or with another one it is denied.
``put`` grants no listing, and a link without a prefix keeps aws-cdk-lib's grant as is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

if TYPE_CHECKING:
    from aws_cdk import aws_s3 as s3

__all__ = ["LISTING_ACTIONS", "grant_under_prefix", "lists_keys"]

_READ = ("s3:GetObject*", "s3:List*")  # s3:List* on objects: ListMultipartUploadParts
_WRITE = (
    "s3:DeleteObject*",
    "s3:PutObject",
    "s3:PutObjectLegalHold",
    "s3:PutObjectRetention",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
    "s3:Abort*",
)
_KEY_READ = ("kms:Decrypt", "kms:DescribeKey")
_KEY_WRITE = ("kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*")
#: access -> aws-cdk-lib's actions of that grant (aws-s3 perms) on the objects and the key
_OBJECT_ACTIONS: dict[str, tuple[str, ...]] = {
    "read": (*_READ, *_KEY_READ),
    "read_write": (*_READ, *_WRITE, *_KEY_READ, *_KEY_WRITE),
}
#: The grant's bucket-level reads besides listing: the bucket's settings, no key names.
_BUCKET_ACTIONS = ("s3:GetBucket*",)
#: The listings that name keys and take ``s3:prefix`` (ListBucketMultipartUploads takes
#: none, so it cannot be narrowed to a prefix and is not granted).
LISTING_ACTIONS = ("s3:ListBucket", "s3:ListBucketVersions")


def lists_keys(access: str) -> bool:
    """The bucket link's ``access`` lists keys (aws-cdk-lib grants ``s3:List*`` for it)."""
    return access in _OBJECT_ACTIONS


def grant_under_prefix(
    bucket: s3.IBucket, function: lambda_.Function, access: str, prefix: str
) -> None:
    """``access`` (read or read_write) to the keys under ``prefix``, listing included."""
    from aws_cdk import aws_s3 as s3  # links to buckets only

    pattern = f"{prefix}*"
    grants: Any = s3.BucketGrants.from_bucket(bucket)
    grants.actions_on_object_keys(function, pattern, *_OBJECT_ACTIONS[access])
    function.add_to_role_policy(
        iam.PolicyStatement(actions=list(_BUCKET_ACTIONS), resources=[bucket.bucket_arn])
    )
    function.add_to_role_policy(
        iam.PolicyStatement(
            actions=list(LISTING_ACTIONS),
            resources=[bucket.bucket_arn],
            conditions={"StringLike": {"s3:prefix": pattern}},
        )
    )
