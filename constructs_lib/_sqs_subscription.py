"""A queue's subscription whose key policy statement admits the subscribed topic only,
whatever the app's feature flags. aws-cdk-lib's ``SqsSubscription`` adds the condition
``aws:SourceArn`` to the statement letting SNS use the queue's key only under the flag
``@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption`` (which ``cdk init`` writes, but an
older cdk.json lacks): without it, SNS may use the key for any topic of any account. Where
the flag is off and the queue has a key of the app, this subscription does what
``SqsSubscription.bind`` does (aws-cdk-lib 2.275: the queue policy statement, the key
statement, the stack dependency, the region and SNS principal across regions), with the
condition: the same template as with the flag on."""

from __future__ import annotations

from collections.abc import Mapping

import jsii
from aws_cdk import ArnFormat, FeatureFlags, Names, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk.region_info import RegionInfo

from constructs_lib._jsii import is_unresolved, same_jsii_object

__all__ = ["RESTRICT_KEY_FLAG", "queue_subscription"]

RESTRICT_KEY_FLAG = "@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption"


def queue_subscription(
    topic: sns.ITopic,
    queue: sqs.Queue,
    *,
    raw_message_delivery: bool,
    filter_policy: Mapping[str, sns.SubscriptionFilter] | None,
    filter_policy_with_message_body: Mapping[str, sns.FilterOrPolicy] | None,
    dead_letter_queue: sqs.IQueue | None,
) -> sns.ITopicSubscription:
    """aws-cdk-lib's SqsSubscription, or this module's where its key statement would lack
    the topic's condition."""
    key = queue.encryption_master_key
    if not isinstance(key, kms.Key) or FeatureFlags.of(topic).is_enabled(RESTRICT_KEY_FLAG):
        return subscriptions.SqsSubscription(
            queue,
            raw_message_delivery=raw_message_delivery,
            filter_policy=filter_policy,
            filter_policy_with_message_body=filter_policy_with_message_body,
            dead_letter_queue=dead_letter_queue,
        )
    return _RestrictedSqsSubscription(
        queue,
        key,
        sns.SubscriptionOptions(
            protocol=sns.SubscriptionProtocol.SQS,
            endpoint=queue.queue_arn,
            raw_message_delivery=raw_message_delivery,
            filter_policy=filter_policy,
            filter_policy_with_message_body=filter_policy_with_message_body,
            dead_letter_queue=dead_letter_queue,
        ),
    )


@jsii.implements(sns.ITopicSubscription)
class _RestrictedSqsSubscription:
    def __init__(self, queue: sqs.Queue, key: kms.Key, options: sns.SubscriptionOptions) -> None:
        self._queue, self._key, self._options = queue, key, options

    def bind(self, topic: sns.ITopic) -> sns.TopicSubscriptionConfig:
        queue, options = self._queue, self._options
        principal = _sns_principal(topic, queue)
        only_topic = {"ArnEquals": {"aws:SourceArn": topic.topic_arn}}
        added = queue.add_to_resource_policy(
            iam.PolicyStatement(
                resources=[queue.queue_arn],
                actions=["sqs:SendMessage"],
                principals=[principal],
                conditions=only_topic,
            )
        )
        self._key.add_to_resource_policy(
            iam.PolicyStatement(
                resources=["*"],
                actions=["kms:Decrypt", "kms:GenerateDataKey"],
                principals=[principal],
                conditions=only_topic,
            )
        )
        if isinstance(topic, sns.Topic) and not same_jsii_object(topic.stack, queue.stack):
            queue.stack.add_dependency(topic.stack)
        return sns.TopicSubscriptionConfig(
            subscriber_scope=queue,
            subscriber_id=Names.node_unique_id(topic.node),
            endpoint=options.endpoint,
            protocol=options.protocol,
            raw_message_delivery=options.raw_message_delivery,
            filter_policy=options.filter_policy,
            filter_policy_with_message_body=options.filter_policy_with_message_body,
            dead_letter_queue=options.dead_letter_queue,
            region=_subscription_region(topic, queue),
            subscription_dependency=added.policy_dependable,
        )


def _subscription_region(topic: sns.ITopic, queue: sqs.Queue) -> str | None:
    """The subscription's Region (aws-cdk-lib's regionFromArn): a topic of the app's in
    another stack of a known other region, an imported topic's ARN's region."""
    if isinstance(topic, sns.Topic):
        region = topic.env.region
        elsewhere = not same_jsii_object(topic.stack, queue.stack)
        if elsewhere and not is_unresolved(region) and region != queue.env.region:
            return region
        return None
    return Stack.of(topic).split_arn(topic.topic_arn, ArnFormat.SLASH_RESOURCE_NAME).region


def _sns_principal(topic: sns.ITopic, queue: sqs.Queue) -> iam.IPrincipal:
    """SNS's principal in the queue's and key's policies (aws-cdk-lib's snsServicePrincipal):
    across regions, an opt-in region's own."""
    topic_region, queue_region = _topic_region(topic, queue), Stack.of(queue).region
    if topic_region is None or is_unresolved(queue_region) or topic_region == queue_region:
        return iam.ServicePrincipal("sns.amazonaws.com")
    for region in (queue_region, topic_region):
        if RegionInfo.get(region).is_opt_in_region:
            return iam.ServicePrincipal.from_static_service_principle_name(
                f"sns.{region}.amazonaws.com"
            )
    return iam.ServicePrincipal("sns.amazonaws.com")


def _topic_region(topic: sns.ITopic, queue: sqs.Queue) -> str | None:
    if isinstance(topic, sns.Topic):
        return None if is_unresolved(topic.env.region) else topic.env.region
    if is_unresolved(topic.topic_arn):
        return None
    region = Stack.of(queue).split_arn(topic.topic_arn, ArnFormat.SLASH_RESOURCE_NAME).region
    return region if region and not is_unresolved(region) else None
