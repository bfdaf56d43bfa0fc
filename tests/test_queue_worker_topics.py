"""QueueWorker.subscribe(topic): SNS fan-out into the worker's queue, with raw delivery, the
queue's and the key's policy statements for that topic only, and the worker's dead-letter
queue as the subscription's (so cdk-nag's Serverless-SNSRedrivePolicy has nothing to say)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import QueueWorker
from tests.support import CDK_CONTEXT, echo_handler, nag_findings, warnings_of

HANDLER = echo_handler()
ENV = cdk.Environment(account="111111111111", region="eu-west-1")
# cdk init writes it (the examples' and the repository's cdk.json have it); without it the
# statement is the same (tests/test_queue_worker_topic_keys.py)
RESTRICT_KEY = {"@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption": True}
PARTNER = "arn:aws:sns:eu-west-1:222222222222:partner-orders"


def _topic(stack: cdk.Stack, id: str, **props: Any) -> sns.Topic:
    """A topic as cdk-nag wants it: TLS only, encrypted with a key of the app."""
    key = kms.Key(stack, f"{id}Key", enable_key_rotation=True)
    return sns.Topic(stack, id, enforce_ssl=True, master_key=key, **props)


def _app(outdir: Path | None = None) -> tuple[cdk.App, cdk.Stack]:
    app = cdk.App(context={**CDK_CONTEXT, **RESTRICT_KEY}, outdir=str(outdir) if outdir else None)
    return app, cdk.Stack(app, "Fanout", env=ENV)


def _fanout(stack: cdk.Stack) -> dict[str, Any]:
    """Three workers of two topics and a partner's: standard (filtered), FIFO, keyed."""
    orders, fifo_orders = _topic(stack, "Orders"), _topic(stack, "OrdersFifo", fifo=True)
    billing = QueueWorker(stack, "Billing", handler=HANDLER, alarms=False)
    shipping = QueueWorker(stack, "Shipping", handler=HANDLER, fifo=True, alarms=False)
    key = kms.Key(stack, "AuditKey", enable_key_rotation=True)
    audit = QueueWorker(stack, "Audit", handler=HANDLER, encryption_key=key, alarms=False)
    kind = sns.SubscriptionFilter.string_filter(allowlist=["order"])
    billing.subscribe(orders, filter_policy={"kind": kind})
    billing.subscribe(sns.Topic.from_topic_arn(stack, "Partner", PARTNER))
    shipping.subscribe(fifo_orders)
    audit.subscribe(orders, raw_message_delivery=False)
    return {"orders": orders, "billing": billing, "shipping": shipping, "audit": audit}


@pytest.fixture(scope="module")
def fanout() -> tuple[Template, dict[str, Any]]:
    _, stack = _app()
    built = _fanout(stack)
    STACK[:] = [stack]
    return Template.from_stack(stack), built


def _ref(token: str) -> Any:
    """A deploy-time value as the template writes it (the tokens of one stack)."""
    return STACK[0].resolve(token)


STACK: list[cdk.Stack] = []  # the fixture's stack, whose tokens _ref resolves


def test_a_subscription_delivers_raw_messages_with_the_worker_s_dead_letter_queue(
    fanout: tuple[Template, dict[str, Any]],
) -> None:
    template, built = fanout
    billing = built["billing"]
    # THEN the subscription is raw, filtered, and SNS keeps what it cannot deliver in the
    # worker's dead-letter queue
    template.has_resource_properties(
        "AWS::SNS::Subscription",
        {
            "Protocol": "sqs",
            "Endpoint": _ref(billing.queue.queue_arn),
            "TopicArn": _ref(built["orders"].topic_arn),
            "RawMessageDelivery": True,
            "FilterPolicy": {"kind": ["order"]},
            "RedrivePolicy": {"deadLetterTargetArn": _ref(billing.dead_letter_queue.queue_arn)},
        },
    )
    # AND raw_message_delivery=False keeps SNS's envelope
    template.has_resource_properties(
        "AWS::SNS::Subscription",
        {"Endpoint": _ref(built["audit"].queue.queue_arn), "RawMessageDelivery": False},
    )


def test_sns_may_send_into_the_queue_and_its_dead_letter_queue_for_that_topic_only(
    fanout: tuple[Template, dict[str, Any]],
) -> None:
    template, built = fanout
    billing = built["billing"]
    for queue, topic in (
        (billing.queue, _ref(built["orders"].topic_arn)),
        (billing.queue, PARTNER),
        (billing.dead_letter_queue, _ref(built["orders"].topic_arn)),
    ):
        template.has_resource_properties(
            "AWS::SQS::QueuePolicy",
            {
                "Queues": [_ref(queue.queue_url)],
                "PolicyDocument": {
                    "Statement": Match.array_with(
                        [
                            {
                                "Action": "sqs:SendMessage",
                                "Condition": {"ArnEquals": {"aws:SourceArn": topic}},
                                "Effect": "Allow",
                                "Principal": {"Service": "sns.amazonaws.com"},
                                "Resource": _ref(queue.queue_arn),
                            }
                        ]
                    )
                },
            },
        )


def test_a_customer_key_lets_sns_encrypt_for_that_topic_only(
    fanout: tuple[Template, dict[str, Any]],
) -> None:
    template, built = fanout
    key = built["audit"].queue.encryption_master_key
    template.has_resource_properties(
        "AWS::KMS::Key",
        {
            "KeyPolicy": {
                "Statement": Match.array_with(
                    [
                        {
                            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                            "Condition": {
                                "ArnEquals": {"aws:SourceArn": _ref(built["orders"].topic_arn)}
                            },
                            "Effect": "Allow",
                            "Principal": {"Service": "sns.amazonaws.com"},
                            "Resource": "*",
                        }
                    ]
                )
            }
        },
    )
    assert key is not None


def test_a_fifo_topic_reaches_a_fifo_worker_with_its_fifo_dead_letter_queue(
    fanout: tuple[Template, dict[str, Any]],
) -> None:
    template, built = fanout
    shipping = built["shipping"]
    template.has_resource_properties(
        "AWS::SNS::Subscription",
        {
            "Endpoint": _ref(shipping.queue.queue_arn),
            "RawMessageDelivery": True,
            "RedrivePolicy": {"deadLetterTargetArn": _ref(shipping.dead_letter_queue.queue_arn)},
        },
    )


def test_the_fan_out_passes_cdk_nag(tmp_path: Path) -> None:
    # GIVEN the fan-out (without subscribe(), each subscription was a Serverless finding)
    app, stack = _app(tmp_path)
    _fanout(stack)
    # THEN cdk-nag reports nothing
    assert nag_findings(app, tmp_path) == set()


def test_an_imported_key_s_owner_is_told_the_statement_sns_needs() -> None:
    # GIVEN a worker whose queue key is imported
    _, stack = _app()
    key = kms.Key.from_key_arn(
        stack,
        "Theirs",
        "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    )
    worker = QueueWorker(stack, "Worker", handler=HANDLER, encryption_key=key, alarms=False)
    # WHEN it subscribes to a topic
    worker.subscribe(_topic(stack, "Orders"))
    # THEN a warning gives the key policy statement, for the topic only
    (warning,) = warnings_of(stack, "constructs_lib:importedKeyPolicy")
    assert '"Principal": {"Service": "sns.amazonaws.com"}' in warning
    assert '{"ArnEquals": {"aws:SourceArn": "<OrdersA9B65338>"}}' in warning


def test_an_existing_queue_s_own_dead_letter_queue_is_the_subscription_s(tmp_path: Path) -> None:
    # GIVEN a worker of a queue the app defines with its redrive policy
    app, stack = _app(tmp_path)
    dead = sqs.Queue(stack, "Dlq", enforce_ssl=True)
    mine = sqs.Queue(
        stack,
        "Mine",
        enforce_ssl=True,
        visibility_timeout=cdk.Duration.seconds(180),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead, max_receive_count=3),
    )
    worker = QueueWorker(stack, "Worker", handler=HANDLER, existing_queue=mine, alarms=False)
    # WHEN it subscribes
    worker.subscribe(_topic(stack, "Orders"))
    # THEN SNS keeps what it cannot deliver in that dead-letter queue, and cdk-nag is content
    assert nag_findings(app, tmp_path) == set()
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::SNS::Subscription",
        {"RedrivePolicy": {"deadLetterTargetArn": stack.resolve(dead.queue_arn)}},
    )
