"""A FunctionCore's execution role: its own, with inline policies only (its log group,
X-Ray, a Network's ENIs), never an AWS-managed policy; the user's grants go to the
role's DefaultPolicy, apart from these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_iam as iam
from constructs import Construct

from constructs_lib import _nag
from constructs_lib._core.network import eni_policy
from constructs_lib._facts import remember_scope

if TYPE_CHECKING:
    from aws_cdk import aws_logs as logs

__all__ = ["function_role"]

_XRAY_ACTIONS = ("xray:PutTraceSegments", "xray:PutTelemetryRecords")


def function_role(
    scope: Construct, log_group: logs.ILogGroup, *, in_network: bool
) -> tuple[iam.Role, iam.CfnRole]:
    """The role ``Role`` below ``scope``, allowed to write to ``log_group``, and its
    resource (the function's dependency on it is made explicit there)."""
    policies = {
        "Logs": iam.PolicyDocument(
            statements=[
                iam.PolicyStatement(
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[log_group.log_group_arn],
                )
            ]
        )
    }
    # X-Ray's actions take no resource ARN: an inline policy of the library's own, so a
    # user's wildcard grant (in the DefaultPolicy) is never merged into it or hidden.
    policies["Tracing"] = iam.PolicyDocument(
        statements=[iam.PolicyStatement(actions=list(_XRAY_ACTIONS), resources=["*"])]
    )
    if in_network:
        policies["Network"] = eni_policy()
    role = iam.Role(
        scope,
        "Role",
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        inline_policies=policies,
    )
    # On the role resource only: its DefaultPolicy holds the user's grants.
    resource = role.node.default_child
    assert isinstance(resource, iam.CfnRole)
    remember_scope(role, scope)
    remember_scope(resource, role)
    # made just above: no metadata of anyone else's to merge with
    _nag.acknowledge(resource, *_nag.role_wildcards(network=in_network), new=True)
    return role, resource
