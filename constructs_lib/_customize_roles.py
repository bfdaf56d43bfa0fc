"""Whether ``iam.Role.customize_roles`` rules a scope: its roles are then a central team's
precreated ones (aws-cdk-lib's ``PrecreatedRole``), and nothing the library adds to a
role may become a resource of its own (an ``iam.Policy`` on a role it does not create)."""

from __future__ import annotations

from constructs import IConstruct

from constructs_lib._facts import node_of

__all__ = ["roles_are_precreated"]

# The context key Role.customize_roles sets on its scope (aws-cdk-lib's
# core/lib/helpers-internal/customize-roles: CUSTOMIZE_ROLES_CONTEXT_KEY), which every
# Role below it reads.
_CONTEXT_KEY = "@aws-cdk/iam:customizeRoles"


def roles_are_precreated(scope: IConstruct) -> bool:
    """True below a scope of ``iam.Role.customize_roles`` (either ``prevent_synthesis``):
    a Role there takes its statements into aws-cdk-lib's iam-policy-report and gives
    them no AWS::IAM::Policy of its own."""
    return node_of(scope).try_get_context(_CONTEXT_KEY) is not None
