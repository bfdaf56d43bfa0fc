"""The reason of a link's cdk-nag acknowledgement names what that kind of link's grant
holds (a topic's key, a queue's key, a bucket's objects, a table's indexes), not every
kind's wildcards; an event bus, email identity or configuration set, whose grants hold
none, is acknowledged nothing: a wildcard in the ARN the app imported it by is the app's
finding (tests/test_leastpriv52.py)."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import Link, QueueWorker
from tests.support import echo_handler, new_stack


def _reasons(template: Template) -> dict[str, str]:
    """Each acknowledged finding of the worker's DefaultPolicy, with its reason."""
    (policy,) = [
        r
        for k, r in template.find_resources("AWS::IAM::Policy").items()
        if k.startswith("WorkerHandlerRoleDefaultPolicy")
    ]
    rules: list[dict[str, Any]] = policy["Metadata"]["cdk_nag"]["rules_to_suppress"]
    return {finding: rule["reason"] for rule in rules for finding in rule["applies_to"]}


def _linked(target: Any) -> Template:
    stack = new_stack()
    QueueWorker(stack, "Worker", handler=echo_handler(links=[target(stack)]))
    return Template.from_stack(stack)


def test_a_topic_links_reason_names_the_topics_key_only() -> None:
    # GIVEN a topic encrypted with a key of the app, WHEN a function links to it
    def topic(stack: Any) -> sns.Topic:
        return sns.Topic(stack, "Orders", master_key=kms.Key(stack, "OrdersKey"))

    reasons = _reasons(_linked(topic))
    # THEN its one finding (the key's action family) has a reason about that key
    assert reasons == {
        "Action::kms:GenerateDataKey*": (
            "Handler link to the topic Test/Orders (publish): the wildcards are those of "
            "aws-cdk-lib's grant method for that access (kms:GenerateDataKey* on the topic's "
            "own key, which SNS encrypts each published message with), on that one resource "
            "and its KMS key only."
        )
    }


def test_a_queue_links_reason_names_the_queues_key() -> None:
    def queue(stack: Any) -> sqs.Queue:
        return sqs.Queue(stack, "Jobs", encryption_master_key=kms.Key(stack, "JobsKey"))

    reasons = _reasons(_linked(queue))
    assert set(reasons) == {"Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*"}
    for reason in reasons.values():
        assert reason.startswith("Handler link to the queue Test/Jobs (send): ")
        assert "on the queue's own key, which SQS encrypts each sent message with" in reason
        assert "bucket" not in reason and "index" not in reason


def test_a_bucket_links_reason_names_its_objects_and_no_table() -> None:
    def bucket(stack: Any) -> Link:
        return Link.read(s3.Bucket(stack, "Files"), prefix="in/")

    reasons = _reasons(_linked(bucket))
    assert "Action::s3:GetObject*" in reasons
    for reason in reasons.values():
        assert reason.startswith("Handler link to the bucket Test/Files (read under 'in/'): ")
        assert "its objects as <bucket>/<prefix>*" in reason
        assert "index" not in reason


def test_a_table_links_reason_names_its_indexes_and_no_bucket() -> None:
    def table(stack: Any) -> dynamodb.Table:
        table = dynamodb.Table(
            stack,
            "Orders",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        )
        table.add_global_secondary_index(
            index_name="ByCustomer",
            partition_key=dynamodb.Attribute(name="c", type=dynamodb.AttributeType.STRING),
        )
        return table

    reasons = _reasons(_linked(table))
    (finding,) = [f for f in reasons if f.endswith("/index/*")]
    assert "the table's own indexes as <table>/index/*" in reasons[finding]
    assert "bucket" not in reasons[finding]


_IMPORTED = ("event bus", "email identity")


@pytest.mark.parametrize("kind", [*_IMPORTED, "configuration set"])
def test_the_same_kinds_of_the_app_need_no_acknowledgement(kind: str) -> None:
    # their grants name the exact ARN: nothing for cdk-nag to report, nothing acknowledged
    def target(stack: Any) -> Any:
        if kind == "event bus":
            return events.EventBus(stack, "Bus")
        if kind == "email identity":
            return ses.EmailIdentity(stack, "Sender", identity=ses.Identity.domain("example.com"))
        return ses.ConfigurationSet(stack, "Tracking")

    (policy,) = [
        r
        for k, r in _linked(target).find_resources("AWS::IAM::Policy").items()
        if k.startswith("WorkerHandlerRoleDefaultPolicy")
    ]
    assert "Metadata" not in policy
