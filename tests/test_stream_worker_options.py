"""StreamWorker's options for a user moving a hand-built mapping: its dead-letter queue's
key or the queue itself, the filters' quota, a tumbling window, a disabled mapping; and
the TableV2 tables (of the app, imported) under cdk-nag."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import StreamWorker
from tests.support import (
    CDK_CONTEXT,
    InStack,
    assert_rule,
    build,
    echo_handler,
    in_stack,
    nag_paths,
)

HANDLER = echo_handler()
KEY = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
# cdk-nag asks a table for point-in-time recovery: the tables of the cdk-nag tests have it
RECOVERY = dynamodb.PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True)
ACCOUNT, REGION = "123456789012", "us-east-1"
STREAM = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:order-changes-dlq"
_ENV = cdk.Environment(account=ACCOUNT, region=REGION)
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
WITH_STREAM = InStack(
    lambda s: dynamodb.Table(
        s, "Orders", partition_key=KEY, stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES
    )
)


def _worker(**props: Any) -> tuple[StreamWorker, Template]:
    return build(StreamWorker, "Worker", **{"handler": HANDLER, "table": WITH_STREAM, **props})


def _mapping(template: Template) -> dict[str, Any]:
    (mapping,) = template.find_resources("AWS::Lambda::EventSourceMapping").values()
    return dict(mapping["Properties"])


def _statements(template: Template) -> list[dict[str, Any]]:
    (policy,) = template.find_resources("AWS::IAM::Policy").values()
    return list(policy["Properties"]["PolicyDocument"]["Statement"])


def _imported_queue(arn: str = QUEUE, **attributes: Any) -> InStack:
    return InStack(lambda s: sqs.Queue.from_queue_attributes(s, "Dlq", queue_arn=arn, **attributes))


def _key_actions(template: Template) -> list[Any]:
    return [s["Action"] for s in _statements(template) if "kms:Decrypt" in s["Action"]]


def test_the_dead_letter_queue_is_encrypted_with_the_key_the_function_may_use() -> None:
    # GIVEN a worker whose dead-letter queue takes the user's key
    _, template = _worker(dead_letter_queue_key=InStack(lambda s: kms.Key(s, "Key")))
    key = next(iter(template.find_resources("AWS::KMS::Key")))
    # THEN the queue is encrypted with it
    template.has_resource_properties(
        "AWS::SQS::Queue", {"KmsMasterKeyId": {"Fn::GetAtt": [key, "Arn"]}}
    )
    # AND the function, which Lambda sends to it as, may encrypt with it
    assert _key_actions(template) == [
        ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
    ]


def test_an_existing_dead_letter_queue_is_the_destination_and_is_watched() -> None:
    # GIVEN the queue a hand-built mapping sent to, imported with its key
    worker, template = _built_with_existing_queue()
    # THEN no queue is created: the mapping sends to that one
    template.resource_count_is("AWS::SQS::Queue", 0)
    assert _mapping(template)["DestinationConfig"] == {"OnFailure": {"Destination": QUEUE}}
    assert worker.dead_letter_queue.queue_arn == QUEUE
    # AND the function may send to it, with its key
    assert [s["Resource"] for s in _statements(template) if "sqs:SendMessage" in s["Action"]] == [
        QUEUE
    ]
    assert [s["Resource"] for s in _statements(template) if "kms:Decrypt" in s["Action"]] == [
        KEY_ARN
    ]
    # AND the dead-letter alarm watches it, without claiming the worker's retention for it
    (alarm,) = template.find_resources(
        "AWS::CloudWatch::Alarm",
        {
            "Properties": {
                "MetricName": "ApproximateNumberOfMessagesVisible",
                "Dimensions": [{"Name": "QueueName", "Value": "order-changes-dlq"}],
            }
        },
    ).values()
    description = json.dumps(alarm["Properties"]["AlarmDescription"])
    assert "(kept as long as its retention period)" in description
    assert "14 days" not in description


def _built_with_existing_queue() -> tuple[StreamWorker, Template]:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=_ENV)
    queue = sqs.Queue.from_queue_attributes(stack, "Dlq", queue_arn=QUEUE, key_arn=KEY_ARN)
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=STREAM
    )
    worker = StreamWorker(
        stack,
        "Worker",
        handler=HANDLER,
        table=table,
        existing_dead_letter_queue=queue,
        alarms=True,
    )
    return worker, Template.from_stack(stack)


def _in_env(**props: Any) -> StreamWorker:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=_ENV)
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=STREAM
    )
    return StreamWorker(stack, "Worker", handler=HANDLER, table=table, **in_stack(props, stack))


@pytest.mark.parametrize(
    ("props", "message"),
    [
        pytest.param(
            {"existing_dead_letter_queue": _imported_queue(QUEUE + ".fifo")},
            r"`existing_dead_letter_queue` is a FIFO queue; a stream's event source mapping "
            r"sends the pointers of a skipped batch to a standard queue only\. Fix: pass a "
            r"standard queue",
            id="an imported FIFO queue",
        ),
        pytest.param(
            {
                "existing_dead_letter_queue": InStack(
                    lambda s: sqs.Queue(s, "Dlq", fifo=True, enforce_ssl=True)
                )
            },
            r"`existing_dead_letter_queue` is a FIFO queue",
            id="a FIFO queue of the app",
        ),
        pytest.param(
            {"existing_dead_letter_queue": _imported_queue(QUEUE.replace(REGION, "eu-west-1"))},
            r"`existing_dead_letter_queue` is in region eu-west-1, not us-east-1",
            id="a queue of another region",
        ),
        pytest.param(
            {"existing_dead_letter_queue": _imported_queue(QUEUE.replace(ACCOUNT, "210987654321"))},
            r"`existing_dead_letter_queue` is in account 210987654321, not 123456789012",
            id="a queue of another account",
        ),
        pytest.param(
            {
                "existing_dead_letter_queue": _imported_queue(
                    f"arn:aws:sns:{REGION}:{ACCOUNT}:order-changes-dlq"
                )
            },
            r"`existing_dead_letter_queue` was imported from .*the ARN of 'sns', not of",
            id="a topic's ARN",
        ),
        pytest.param(
            {
                "existing_dead_letter_queue": _imported_queue(),
                "dead_letter_queue_key": InStack(lambda s: kms.Key(s, "Key")),
            },
            r"`dead_letter_queue_key` is set together with existing_dead_letter_queue, whose "
            r"encryption is its owner's",
            id="a key with an existing queue",
        ),
        pytest.param(
            {
                "dead_letter_queue_key": InStack(
                    lambda s: kms.Key.from_key_arn(s, "Key", KEY_ARN.replace(REGION, "eu-west-1"))
                )
            },
            r"`dead_letter_queue_key` is a key of region eu-west-1, not us-east-1",
            id="a key of another region",
        ),
        pytest.param(
            {
                "dead_letter_queue_key": InStack(
                    lambda s: kms.Alias.from_alias_name(s, "K", "alias/k")
                )
            },
            r"`dead_letter_queue_key` is .*alias",
            id="an imported alias",
        ),
    ],
)
def test_a_dead_letter_queue_lambda_cannot_send_to_is_refused(
    props: dict[str, Any], message: str
) -> None:
    assert_rule(lambda **given: _in_env(**given), props, message)


@pytest.mark.parametrize(
    "queue",
    [
        pytest.param(_imported_queue(), id="imported"),
        pytest.param(
            InStack(lambda s: sqs.Queue.from_queue_arn(s, "Dlq", cdk.Fn.import_value("Dlq"))),
            id="a deploy-time ARN",
        ),
        pytest.param(InStack(lambda s: sqs.Queue(s, "Dlq", enforce_ssl=True)), id="of the app"),
    ],
)
def test_standard_queues_of_this_environment_pass(queue: InStack) -> None:
    worker = _in_env(existing_dead_letter_queue=queue)
    template = Template.from_stack(cdk.Stack.of(worker))
    assert "OnFailure" in _mapping(template)["DestinationConfig"]


def test_cdk_nag_reports_nothing_on_a_key_or_an_existing_queue(tmp_path: Path) -> None:
    # GIVEN a worker with a keyed dead-letter queue, another with a queue of the app
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Sketch")
    table = dynamodb.Table(
        stack,
        "Orders",
        partition_key=KEY,
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        point_in_time_recovery_specification=RECOVERY,
    )
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    StreamWorker(stack, "Keyed", handler=HANDLER, table=table, dead_letter_queue_key=key)
    queue = sqs.Queue(stack, "Dlq", enforce_ssl=True)
    StreamWorker(stack, "Given", handler=HANDLER, table=table, existing_dead_letter_queue=queue)
    # THEN cdk-nag reports nothing
    assert nag_paths(app, tmp_path) == set()


def _filters(count: int) -> list[dict[str, Any]]:
    return [
        lambda_.FilterCriteria.filter({"dynamodb": {"Keys": {"pk": {"S": [f"o{n}"]}}}})
        for n in range(count)
    ]


def _quota_warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(".*streamFiltersQuota.*")
    )
    return [str(message.entry.data) for message in found]


def test_five_filters_pass_silently_six_to_ten_warn_of_the_quota() -> None:
    for count, warned in ((5, False), (6, True), (10, True)):
        worker, template = _worker(filters=_filters(count))
        assert len(_mapping(template)["FilterCriteria"]["Filters"]) == count
        warnings = _quota_warnings(cdk.Stack.of(worker))
        assert bool(warnings) is warned, count
    assert "filters has 10 filters; Lambda takes 5 per event source mapping unless" in warnings[0]


def test_more_than_ten_filters_are_refused_with_the_numbers() -> None:
    assert_rule(
        _worker,
        {"filters": _filters(11)},
        r"`filters` has 11 filters; Lambda takes at most 5 per event source mapping, 10 with "
        r"a quota increase\. Fix: merge filters",
    )


def test_a_tumbling_window_and_a_disabled_mapping_reach_the_mapping() -> None:
    for seconds in (0, 900):
        _, template = _worker(tumbling_window=Duration.seconds(seconds), enabled=False)
        mapping = _mapping(template)
        assert (mapping["TumblingWindowInSeconds"], mapping["Enabled"]) == (seconds, False)
    # AND by default the mapping is enabled (CloudFormation's default) with no window
    _, template = _worker()
    assert {"TumblingWindowInSeconds", "Enabled"}.isdisjoint(_mapping(template))


@pytest.mark.parametrize(
    ("window", "message"),
    [
        (Duration.seconds(901), r"`tumbling_window` is 901 seconds; it must be between 0 and 900"),
        (Duration.minutes(16), r"`tumbling_window` is 960 seconds; it must be between 0 and 900"),
        (Duration.millis(1500), r"`tumbling_window` is 1\.5 seconds; it is set in whole seconds"),
    ],
)
def test_a_tumbling_window_lambda_refuses_is_refused(window: Duration, message: str) -> None:
    assert_rule(_worker, {"tumbling_window": window}, message)


def test_a_deploy_time_tumbling_window_in_seconds_passes() -> None:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    seconds = cdk.CfnParameter(stack, "Window", type="Number").value_as_number
    table = dynamodb.Table(
        stack, "Orders", partition_key=KEY, stream=dynamodb.StreamViewType.NEW_IMAGE
    )
    StreamWorker(
        stack, "Worker", handler=HANDLER, table=table, tumbling_window=Duration.seconds(seconds)
    )
    assert _mapping(Template.from_stack(stack))["TumblingWindowInSeconds"] == {"Ref": "Window"}


@pytest.mark.parametrize("kind", ["TableV2", "imported TableV2"])
def test_a_table_v2_with_a_stream_is_read_and_cdk_nag_reports_nothing(
    kind: str, tmp_path: Path
) -> None:
    # GIVEN a TableV2 with a stream, of the app or imported with its stream's ARN
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Sketch", env=_ENV)
    table: dynamodb.ITable = (
        dynamodb.TableV2(
            stack,
            "Orders",
            partition_key=KEY,
            dynamo_stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            point_in_time_recovery_specification=RECOVERY,
        )
        if kind == "TableV2"
        else dynamodb.TableV2.from_table_attributes(
            stack, "Orders", table_name="orders", table_stream_arn=STREAM
        )
    )
    StreamWorker(stack, "Worker", handler=HANDLER, table=table, alarms=True)
    # THEN cdk-nag reports nothing
    assert nag_paths(app, tmp_path) == set()
    # AND the mapping reads the table's stream, the function may read that stream only
    template = json.loads((tmp_path / "Sketch.template.json").read_text())
    resources = template["Resources"].values()
    (mapping,) = [r for r in resources if r["Type"] == "AWS::Lambda::EventSourceMapping"]
    arn = mapping["Properties"]["EventSourceArn"]
    if kind == "TableV2":
        (table_id,) = [
            i for i, r in template["Resources"].items() if r["Type"] == "AWS::DynamoDB::GlobalTable"
        ]
        assert arn == {"Fn::GetAtt": [table_id, "StreamArn"]}
    else:
        assert arn == STREAM
    (policy,) = [r for r in resources if r["Type"] == "AWS::IAM::Policy"]
    reads = [
        s["Resource"]
        for s in policy["Properties"]["PolicyDocument"]["Statement"]
        if "dynamodb:GetRecords" in s["Action"]
    ]
    assert reads == [arn]
