"""The KMS key of an encrypted alarm topic: CloudWatch must be allowed to use it."""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns

__all__ = ["allow_cloudwatch"]


def allow_cloudwatch(topic: sns.ITopic) -> None:
    """Lets CloudWatch use the app's KMS key of an encrypted alarm ``topic`` (AWS's
    documented key policy statement): without it every notification fails. An imported
    key's policy is its owner's."""
    key = getattr(topic, "master_key", None)
    if isinstance(key, kms.Key):
        key.add_to_resource_policy(  # identical statements are merged at synth
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
            )
        )
