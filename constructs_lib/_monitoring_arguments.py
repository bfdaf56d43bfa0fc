"""What ``Monitoring(scope, ...)`` checks of its arguments before it touches the stack."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_sns as sns
from constructs import Construct

from constructs_lib._env import check_alarm_topic_environment
from constructs_lib._jsii import implements
from constructs_lib._validation import Validator
from constructs_lib.errors import ConstructError, Problem

__all__ = ["check_arguments", "error", "stack_of"]


def stack_of(scope: object) -> Stack:
    """The stack of ``scope``; a ConstructError when it is no construct or in no stack."""
    fix = "pass the stack (or a construct in it): Monitoring(stack, ...)"
    if not isinstance(scope, Construct):
        raise error("(no scope)", "scope", f"is {scope!r}, not a construct", fix)
    try:
        return Stack.of(scope)
    except RuntimeError:  # jsii: "No stack could be identified for the construct at path"
        raise error(scope.node.path or "(app)", "scope", "is in no stack", fix) from None


def check_arguments(
    stack: Stack, ids: tuple[str, ...], alarm_topic: object, dashboard: object
) -> None:
    """Raises a ConstructError for an id (there is one Monitoring per stack), a topic that
    is not an SNS topic of the stack's region and account, or a dashboard flag that is not
    a bool."""
    if ids:  # an id would suggest a second Monitoring, whose topic no alarm would use
        raise error(
            stack.node.path,
            "id",
            f"is given ({ids[0]!r}), but a stack has exactly one Monitoring",
            "call Monitoring(stack, alarm_topic=...) without an id",
        )
    for prop, value, ok, fix in (
        (
            "alarm_topic",
            alarm_topic,
            alarm_topic is None or implements(alarm_topic, sns.ITopic),
            "pass an sns.ITopic (sns.Topic.from_topic_arn(...) for an ARN)",
        ),
        (
            "dashboard",
            dashboard,
            dashboard is None or isinstance(dashboard, bool),
            "pass True or False",
        ),
    ):
        if not ok:
            raise error(stack.node.path, prop, f"is {value!r}, a {type(value).__name__}", fix)
    v = Validator(stack)
    check_alarm_topic_environment(v, alarm_topic)
    v.raise_if_any()


def error(path: str, prop: str, message: str, fix: str) -> ConstructError:
    return ConstructError([Problem(path, prop, message, fix)])
