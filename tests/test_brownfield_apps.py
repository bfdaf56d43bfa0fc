"""The library inside a years-old CDK app (user trial brownfield49): the cdk.json that
`cdk init` of CDK 2.0 wrote (every flag added since absent, so aws-cdk-lib's legacy
behaviours apply), a custom bootstrap qualifier, CliCredentialsStackSynthesizer and
LegacyStackSynthesizer, and a platform's app-wide rules (a permissions boundary, tags, an
Aspect retaining everything, an Aspect adding its own metadata, termination protection).
What it must keep there: zero cdk-nag findings (the library's acknowledgements still match
findings whose shape changes with the flags and the synthesizer), the logical IDs of
stateful resources (the same as under today's flags), and its guarantees (TLS-only,
encryption, the boundary on every role)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import (
    ApiAuth,
    Handler,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    TableOptions,
)
from constructs_lib.testing import stateful_resources
from tests.support import CDK_CONTEXT, ECHO, SITE, nag_findings

pytestmark = pytest.mark.slow

#: cdk.json's context as `cdk init app --language python` of aws-cdk 2.0 wrote it: flags of
#: CDK 1 that v2 made the default (setting them changes nothing), and none added since.
CDK_2_0_CONTEXT: dict[str, Any] = {
    "@aws-cdk/aws-apigateway:usagePlanKeyOrderInsensitiveId": True,
    "@aws-cdk/core:stackRelativeExports": True,
    "@aws-cdk/aws-rds:lowercaseDbIdentifier": True,
    "@aws-cdk/aws-lambda:recognizeVersionProps": True,
    "@aws-cdk/aws-cloudfront:defaultSecurityPolicyTLSv1.2_2021": True,
    "@aws-cdk-containers/ecs-service-extensions:enableDefaultLogDriver": True,
    "@aws-cdk/aws-ec2:uniqueImdsv2TemplateName": True,
    "@aws-cdk/core:target-partitions": ["aws", "aws-cn"],
}

SYNTHESIZERS: dict[str, Callable[[], cdk.IStackSynthesizer]] = {
    "qualifier": lambda: cdk.DefaultStackSynthesizer(qualifier="acme1234"),
    "cli-credentials": lambda: cdk.CliCredentialsStackSynthesizer(qualifier="acme1234"),
    "legacy": cdk.LegacyStackSynthesizer,
}


@jsii.implements(cdk.IAspect)
class _RetainEverything:
    """A company's rule: nothing is deleted with its stack."""

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, cdk.CfnResource):
            node.apply_removal_policy(cdk.RemovalPolicy.RETAIN)


@jsii.implements(cdk.IAspect)
class _OwnerMetadata:
    """A company's CMDB reads its own metadata entries from every resource."""

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, cdk.CfnResource):
            node.add_metadata("acme:owner", {"team": "orders", "cost-centre": "CC-1234"})


def _app(
    context: Mapping[str, Any], synthesizer: Callable[[], cdk.IStackSynthesizer], out: Path
) -> tuple[cdk.App, cdk.Stack]:
    app = cdk.App(context=dict(context), outdir=str(out))
    stack = cdk.Stack(app, "Orders", synthesizer=synthesizer(), termination_protection=True)
    network = Network(stack, "Network")
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /orders": Handler(code=ECHO), "POST /orders": Handler(code=ECHO)},
        table=TableOptions(partition_key="pk", sort_key="sk"),
        auth=ApiAuth.jwt(issuer="https://login.acme.example/", audiences=["orders"]),
        network=network,
    )
    key = kms.Key(stack, "OrdersKey", enable_key_rotation=True)
    worker = QueueWorker(
        stack, "Worker", handler=Handler(code=ECHO, links=[api]), encryption_key=key
    )
    topic_key = kms.Key(stack, "TopicKey", enable_key_rotation=True)  # one key: a cycle
    worker.subscribe(sns.Topic(stack, "Orders", master_key=topic_key, enforce_ssl=True))
    ScheduledJob(
        stack, "Nightly", handler=Handler(code=ECHO, links=[worker]), schedule="rate(1 day)"
    )
    StaticSite(stack, "Site", source=SITE)
    boundary = iam.ManagedPolicy.from_managed_policy_name(stack, "Boundary", "acme-boundary")
    iam.PermissionsBoundary.of(app).apply(boundary)
    cdk.Tags.of(app).add("acme:app", "orders")
    cdk.Aspects.of(stack).add(_RetainEverything())
    cdk.Aspects.of(app).add(_OwnerMetadata())
    return app, stack


@pytest.fixture(scope="module")
def today(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same app under today's `cdk init` flags (the repository's cdk.json)."""
    _, stack = _app(CDK_CONTEXT, SYNTHESIZERS["qualifier"], tmp_path_factory.mktemp("today"))
    return Template.from_stack(stack).to_json()


@pytest.fixture(scope="module", params=SYNTHESIZERS, ids=list(SYNTHESIZERS))
def old(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """(cdk-nag's findings, the template) of the app under the CDK 2.0 cdk.json."""
    out = tmp_path_factory.mktemp(request.param)
    app, stack = _app(CDK_2_0_CONTEXT, SYNTHESIZERS[request.param], out)
    findings = nag_findings(app, out)
    yield findings, app.synth().get_stack_by_name(stack.stack_name).template


def _resources(template: Mapping[str, Any], kind: str) -> dict[str, Any]:
    return {i: r for i, r in template["Resources"].items() if r["Type"] == kind}


def test_cdk_nag_finds_nothing_under_old_flags_and_any_synthesizer(old: Any) -> None:
    findings, _ = old
    assert findings == set()


def test_stateful_logical_ids_are_those_of_today_s_flags(old: Any, today: Any) -> None:
    _, template = old
    assert stateful_resources(template) == stateful_resources(today)


def test_queues_and_buckets_keep_tls_only_and_encryption(old: Any) -> None:
    _, template = old
    queues = _resources(template, "AWS::SQS::Queue")
    assert len(queues) == 3  # the worker's and its dead-letter queue, the job's dead letters
    for queue in queues.values():
        properties = queue["Properties"]
        assert properties.get("SqsManagedSseEnabled") or properties.get("KmsMasterKeyId")
    tls_only = {
        statement["Resource"]["Fn::GetAtt"][0]
        for policy in _resources(template, "AWS::SQS::QueuePolicy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
        and statement["Effect"] == "Deny"
    }
    assert tls_only == set(queues)
    buckets = _resources(template, "AWS::S3::Bucket")
    assert len(buckets) == 2  # the site's and its access logs'
    for bucket in buckets.values():
        # S3 server access logs through the bucket policy, never the legacy ACL
        assert "AccessControl" not in bucket["Properties"]
        assert bucket["Properties"]["BucketEncryption"]
    policies = _resources(template, "AWS::S3::BucketPolicy").values()
    assert len(policies) == 2 and all(
        any(
            s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
            for s in p["Properties"]["PolicyDocument"]["Statement"]
        )
        for p in policies
    )


def test_the_subscription_s_key_statement_admits_the_topic_only(old: Any) -> None:
    # @aws-cdk/aws-sns-subscriptions:restrictSqsDescryption is off in the old cdk.json
    _, template = old
    key = template["Resources"][
        next(i for i in _resources(template, "AWS::KMS::Key") if i.startswith("OrdersKey"))
    ]
    statements = key["Properties"]["KeyPolicy"]["Statement"]
    sns_statement = next(
        s for s in statements if s["Principal"].get("Service") == "sns.amazonaws.com"
    )
    assert "aws:SourceArn" in str(sns_statement["Condition"])


def test_every_role_has_the_boundary_and_the_table_is_protected(old: Any) -> None:
    _, template = old
    roles = _resources(template, "AWS::IAM::Role")
    assert roles and all("PermissionsBoundary" in r["Properties"] for r in roles.values())
    (table,) = _resources(template, "AWS::DynamoDB::Table").values()
    assert table["DeletionPolicy"] == "Retain"
    assert table["Properties"]["DeletionProtectionEnabled"] is True
    assert table["Properties"]["PointInTimeRecoverySpecification"] == {
        "PointInTimeRecoveryEnabled": True
    }
