"""S3's way into a QueueWorker's queue for BucketEvents: the queue policy statement (and
the queue key's) that let one bucket send, and the queue as a notification destination."""

from __future__ import annotations

import jsii
from aws_cdk import Resource, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.interfaces.aws_s3 import IBucketRef
from constructs import Construct

from constructs_lib._customer_keys import allow_service
from constructs_lib._jsii import same_jsii_object
from constructs_lib._queue_policy_size import note_added_statement

__all__ = ["QueueDestination", "allow_bucket"]


def allow_bucket(queue: sqs.Queue, bucket: s3.IBucket) -> None:
    """One statement per bucket: S3 may only send messages, only for this bucket of its
    account (aws:SourceAccount stops a bucket of the same name in another account)."""
    principal = iam.ServicePrincipal("s3.amazonaws.com")
    conditions = {
        "ArnEquals": {"aws:SourceArn": bucket.bucket_arn},
        "StringEquals": {"aws:SourceAccount": bucket.env.account},
    }
    queue.add_to_resource_policy(
        iam.PolicyStatement(
            principals=[principal],
            actions=["sqs:SendMessage"],
            resources=[queue.queue_arn],
            conditions=conditions,
        )
    )
    note_added_statement(queue)
    key = queue.encryption_master_key
    if key is not None:  # S3 encrypts the message with the queue's key
        allow_service(
            queue,
            key,
            "s3.amazonaws.com",
            _key_conditions(key, bucket, conditions),
            f"send {bucket.node.path}'s event notifications into the queue",
        )


def _key_conditions(
    key: kms.IKey, bucket: s3.IBucket, conditions: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    """The queue policy's conditions, but for a bucket encrypted with the queue's own key
    (a platform's one key): the key's policy naming the bucket's ARN and the bucket naming
    the key is a cycle CloudFormation cannot deploy, so the key trusts S3 of the account.
    So too for a key created in another stack than the bucket: the key's stack would take
    the bucket's ARN from the bucket's, whose queue (or notifications) take the key's ARN,
    a cycle of stacks. The queue policy still lets only this bucket send, and the key
    serves only what SQS accepted."""
    if same_jsii_object(getattr(bucket, "encryption_key", None), key) or (
        Resource.is_owned_resource(key)
        and Resource.is_owned_resource(bucket)
        and not same_jsii_object(Stack.of(key), Stack.of(bucket))
    ):
        return {"StringEquals": conditions["StringEquals"]}
    return conditions


@jsii.implements(s3.IBucketNotificationDestination)
class QueueDestination:
    """The queue as a notification destination, without aws_s3_notifications' grant (three
    actions, no aws:SourceAccount): :func:`allow_bucket` writes the policy instead."""

    def __init__(self, queue: sqs.Queue) -> None:
        self._queue = queue

    def bind(self, scope: Construct, bucket: IBucketRef) -> s3.BucketNotificationDestinationConfig:
        # S3 checks that it may send when the configuration is put: policy first. (The
        # queue itself is ordered by the GetAtt of its ARN.)
        policy = self._queue.node.try_find_child("Policy")  # the sqs.QueuePolicy
        return s3.BucketNotificationDestinationConfig(
            arn=self._queue.queue_arn,
            type=s3.BucketNotificationDestinationType.QUEUE,
            dependencies=[policy] if policy is not None else None,
        )
