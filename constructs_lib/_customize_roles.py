"""Whether ``iam.Role.customize_roles`` rules a role: it is then a central team's
precreated one (aws-cdk-lib's ``PrecreatedRole``), and nothing the library adds to it may
become a resource of its own (an ``iam.Policy`` on a role the app does not create)."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import IConstruct

from constructs_lib._facts import node_of, stack_of
from constructs_lib._identity_map import IdentityMap

__all__ = ["roles_are_precreated", "stack_customizes_roles"]

# The context key Role.customize_roles sets on its scope (aws-cdk-lib's
# core/lib/helpers-internal/customize-roles: CUSTOMIZE_ROLES_CONTEXT_KEY), which every
# Role below it reads.
_CONTEXT_KEY = "@aws-cdk/iam:customizeRoles"

# Per stack: constructs refuses set_context on a construct with children and on every one
# above it, so once the stack has a role its answer (and its scopes' above) is final. Not
# per function: each question of a function's own is a round trip to the kernel.
_STACKS: IdentityMap[bool] = IdentityMap()


def roles_are_precreated(role: iam.Role) -> bool:
    """True for a role under ``iam.Role.customize_roles`` (either ``prevent_synthesis``):
    it takes its statements into aws-cdk-lib's iam-policy-report and renders no
    AWS::IAM::Policy for them. The documented call is on the stack or above it (an App, a
    Stage), asked once per stack; one on a construct below the stack is seen where the
    role renders no resource (``prevent_synthesis=True``, the default)."""
    return not isinstance(node_of(role).default_child, iam.CfnRole) or stack_customizes_roles(role)


def stack_customizes_roles(construct: IConstruct) -> bool:
    """Whether ``customize_roles`` was called on ``construct``'s stack or above it."""
    stack = stack_of(construct)
    return _STACKS.remembered(stack, lambda: _customized(stack))


def _customized(stack: Stack) -> bool:
    return node_of(stack).try_get_context(_CONTEXT_KEY) is not None
