"""An ``alarm_topic``'s environment and kind: CloudWatch notifies a standard SNS topic of
the alarm's region, of its own account or, imported by its ARN, of another account whose
topic policy lets ``cloudwatch.amazonaws.com`` publish (a central monitoring account's),
and never one encrypted with the AWS managed key."""

from __future__ import annotations

from constructs_lib._arn_partitions import check_arn_partition
from constructs_lib._arns import check_one_resource
from constructs_lib._env import check_same_environment, imported_from_other_account
from constructs_lib._facts import attribute_of
from constructs_lib._jsii import shown
from constructs_lib._resource_keys import aws_managed_alias
from constructs_lib._validation import Validator

__all__ = ["check_alarm_topic_environment"]


def _managed_key_fix(topic: object) -> str:
    from aws_cdk import aws_sns as sns  # here: constructs without an alarm topic load none

    if isinstance(topic, sns.Topic):
        return (
            "encrypt the topic with a kms.Key of the app (the library lets CloudWatch use "
            "it) or leave master_key out (enforce_ssl=True keeps it TLS-only)"
        )
    # an existing topic: leaving key_arn out of its import hides the key, not the failure
    return (
        "encrypt that topic again with a customer managed key whose key policy lets "
        "cloudwatch.amazonaws.com use it (and import it with that key's ARN), or give the "
        "alarms a topic of the app"
    )


def check_alarm_topic_environment(v: Validator, topic: object, prop: str = "alarm_topic") -> None:
    """The rules of every ``alarm_topic`` (a construct's and the stack's Monitoring;
    ``prop``: ``add_alarms``' ``topic``): an SNS topic's ARN (``Topic.from_topic_arn``
    takes any), of the stack's region, and of its account unless imported by its ARN (its
    owner's policy lets CloudWatch publish)."""
    arn = attribute_of(topic, "topic_arn")
    effect = ": CloudWatch refuses it as an alarm action"
    if v.check_arn_service(
        arn,
        "sns",
        prop,
        "an SNS topic (arn:aws:sns:<region>:<account>:<name>)",
        "pass sns.Topic.from_topic_arn(self, 'Alarms', <the topic's ARN>)",
        effect,
    ):  # an alarm action names one topic, not a pattern of many
        check_arn_partition(v, arn, prop, effect)
        check_one_resource(v, arn, prop, "topic", effect.removeprefix(": "))
    # CloudWatch publishes to another account's topic of its region once that topic's
    # policy allows cloudwatch.amazonaws.com sns:Publish (AWS re:Post, "Why didn't I
    # receive an SNS notification for my CloudWatch alarm trigger?"; the console only warns
    # that it cannot verify such an action): imported by its ARN. One created in a stack
    # of another account has no ARN a reference could use.
    if not imported_from_other_account(v.scope, topic):
        check_same_environment(
            v,
            topic,
            prop,
            "an alarm notifies only a topic of its own region (of another account: imported "
            "by its ARN)",
            "pass a topic of this stack's region (one topic per region); another account's "
            "as sns.Topic.from_topic_arn(self, 'Alarms', 'arn:aws:sns:<this region>:"
            "<its account>:<name>'), whose policy lets cloudwatch.amazonaws.com publish",
        )
    # by its alias or its alias's ARN (Topic.from_topic_attributes(key_arn=...), the key
    # the console's "Enable encryption" picks): the owner cannot change AWS's key policy
    v.check(
        aws_managed_alias(getattr(topic, "master_key", None)) != _SNS_MANAGED_KEY,
        prop,
        f"is encrypted with the AWS managed key {_SNS_MANAGED_KEY}, whose key policy does "
        "not let CloudWatch use it: every notification would fail, and nobody be paged",
        _managed_key_fix(topic),
    )
    v.check(
        getattr(topic, "fifo", None) is not True,
        prop,
        f"is {shown(topic)}, a FIFO topic: SNS takes only messages with a message group ID "
        "there, which CloudWatch's alarm notifications have not, and delivers them only to "
        "SQS queues, so the alarms would page nobody",
        "pass a standard topic (a FIFO topic's name ends in .fifo)",
    )


# The AWS managed key of SNS: CloudWatch cannot publish to a topic it encrypts.
_SNS_MANAGED_KEY = "alias/aws/sns"
