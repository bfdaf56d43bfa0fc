"""QueueWorker.subscribe(topic): every rule by its message, all problems at once."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import BucketEvents, ConstructError, QueueWorker
from constructs_lib._subscription_rules import TOPIC_OF_ANOTHER_ACCOUNT_WARNING
from tests.support import (
    CDK_CONTEXT,
    assert_every_problem,
    assert_rule,
    echo_handler,
    new_stack,
    rule_cases,
)

HANDLER = echo_handler()
KIND = sns.SubscriptionFilter.string_filter(allowlist=["a", "b", "c", "d", "e", "f"])
BODY_KIND = sns.FilterOrPolicy.filter(KIND)


def _subscribe(
    worker: dict[str, Any] | None = None, topic: Any = "standard", **options: Any
) -> None:
    """A worker of ``worker``'s props subscribing to the stack's ``topic`` (or the value)."""
    stack = new_stack()
    topics = {
        "standard": sns.Topic(stack, "Orders"),
        "fifo": sns.Topic(stack, "OrdersFifo", fifo=True),
        "imported fifo": sns.Topic.from_topic_arn(
            stack, "Theirs", "arn:aws:sns:eu-west-1:222222222222:orders.fifo"
        ),
    }
    props = dict(worker or {})
    for name, make in (
        ("existing_queue", _imported_queue),
        ("existing_dead_letter_queue", _imported_queue),
        ("encryption_key", _aws_managed_key),
    ):
        if props.get(name) == "make":
            props[name] = make(stack, name)
    built = QueueWorker(stack, "Worker", handler=HANDLER, alarms=False, **props)
    chosen = topics.get(topic, topic) if isinstance(topic, str) else topic
    if options.pop("twice", False):
        built.subscribe(chosen)
    built.subscribe(chosen, **options)


def _imported_queue(stack: cdk.Stack, id: str) -> sqs.IQueue:
    return sqs.Queue.from_queue_arn(stack, id, f"arn:aws:sqs:eu-west-1:111111111111:{id}")


def _aws_managed_key(stack: cdk.Stack, id: str) -> kms.IKey:
    return kms.Key.from_key_arn(stack, id, "arn:aws:kms:eu-west-1:111111111111:alias/aws/sqs")


CASES = [
    (
        "standard topic to a FIFO worker",
        {"worker": {"fifo": True}},
        r"Test/Worker: `topic` is the standard topic Test/Orders, and this worker's queue is "
        r"FIFO: SNS delivers to a FIFO queue from FIFO topics only\. Fix: pass a FIFO topic",
    ),
    (
        "FIFO topic to a standard worker",
        {"topic": "fifo"},
        r"`topic` is the FIFO topic Test/OrdersFifo, and this worker's queue is standard: a "
        r"FIFO topic's subscription takes only a FIFO dead-letter queue.*Fix: pass fifo=True",
    ),
    (
        "imported FIFO topic to a standard worker",
        {"topic": "imported fifo"},
        r"`topic` is the FIFO topic Test/Theirs, and this worker's queue is standard",
    ),
    (
        "not a topic",
        {"topic": "arn:aws:sns:eu-west-1:111111111111:orders"},
        r"`topic` is 'arn:aws:sns:eu-west-1:111111111111:orders', a str, not an sns\.ITopic\. "
        r"Fix: pass a topic: sns\.Topic\(\.\.\.\) or sns\.Topic\.from_topic_arn",
    ),
    (
        "the same topic twice",
        {"twice": True},
        r"`topic` is Test/Orders, which this worker's queue already subscribes to: SNS would "
        r"deliver every message twice\. Fix: remove the second subscribe\(\) call",
    ),
    (
        "an imported existing queue",
        {"worker": {"existing_queue": "make"}},
        r"`topic` is subscribed to the imported existing_queue Test/existing_queue, whose queue "
        r"policy is its owner's.*Fix: pass existing_queue a queue defined in the app",
    ),
    (
        "an AWS managed key",
        {"worker": {"encryption_key": "make"}},
        r"`topic` is subscribed to a queue encrypted with the AWS managed key 'alias/aws/sqs'",
    ),
    (
        "more than 5 attributes",
        {"filter_policy": {f"k{i}": sns.SubscriptionFilter.exists_filter() for i in range(6)}},
        r"`filter_policy` names 6 message attributes; SNS takes at most 5 in a filter policy\. "
        r"Fix: remove 1 of them",
    ),
    (
        "more than 150 combinations",
        {"filter_policy": {"a": KIND, "b": KIND, "c": KIND}},
        r"`filter_policy` has 216 combinations of values .*SNS takes at most 150\. Fix: remove "
        r"values from the allowlists",
    ),
    (
        "raw_message_delivery not a bool",
        {"raw_message_delivery": "true"},
        r"`raw_message_delivery` is 'true'.*not True or False\. Fix: pass True",
    ),
    (
        "a body policy of lists",
        {"filter_policy_with_message_body": {"kind": ["order"]}},
        r"`filter_policy_with_message_body` is \{'kind': \['order'\]\}.*, not a mapping of key "
        r"names to sns\.FilterOrPolicy\. Fix: pass e\.g\.",
    ),
    (
        "a body policy beside filter_policy",
        {
            "filter_policy": {"kind": sns.SubscriptionFilter.exists_filter()},
            "filter_policy_with_message_body": {"kind": BODY_KIND},
        },
        r"`filter_policy_with_message_body` is given with filter_policy: a subscription "
        r"filters either on the message's attributes or on its body \(SNS's "
        r"FilterPolicyScope\), and aws-cdk-lib would keep filter_policy and drop this one in "
        r"silence\. Fix: pass one of them",
    ),
    (
        "a body policy of more than 5 keys",
        {"filter_policy_with_message_body": {f"k{i}": BODY_KIND for i in range(6)}},
        r"`filter_policy_with_message_body` names 6 body keys; SNS takes at most 5 in a "
        r"filter policy\. Fix: remove 1 of them",
    ),
    (
        "a nested body policy of more than 150 combinations",
        # 6 values at depth 1, 6 at depth 2 (counted twice): 6 * 12 * 3 = 216
        {
            "filter_policy_with_message_body": {
                "kind": BODY_KIND,
                "order": sns.FilterOrPolicy.policy({"state": BODY_KIND}),
                "region": sns.FilterOrPolicy.filter(
                    sns.SubscriptionFilter.string_filter(allowlist=["a", "b", "c"])
                ),
            }
        },
        r"`filter_policy_with_message_body` has 216 combinations of values .*SNS takes at "
        r"most 150\. Fix: remove values",
    ),
    (
        "not a mapping of filters",
        {"filter_policy": {"kind": ["order"]}},
        r"`filter_policy` is \{'kind': \['order'\]\}.*, not a mapping of attribute names to "
        r"sns\.SubscriptionFilter\. Fix: pass e\.g\.",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_subscribe, props, message)


def test_every_problem_of_a_subscription_is_listed_at_once() -> None:
    # a FIFO topic for a standard worker, with a filter policy too big both ways
    policy = {f"k{i}": KIND for i in range(6)}
    assert_every_problem(
        _subscribe,
        {"topic": "fifo", "filter_policy": policy},
        "Test/Worker",
        ["topic", "filter_policy", "filter_policy"],
    )


def test_the_queue_policy_s_statements_are_counted() -> None:
    # GIVEN a worker whose queue policy holds its TLS-only denial and 19 topics' statements
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=HANDLER, alarms=False)
    for index in range(19):
        worker.subscribe(sns.Topic(stack, f"Topic{index}"))
    # WHEN a 20th topic is subscribed THEN both queues' 21st statement is refused
    with pytest.raises(ConstructError) as raised:
        worker.subscribe(sns.Topic(stack, "Topic19"))
    queue, dead_letter_queue = raised.value.problems
    assert (queue.path, queue.prop) == ("Test/Worker", "topic")
    assert queue.message == (
        "would add a statement to the worker's queue policy, which has 20 already (its "
        "TLS-only denial, the buckets of sources=, the topics subscribed before): SQS takes "
        "at most 20 statements in a queue policy, so the deploy would fail"
    )
    assert queue.fix.startswith("give the topic to another QueueWorker")
    assert "worker's dead-letter queue policy, which has 20 already" in dead_letter_queue.message


def test_the_buckets_of_sources_count_too() -> None:
    # GIVEN a worker whose queue gets the events of 19 buckets (and denies plain HTTP)
    stack = new_stack()
    buckets = [s3.Bucket(stack, f"Bucket{index}") for index in range(19)]
    worker = QueueWorker(
        stack,
        "Worker",
        handler=HANDLER,
        alarms=False,
        sources=[BucketEvents(bucket) for bucket in buckets],
    )
    # WHEN a topic is subscribed THEN the queue's 21st statement is refused (not the
    # dead-letter queue's: S3 sends to the queue only)
    with pytest.raises(ConstructError) as raised:
        worker.subscribe(sns.Topic(stack, "Orders"))
    (problem,) = raised.value.problems
    assert "worker's queue policy, which has 20 already" in problem.message


HERE, THERE = "111111111111", "222222222222"


def _warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning(
        "/Test/Worker", Match.string_like_regexp(TOPIC_OF_ANOTHER_ACCOUNT_WARNING)
    )
    return [str(f.entry.data) for f in found]


@pytest.mark.parametrize(("account", "warns"), [(THERE, True), (HERE, False)])
def test_a_topic_of_another_account_warns_of_its_owner_s_policy(account: str, warns: bool) -> None:
    # GIVEN a stack of account HERE and a topic imported by its ARN
    stack = cdk.Stack(
        cdk.App(context=CDK_CONTEXT),
        "Test",
        env=cdk.Environment(account=HERE, region="eu-west-1"),
    )
    topic = sns.Topic.from_topic_arn(stack, "Orders", f"arn:aws:sns:eu-west-1:{account}:orders")
    # WHEN a worker subscribes to it
    QueueWorker(stack, "Worker", handler=HANDLER, alarms=False).subscribe(topic)
    # THEN another account's topic warns, naming the statement its owner adds
    warnings = _warnings(stack)
    assert len(warnings) == int(warns)
    if warns:
        assert warnings[0].startswith(
            f"`topic` Test/Orders is in account {THERE}, the worker in {HERE}: the "
            "subscription is created from this account, which SNS refuses"
        )
        assert "Action: sns:Subscribe" in warnings[0]
        assert f"acknowledge '{TOPIC_OF_ANOTHER_ACCOUNT_WARNING}'" in warnings[0]


def test_a_topic_of_another_region_is_subscribed_in_its_region() -> None:
    # GIVEN a topic of another region (SNS delivers to SQS across regions)
    stack = cdk.Stack(
        cdk.App(context=CDK_CONTEXT),
        "Test",
        env=cdk.Environment(account=HERE, region="eu-west-1"),
    )
    topic = sns.Topic.from_topic_arn(stack, "Orders", f"arn:aws:sns:us-east-1:{HERE}:orders")
    # WHEN a worker subscribes to it THEN the subscription is created in the topic's region
    QueueWorker(stack, "Worker", handler=HANDLER, alarms=False).subscribe(topic)
    Template.from_stack(stack).has_resource_properties(
        "AWS::SNS::Subscription", {"Region": "us-east-1", "Protocol": "sqs"}
    )


def test_the_topic_account_warning_is_acknowledged_once_granted() -> None:
    # GIVEN another account's topic subscribed WHEN its owner's grant is acknowledged
    stack = cdk.Stack(
        cdk.App(context=CDK_CONTEXT),
        "Test",
        env=cdk.Environment(account=HERE, region="eu-west-1"),
    )
    topic = sns.Topic.from_topic_arn(stack, "Orders", f"arn:aws:sns:eu-west-1:{THERE}:orders")
    worker = QueueWorker(stack, "Worker", handler=HANDLER, alarms=False)
    worker.subscribe(topic)
    cdk.Annotations.of(worker).acknowledge_warning(
        TOPIC_OF_ANOTHER_ACCOUNT_WARNING, "The orders account allows us (ORD-7)."
    )
    # THEN it is gone
    assert _warnings(stack) == []
