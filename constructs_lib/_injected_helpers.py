"""Physical names a property injector gives the resources aws-cdk-lib creates for the
library's constructs: a StaticSite's ``BucketDeployment`` function and its role (one per
stack and memory size, below the stack) and the role of the ``BucketNotificationsHandler``
(one per stack, below it) that configures the notifications of a QueueWorker's
``sources=[BucketEvents(...)]`` or of an EventHandler's S3 buckets (its function is a plain
``AWS::Lambda::Function``, which no injector of ``lambda_.Function`` reaches). A Network's
flow log role is checked as the library's roles are (``_flow_logs``).

An injector of ``lambda_.Function`` or ``iam.Role`` reaches them as it reaches the
library's own (``_injected_names``), and a name it returns for every function or role
(``functionName="platform-fn"``) is the deploy's failure on the second resource of that
name, whichever creates it. These are compared with the library's resources and with each
other where the library's are: in one account and region (a role's: in one account),
else in one stack. The library's recipe for leaving its resources out (a scope of the
library's above them) does not cover the BucketDeployment's and the notifications
handler's, whose scope is the stack: the fix names the resource's id.

Only asked when an injector may reach them (``may_inject``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from constructs_lib._cdk_internals import notifications_handler_role
from constructs_lib._facts import node_of, path_of
from constructs_lib._injected_names import name_problems
from constructs_lib.errors import ConstructError

if TYPE_CHECKING:
    from aws_cdk import Stack
    from constructs import IConstruct

__all__ = ["check_helper_names", "check_notifications_handler_name"]


#: How ``owner`` starts: the problem names the helper without it.
_CDK = "aws-cdk-lib's "


def check_helper_names(helpers: dict[str, IConstruct | None], owner: str) -> None:
    """``helpers`` (aws-cdk-lib's ``lambda_.Function`` or ``iam.Role`` L2s made for
    ``owner``, ``"aws-cdk-lib's BucketDeployment"``, by kind: ``"function"``, ``"role"``),
    below the stack, have no physical name another of the library's resources (or helpers)
    has."""
    problems = []
    for kind, helper in helpers.items():
        if helper is None:
            continue
        resource = node_of(helper).default_child
        if resource is None:
            continue
        skip = (
            "leave the name out of the props your property injector returns for "
            f"aws-cdk-lib's {path_of(helper)} (tell it by f'{{scope.node.path}}/{{id}}': "
            f"the {owner.removeprefix(_CDK)}'s has no construct of the library's above it)"
        )
        problems += name_problems(helper, resource, kind, owner, skip=skip)
    if problems:
        raise ConstructError(problems)


def check_notifications_handler_name(stack: Stack) -> None:
    """The role of ``stack``'s ``BucketNotificationsHandler`` (aws-cdk-lib's, made when a
    bucket first gets a notification) has no name another of the library's resources has."""
    check_helper_names(
        {"role": notifications_handler_role(stack)}, "aws-cdk-lib's BucketNotificationsHandler"
    )
