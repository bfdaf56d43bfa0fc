"""The rules of ``worker.subscribe(topic, ...)`` beyond the topic and queue kinds
(``_topic_subscriptions``): its options' types, the body filter policy's limits, SQS's
limit on a queue policy's statements, and a topic of another account."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Annotations, Stack
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from constructs_lib._jsii import described, is_unresolved
from constructs_lib._validation import Validator

__all__ = [
    "TOPIC_OF_ANOTHER_ACCOUNT_WARNING",
    "body_combinations",
    "check_options",
    "check_statement_count",
    "warn_of_topic_account",
]

TOPIC_OF_ANOTHER_ACCOUNT_WARNING = "constructs_lib:topicOfAnotherAccount"

# SNS's filter policy constraints (SNS developer guide, "Filter policy constraints"), as
# aws-cdk-lib counts them for a body policy: at most 5 top-level keys, and the product of
# each filter's number of values times its nesting depth at most 150; its errors name
# neither the construct nor the argument
_MAX_BODY_KEYS = 5
_MAX_COMBINATIONS = 150
# SQS's limit on a queue policy's statements (Amazon SQS policy quotas, "Statements: 20"),
# which BucketEvents' sources count too
_MAX_QUEUE_POLICY_STATEMENTS = 20
_BODY_EXAMPLE = (
    'pass e.g. {"kind": sns.FilterOrPolicy.filter(sns.SubscriptionFilter.string_filter('
    'allowlist=["order"]))}'
)


def check_options(
    v: Validator, filter_policy: object, body_policy: object, raw_message_delivery: object
) -> None:
    """``raw_message_delivery`` a bool; ``filter_policy_with_message_body`` a mapping of
    names to ``sns.FilterOrPolicy`` within SNS's limits, and not beside ``filter_policy``
    (aws-cdk-lib would keep the body policy and drop the other in silence)."""
    v.check_type(raw_message_delivery, "raw_message_delivery", bool, "pass True or False")
    if body_policy is None:
        return
    if not _is_body_policy(body_policy):
        v.add(
            "filter_policy_with_message_body",
            f"is {described(body_policy)}, not a mapping of key names to sns.FilterOrPolicy",
            _BODY_EXAMPLE,
        )
        return
    assert isinstance(body_policy, Mapping)  # _is_body_policy checked it
    v.check(
        filter_policy is None,
        "filter_policy_with_message_body",
        "is given beside filter_policy: a subscription filters either the message "
        "attributes or the body, and aws-cdk-lib would drop filter_policy in silence",
        "pass one of them (the attributes' conditions can move into the body's policy when "
        "the publisher puts them in the body)",
    )
    v.check(
        len(body_policy) <= _MAX_BODY_KEYS,
        "filter_policy_with_message_body",
        f"names {len(body_policy)} keys; SNS takes at most {_MAX_BODY_KEYS} at the top of a "
        "filter policy",
        f"remove {len(body_policy) - _MAX_BODY_KEYS} of them (or nest them under one key), "
        "or filter in the handler",
    )
    combinations = body_combinations(body_policy)
    v.check(
        combinations <= _MAX_COMBINATIONS,
        "filter_policy_with_message_body",
        f"has {combinations} combinations of values (each filter's number of values times "
        f"its depth, multiplied); SNS takes at most {_MAX_COMBINATIONS}",
        "remove values from the allowlists, or filter in the handler",
    )


def _is_body_policy(policy: object) -> bool:
    if not isinstance(policy, Mapping) or not all(isinstance(k, str) for k in policy):
        return False
    for value in policy.values():
        if isinstance(value, sns.Policy):
            if not _is_body_policy(value.policy_doc):
                return False
        elif not isinstance(value, sns.Filter):
            return False
    return True


def body_combinations(policy: Mapping[str, sns.FilterOrPolicy], depth: int = 1) -> int:
    """SNS's count of a body policy's combinations, as aws-cdk-lib computes it."""
    total = 1
    for value in policy.values():
        if isinstance(value, sns.Policy):
            total *= body_combinations(value.policy_doc, depth + 1)
        elif isinstance(value, sns.Filter):
            total *= len(value.filter_doc.conditions) * depth
    return total


def check_statement_count(
    v: Validator, queue: sqs.IQueue, dead_letter_queue: sqs.IQueue | None
) -> None:
    """A subscription adds a statement to the queue's policy and one to its dead-letter
    queue's, beside what they hold (the TLS-only denial, ``sources``' buckets, other
    topics): the 21st fails the deploy."""
    for queue_, what in ((queue, "queue"), (dead_letter_queue, "dead-letter queue")):
        # (QueueWorker's sources count a queue's statements the same way)
        policy = queue_.node.try_find_child("Policy") if queue_ is not None else None
        count = policy.document.statement_count if isinstance(policy, sqs.QueuePolicy) else 0
        v.check(
            count < _MAX_QUEUE_POLICY_STATEMENTS,
            "topic",
            f"would add a statement to the worker's {what} policy, which has {count} already "
            f"(its TLS-only denial, the buckets of sources=, the topics subscribed before): "
            f"SQS takes at most {_MAX_QUEUE_POLICY_STATEMENTS} statements in a queue policy, "
            "so the deploy would fail",
            "give the topic to another QueueWorker, or publish the topics' messages to one "
            "topic this worker subscribes to",
        )


def warn_of_topic_account(v: Validator, topic: sns.ITopic) -> None:
    """Warns when ``topic`` is known to be of another account than the worker's stack: the
    subscription is created from this account, which SNS refuses unless the topic's policy
    lets this account subscribe."""
    account, here = topic.env.account, Stack.of(v.scope).account
    if is_unresolved(account) or is_unresolved(here) or account == here:
        return
    Annotations.of(v.scope).add_warning_v2(
        TOPIC_OF_ANOTHER_ACCOUNT_WARNING,
        f"`topic` {topic.node.path} is in account {account}, the worker in {here}: the "
        "subscription is created from this account, which SNS refuses (AuthorizationError) "
        "unless the topic's policy allows this account sns:Subscribe, so the deploy would "
        "fail on it. Fix: have the topic's owner add that statement (Principal: this "
        f"account's root; Action: sns:Subscribe; Resource: the topic's ARN; Condition "
        "StringEquals sns:Protocol sqs); once granted, acknowledge "
        f"'{TOPIC_OF_ANOTHER_ACCOUNT_WARNING}'.",
    )
