"""StreamWorker: every validation rule by its message, all problems at once, and the
legitimate inputs of the same shapes that still pass."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ServerlessApi, StreamWorker, TableOptions
from tests.support import (
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    build,
    echo_handler,
    rule_cases,
)

HANDLER = echo_handler()
KEY = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"


def _table(stack: cdk.Stack, **props: Any) -> dynamodb.Table:
    return dynamodb.Table(stack, "Orders", partition_key=KEY, **props)


WITH_STREAM = InStack(lambda s: _table(s, stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES))


def _worker(**props: Any) -> tuple[StreamWorker, Template]:
    return build(StreamWorker, "Worker", **{"handler": HANDLER, "table": WITH_STREAM, **props})


def _imported(**attributes: Any) -> InStack:
    return InStack(lambda s: dynamodb.Table.from_table_attributes(s, "Orders", **attributes))


def _api_table(stack: cdk.Stack) -> dynamodb.ITable:
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /api/orders": HANDLER},
        auth=ApiAuth.jwt("https://issuer.example.com/", ["a"]),
        table=TableOptions(),
    )
    assert api.table is not None
    return api.table


CASES: list[RuleCase] = [
    (
        "a table of the app without a stream",
        {"table": InStack(_table)},
        r"`table` is the table Test/Orders, which has no stream: there are no changes to read\. "
        r"Fix: pass stream=dynamodb\.StreamViewType\.NEW_AND_OLD_IMAGES to its "
        r"dynamodb\.Table\(\.\.\.\)",
    ),
    (
        "a TableV2 without a stream",
        {"table": InStack(lambda s: dynamodb.TableV2(s, "Orders", partition_key=KEY))},
        r"`table` is the table Test/Orders, which has no stream.*Fix: pass "
        r"dynamo_stream=dynamodb\.StreamViewType\.NEW_AND_OLD_IMAGES to its dynamodb\.TableV2",
    ),
    (
        "a ServerlessApi's table without a stream",
        {"table": InStack(_api_table)},
        r"`table` is the table of the ServerlessApi Test/Api, which has no stream.*Fix: give "
        r"the API's table a stream: table=TableOptions\(\.\.\., "
        r"stream=dynamodb\.StreamViewType\.NEW_AND_OLD_IMAGES\)",
    ),
    (
        "an imported table without its stream's ARN",
        {"table": _imported(table_name="orders")},
        r"`table` is the table Test/Orders, imported without its stream's ARN "
        r"\(table_stream_arn\).*Fix: import it with dynamodb\.Table\.from_table_attributes\("
        r"self, 'Table', table_name='orders', table_stream_arn=<its stream's ARN: aws "
        r"dynamodb describe-table --table-name orders --query Table\.LatestStreamArn>\); a "
        r"table without one gets a stream with aws dynamodb update-table",
    ),
    (
        "an imported TableV2 without its stream's ARN",
        {
            "table": InStack(
                lambda s: dynamodb.TableV2.from_table_attributes(s, "Orders", table_name="orders")
            )
        },
        r"Fix: import it with dynamodb\.TableV2\.from_table_attributes\(",
    ),
    (
        "the table's ARN as its stream's",
        {
            "table": _imported(
                table_name="orders",
                table_stream_arn="arn:aws:dynamodb:us-east-1:123456789012:table/orders",
            )
        },
        r"`table` has the table_stream_arn 'arn:aws:dynamodb:us-east-1:123456789012:table/"
        r"orders', which is no DynamoDB stream's ARN",
    ),
    (
        "a replica's stream pattern",
        {"table": _imported(table_name="orders", table_stream_arn=STREAM.rsplit("/", 1)[0] + "/*")},
        r"which is no DynamoDB stream's ARN: an event source mapping reads one stream",
    ),
    (
        "a Kinesis stream's ARN",
        {
            "table": _imported(
                table_name="orders",
                table_stream_arn="arn:aws:kinesis:us-east-1:123456789012:stream/orders",
            )
        },
        r"which is no DynamoDB stream's ARN",
    ),
    (
        "the stream of another table",
        {"table": _imported(table_name="invoices", table_stream_arn=STREAM)},
        r"`table` is the table 'invoices', but its table_stream_arn is the stream of the table "
        r"'orders'",
    ),
    (
        "a table that is no table",
        {"table": "orders"},
        r"`table` is .*str",
    ),
    (
        "starting at a timestamp",
        {"starting_position": lambda_.StartingPosition.AT_TIMESTAMP},
        r"`starting_position` is AT_TIMESTAMP; a DynamoDB stream is read from TRIM_HORIZON "
        r".* or LATEST .* only\. Fix: pass lambda_\.StartingPosition\.TRIM_HORIZON",
    ),
    ("batch_size 0", {"batch_size": 0}, r"`batch_size` is 0; it must be between 1 and 10000"),
    ("batch_size too big", {"batch_size": 10001}, r"`batch_size` is 10001; it must be between"),
    (
        "max_batching_window too long",
        {"max_batching_window": Duration.minutes(6)},
        r"`max_batching_window` is 360 seconds; it must be between 0 and 300 seconds",
    ),
    (
        "parallelization_factor 0",
        {"parallelization_factor": 0},
        r"`parallelization_factor` is 0; it must be between 1 and 10",
    ),
    (
        "parallelization_factor 11",
        {"parallelization_factor": 11},
        r"`parallelization_factor` is 11; it must be between 1 and 10",
    ),
    (
        "infinite retries",
        {"retry_attempts": -1},
        r"`retry_attempts` is -1; it must be between 0 and 10000",
    ),
    (
        "max_record_age under a minute",
        {"max_record_age": Duration.seconds(59)},
        r"`max_record_age` is 59 seconds; it must be between 60 and 604800 seconds",
    ),
    (
        "max_record_age over 7 days",
        {"max_record_age": Duration.days(8)},
        r"`max_record_age` is 691200 seconds; it must be between 60 and 604800 seconds",
    ),
    (
        "max_record_age in fractions of a second",
        {"max_record_age": Duration.millis(90500)},
        r"`max_record_age` is 90\.5 seconds; it is set in whole seconds",
    ),
    (
        "a filter pattern not wrapped",
        {"filters": [{"eventName": ["INSERT"]}]},
        r"`filters\[0\]` is a dict with the keys \['eventName'\], not a filter.*Fix: pass "
        r"the pattern wrapped: lambda_\.FilterCriteria\.filter",
    ),
    (
        "a filter whose pattern is no JSON object",
        {"filters": [{"pattern": "INSERT"}]},
        r"`filters\[0\]` has the pattern 'INSERT', which is no JSON object",
    ),
    (
        "a filter pattern too long",
        {"filters": [lambda_.FilterCriteria.filter({"eventName": ["x" * 4100]})]},
        r"`filters\[0\]` is a pattern of 41\d\d characters; Lambda takes at most 4096",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_worker, props, message)


def test_a_table_of_another_region_is_refused() -> None:
    # GIVEN a stack in us-east-1 and a table imported from eu-west-1
    env = cdk.Environment(account="123456789012", region="us-east-1")
    stack = cdk.Stack(cdk.App(), "Test", env=env)
    table = dynamodb.Table.from_table_attributes(
        stack,
        "Orders",
        table_arn="arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
        table_stream_arn=STREAM.replace("us-east-1", "eu-west-1"),
    )
    # THEN the worker is refused: a mapping reads only a stream of its own region
    assert_rule(
        lambda **props: StreamWorker(stack, "Worker", handler=HANDLER, **props),
        {"table": table},
        r"`table` is in region eu-west-1, not us-east-1: an event source mapping reads only a "
        r"stream of its own region and account\. Fix: pass a table of this stack's region",
    )


def test_every_problem_is_reported_at_once() -> None:
    assert_every_problem(
        _worker,
        {
            "table": InStack(_table),
            "batch_size": 0,
            "parallelization_factor": 11,
            "retry_attempts": -1,
            "filters": [{"eventName": ["INSERT"]}],
        },
        "Test/Worker",
        ["table", "batch_size", "parallelization_factor", "retry_attempts", "filters[0]"],
    )


@pytest.mark.parametrize(
    "props",
    [
        pytest.param({"batch_size": 1, "parallelization_factor": 10}, id="the low and high ends"),
        pytest.param(
            {"batch_size": 10000, "max_batching_window": Duration.seconds(300)},
            id="the largest batches",
        ),
        pytest.param(
            {"retry_attempts": 10000, "max_record_age": Duration.seconds(60)}, id="retry limits"
        ),
        pytest.param(
            {"table": _imported(table_name="orders", table_stream_arn=STREAM)},
            id="an imported table with its stream",
        ),
        pytest.param(
            {"table": _imported(table_arn=STREAM.split("/stream/")[0], table_stream_arn=STREAM)},
            id="imported by ARN",
        ),
        pytest.param(
            {"table": InStack(lambda s: _table(s, stream=dynamodb.StreamViewType.KEYS_ONLY))},
            id="a keys-only stream",
        ),
        pytest.param(
            {
                "filters": [
                    lambda_.FilterCriteria.filter(
                        {"dynamodb": {"NewImage": {"status": {"S": ["PAID"]}}}}
                    ),
                    lambda_.FilterCriteria.filter({"eventName": ["REMOVE"]}),
                ]
            },
            id="two filters",
        ),
    ],
)
def test_legitimate_inputs_of_the_same_shapes_pass(props: dict[str, Any]) -> None:
    worker, template = _worker(**props)
    template.resource_count_is("AWS::Lambda::EventSourceMapping", 1)
    assert worker.event_source_mapping is not None


def test_a_global_table_has_a_stream_without_dynamo_stream() -> None:
    # GIVEN a TableV2 with a replica (DynamoDB replicates through a NEW_AND_OLD_IMAGES
    # stream, which aws-cdk-lib then writes itself) in a stack of a known region
    env = cdk.Environment(account="123456789012", region="us-east-1")
    stack = cdk.Stack(cdk.App(), "Test", env=env)
    table = dynamodb.TableV2(
        stack,
        "Orders",
        partition_key=KEY,
        replicas=[dynamodb.ReplicaTableProps(region="eu-west-1")],
    )
    # THEN a worker reads it
    StreamWorker(stack, "Worker", handler=HANDLER, table=table)
    Template.from_stack(stack).resource_count_is("AWS::Lambda::EventSourceMapping", 1)


def test_a_table_of_another_stack_of_the_app_is_read() -> None:
    # GIVEN the table in a data stack and the worker in another (same environment)
    app = cdk.App()
    table = _table(cdk.Stack(app, "Data"), stream=dynamodb.StreamViewType.NEW_IMAGE)
    stack = cdk.Stack(app, "Workers")
    # THEN the worker reads its stream (a cross-stack reference)
    StreamWorker(stack, "Worker", handler=HANDLER, table=table)
    (mapping,) = (
        Template.from_stack(stack).find_resources("AWS::Lambda::EventSourceMapping").values()
    )
    assert "Fn::ImportValue" in mapping["Properties"]["EventSourceArn"]
