"""StreamWorker's dead-letter queue for a user moving a hand-built mapping: encrypted
with the user's key, or the user's own queue (the on-failure destination it had), and the
queues Lambda cannot send to, refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import StreamWorker
from tests.stream_support import (
    ACCOUNT,
    ENV,
    HANDLER,
    KEY,
    RECOVERY,
    REGION,
    STREAM,
    build_worker,
    mapping_of,
    worker_in_env,
)
from tests.support import (
    CDK_CONTEXT,
    InStack,
    assert_rule,
    nag_paths,
)


def _statements(template: Template) -> list[dict[str, Any]]:
    (policy,) = template.find_resources("AWS::IAM::Policy").values()
    return list(policy["Properties"]["PolicyDocument"]["Statement"])


QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:order-changes-dlq"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"


def _imported_queue(arn: str = QUEUE, **attributes: Any) -> InStack:
    return InStack(lambda s: sqs.Queue.from_queue_attributes(s, "Dlq", queue_arn=arn, **attributes))


def _key_actions(template: Template) -> list[Any]:
    return [s["Action"] for s in _statements(template) if "kms:Decrypt" in s["Action"]]


def test_the_dead_letter_queue_is_encrypted_with_the_key_the_function_may_use() -> None:
    # GIVEN a worker whose dead-letter queue takes the user's key
    _, template = build_worker(dead_letter_queue_key=InStack(lambda s: kms.Key(s, "Key")))
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
    assert mapping_of(template)["DestinationConfig"] == {"OnFailure": {"Destination": QUEUE}}
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
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=ENV)
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
    assert_rule(worker_in_env, props, message)


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
    worker = worker_in_env(existing_dead_letter_queue=queue)
    template = Template.from_stack(cdk.Stack.of(worker))
    assert "OnFailure" in mapping_of(template)["DestinationConfig"]


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
