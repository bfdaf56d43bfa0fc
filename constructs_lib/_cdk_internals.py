"""What aws-cdk-lib creates for the library's constructs without a prop to set it, held to
the library's own defaults (security review): the finite log retention of its singleton
handler functions, and the confused-deputy conditions on the flow log's role."""

from __future__ import annotations

from aws_cdk import ArnFormat, CfnResource, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs

from constructs_lib import _defaults

__all__ = ["confine_flow_log_role", "handler_log_group"]


def handler_log_group(handler: CfnResource, id: str) -> None:
    """Sends the logs of ``handler``, a stack-wide function aws-cdk-lib renders as a plain
    ``AWS::Lambda::Function`` resource (the bucket notifications handler, the VPC's
    default security group provider), to a log group ``id`` of its stack with the
    library's finite retention. Without it Lambda creates ``/aws/lambda/<name>`` on the
    first run, kept forever; nothing else in the library's templates is."""
    stack = Stack.of(handler)
    group = stack.node.try_find_child(id)
    if not isinstance(group, logs.LogGroup):
        group = _defaults.log_group(stack, id)
    handler.add_property_override("LoggingConfig.LogGroup", group.log_group_name)


def confine_flow_log_role(flow_log: ec2.FlowLog) -> None:
    """The role aws-cdk-lib creates for a flow log trusts ``vpc-flow-logs.amazonaws.com``
    for any flow log of any account. AWS's flow-logs guide recommends ``aws:SourceAccount``
    and ``aws:SourceArn`` against the confused deputy: only flow logs of the stack's own
    account and region may assume it (every flow log, as the role's ARN is in the flow
    log's own properties: naming that one flow log would be a circular reference)."""
    role = flow_log.iam_role
    resource = role.node.default_child if role is not None else None
    if not isinstance(resource, iam.CfnRole):  # a role of the user's (not passed today)
        return
    stack = Stack.of(flow_log)
    document = stack.resolve(resource.assume_role_policy_document)
    assert len(document["Statement"]) == 1, document  # vpc-flow-logs.amazonaws.com only
    flow_logs = stack.format_arn(
        service="ec2",
        resource="vpc-flow-log",
        resource_name="*",
        arn_format=ArnFormat.SLASH_RESOURCE_NAME,
    )
    resource.add_property_override(
        "AssumeRolePolicyDocument.Statement.0.Condition",
        {
            "StringEquals": {"aws:SourceAccount": stack.account},
            "ArnLike": {"aws:SourceArn": flow_logs},
        },
    )
