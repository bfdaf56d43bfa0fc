"""One CloudFormation stack name per account and region across an app: two stacks of the
app deploying as one stack (a ``stack_name`` copied between stages of one account, or a
top-level stack ``Dev-Orders`` beside the stage ``Dev``'s ``Orders``) passed the synth, and
each deploy replaced the other's resources (those RETAINed were left behind, orphaned).
Two environment-agnostic stacks of one name (a stack per tenant named by a key that two
tenants share once normalised, ``Acme`` and ``ACME`` as ``acme``) are a warning: one
``cdk deploy`` puts both into the account and region of its credentials, as one stack,
while stacks deployed separately to different accounts may share a name."""

from __future__ import annotations

from aws_cdk import Annotations, Stack

from constructs_lib._facts import app_of, env_of, path_of
from constructs_lib._identity_map import IdentityMap, IdentitySet
from constructs_lib._jsii import is_unresolved
from constructs_lib.errors import ConstructError, Problem

__all__ = ["AGNOSTIC_STACKS_OF_ONE_NAME_WARNING", "claim_stack_name"]

#: The id to acknowledge (``cdk.Annotations.of(stack).acknowledge_warning(...)``).
AGNOSTIC_STACKS_OF_ONE_NAME_WARNING = "constructs_lib:agnosticStacksOfOneName"


def claim_stack_name(stack: Stack) -> None:
    """Notes ``stack``'s name in its account and region; raises a ConstructError when
    another stack of the app holding the library's constructs has it there already. Only
    both known at synth: an environment-agnostic stack's are the deploy's, so one of a name
    another environment-agnostic stack has is warned of (a nested stack's name is
    CloudFormation's)."""
    if stack in _CLAIMED_BY or stack.nested:
        return
    _CLAIMED_BY.add(stack)
    name = stack.stack_name
    account, region = env_of(stack)
    if not is_unresolved(name) and is_unresolved(account) and is_unresolved(region):
        _warn_of_agnostic_namesake(stack, name)
        return
    if any(is_unresolved(value) for value in (name, account, region)):
        return
    names = _NAMES.remembered(app_of(stack), dict)
    other = names.setdefault((name, account, region), path_of(stack))
    if other == path_of(stack):
        return
    raise ConstructError(
        [
            Problem(
                path_of(stack),
                "stack_name",
                f"is {name!r} (given, or made from its stage's and its own id), the name of the "
                f"stack {other} too, both in account {account} and region {region}: "
                "CloudFormation holds one stack of a name there, so each deploy would replace "
                "the other's resources",
                "give each stack its own stack_name (or leave it out: a stage's stack is named "
                "after the stage, such as Dev-Orders), or put the stacks in different accounts "
                "or regions",
            )
        ]
    )


def _warn_of_agnostic_namesake(stack: Stack, name: str) -> None:
    """Warns on ``stack`` when an environment-agnostic stack of the app has its name."""
    names = _AGNOSTIC_NAMES.remembered(app_of(stack), dict)
    other = names.setdefault(name, path_of(stack))
    if other == path_of(stack):
        return
    Annotations.of(stack).add_warning_v2(
        AGNOSTIC_STACKS_OF_ONE_NAME_WARNING,
        f"`stack_name` is {name!r} (given, or made from its stage's and its own id), the name "
        f"of the stack {other} too, and both are environment-agnostic: one `cdk deploy` puts "
        "both into the account and region of its credentials, as one CloudFormation stack, "
        "so each deploy replaces the other's resources. Fix: give each stack its own "
        "stack_name (a stack made per tenant or customer: name it by a key no two of them "
        "share once normalised), or give each its env=; acknowledge "
        f"'{AGNOSTIC_STACKS_OF_ONE_NAME_WARNING}' if they are only ever deployed to "
        "different accounts or regions.",
    )


#: The stacks whose name was claimed (asked once per stack: its name and env are fixed).
_CLAIMED_BY = IdentitySet()

#: By app: (stack name, account, region) -> the path of the stack that has it.
_NAMES: IdentityMap[dict[tuple[str, str, str], str]] = IdentityMap()

#: By app: the name of an environment-agnostic stack -> the path of the first to have it.
_AGNOSTIC_NAMES: IdentityMap[dict[str, str]] = IdentityMap()
