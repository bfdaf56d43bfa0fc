"""StreamWorker: a table's stream -> the live alias, batch item failures, bounded retries,
a dead-letter queue for the pointers of skipped batches, stream read grants only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import ApiAuth, ServerlessApi, StreamWorker, TableOptions
from tests.support import (
    CDK_CONTEXT,
    assert_construct_function_parts,
    cfn_lint,
    echo_handler,
    nag_paths,
    networked_canary_options,
    new_app,
)

HANDLER = echo_handler()


def _table(stack: cdk.Stack, id: str = "Orders", **props: Any) -> dynamodb.Table:
    return dynamodb.Table(
        stack,
        id,
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        **props,
    )


def _worker(stack: cdk.Stack, **props: Any) -> StreamWorker:
    table = props.pop("table", None) or _table(stack)
    return StreamWorker(stack, "Changes", **{"handler": HANDLER, "table": table, **props})


@pytest.fixture(scope="module")
def built() -> tuple[StreamWorker, Template]:
    # GIVEN a worker of a table's stream, with its alarms
    stack = cdk.Stack(new_app(), "Test")
    worker = _worker(stack, alarms=True)
    return worker, Template.from_stack(stack)


@pytest.fixture(scope="module")
def template(built: tuple[StreamWorker, Template]) -> Template:
    return built[1]


def _id(template: Template, type_: str, prefix: str = "") -> str:
    (logical_id,) = [i for i in template.find_resources(type_) if i.startswith(prefix)]
    return logical_id


def _mapping(template: Template) -> dict[str, Any]:
    (mapping,) = template.find_resources("AWS::Lambda::EventSourceMapping").values()
    return dict(mapping["Properties"])


def test_the_mapping_reads_the_stream_from_its_oldest_record_with_the_defaults(
    template: Template,
) -> None:
    # THEN the mapping invokes the live alias with the library's settings
    queue = _id(template, "AWS::SQS::Queue")
    mapping = _mapping(template)
    assert mapping["FunctionName"]["Fn::Join"][1][1] == ":live"
    assert {k: v for k, v in mapping.items() if k != "FunctionName"} == {
        "BatchSize": 100,
        "BisectBatchOnFunctionError": True,
        "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": [queue, "Arn"]}}},
        "EventSourceArn": {"Fn::GetAtt": [_id(template, "AWS::DynamoDB::Table"), "StreamArn"]},
        "FunctionResponseTypes": ["ReportBatchItemFailures"],
        "MaximumRecordAgeInSeconds": 3600,
        "MaximumRetryAttempts": 10,
        "ParallelizationFactor": 1,
        "StartingPosition": "TRIM_HORIZON",
    }


def test_the_dead_letter_queue_is_encrypted_retained_and_tls_only(template: Template) -> None:
    # THEN the queue keeps the pointers 14 days, encrypted, on stack deletion too
    template.has_resource(
        "AWS::SQS::Queue",
        {
            "Properties": {"MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True},
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
        },
    )
    # AND its policy denies requests without TLS
    template.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        {
            "PolicyDocument": {
                "Statement": [
                    Match.object_like(
                        {
                            "Effect": "Deny",
                            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                        }
                    )
                ]
            }
        },
    )


def test_the_function_may_read_the_stream_and_send_to_the_queue_only(template: Template) -> None:
    # THEN its grants are the stream's read actions and the queue's send, nothing on the table
    table, queue = _id(template, "AWS::DynamoDB::Table"), _id(template, "AWS::SQS::Queue")
    (policy,) = template.find_resources("AWS::IAM::Policy").values()
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert [(s["Action"], s["Resource"]) for s in statements] == [
        (
            ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            {"Fn::GetAtt": [queue, "Arn"]},
        ),
        ("dynamodb:ListStreams", "*"),
        (
            ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
            {"Fn::GetAtt": [table, "StreamArn"]},
        ),
    ]


def test_the_attributes_are_the_resources_it_created(built: tuple[StreamWorker, Template]) -> None:
    worker, template = built
    # THEN each typed attribute is the resource in the template
    stack = cdk.Stack.of(worker)
    assert isinstance(worker.event_source_mapping, lambda_.EventSourceMapping)
    assert isinstance(worker.dead_letter_queue, sqs.Queue)
    assert stack.get_logical_id(
        worker.event_source_mapping.node.default_child  # type: ignore[arg-type]
    ) == _id(template, "AWS::Lambda::EventSourceMapping")
    assert worker.alias.alias_name == "live"
    assert worker.function.node.path == "Test/Changes/Handler/Function"


@pytest.mark.parametrize("networked_canary", [False, True])
def test_the_function_s_role_security_group_and_deployment_group_are_attributes(
    networked_canary: bool,
) -> None:
    stack = cdk.Stack(new_app(), "Test")
    worker = _worker(stack, **networked_canary_options(stack, networked_canary))
    assert_construct_function_parts(worker, networked_canary=networked_canary)


def test_the_options_reach_the_mapping() -> None:
    # GIVEN every option set
    stack = cdk.Stack(new_app(), "Test")
    pattern = lambda_.FilterCriteria.filter({"eventName": lambda_.FilterRule.is_equal("INSERT")})
    _worker(
        stack,
        starting_position=lambda_.StartingPosition.LATEST,
        batch_size=500,
        max_batching_window=Duration.seconds(30),
        parallelization_factor=4,
        retry_attempts=0,
        max_record_age=Duration.days(7),
        filters=[pattern],
    )
    # THEN the mapping has them
    mapping = _mapping(Template.from_stack(stack))
    assert {k: mapping.get(k) for k in _OPTIONS} == {
        "StartingPosition": "LATEST",
        "BatchSize": 500,
        "MaximumBatchingWindowInSeconds": 30,
        "ParallelizationFactor": 4,
        "MaximumRetryAttempts": 0,
        "MaximumRecordAgeInSeconds": 604800,
        "FilterCriteria": {"Filters": [{"Pattern": '{"eventName":["INSERT"]}'}]},
    }


_OPTIONS = (
    "StartingPosition",
    "BatchSize",
    "MaximumBatchingWindowInSeconds",
    "ParallelizationFactor",
    "MaximumRetryAttempts",
    "MaximumRecordAgeInSeconds",
    "FilterCriteria",
)


def test_the_alarms_watch_errors_iterator_age_and_the_dead_letter_queue(
    template: Template,
) -> None:
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    names = sorted(i.removeprefix("Changes").rstrip("0123456789ABCDEF") for i in alarms)
    assert names == [
        "DeadLetterDeliveryAlarm",
        "DeadLetterQueueAlarm",
        "HandlerErrorsAlarm",
        "HandlerThrottlesAlarm",
        "IteratorAgeAlarm",
    ]
    # THEN the iterator age alarm fires 15 minutes behind (Lambda reports milliseconds)
    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {"MetricName": "IteratorAge", "Statistic": "Maximum", "Threshold": 900000},
    )
    # AND the dead-letter alarm says the queue holds pointers, and how to read the records
    (dead_letter,) = [a for i, a in alarms.items() if "DeadLetterQueueAlarm" in i]
    text = json.dumps(dead_letter["Properties"]["AlarmDescription"])
    assert "failed 10 retries or was older than 1 hour" in text
    assert "not its records" in text and "AT_SEQUENCE_NUMBER" in text


def test_no_alarm_without_a_destination() -> None:
    stack = cdk.Stack(new_app(), "Test")
    worker = _worker(stack)
    assert list(worker.alarms) == []
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Alarm", 0)


def test_a_serverless_api_s_table_with_a_stream_is_read() -> None:
    # GIVEN a ServerlessApi whose table has a stream
    stack = cdk.Stack(new_app(), "Test")
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /api/orders": HANDLER},
        auth=ApiAuth.jwt("https://issuer.example.com/", ["a"]),
        table=TableOptions(stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES),
    )
    assert api.table is not None
    # WHEN a worker reads it
    _worker(stack, table=api.table)
    # THEN its mapping reads the API table's stream
    template = Template.from_stack(stack)
    arn = _mapping(template)["EventSourceArn"]
    assert arn == {"Fn::GetAtt": [_id(template, "AWS::DynamoDB::Table"), "StreamArn"]}


@pytest.mark.parametrize("kind", ["TableV2", "imported Table", "imported TableV2"])
def test_other_tables_with_a_stream_are_read(kind: str) -> None:
    # GIVEN a table with a stream, of the app or imported
    env = cdk.Environment(account="123456789012", region="us-east-1")
    stack = cdk.Stack(new_app(), "Test", env=env)
    arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"
    table: dynamodb.ITable = {
        "TableV2": lambda: dynamodb.TableV2(
            stack,
            "Orders",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE,
        ),
        "imported Table": lambda: dynamodb.Table.from_table_attributes(
            stack, "Orders", table_name="orders", table_stream_arn=arn
        ),
        "imported TableV2": lambda: dynamodb.TableV2.from_table_attributes(
            stack, "Orders", table_name="orders", table_stream_arn=arn
        ),
    }[kind]()
    _worker(stack, table=table)
    # THEN the mapping reads its stream
    template = Template.from_stack(stack)
    expected = (
        arn
        if kind.startswith("imported")
        else {"Fn::GetAtt": [_id(template, "AWS::DynamoDB::GlobalTable"), "StreamArn"]}
    )
    assert _mapping(template)["EventSourceArn"] == expected


def test_cdk_nag_and_cfn_lint_report_nothing_on_it(tmp_path: Path) -> None:
    # GIVEN a worker (alarms, the table's customer key) beside a queue of no construct
    from aws_cdk import aws_kms as kms

    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Sketch")
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    table = _table(
        stack,
        encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryption_key=key,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
    )
    _worker(stack, table=table, alarms=True)
    sqs.Queue(stack, "Insecure")
    # THEN cdk-nag reports the other queue only, cfn-lint nothing
    assert nag_paths(app, tmp_path) == {"Sketch/Insecure/Resource"}
    template = json.loads((tmp_path / "Sketch.template.json").read_text())
    assert cfn_lint(template) == []


def test_the_stack_s_monitoring_gets_its_alarms_and_dashboard_widgets() -> None:
    # GIVEN a stack with an alarm topic and a dashboard, and a worker without alarms=
    from aws_cdk import aws_sns as sns

    from constructs_lib import Monitoring

    stack = cdk.Stack(new_app(), "Test")
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"), dashboard=True)
    worker = _worker(stack)
    template = Template.from_stack(stack)
    # THEN its five alarms exist and notify the topic
    assert len(worker.alarms) == 5
    for alarm in template.find_resources("AWS::CloudWatch::Alarm").values():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": _id(template, "AWS::SNS::Topic")}]
    # AND the dashboard graphs the iterator age, the dead-letter queue, the sends to it that
    # failed, and the function
    (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for title in (
        "Iterator age (behind the table's writes)",
        "Dead-letter queue depth (batches skipped)",
        "Failed sends to the dead-letter queue (batches lost)",
        "Handler: invocations, errors, throttles",
    ):
        assert title in body
