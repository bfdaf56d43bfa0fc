"""Whether a resource a construct is given lives in the construct's own region and account:
an alarm notifies only a topic of its region, a function runs only in a VPC of its region
and account, and a grant across environments needs a physical name the library's resources
do not have. CDK's own error for the last comes at synth as a jsii trace about physical
names; these rules name the prop instead."""

from __future__ import annotations

from aws_cdk import Stack
from constructs import Construct

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = [
    "check_alarm_topic_environment",
    "check_existing_environment",
    "check_same_environment",
    "other_environment",
]


def other_environment(scope: Construct, resource: object) -> str | None:
    """How ``resource`` (a construct, or an aws-cdk-lib resource, imported ones included:
    their environment is read from their ARN) is in another region or account than
    ``scope``'s stack, e.g. ``"region eu-west-1, not us-east-1"``; None when it is not,
    or when either is unknown at synth (an environment-agnostic stack). A resource another
    stack of the app owns is compared as aws-cdk-lib compares them: a stack with an
    explicit region is in another environment than an environment-agnostic one."""
    here = Stack.of(scope)
    env = getattr(resource, "env", None)  # IResource.env
    if env is not None:
        account, region = _table_arn_environment(resource) or (env.account, env.region)
    elif isinstance(resource, Construct):
        account, region = Stack.of(resource).account, Stack.of(resource).region
    else:
        return None
    owner = Stack.of(resource) if isinstance(resource, Construct) else here
    strict = owner is not here and not _nested_in(owner, here)
    pairs = [
        (what, mine, theirs)
        for what, mine, theirs in (
            ("region", here.region, region),
            ("account", here.account, account),
        )
        if mine != theirs and (strict or not (is_unresolved(mine) or is_unresolved(theirs)))
    ]
    if not pairs:
        return None
    if any(is_unresolved(mine) for _, mine, _ in pairs):
        listed = " and ".join(f"{what} {theirs}" for what, _, theirs in pairs)
        return f"{listed}, not this environment-agnostic stack's"
    if any(is_unresolved(theirs) for _, _, theirs in pairs):
        listed = " and ".join(f"{what} {mine}" for what, mine, _ in pairs)
        return f"an environment-agnostic stack, not {listed}"
    return " and ".join(f"{what} {theirs}, not {mine}" for what, mine, theirs in pairs)


def _nested_in(stack: Stack, parent: Stack) -> bool:
    """``stack`` is (nested, at any depth, in) ``parent``: they share an environment."""
    return any(scope is parent for scope in stack.node.scopes)


def _table_arn_environment(resource: object) -> tuple[str, str] | None:
    """An imported DynamoDB table's (account, region), from its ARN: aws-cdk-lib gives it
    the importing stack's environment whatever the ARN says."""
    arn = getattr(resource, "table_arn", None) if hasattr(resource, "table_name") else None
    if not isinstance(arn, str) or is_unresolved(arn) or not arn.startswith("arn:"):
        return None
    parts = arn.split(":")
    return (parts[4], parts[3]) if len(parts) > 5 else None


def check_same_environment(v: Validator, resource: object, prop: str, why: str, fix: str) -> None:
    """Adds a problem when ``resource`` (None: nothing to check) is in another region or
    account than the construct ``v`` validates; ``why`` says what that breaks."""
    elsewhere = other_environment(v.scope, resource) if resource is not None else None
    v.check(elsewhere is None, prop, f"is in {elsewhere}: {why}", fix)


def check_alarm_topic_environment(v: Validator, topic: object) -> None:
    """The rule of every ``alarm_topic`` (a construct's and the stack's Monitoring)."""
    check_same_environment(
        v,
        topic,
        "alarm_topic",
        "an alarm notifies only a topic of its own region and account",
        "pass a topic of this stack's region and account (one topic per region)",
    )


def check_existing_environment(v: Validator, resource: object, prop: str, kind: str) -> None:
    """The rule of an ``existing_*`` resource the construct's functions use."""
    check_same_environment(
        v,
        resource,
        prop,
        f"the functions would use a {kind} of another region or account, which needs a "
        "resource policy and its full name, neither of which the construct sets up",
        f"pass a {kind} of this stack's region and account",
    )
