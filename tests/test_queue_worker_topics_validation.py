"""QueueWorker.subscribe(topic): every rule by its message, all problems at once."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from constructs_lib import QueueWorker
from tests.support import assert_every_problem, assert_rule, echo_handler, new_stack, rule_cases

HANDLER = echo_handler()
KIND = sns.SubscriptionFilter.string_filter(allowlist=["a", "b", "c", "d", "e", "f"])


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
