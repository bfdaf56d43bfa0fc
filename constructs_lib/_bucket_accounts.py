"""A ``BucketEvents`` bucket of another account than the worker's
(``Bucket.from_bucket_attributes(..., account=...)``): its notification configuration is
put by aws-cdk-lib's custom resource in the worker's account, which only the bucket
owner may allow (a bucket policy granting ``s3:PutBucketNotification``); without it the
deploy fails on that resource. A warning: the owner may have granted it."""

from __future__ import annotations

from aws_cdk import Annotations
from aws_cdk import aws_s3 as s3

from constructs_lib._resource_env import other_account
from constructs_lib._validation import Validator

__all__ = ["BUCKET_OF_ANOTHER_ACCOUNT_WARNING", "warn_of_bucket_account"]

BUCKET_OF_ANOTHER_ACCOUNT_WARNING = "constructs_lib:bucketOfAnotherAccount"


def warn_of_bucket_account(v: Validator, bucket: s3.IBucket, prop: str) -> None:
    """Warns on ``v``'s construct when ``bucket`` (``prop``) is known to be of another
    account than its stack's."""
    accounts = other_account(v.scope, bucket)
    if accounts is None:
        return
    account, here = accounts
    Annotations.of(v.scope).add_warning_v2(
        BUCKET_OF_ANOTHER_ACCOUNT_WARNING,
        f"{prop}.bucket is in account {account}, the worker in {here}: the bucket's "
        "notification configuration is put from this account, which S3 refuses unless the "
        "bucket's owner grants it s3:PutBucketNotification in the bucket policy, so the "
        "deploy would fail on it. Fix: create the QueueWorker in the bucket's account, or "
        "have its owner grant that (to this account's root or the notifications handler's "
        f"role); once granted, acknowledge '{BUCKET_OF_ANOTHER_ACCOUNT_WARNING}'.",
    )
