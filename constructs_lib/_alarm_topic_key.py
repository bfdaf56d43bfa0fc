"""The KMS key of an encrypted alarm topic: CloudWatch must be allowed to use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_iam as iam

from constructs_lib._loaded import loaded_module

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns

__all__ = ["allow_cloudwatch"]


def allow_cloudwatch(topic: sns.ITopic) -> None:
    """Lets CloudWatch use the app's KMS key of an encrypted alarm ``topic`` (AWS's
    documented key policy statement): without it every notification fails. An imported
    key's policy is its owner's."""
    key = getattr(topic, "master_key", None)
    kms = loaded_module("aws_kms")  # an app's own key was built with it
    if kms is not None and isinstance(key, kms.Key):
        key.add_to_resource_policy(  # identical statements are merged at synth
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
            )
        )
