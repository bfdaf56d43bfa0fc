"""One CloudFormation stack name per account and region across an app: two stacks of the
app deploying as one stack (a ``stack_name`` copied between stages of one account, or a
top-level stack ``Dev-Orders`` beside the stage ``Dev``'s ``Orders``) passed the synth, and
each deploy replaced the other's resources (those RETAINed were left behind, orphaned)."""

from __future__ import annotations

from aws_cdk import Stack

from constructs_lib._facts import app_of, env_of, path_of
from constructs_lib._identity_map import IdentityMap, IdentitySet
from constructs_lib._jsii import is_unresolved
from constructs_lib.errors import ConstructError, Problem

__all__ = ["claim_stack_name"]


def claim_stack_name(stack: Stack) -> None:
    """Notes ``stack``'s name in its account and region; raises a ConstructError when
    another stack of the app holding the library's constructs has it there already. Only
    both known at synth: an environment-agnostic stack's are the deploy's (a nested stack's
    name is CloudFormation's)."""
    if stack in _CLAIMED_BY or stack.nested:
        return
    _CLAIMED_BY.add(stack)
    name = stack.stack_name
    account, region = env_of(stack)
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


#: The stacks whose name was claimed (asked once per stack: its name and env are fixed).
_CLAIMED_BY = IdentitySet()

#: By app: (stack name, account, region) -> the path of the stack that has it.
_NAMES: IdentityMap[dict[tuple[str, str, str], str]] = IdentityMap()
