"""The reason of a link's cdk-nag acknowledgement names what that kind of link's grant
holds (a topic's key, a queue's key, a bucket's objects, a table's indexes; for an event
bus, email identity or configuration set, whose grants hold none, the wildcard ARN the app
imported it by), not every kind's wildcards."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
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
from constructs_lib._nag import link_grant
from tests.support import echo_handler, new_app, new_stack


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


# Proves (gaps50): a link to an event bus, email identity or configuration set imported by
# a wildcard ARN or name was acknowledged as "those of aws-cdk-lib's grant method for that
# access (action families and resource patterns), on that one resource": their grants add
# no wildcard, and the one the finding is about is the app's own, matching many resources.
_IMPORTED = {
    "event bus": (
        lambda stack: events.EventBus.from_event_bus_arn(
            stack, "AllBuses", "arn:aws:events:eu-west-1:111111111111:event-bus/*"
        ),
        "Resource::arn:aws:events:eu-west-1:111111111111:event-bus/*",
        "Handler link to the event bus Test/AllBuses (publish): aws-cdk-lib's grant method for "
        "that access names events:PutEvents on the event bus's ARN as the app gave it, and adds "
        "no wildcard; the wildcard is in the ARN the bus was imported from "
        "(events.EventBus.from_event_bus_arn), the app's choice: the function may put events "
        "on every bus of that account and region the ARN matches. It is no narrower than that "
        "ARN: import the one event bus by its exact ARN for less.",
    ),
    "email identity": (
        lambda stack: ses.EmailIdentity.from_email_identity_arn(
            stack, "Senders", "arn:aws:ses:eu-west-1:222222222222:identity/*"
        ),
        "Resource::arn:aws:ses:eu-west-1:222222222222:identity/*",
        "Handler link to the email identity Test/Senders (send): aws-cdk-lib's grant method for "
        "that access names ses:SendEmail and ses:SendRawEmail on the email identity's ARN as "
        "the app gave it, and adds no wildcard; the wildcard is in the ARN or name the identity "
        "was imported by (ses.EmailIdentity.from_email_identity_arn or "
        "from_email_identity_name), the app's choice: the function may send from every "
        "identity the ARN matches (another account's only as far as its sending "
        "authorization allows). It is no narrower than that ARN: import the one email identity "
        "by its exact ARN for less.",
    ),
}


@pytest.mark.parametrize("kind", list(_IMPORTED))
def test_a_wildcard_the_app_imported_a_target_by_is_named_as_the_apps(kind: str) -> None:
    make, finding, reason = _IMPORTED[kind]
    stack = cdk.Stack(
        new_app(), "Test", env=cdk.Environment(account="111111111111", region="eu-west-1")
    )
    QueueWorker(stack, "Worker", handler=echo_handler(links=[make(stack)]))
    assert _reasons(Template.from_stack(stack)) == {finding: reason}


def test_a_configuration_set_s_reason_names_the_name_it_was_imported_by() -> None:
    # a link to one imported by a wildcard name is refused (no configuration set has it), so
    # its grant's ARN has none: the reason is there for a finding a later change could bring
    assert link_grant("configuration set Test/Sets (send)", "configuration set") == (
        "Handler link to the configuration set Test/Sets (send): aws-cdk-lib's grant method "
        "for that access names ses:SendEmail and ses:SendRawEmail on the configuration set's "
        "ARN as the app gave it, and adds no wildcard; the wildcard is in the name the "
        "configuration set was imported by (ses.ConfigurationSet.from_configuration_set_name), "
        "the app's choice: the function may send through every configuration set of that "
        "account and region the name matches. It is no narrower than that ARN: import the one "
        "configuration set by its exact ARN for less."
    )


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
