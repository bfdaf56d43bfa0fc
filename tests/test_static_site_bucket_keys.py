"""A StaticSite's ``existing_bucket`` encrypted with S3's AWS managed KMS key (aws/s3):
CloudFront's origin access control cannot decrypt with it, whose key policy nobody can
change, so the site deployed and served 403 for every page."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from constructs_lib import ConstructError, StaticSite
from tests.support import SITE, new_stack


def _site(encryption: s3.BucketEncryption, *, key: bool = False) -> cdk.Stack:
    stack = new_stack()
    bucket = s3.Bucket(
        stack,
        "Content",
        encryption=encryption,
        encryption_key=kms.Key(stack, "Key", enable_key_rotation=True) if key else None,
        enforce_ssl=True,
    )
    StaticSite(stack, "Site", source=SITE, existing_bucket=bucket)
    return stack


@pytest.mark.parametrize(
    ("encryption", "algorithm"),
    [
        (s3.BucketEncryption.KMS_MANAGED, "aws:kms"),
        (s3.BucketEncryption.DSSE_MANAGED, "aws:kms:dsse"),
    ],
    ids=["sse-kms", "dsse-kms"],
)
def test_a_bucket_encrypted_with_the_aws_managed_key_is_refused(
    encryption: s3.BucketEncryption, algorithm: str
) -> None:
    # Proves (bad inputs, round 38): synthesized; every page was 403 Access Denied
    with pytest.raises(
        ConstructError,
        match=rf"Test/Site: `existing_bucket` is encrypted with {algorithm} and S3's AWS "
        r"managed key \(aws/s3\): its key policy cannot let CloudFront decrypt.*"
        r"Fix: encrypt the bucket with S3-managed keys",
    ):
        _site(encryption)


@pytest.mark.parametrize(
    ("encryption", "key"),
    [(s3.BucketEncryption.S3_MANAGED, False), (s3.BucketEncryption.KMS, True)],
    ids=["s3-managed", "app-key"],
)
def test_s3_managed_keys_and_a_key_of_the_app_are_served(
    encryption: s3.BucketEncryption, key: bool
) -> None:
    stack = _site(encryption, key=key)
    # THEN CloudFront may read the bucket's objects (and decrypt them with the app's key)
    bucket = stack.node.find_child("Content")
    assert isinstance(bucket, s3.Bucket) and bucket.policy is not None
    policy = stack.resolve(bucket.policy.document)["Statement"]
    assert _cloudfront_may(policy) == ["s3:GetObject"]
    created = stack.node.try_find_child("Key")
    if key:
        assert isinstance(created, kms.Key)
        key_policy = stack.resolve(created.node.default_child.key_policy)["Statement"]
        assert _cloudfront_may(key_policy) == ["kms:Decrypt"]
    else:
        assert created is None


def _cloudfront_may(statements: list[dict[str, Any]]) -> list[str]:
    """The actions ``statements`` allow CloudFront's service principal."""
    return [
        statement["Action"]
        for statement in statements
        if statement["Effect"] == "Allow"
        and statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    ]
