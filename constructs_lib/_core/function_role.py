"""A FunctionCore's execution role: its own, with inline policies only (its log group,
X-Ray, a Network's ENIs), never an AWS-managed policy; the user's grants go to the
role's DefaultPolicy, apart from these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_iam as iam
from constructs import Construct

from constructs_lib import _nag
from constructs_lib._core.network import eni_policy
from constructs_lib._customize_roles import stack_customizes_roles
from constructs_lib._facts import node_of, remember_scope, scope_of
from constructs_lib._injected_roles import library_role

if TYPE_CHECKING:
    from aws_cdk import aws_logs as logs

__all__ = ["function_role"]

_XRAY_ACTIONS = ("xray:PutTraceSegments", "xray:PutTelemetryRecords")


def function_role(
    scope: Construct, log_group: logs.ILogGroup, *, in_network: bool
) -> tuple[iam.Role, iam.CfnRole | None]:
    """The role ``Role`` below ``scope``, allowed to write to ``log_group``, and its
    resource, the function's dependency the function drops (see _cfn.py). None under
    ``iam.Role.customize_roles``: the function takes the precreated role, the role's
    inline policies go to aws-cdk-lib's iam-policy-report and render no resource, so the
    function's DependsOn is left as aws-cdk-lib renders it (it leaves those out)."""
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
    assumed_by = iam.ServicePrincipal("lambda.amazonaws.com")
    role = library_role(
        scope,
        "Role",
        assumed_by=assumed_by,
        inline_policies=policies,
        owner=lambda: f"the {type(scope_of(scope)).__name__}",
    )
    remember_scope(role, scope, "Role")
    resource = node_of(role).default_child
    # With customize_roles(prevent_synthesis=True) no role resource exists; with False
    # one is rendered that nothing uses, and cdk-nag checks it as any other.
    if isinstance(resource, iam.CfnRole):
        remember_scope(resource, role)
        # On the role resource only: its DefaultPolicy holds the user's grants. Made just
        # above: no metadata of anyone else's to merge with.
        _nag.acknowledge(resource, *_nag.role_wildcards(network=in_network), new=True)
        if not stack_customizes_roles(role):
            return role, resource
    _acknowledge_policies(role, in_network=in_network)
    return role, None


def _acknowledge_policies(role: iam.Role, *, in_network: bool) -> None:
    """Under customize_roles, aws-cdk-lib makes each inline policy an ``iam.Policy`` below
    the role: it renders no resource (the iam-policy-report lists its statements), yet
    cdk-nag checks it, so those with a wildcard are acknowledged as the role is."""
    for name in ("Tracing", "Network"):
        policy = role.node.try_find_child(name)
        resource = policy.node.default_child if policy is not None else None
        if resource is not None:
            _nag.acknowledge(resource, *_nag.role_wildcards(network=in_network), new=True)
