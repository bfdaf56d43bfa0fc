"""SNS's way into a QueueWorker's queue (``worker.subscribe(topic)``): the rules SNS sets
for a queue's subscription, and the subscription itself, with raw delivery and the
worker's dead-letter queue as the subscription's."""

from __future__ import annotations

from collections.abc import Mapping
from math import prod
from typing import cast

from aws_cdk import Names
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib._customer_keys import warn_of_imported_key
from constructs_lib._jsii import described, implements, is_unresolved
from constructs_lib._resource_keys import aws_managed_alias
from constructs_lib._sqs_subscription import queue_subscription
from constructs_lib._subscription_rules import (
    check_options,
    check_statement_count,
    warn_of_topic_account,
)
from constructs_lib._validation import Validator

__all__ = ["check_subscription", "subscribe"]

# SNS's filter policy constraints (SNS developer guide, "Filter policy constraints"); aws-cdk-lib
# enforces them with an error that names neither the construct nor the argument
_MAX_FILTER_KEYS = 5
_MAX_FILTER_COMBINATIONS = 150


def check_subscription(
    v: Validator,
    queue: sqs.IQueue,
    dead_letter_queue: sqs.IQueue | None,
    topic: object,
    filter_policy: object,
    body_policy: object = None,
    raw_message_delivery: object = True,
) -> None:
    """Adds every problem of subscribing ``queue`` to ``topic`` to ``v``."""
    check_options(v, filter_policy, body_policy, raw_message_delivery)
    if not implements(topic, sns.ITopic):
        v.add(
            "topic",
            f"is {described(topic)}, not an sns.ITopic",
            "pass a topic: sns.Topic(...) or sns.Topic.from_topic_arn(self, ...)",
        )
        return
    topic = cast(sns.ITopic, topic)  # implements() checked it
    redrive_target = _redrive_target(queue, dead_letter_queue)
    _check_queue(v, queue, redrive_target, topic)
    _check_filter_policy(v, filter_policy)
    check_statement_count(v, queue, redrive_target)
    if not v.count:
        warn_of_topic_account(v, topic)
    v.check(
        queue.node.try_find_child(Names.node_unique_id(topic.node)) is None,
        "topic",
        f"is {topic.node.path}, which this worker's queue already subscribes to: SNS would "
        "deliver every message twice",
        "remove the second subscribe() call (one subscription takes one filter_policy)",
    )


def _check_queue(
    v: Validator, queue: sqs.IQueue, dead_letter_queue: sqs.IQueue | None, topic: sns.ITopic
) -> None:
    """What SNS refuses, or would lose messages with."""
    topic_fifo, queue_fifo = topic.fifo, queue.fifo
    if not is_unresolved(topic_fifo) and not is_unresolved(queue_fifo):
        v.check(
            topic_fifo or not queue_fifo,
            "topic",
            f"is the standard topic {topic.node.path}, and this worker's queue is FIFO: SNS "
            "delivers to a FIFO queue from FIFO topics only",
            "pass a FIFO topic (sns.Topic(..., fifo=True)), or subscribe a QueueWorker "
            "without fifo=True",
        )
        v.check(
            queue_fifo or not topic_fifo,
            "topic",
            f"is the FIFO topic {topic.node.path}, and this worker's queue is standard: a "
            "FIFO topic's subscription takes only a FIFO dead-letter queue, so the worker's "
            "could not keep the messages SNS fails to deliver",
            "pass fifo=True to the QueueWorker, which keeps the topic's order too",
        )
    if not isinstance(queue, sqs.Queue):
        v.add(
            "topic",
            f"is subscribed to the imported existing_queue {queue.node.path}, whose queue "
            "policy is its owner's: SNS would be refused every delivery",
            "pass existing_queue a queue defined in the app, or let QueueWorker create the queue",
        )
        return
    alias = aws_managed_alias(queue.encryption_master_key)
    v.check(
        alias is None,
        "topic",
        f"is subscribed to a queue encrypted with the AWS managed key {alias!r}, whose "
        "policy lets in no AWS service: SNS would be refused every delivery",
        "pass encryption_key=kms.Key(...) of the app, or leave encryption_key out "
        "(SQS-managed encryption)",
    )
    v.check(
        dead_letter_queue is None or isinstance(dead_letter_queue, sqs.Queue),
        "topic",
        "is subscribed to a worker whose existing_dead_letter_queue is imported: its queue "
        "policy is its owner's, so SNS could not move an undeliverable message there",
        "pass existing_dead_letter_queue defined in the app, or let QueueWorker create the queues",
    )


def _redrive_target(queue: sqs.IQueue, dead_letter_queue: sqs.IQueue | None) -> sqs.IQueue | None:
    """The subscription's dead-letter queue: the worker's (or the one given with
    ``existing_queue``), else the one an ``existing_queue`` of the app names in its redrive
    policy."""
    if dead_letter_queue is not None or not isinstance(queue, sqs.Queue):
        return dead_letter_queue
    redrive = queue.dead_letter_queue
    return redrive.queue if redrive is not None else None


def _check_filter_policy(v: Validator, policy: object) -> None:
    if policy is None:
        return
    if not isinstance(policy, Mapping) or not all(
        isinstance(value, sns.SubscriptionFilter) for value in policy.values()
    ):
        v.add(
            "filter_policy",
            f"is {described(policy)}, not a mapping of attribute names to sns.SubscriptionFilter",
            'pass e.g. {"kind": sns.SubscriptionFilter.string_filter(allowlist=["order"])}',
        )
        return
    v.check(
        len(policy) <= _MAX_FILTER_KEYS,
        "filter_policy",
        f"names {len(policy)} message attributes; SNS takes at most {_MAX_FILTER_KEYS} in a "
        "filter policy",
        f"remove {len(policy) - _MAX_FILTER_KEYS} of them, or filter in the handler",
    )
    combinations = prod(len(value.conditions) for value in policy.values())
    v.check(
        combinations <= _MAX_FILTER_COMBINATIONS,
        "filter_policy",
        f"has {combinations} combinations of values (the product of each attribute's "
        f"number of values); SNS takes at most {_MAX_FILTER_COMBINATIONS}",
        "remove values from the allowlists, or filter in the handler",
    )


def subscribe(
    worker: Construct,
    queue: sqs.IQueue,
    dead_letter_queue: sqs.IQueue | None,
    topic: object,
    *,
    filter_policy: Mapping[str, sns.SubscriptionFilter] | None,
    filter_policy_with_message_body: Mapping[str, sns.FilterOrPolicy] | None,
    raw_message_delivery: bool,
) -> sns.Subscription:
    """Checks the subscription (one ConstructError on ``worker`` listing every problem), then
    makes it: aws-cdk-lib's SqsSubscription writes the queue policy statement
    (sns.amazonaws.com, aws:SourceArn the topic) for the queue and its dead-letter queue,
    and a created key's policy statement; an imported key's is its owner's (a warning)."""
    v = Validator(worker)
    check_subscription(
        v,
        queue,
        dead_letter_queue,
        topic,
        filter_policy,
        filter_policy_with_message_body,
        raw_message_delivery,
    )
    v.raise_if_any()
    queue, topic = cast(sqs.Queue, queue), cast(sns.ITopic, topic)  # checked
    subscription = topic.add_subscription(
        queue_subscription(
            topic,
            queue,
            raw_message_delivery=raw_message_delivery,
            filter_policy=filter_policy,
            filter_policy_with_message_body=filter_policy_with_message_body,
            dead_letter_queue=_redrive_target(queue, dead_letter_queue),
        )
    )
    key = queue.encryption_master_key
    if key is not None and not isinstance(key, kms.Key):  # SqsSubscription's add is a no-op
        warn_of_imported_key(
            queue,
            key,
            "sns.amazonaws.com",
            {"ArnEquals": {"aws:SourceArn": topic.topic_arn}},
            f"deliver the messages of {topic.node.path} into the queue",
        )
    return subscription
