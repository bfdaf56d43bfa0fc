"""An AWS managed key (``alias/aws/sqs``) for a queue an AWS service sends to with its own
principal (EventBridge into an EventHandler's dead-letter queue, S3 into a QueueWorker's
queue): its key policy is AWS's and admits the account's principals only, so the service's
messages would be lost. Refused by name; the queues only the account's roles send to
still take it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import BucketEvents, EventHandler, QueueWorker, ScheduledJob, StreamWorker
from tests.support import assert_rule, echo_handler

HANDLER = echo_handler(timeout=cdk.Duration.seconds(30))
ENV = cdk.Environment(account="123456789012", region="eu-west-1")
PATTERN = {"source": ["telemetry.alerts"], "detail-type": ["ReadingAlert"]}
ALIAS_ARN = "arn:aws:kms:eu-west-1:123456789012:alias/aws/sqs"
REFUSED = (
    r"is the AWS managed key 'alias/aws/sqs', whose key policy AWS keeps: it lets the "
    r"account's principals use the key through SQS, and no AWS service; {sender} sends into "
    r"the queue with its own service principal, so every message it sends would be refused "
    r"and lost\. Fix: pass a kms\.Key of the app .*, or leave the prop out for SQS-managed "
    r"encryption"
)

KeyOf = Callable[[cdk.Stack], kms.IKey]


def _by_name(stack: cdk.Stack) -> kms.IKey:
    return kms.Alias.from_alias_name(stack, "Managed", "alias/aws/sqs")


def _by_arn(stack: cdk.Stack) -> kms.IKey:
    return kms.Key.from_key_arn(stack, "Managed", ALIAS_ARN)


IMPORTS = [pytest.param(_by_name, id="by its alias"), pytest.param(_by_arn, id="by its ARN")]


def _stack() -> cdk.Stack:
    return cdk.Stack(cdk.App(), "Test", env=ENV)


@pytest.mark.parametrize("key_of", IMPORTS)
def test_an_event_handler_s_dead_letter_queue_refuses_it(key_of: KeyOf) -> None:
    stack = _stack()
    assert_rule(
        lambda **props: EventHandler(stack, "Alerts", handler=HANDLER, **props),
        {"event_pattern": PATTERN, "dead_letter_queue_key": key_of(stack)},
        r"`dead_letter_queue_key` " + REFUSED.format(sender="EventBridge"),
    )


@pytest.mark.parametrize("key_of", IMPORTS)
def test_a_queue_worker_with_storage_events_refuses_it(key_of: KeyOf) -> None:
    stack = _stack()
    assert_rule(
        lambda **props: QueueWorker(stack, "Uploads", handler=HANDLER, **props),
        {"encryption_key": key_of(stack), "sources": [BucketEvents(s3.Bucket(stack, "Bucket"))]},
        r"`encryption_key` " + REFUSED.format(sender="S3"),
    )


def _job(stack: cdk.Stack, key: kms.IKey) -> Any:
    return ScheduledJob(
        stack, "Export", handler=HANDLER, schedule="rate(1 day)", dead_letter_queue_key=key
    )


def _worker(stack: cdk.Stack, key: kms.IKey) -> Any:
    return QueueWorker(stack, "Orders", handler=HANDLER, encryption_key=key)


def _stream_worker(stack: cdk.Stack, key: kms.IKey) -> Any:
    table = dynamodb.Table(
        stack,
        "Readings",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_IMAGE,
    )
    return StreamWorker(
        stack, "Aggregator", handler=HANDLER, table=table, dead_letter_queue_key=key
    )


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(_job, id="a job's (Scheduler sends with the job's role)"),
        pytest.param(_worker, id="a worker's without sources (the account's senders)"),
        pytest.param(_stream_worker, id="a stream worker's (Lambda sends with its role)"),
    ],
)
@pytest.mark.parametrize("key_of", IMPORTS)
def test_queues_the_account_s_roles_send_to_take_it(
    build: Callable[[cdk.Stack, kms.IKey], Any], key_of: KeyOf
) -> None:
    stack = _stack()
    build(stack, key_of(stack))
    Template.from_stack(stack).has_resource_properties(
        "AWS::SQS::Queue", {"KmsMasterKeyId": cdk.assertions.Match.any_value()}
    )


def test_a_key_of_the_app_still_lets_event_bridge_send() -> None:
    stack = _stack()
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    EventHandler(stack, "Alerts", handler=HANDLER, event_pattern=PATTERN, dead_letter_queue_key=key)
    resource = cast(cdk.CfnElement, key.node.default_child)
    policy = Template.from_stack(stack).to_json()["Resources"][stack.get_logical_id(resource)][
        "Properties"
    ]["KeyPolicy"]
    assert any(
        s.get("Principal") == {"Service": "events.amazonaws.com"} for s in policy["Statement"]
    )
