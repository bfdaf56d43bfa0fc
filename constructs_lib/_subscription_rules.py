"""The rules of ``worker.subscribe(topic, ...)`` beyond the topic and queue kinds
(``_topic_subscriptions``) and the filter policies (``_subscription_filters``): SQS's limit
on a queue policy's statements, and a topic of another account."""

from __future__ import annotations

from aws_cdk import Annotations
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from constructs_lib._resource_env import other_account
from constructs_lib._validation import Validator

__all__ = ["TOPIC_OF_ANOTHER_ACCOUNT_WARNING", "check_statement_count", "warn_of_topic_account"]

TOPIC_OF_ANOTHER_ACCOUNT_WARNING = "constructs_lib:topicOfAnotherAccount"

# SQS's limit on a queue policy's statements (Amazon SQS policy quotas, "Statements: 20"),
# which BucketEvents' sources count too
_MAX_QUEUE_POLICY_STATEMENTS = 20


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
    accounts = other_account(v.scope, topic)
    if accounts is None:
        return
    account, here = accounts
    Annotations.of(v.scope).add_warning_v2(
        TOPIC_OF_ANOTHER_ACCOUNT_WARNING,
        f"`topic` {topic.node.path} is in account {account}, the worker in {here}: the "
        "subscription is created from this account, which SNS refuses (AuthorizationError) "
        "unless the topic's policy allows this account sns:Subscribe, so the deploy would "
        "fail on it. Fix: request that the topic's owner add that statement (Principal: this "
        f"account's root; Action: sns:Subscribe; Resource: the topic's ARN; Condition "
        "StringEquals sns:Protocol sqs); once granted, acknowledge "
        f"'{TOPIC_OF_ANOTHER_ACCOUNT_WARNING}'.",
    )
