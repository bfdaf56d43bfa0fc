"""README's "Coming from SST": a row for each SST v2 piece, the port of a typical SST stack,
and the move of a deployed SST app that keeps its table, queue and bucket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Template
from constructs import Construct

from tests.support import CDK_CONTEXT
from tests.test_readme_migration import (
    _assert_row,
    _section,
    snippet_app_stack,
    snippet_in_stack,
)

SST = "Coming from SST"


@pytest.mark.parametrize(
    ("piece", "ported"),
    [
        ("`sst.config.ts`", "enable_checks(app)"),
        ("StackContext)`", "cdk.Stack"),
        ("stages (`sst deploy --stage prod`", "a new stack name"),
        ("`stack.setDefaultFunctionProps", "FunctionDefaults"),
        ("`Function` (`handler:", 'Handler(code="functions", entry="orders.handler"'),
        ("`Api` (`routes:", "ServerlessApi"),
        ("`Api` `authorizers`", 'Route(handler, public="<why>")'),
        ("`Table` (`fields`", "TableOptions"),
        ("`Table` `consumers`", "StreamWorker"),
        ("`Queue` (`consumer`", "QueueWorker"),
        ("`Topic` (`subscribers`)", "worker.subscribe(topic"),
        ("`Bucket` (`notifications`", "BucketEvents"),
        ("`Cron` (", "ScheduledJob"),
        ("`EventBus` (", "EventHandler"),
        ("`StaticSite` (", "StaticSite(source="),
        ("`NextjsSite`", "not offered"),
        ("`bind:", 'env="SST_Table_tableName_Orders"'),
        ("`Config.Secret`", "from_secure_string_parameter_attributes"),
        ("`Config.Secret`", "Link.to(secret)"),
        ("`sst dev`", "not offered"),
    ],
)
def test_each_sst_piece_has_its_row(piece: str, ported: str) -> None:
    # Proves (sst51): README had no SST section, though SST is one of the tools a team
    # moves from; `bind` and `Config.Secret` had no counterpart named anywhere
    _assert_row(SST, piece, ported)


def _resources(template: Template, kind: str) -> list[dict[str, Any]]:
    return [r.get("Properties", {}) for r in template.find_resources(kind).values()]


def _route_auth(template: Template) -> dict[str, str | None]:
    return {
        r["RouteKey"]: r.get("AuthorizationType")
        for r in _resources(template, "AWS::ApiGatewayV2::Route")
    }


def _variables(template: Template) -> list[dict[str, Any]]:
    return [f["Environment"]["Variables"] for f in _resources(template, "AWS::Lambda::Function")]


def test_the_port_of_an_sst_stack_keeps_its_routes_and_adds_what_sst_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the port of the SST stack
    stack = snippet_in_stack(SST, tmp_path, monkeypatch)
    template = Template.from_stack(stack)
    # THEN the routes need the JWT but /api/health, as under SST's authorizer: "none"
    assert _route_auth(template) == {
        "GET /api/orders": "JWT",
        "POST /api/orders": "JWT",
        "GET /api/health": "NONE",
    }
    # AND the table has SST's primary index
    (table,) = _resources(template, "AWS::DynamoDB::Table")
    assert table["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    # AND the worker's queue has a dead-letter queue, which SST's Queue had not
    assert any("RedrivePolicy" in q for q in _resources(template, "AWS::SQS::Queue"))
    # AND the Cron is a Scheduler schedule with a dead-letter queue
    (schedule,) = _resources(template, "AWS::Scheduler::Schedule")
    assert schedule["ScheduleExpression"] == "cron(0 3 * * ? *)"
    assert "DeadLetterConfig" in schedule["Target"]
    # AND the secret's name, never its value, is in the environment of the route that binds it
    assert any(
        v.get("STRIPE_KEY") == "/sst/shop/prod/Secret/STRIPE_KEY/value"
        for v in _variables(template)
    )
    # AND the site is served by CloudFront
    assert len(template.find_resources("AWS::CloudFront::Distribution")) == 1


def test_the_deployed_sst_app_keeps_its_resources_and_the_names_its_code_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the move of a deployed SST app, per stage
    stack = snippet_app_stack("A deployed SST", tmp_path, monkeypatch, "ShopDev")
    template = Template.from_stack(stack)
    # THEN no table is created, the only buckets are the site's own, and no queue is
    # SST's (the library's dead-letter queues have no name)
    assert template.find_resources("AWS::DynamoDB::Table") == {}
    buckets = _resources(template, "AWS::S3::Bucket")
    assert all("BucketName" not in b for b in buckets)
    assert all("QueueName" not in q for q in _resources(template, "AWS::SQS::Queue"))
    # AND the worker waits on SST's queue, by the name SST gave it
    (mapping,) = _resources(template, "AWS::Lambda::EventSourceMapping")
    assert mapping["EventSourceArn"] == "arn:aws:sqs:eu-west-1:111111111111:dev-shop-Fulfil"
    assert mapping["Enabled"] is False
    # AND the functions read the variables SST's bind set
    merged = {k: v for env in _variables(template) for k, v in env.items()}
    assert merged["SST_Table_tableName_Orders"] == "dev-shop-Orders"
    assert merged["SST_Bucket_bucketName_Uploads"].startswith("dev-shop-shop-uploadsbucket")
    assert "SST_Queue_queueUrl_Fulfil" in merged
    assert merged["STRIPE_KEY"] == "/sst/shop/dev/Secret/STRIPE_KEY/value"
    # AND the health route stays public, the schedule waits until SST's Cron is gone
    assert _route_auth(template)["GET /api/health"] == "NONE"
    (schedule,) = _resources(template, "AWS::Scheduler::Schedule")
    assert schedule["State"] == "DISABLED"


def test_the_logical_id_the_readme_gives_an_sst_table_is_aws_cdk_libs() -> None:
    # SST v2's Table("Orders") is aws-cdk-lib's dynamodb.Table with the id "Table" under it
    # (packages/sst/src/constructs/Table.ts); README says its logical ID is OrdersTable and
    # eight characters of hash
    assert "`OrdersTable` or `FulfilQueue` followed by" in " ".join(_section(SST).split())
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "prod-shop-Shop")
    table = dynamodb.Table(
        Construct(stack, "Orders"),
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    cfn_table = table.node.default_child
    assert isinstance(cfn_table, cdk.CfnElement)
    logical_id = stack.get_logical_id(cfn_table)
    assert logical_id.startswith("OrdersTable") and len(logical_id) == len("OrdersTable") + 8
