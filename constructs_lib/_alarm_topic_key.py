"""The KMS key of an encrypted alarm topic: CloudWatch must be allowed to use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_iam as iam

from constructs_lib._customer_keys import warn_of_imported_key

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns

__all__ = ["allow_cloudwatch"]


def allow_cloudwatch(topic: sns.ITopic) -> None:
    """Lets CloudWatch use the KMS key of an encrypted alarm ``topic`` (AWS's documented
    key policy statement): without it every notification fails. An imported key's policy
    is its owner's: a warning prints the statement for them."""
    key = getattr(topic, "master_key", None)
    if key is None:
        return
    statement = iam.PolicyStatement(
        principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions=["kms:Decrypt", "kms:GenerateDataKey*"],
        resources=["*"],
    )
    # identical statements are merged at synth; an imported key (a topic imported with
    # Topic.from_topic_attributes(key_arn=...), or encrypted with Key.from_key_arn) takes
    # none, and its notifications fail silently until its owner lets CloudWatch in
    if not key.add_to_resource_policy(statement).statement_added:
        warn_of_imported_key(
            topic, key, "cloudwatch.amazonaws.com", {}, "deliver the alarms' notifications"
        )
