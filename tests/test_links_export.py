"""Link.export: a DynamoDB export to S3 (ExportTableToPointInTime), the common nightly job.
On the table: the export and DescribeExport, its variable the table's ARN (the call's
TableArn); on the bucket: the writes DynamoDB's guide lists, under the link's prefix, and
the bucket key's use. cdk-nag and cfn-lint stay clean."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Handler,
    Link,
    ScheduledJob,
    ServerlessApi,
    TableOptions,
    _defaults,
    acknowledge,
)
from tests.support import CDK_CONTEXT, ECHO, cfn_lint, nag_findings, new_stack


def _bucket(stack: cdk.Stack, id: str, **props: Any) -> s3.Bucket:
    bucket = s3.Bucket(
        stack, id, block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True, **props
    )
    acknowledge(
        bucket, "AwsSolutions-S1", reason="A test bucket: its access logs are not the point."
    )
    return bucket


def _table(stack: cdk.Stack) -> dynamodb.Table:
    key = dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING)
    return _defaults.table(stack, "Orders", partition_key=key)


def _job(stack: cdk.Stack, id: str, links: list[Any]) -> ScheduledJob:
    handler = Handler(code=ECHO, entry="app.handler", name=id, links=links)
    return ScheduledJob(stack, id, handler=handler, schedule="cron(0 3 * * ? *)", alarms=False)


def _statements(stack: cdk.Stack, job: ScheduledJob) -> list[dict[str, Any]]:
    role = job.function.role
    assert role is not None
    policy = role.node.find_child("DefaultPolicy").node.default_child
    return list(stack.resolve(policy.policy_document)["Statement"])  # type: ignore[attr-defined]


def _variables(template: dict[str, Any], stack: cdk.Stack, job: ScheduledJob) -> dict[str, Any]:
    resource = job.function.node.default_child
    assert isinstance(resource, cdk.CfnElement)
    function = template["Resources"][stack.get_logical_id(resource)]
    return dict(function["Properties"]["Environment"]["Variables"])


@pytest.mark.slow
def test_a_job_exporting_a_table_to_a_bucket(tmp_path: Path) -> None:
    # Proves (logs42): no link gave ExportTableToPointInTime (grant_read_data has no export,
    # Link.put no s3:PutObjectAcl), so a job's export was denied, or the user wrote a
    # statement of their own with its cdk-nag acknowledgements.
    # GIVEN a table, a bucket and a bucket with a customer managed key
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    table = _table(stack)
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    plain = _bucket(stack, "Exports")
    sealed = _bucket(stack, "Sealed", encryption=s3.BucketEncryption.KMS, encryption_key=key)
    # WHEN jobs link the table's export and the bucket's side of it
    job = _job(stack, "Nightly", [Link.export(table), Link.export(plain, prefix="orders/")])
    sealed_job = _job(stack, "SealedExport", [Link.export(table), Link.export(sealed)])
    # THEN the table's half: the export and following it, nothing to read or write items
    statements = _statements(stack, job)
    table_arn = stack.resolve(table.table_arn)
    assert {"Action": "dynamodb:ExportTableToPointInTime", "Effect": "Allow",
            "Resource": table_arn} in statements  # fmt: skip
    assert {"Action": "dynamodb:DescribeExport", "Effect": "Allow",
            "Resource": {"Fn::Join": ["", [table_arn, "/export/*"]]}} in statements  # fmt: skip
    # AND the bucket's: DynamoDB's guide's three actions under the prefix only
    (writes,) = [s for s in statements if "s3:PutObject" in s["Action"]]
    assert writes["Action"] == ["s3:AbortMultipartUpload", "s3:PutObject", "s3:PutObjectAcl"]
    bucket_arn = stack.resolve(plain.bucket_arn)
    assert writes["Resource"] == {"Fn::Join": ["", [bucket_arn, "/orders/*"]]}
    assert not [s for s in statements if "kms:" in json.dumps(s["Action"])]
    # AND no cdk-nag finding is left to the user (nag synthesizes the app first)
    assert nag_findings(app, tmp_path) == set()
    # AND the variables: the table's ARN (the call's TableArn), the bucket's name
    template = json.loads((tmp_path / "Test.template.json").read_text())
    variables = _variables(template, stack, job)
    assert variables["ORDERS_TABLE_ARN"] == table_arn
    assert variables["EXPORTS_BUCKET_NAME"] == stack.resolve(plain.bucket_name)
    # AND a bucket with a key: what S3's guide asks of an SSE-KMS multipart upload, on that
    # key only. Proves (fix43): the key's encrypt-decrypt grant gave kms:Encrypt and
    # kms:ReEncrypt* too, which writing parts never asks for
    keyed = [s for s in _statements(stack, sealed_job) if "kms:" in json.dumps(s["Action"])]
    assert [s["Resource"] for s in keyed] == [stack.resolve(key.key_arn)]
    assert sorted(keyed[0]["Action"]) == ["kms:Decrypt", "kms:GenerateDataKey"]
    # AND no cdk-nag finding is left to the user, and cfn-lint is clean
    assert cfn_lint(template) == []


def test_the_keys_an_export_uses_get_what_the_guides_ask_and_no_more() -> None:
    # GIVEN a table under a customer managed key and an imported bucket whose key is known
    stack = new_stack()
    table_key = kms.Key(stack, "TableKey", enable_key_rotation=True)
    table = dynamodb.Table(
        stack,
        "Sealed",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryption_key=table_key,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
    )
    bucket_key = kms.Key.from_key_arn(
        stack,
        "BucketKey",
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    )
    bucket = s3.Bucket.from_bucket_attributes(
        stack, "Imported", bucket_name="exports", encryption_key=bucket_key
    )
    # WHEN a job exports the one into the other
    job = _job(stack, "Export", [Link.export(table), Link.export(bucket)])
    # THEN the bucket's key gets the upload's two actions; the table's key nothing (DynamoDB's
    # guide asks the caller for the export and the S3 writes only)
    keyed = [s for s in _statements(stack, job) if "kms:" in json.dumps(s["Action"])]
    assert keyed == [
        {
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Effect": "Allow",
            "Resource": bucket_key.key_arn,
        }
    ]
    role = job.function.role
    assert role is not None
    key_policy = stack.resolve(table_key.node.default_child.key_policy)  # type: ignore[union-attr]
    assert stack.resolve(role.role_arn)["Fn::GetAtt"][0] not in json.dumps(key_policy)


def test_an_api_s_table_exports_and_a_read_link_beside_it_keeps_its_own() -> None:
    # GIVEN a job that reads the API's table and exports it
    stack = new_stack()
    api = ServerlessApi(
        stack,
        "Todos",
        routes={"GET /todos": Handler(code=ECHO)},
        auth=ApiAuth.iam(),
        table=TableOptions(partition_key="id"),
    )
    assert api.table is not None
    job = _job(stack, "Report", [Link.read(api), Link.export(api)])
    # THEN both variables are set, each as its access names it
    variables = _variables(Template.from_stack(stack).to_json(), stack, job)
    assert variables["TODOS_TABLE_NAME"] == stack.resolve(api.table.table_name)
    assert variables["TODOS_TABLE_ARN"] == stack.resolve(api.table.table_arn)
    actions = json.dumps([s["Action"] for s in _statements(stack, job)])
    assert "dynamodb:GetItem" in actions and "dynamodb:ExportTableToPointInTime" in actions


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda s: [Link.export(_table(s), prefix="exports/")],
            "`handler.links[0]` has prefix='exports/'; a prefix is a string and narrows bucket "
            "links only",
        ),
        (
            lambda s: [Link.export(sns.Topic(s, "Alerts"))],
            "`handler.links[0]` is Link.export(...) of the topic Test/Alerts; a topic link "
            "gives publish (default publish)",
        ),
        (
            lambda s: [Link.export(_table(s)), Link.to(_bucket(s, "Out"), env="ORDERS_TABLE_ARN")],
            "`handler.links[1]` would set 'ORDERS_TABLE_ARN', which handler.links[0] sets to "
            "another target. Fix: name it: Link.to(..., env='OTHER_BUCKET_NAME')",
        ),
    ],
    ids=["prefix on a table", "a topic", "variable taken"],
)
def test_what_an_export_link_cannot_be(make: Any, message: str) -> None:
    stack = new_stack()
    with pytest.raises(ConstructError, match=re.escape(message)):
        _job(stack, "Job", make(stack))


def test_a_wrong_access_on_a_table_names_export_among_its_own() -> None:
    stack = new_stack()
    with pytest.raises(ConstructError, match=re.escape("Link.export(table)")):
        _job(stack, "Job", [Link.put(_table(stack))])
