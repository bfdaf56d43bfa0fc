"""A bucket link with a prefix lists only the keys under it: aws-cdk-lib's grant_read /
grant_read_write give ``s3:List*`` on the whole bucket whatever the key pattern, so a
function linked with ``Link.read(bucket, prefix="uploads/")`` could list every key."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import Handler, Link, QueueWorker
from tests.support import ECHO, cfn_lint, new_stack

_LISTING = ["s3:ListBucket", "s3:ListBucketVersions"]


def _bucket(stack: cdk.Stack) -> s3.Bucket:
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    return s3.Bucket(
        stack,
        "Uploads",
        encryption=s3.BucketEncryption.KMS,
        encryption_key=key,
        enforce_ssl=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
    )


def _statements(template: Template, logical_prefix: str) -> list[dict[str, Any]]:
    policies = [
        resource
        for logical_id, resource in template.find_resources("AWS::IAM::Policy").items()
        if logical_id.startswith(logical_prefix)
    ]
    assert len(policies) == 1, logical_prefix
    statements: list[dict[str, Any]] = policies[0]["Properties"]["PolicyDocument"]["Statement"]
    # the worker's own queue is no part of the link
    return [s for s in statements if "sqs:" not in json.dumps(s["Action"])]


def _by_resource(statements: list[dict[str, Any]]) -> dict[str, set[str]]:
    """resource (as JSON, with the statement's condition) -> its actions."""
    found: dict[str, set[str]] = {}
    for statement in statements:
        resources = statement["Resource"]
        actions = statement["Action"]
        for resource in resources if isinstance(resources, list) else [resources]:
            where = json.dumps([resource, statement.get("Condition")], sort_keys=True)
            found.setdefault(where, set()).update(
                actions if isinstance(actions, list) else [actions]
            )
    return found


def _worker(stack: cdk.Stack, *links: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=list(links)))


@pytest.mark.parametrize("access", ["read", "read_write"])
def test_a_prefixed_link_keeps_aws_cdk_lib_s_grant_but_lists_under_its_prefix_only(
    access: str,
) -> None:
    # GIVEN aws-cdk-lib's grant under a key pattern, and a link with that prefix
    stack = new_stack()
    bucket = _bucket(stack)
    role = iam.Role(stack, "Reference", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    getattr(bucket, f"grant_{access}")(role, "uploads/*")
    _worker(stack, getattr(Link, access)(bucket, prefix="uploads/"))
    template = Template.from_stack(stack)
    theirs = _by_resource(_statements(template, "ReferenceDefaultPolicy"))
    ours = _by_resource(_statements(template, "WorkerHandlerRoleDefaultPolicy"))
    bucket_arn = stack.resolve(bucket.bucket_arn)
    objects, key, whole_bucket = (
        json.dumps([resource, None], sort_keys=True)
        for resource in (
            {"Fn::Join": ["", [bucket_arn, "/uploads/*"]]},
            stack.resolve(bucket.encryption_key.key_arn) if bucket.encryption_key else None,
            bucket_arn,
        )
    )
    listing = json.dumps([bucket_arn, {"StringLike": {"s3:prefix": "uploads/*"}}], sort_keys=True)
    # THEN aws-cdk-lib lists the whole bucket (what the link must not do)
    assert "s3:List*" in theirs[whole_bucket]
    # AND the link has aws-cdk-lib's actions on the objects under the prefix and on the key
    assert ours[objects] == theirs[objects] - {"s3:GetBucket*"}
    assert ours[key] == theirs[key]
    # AND on the bucket itself its settings, and the listing only with an s3:prefix under it
    assert ours[whole_bucket] == {"s3:GetBucket*"}
    assert ours[listing] == set(_LISTING)
    assert set(ours) == {objects, key, whole_bucket, listing}
    assert cfn_lint(template.to_json()) == []


def test_a_bucket_link_without_a_prefix_keeps_aws_cdk_lib_s_grant() -> None:
    # GIVEN a read link and aws-cdk-lib's grant_read, both without a prefix
    stack = new_stack()
    bucket = _bucket(stack)
    role = iam.Role(stack, "Reference", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    bucket.grant_read(role)
    _worker(stack, Link.read(bucket))
    template = Template.from_stack(stack)
    # THEN the link's statements are aws-cdk-lib's, unconditioned
    assert _statements(template, "WorkerHandlerRoleDefaultPolicy") == _statements(
        template, "ReferenceDefaultPolicy"
    )


def test_a_put_link_with_a_prefix_lists_nothing() -> None:
    # GIVEN a put link under a prefix (aws-cdk-lib's grant_put lists nothing)
    stack = new_stack()
    bucket = _bucket(stack)
    _worker(stack, Link.put(bucket, prefix="out/"))
    statements = _statements(Template.from_stack(stack), "WorkerHandlerRoleDefaultPolicy")
    # THEN no statement names a listing or a condition
    actions = {a for s in statements for a in s["Action"]}
    assert not [a for a in actions if a.startswith("s3:List")]
    assert not [s for s in statements if "Condition" in s]


def test_two_prefixes_of_one_bucket_each_list_their_own() -> None:
    # GIVEN a function reading one prefix and writing another of the same bucket
    stack = new_stack()
    bucket = s3.Bucket.from_bucket_name(stack, "Imported", "landing-zone")
    _worker(stack, Link.read(bucket, prefix="in/"), Link.read_write(bucket, prefix="out/"))
    statements = _statements(Template.from_stack(stack), "WorkerHandlerRoleDefaultPolicy")
    # THEN each listing is conditioned on its own prefix, and none is unconditioned
    conditions = [s["Condition"] for s in statements if "s3:ListBucket" in s["Action"]]
    assert conditions == [
        {"StringLike": {"s3:prefix": "in/*"}},
        {"StringLike": {"s3:prefix": "out/*"}},
    ]
    assert not [
        s for s in statements if "s3:List*" in s["Action"] and "/" not in json.dumps(s["Resource"])
    ]
