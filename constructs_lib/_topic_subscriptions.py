"""SNS's way into a QueueWorker's queue (``worker.subscribe(topic)``): the rules SNS sets
for a queue's subscription, and the subscription itself, with raw delivery and the
worker's dead-letter queue as the subscription's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from aws_cdk import Names
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib._customer_keys import warn_of_imported_key
from constructs_lib._facts import attribute_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import described, implements, is_unresolved, same_jsii_object
from constructs_lib._queue_policy_size import note_added_statement
from constructs_lib._resource_keys import aws_managed_alias
from constructs_lib._sqs_subscription import queue_subscription
from constructs_lib._subscription_filters import check_filter_policies
from constructs_lib._subscription_rules import check_statement_count, warn_of_topic_account
from constructs_lib._synthesis import check_not_synthesized
from constructs_lib._topic_reach import check_topic_reach
from constructs_lib._validation import Validator

__all__ = ["check_subscription", "subscribe"]

#: The topics each worker's queue subscribes to: the path of each by its ARN (an import's
#: text, a created topic's token).
_SUBSCRIBED: IdentityMap[dict[str, str]] = IdentityMap()


def check_subscription(
    v: Validator,
    queue: sqs.IQueue,
    dead_letter_queue: sqs.IQueue | None,
    topic: object,
    filter_policy: object,
    body_policy: object = None,
    raw_message_delivery: object = True,
) -> None:
    """Adds every problem of subscribing ``queue`` to ``topic`` to ``v`` (raises at once
    when the worker's stack was synthesized: the subscription would be in no template)."""
    check_not_synthesized(v.scope, "topic", "the subscription", "call subscribe(topic)")
    _check_topic(v, queue, dead_letter_queue, topic)
    check_filter_policies(v, filter_policy, body_policy, raw_message_delivery)


def _check_topic(
    v: Validator, queue: sqs.IQueue, dead_letter_queue: sqs.IQueue | None, topic: object
) -> None:
    """The topic's problems: its type, its reach from this stack, what SNS refuses."""
    if not implements(topic, sns.ITopic):
        v.add(
            "topic",
            f"is {described(topic)}, not an sns.ITopic",
            "pass a topic: sns.Topic(...) or sns.Topic.from_topic_arn(self, ...)",
        )
        return
    topic = cast(sns.ITopic, topic)  # implements() checked it
    if not check_topic_reach(v, queue, topic):
        return
    redrive_target = _redrive_target(queue, dead_letter_queue)
    _check_queue(v, queue, redrive_target, topic)
    check_statement_count(v, queue, redrive_target)
    if not v.count:
        warn_of_topic_account(v, topic)
    fix = "remove the second subscribe() call (one subscription takes one filter_policy)"
    if queue.node.try_find_child(Names.node_unique_id(topic.node)) is not None:
        v.add(
            "topic",
            f"is {topic.node.path}, which this worker's queue already subscribes to: SNS "
            "would deliver every message twice",
            fix,
        )
    elif (
        earlier := (_SUBSCRIBED.get(queue) or {}).get(attribute_of(topic, "topic_arn"))
    ) is not None:
        # another import of one topic's ARN (methods53): SNS keeps one subscription per
        # topic and endpoint, so two resources would share it (or the second fail)
        v.add(
            "topic",
            f"has the ARN of {earlier}, which this worker's queue already subscribes to: SNS "
            "keeps one subscription per topic and queue, so the second would fail the deploy "
            "(other settings) or share the first (removing either removes both)",
            fix,
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
    _check_shared_key(v, queue, topic)
    v.check(
        dead_letter_queue is None or isinstance(dead_letter_queue, sqs.Queue),
        "topic",
        "is subscribed to a worker whose existing_dead_letter_queue is imported: its queue "
        "policy is its owner's, so SNS could not move an undeliverable message there",
        "pass existing_dead_letter_queue defined in the app, or let QueueWorker create the queues",
    )


def _check_shared_key(v: Validator, queue: sqs.Queue, topic: sns.ITopic) -> None:
    """One key of the app for the topic and the queue: the key's policy admits SNS for this
    topic (``aws:SourceArn``, the topic's ARN) while the topic names the key, a dependency
    cycle CloudFormation refuses to deploy (with any cdk.json: aws-cdk-lib's own
    subscription writes that condition under restrictSqsDescryption, ours without it), which
    aws-cdk-lib's template validation only warns of unless validateAgainstDefaultRules."""
    key = queue.encryption_master_key
    v.check(
        not (
            isinstance(key, kms.Key)
            and isinstance(topic, sns.Topic)
            and same_jsii_object(topic.master_key, key)
        ),
        "topic",
        f"is encrypted with {key.node.path if key else ''}, the key of this worker's queue "
        "too: the key's policy would let SNS in for this topic's ARN while the topic names "
        "the key, a dependency cycle CloudFormation refuses to deploy",
        "pass the topic a key of its own (sns.Topic(..., master_key=kms.Key(...))), or "
        "give the QueueWorker another encryption_key (or none: SQS-managed encryption)",
    )


def _redrive_target(queue: sqs.IQueue, dead_letter_queue: sqs.IQueue | None) -> sqs.IQueue | None:
    """The subscription's dead-letter queue: the worker's (or the one given with
    ``existing_queue``), else the one an ``existing_queue`` of the app names in its redrive
    policy."""
    if dead_letter_queue is not None or not isinstance(queue, sqs.Queue):
        return dead_letter_queue
    redrive = queue.dead_letter_queue
    return redrive.queue if redrive is not None else None


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
    note_added_statement(queue, _redrive_target(queue, dead_letter_queue))
    _SUBSCRIBED.remembered(queue, dict)[attribute_of(topic, "topic_arn")] = topic.node.path
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
