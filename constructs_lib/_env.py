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

__all__ = ["check_alarm_topic_environment", "check_same_environment", "other_environment"]


def other_environment(scope: Construct, resource: object) -> str | None:
    """How ``resource`` (a construct, or an aws-cdk-lib resource, imported ones included:
    their environment is read from their ARN) is in another region or account than
    ``scope``'s stack, e.g. ``"region eu-west-1, not us-east-1"``; None when it is not,
    or when either is unknown at synth (an environment-agnostic stack)."""
    here = Stack.of(scope)
    env = getattr(resource, "env", None)  # IResource.env
    if env is not None:
        account, region = env.account, env.region
    elif isinstance(resource, Construct):
        there = Stack.of(resource)
        account, region = there.account, there.region
    else:
        return None
    differences = [
        f"{what} {theirs}, not {mine}"
        for what, mine, theirs in (
            ("region", here.region, region),
            ("account", here.account, account),
        )
        if not is_unresolved(mine) and not is_unresolved(theirs) and mine != theirs
    ]
    return " and ".join(differences) or None


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
