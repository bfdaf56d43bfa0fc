"""What aws-cdk-lib creates for the library's constructs without a prop to set it, held to
the library's own defaults (security review): the finite log retention of its singleton
handler functions, the stack's tags on those it renders untaggable, and the confused-deputy
conditions on the flow log's role; the bucket notifications handler's cdk-nag finding
acknowledged on it alone."""

from __future__ import annotations

import json
from typing import Any

import jsii
from aws_cdk import ArnFormat, CfnResource, IStableAnyProducer, Lazy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import IConstruct

from constructs_lib import _nag
from constructs_lib._cfn import drop_redundant_dependency
from constructs_lib._scope_retention import stack_log_group

__all__ = [
    "FLOW_LOGS_SERVICE",
    "acknowledge_notifications_handler",
    "confine_flow_log_role",
    "handler_log_group",
    "has_notifications_handler",
    "notifications_handler_role",
    "stack_tags",
]

#: The service a flow log's role trusts (aws-cdk-lib's FlowLog).
FLOW_LOGS_SERVICE = "vpc-flow-logs.amazonaws.com"

# aws-cdk-lib's id of the stack-wide handler behind bucket.add_event_notification
# (aws-s3/lib/notifications-resource/notifications-resource-handler.ts).
_NOTIFICATIONS_HANDLER_ID = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834"


def handler_log_group(handler: CfnResource, id: str) -> None:
    """Sends the logs of ``handler``, a stack-wide function aws-cdk-lib renders as a plain
    ``AWS::Lambda::Function`` resource (the bucket notifications handler, the VPC's
    default security group provider), to a log group ``id`` of its stack with the
    library's finite retention. Without it Lambda creates ``/aws/lambda/<name>`` on the
    first run, kept forever; nothing else in the library's templates is. Its retention is
    the stack's ``FunctionDefaults(log_retention=...)``, else the library's."""
    group = stack_log_group(handler, id)
    handler.add_property_override("LoggingConfig.LogGroup", group.log_group_name)


def stack_tags(resource: CfnResource) -> None:
    """Gives ``resource``, a stack-wide one aws-cdk-lib renders as a plain ``CfnResource``
    (the VPC's default security group provider's role and function), the tags of its stack:
    ``cdk.Tags`` reaches only taggable constructs, so a platform's mandatory tags (a tag
    policy, an SCP denying untagged creation) missed these two. They sit right below the
    stack, whose tags are the ones ``Tags.of`` gives anything there."""
    resource.add_property_override(
        "Tags", Lazy.any(_StackTags(Stack.of(resource)), omit_empty_array=True)
    )


@jsii.implements(IStableAnyProducer)
class _StackTags:
    """The stack's tags as CloudFormation lists them, read at synth (after every
    ``Tags.of`` has run): none, as before, in a stack without tags."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack

    def produce(self) -> Any:
        values = self._stack.tags.tag_values()
        return [{"Key": key, "Value": values[key]} for key in sorted(values)]


def confine_flow_log_role(flow_log: ec2.FlowLog) -> None:
    """The role aws-cdk-lib creates for a flow log trusts ``vpc-flow-logs.amazonaws.com``
    for any flow log of any account. AWS's flow-logs guide recommends ``aws:SourceAccount``
    and ``aws:SourceArn`` against the confused deputy: only flow logs of the stack's own
    account and region may assume it (every flow log, as the role's ARN is in the flow
    log's own properties: naming that one flow log would be a circular reference). Added to
    each statement that trusts the service, beside the conditions a property injector gave
    it (an ``externalIds``, a platform's ``aws:SourceOrgID``: kept, where they were replaced)."""
    role = flow_log.iam_role
    resource = role.node.default_child if role is not None else None
    if not isinstance(resource, iam.CfnRole):  # a role of the user's (not passed today)
        return
    stack = Stack.of(flow_log)
    document = stack.resolve(resource.assume_role_policy_document)
    flow_logs = stack.format_arn(
        service="ec2",
        resource="vpc-flow-log",
        resource_name="*",
        arn_format=ArnFormat.SLASH_RESOURCE_NAME,
    )
    confined = {
        "StringEquals": {"aws:SourceAccount": stack.account},
        "ArnLike": {"aws:SourceArn": flow_logs},
    }
    for index, statement in enumerate(document["Statement"]):
        if FLOW_LOGS_SERVICE not in json.dumps(statement.get("Principal")):
            continue  # a Deny an injector added, say: the trust is checked (_injected_roles)
        given = statement.get("Condition") or {}
        merged = {op: {**given.get(op, {}), **keys} for op, keys in confined.items()}
        resource.add_property_override(
            f"AssumeRolePolicyDocument.Statement.{index}.Condition",
            {**given, **merged},
        )


def has_notifications_handler(stack: Stack) -> bool:
    """Whether a bucket construct of ``stack`` (its own, not a nested stack's) has
    notifications: aws-cdk-lib gives each such stack one handler."""
    return stack.node.try_find_child(_NOTIFICATIONS_HANDLER_ID) is not None


def notifications_handler_role(stack: Stack) -> IConstruct | None:
    """The role of ``stack``'s notifications handler (None: no handler yet)."""
    handler = stack.node.try_find_child(_NOTIFICATIONS_HANDLER_ID)
    return handler.node.try_find_child("Role") if handler is not None else None


def acknowledge_notifications_handler(stack: Stack) -> bool:
    """cdk-nag findings of aws-cdk-lib's stack-wide notifications handler, acknowledged on
    it alone, and only those it has; its logs kept with finite retention (False: none yet)."""
    handler = stack.node.try_find_child(_NOTIFICATIONS_HANDLER_ID)
    role = handler.node.try_find_child("Role") if handler is not None else None
    function = handler.node.try_find_child("Resource") if handler is not None else None
    if role is None or not isinstance(function, CfnResource):
        return False
    drop_redundant_dependency(function, role.node.default_child)
    handler_log_group(function, "BucketNotificationsHandlerLogs")
    if _has_basic_execution_role(role):
        _nag.acknowledge(role, _nag.NOTIFICATIONS_HANDLER_MANAGED_POLICY)
    return True


def _has_basic_execution_role(role: IConstruct) -> bool:
    resource = role.node.default_child
    arns = getattr(resource, "managed_policy_arns", None)
    rendered = json.dumps(Stack.of(role).resolve(arns)) if arns is not None else ""
    return "service-role/AWSLambdaBasicExecutionRole" in rendered
