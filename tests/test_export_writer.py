"""Two stacks of two regions, one reading the other's values through aws-cdk-lib's
cross-region references (the us-east-1 certificate of a site elsewhere, a global table
whose replica another region links): aws-cdk-lib's export writer in the producing stack and
reader in the consuming one named their role in their handler's DependsOn besides the
role's GetAtt, and cfn-lint warned W3005 on both (README, A site in another region than
us-east-1, linted so). The role is dropped from those DependsOn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, Handler, Link, QueueWorker, ServerlessApi, StaticSite
from constructs_lib._cfn import _EXPORTS
from constructs_lib._env import other_environment
from constructs_lib._stack_references import check_region_known
from constructs_lib._validation import Validator
from tests.support import ECHO, SITE, cfn_lint, new_app

US = cdk.Environment(account="111111111111", region="us-east-1")
EU = cdk.Environment(account="111111111111", region="eu-west-1")
WRITER = "Custom::CrossRegionExportWriterCustomResourceProvider"


def _site_certificate(producer: cdk.Stack, consumer: cdk.Stack) -> None:
    certificate = acm.Certificate(producer, "Certificate", domain_name="www.example.com")
    StaticSite(
        consumer,
        "Site",
        source=SITE,
        domain_name="www.example.com",
        certificate=certificate,
        alarms=False,
    )


def _replica(producer: cdk.Stack, consumer: cdk.Stack) -> dynamodb.ITableV2:
    table = dynamodb.TableV2(
        producer,
        "Orders",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        replicas=[dynamodb.ReplicaTableProps(region=consumer.region)],
    )
    return table.replica(consumer.region)


def _replica_link(producer: cdk.Stack, consumer: cdk.Stack) -> None:
    replica = _replica(producer, consumer)
    QueueWorker(consumer, "W", handler=Handler(code=ECHO, links=[Link.read(replica)]))


def _replica_api_table(producer: cdk.Stack, consumer: cdk.Stack) -> None:
    routes = {"GET /a": Handler(code=ECHO)}
    auth = ApiAuth.jwt("https://issuer.example.com/", ["orders"])
    ServerlessApi(
        consumer, "Api", routes=routes, auth=auth, existing_table=_replica(producer, consumer)
    )


def _user_pool(producer: cdk.Stack, consumer: cdk.Stack) -> None:
    pool = cognito.UserPool(producer, "Users")
    auth = ApiAuth.cognito(pool, [pool.add_client("Web")])
    ServerlessApi(consumer, "Api", routes={"GET /a": Handler(code=ECHO)}, auth=auth)


@pytest.mark.parametrize(
    ("envs", "build"),
    [
        ((US, EU), _site_certificate),
        ((EU, US), _replica_link),
        ((EU, US), _replica_api_table),
        ((US, EU), _user_pool),
    ],
    ids=["site certificate", "replica link", "replica as an API's table", "user pool"],
)
def test_the_export_writer_of_the_producing_stack_lints_clean(
    envs: tuple[cdk.Environment, cdk.Environment], build: Callable[[cdk.Stack, cdk.Stack], Any]
) -> None:
    # GIVEN two stacks of one account in two regions, the consumer reading the producer's
    app = new_app()
    producer = cdk.Stack(app, "Producer", env=envs[0], cross_region_references=True)
    consumer = cdk.Stack(app, "Consumer", env=envs[1], cross_region_references=True)
    build(producer, consumer)
    # THEN each export handler depends on nothing its properties do not already order
    for stack, kind in ((producer, "Writer"), (consumer, "Reader")):
        template = Template.from_stack(stack).to_json()
        handlers = [
            resource
            for id, resource in template["Resources"].items()
            if id.startswith(f"CustomCrossRegionExport{kind}")
            and resource["Type"] == "AWS::Lambda::Function"
        ]
        assert handlers, f"no export {kind.lower()}: the reference did not cross regions"
        for resource in handlers:
            assert not [d for d in resource.get("DependsOn", []) if "ProviderRole" in d]
        assert not cfn_lint(template, regions=[stack.region])


def test_a_stack_without_cross_region_readers_has_no_writer() -> None:
    app = new_app()
    producer = cdk.Stack(app, "Producer", env=US)
    _site_certificate(producer, cdk.Stack(app, "Consumer", env=US))
    assert WRITER not in [c.node.id for c in producer.node.children]


def test_asking_whether_a_resource_is_of_another_region_changes_no_template() -> None:
    # GIVEN a us-east-1 certificate and a replica of us-east-1, each created in a stack of
    # another region, asked about by the checks that let them through
    app = new_app()
    us = cdk.Stack(app, "Us", env=US, cross_region_references=True)
    eu = cdk.Stack(app, "Eu", env=EU, cross_region_references=True)
    certificate = acm.Certificate(us, "Certificate", domain_name="www.example.com")
    replica = _replica(eu, us)
    # WHEN the checks ask (nothing uses either)
    assert check_region_known(Validator(eu), certificate, "certificate", "certificate")
    assert other_environment(us, replica) is None
    # THEN no stack is set to change its export handlers: only using a value does that
    assert _EXPORTS.get(us) is None
    assert _EXPORTS.get(eu) is None
