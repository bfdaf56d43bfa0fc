"""What a property injector of ``iam.Role`` may change in a role the library has just
created (a function's execution role, a ScheduledJob's Scheduler role, a gradual
deployment's CodeDeploy role).

A platform's usual blueprint (a permissions boundary, a path, a description, more
managed policies, a longer ``maxSessionDuration``) passes: the library's roles hold no
managed policy (their permissions are inline), and the shortest session IAM allows (one
hour) outlasts a function's longest run (15 minutes). What the library's roles cannot
lose is a ConstructError: the service the library trusts (``assumedBy``: Lambda,
Scheduler or CodeDeploy then cannot assume the role, and the deploy or every invocation
fails) and their inline policies (``inlinePolicies`` in place of the library's: no logs,
no traces, no ENIs, no invoke); a trust wider than the library's or without its
conditions is ``_injected_trust``'s. One ``roleName`` on two of them is
``_injected_names``'s (IAM names are unique in an account, in every region).

Under ``iam.Role.customize_roles`` an injector still reaches the role (it runs before
aws-cdk-lib reads the props): no ``AWS::IAM::Role`` is rendered, but the trust and the
inline policies it returned are what the iam-policy-report tells the team creating the
role, so they are checked there too, read from the L2.

Only asked when an injector may reach the role (``may_inject``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from constructs_lib._facts import node_of, path_of, stack_of
from constructs_lib._injected import _SKIP, _changed
from constructs_lib._injected_names import name_problems
from constructs_lib._injected_trust import as_lists, statements, trust_problems
from constructs_lib._injector_errors import injector_errors, may_inject
from constructs_lib.errors import ConstructError, Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from aws_cdk import aws_iam as iam
    from constructs import Construct

__all__ = ["check_injected_role", "library_role"]


def library_role(
    scope: Construct,
    id: str,
    *,
    assumed_by: iam.IPrincipal,
    inline_policies: Mapping[str, iam.PolicyDocument],
    owner: Callable[[], str],
    description: str | None = None,
) -> iam.Role:
    """The library's role ``id`` in ``scope``: an error of a property injector while it is
    made names it, and what an injector changed is checked (``owner()``: whose role, asked
    only then) when one can reach it."""
    from aws_cdk import aws_iam as iam

    with injector_errors(scope, id, iam.Role, "iam.Role"):
        role = iam.Role(
            scope,
            id,
            assumed_by=assumed_by,
            description=description,
            inline_policies=inline_policies,
        )
    if may_inject(scope):  # a property injector's trust, inline policies or name
        check_injected_role(
            role, assumed_by=assumed_by, inline_policies=inline_policies, owner=owner()
        )
    return role


def check_injected_role(
    role: iam.Role,
    *,
    assumed_by: iam.IPrincipal,
    inline_policies: Mapping[str, iam.PolicyDocument],
    owner: str,
) -> None:
    """``role`` still trusts ``assumed_by`` (no one else, under the library's conditions)
    and holds the library's ``inline_policies`` (beside any of the injector's), and has no
    name another of the library's roles has. Under ``iam.Role.customize_roles`` the same is
    read from the L2: its trust and policies are what aws-cdk-lib's iam-policy-report tells
    the team that creates the role."""
    from aws_cdk import aws_iam as iam

    resource = node_of(role).default_child
    stack = stack_of(role)
    problems = []
    trusted = as_lists(stack.resolve(assumed_by.policy_fragment.principal_json))
    document = stack.resolve(role.assume_role_policy)
    if not any(_trusts(statement, trusted) for statement in statements(document)):
        services = ", ".join(sorted(v for values in trusted.values() for v in values))
        problems.append(
            Problem(
                path_of(role),
                "assumed_by",
                f"does not trust {services}: {_changed('another assumedBy', 'iam.Role')} for "
                f"{owner}'s role, which that service assumes to run the construct: the deploy "
                "or every invocation fails",
                f"{_SKIP}; give the library's roles your settings with "
                "iam.PermissionsBoundary.of(scope) or an Aspect on iam.CfnRole",
            )
        )
    else:
        problems += trust_problems(role, document, assumed_by, owner)
    found = _inline_policies(role, resource)
    lost = [n for n, doc in inline_policies.items() if found.get(n) != stack.resolve(doc)]
    if lost:
        problems.append(
            Problem(
                path_of(role),
                "inline_policies",
                f"lack the library's {', '.join(repr(n) for n in lost)}: "
                f"{_changed('other inlinePolicies', 'iam.Role')} for {owner}'s role, whose "
                "permissions (its log group, X-Ray, a Network's ENIs, what it invokes) are "
                "those policies: without them its calls are denied",
                f"{_SKIP}, or add yours to them: {{**original_props, 'inlinePolicies': "
                "{**original_props.get('inlinePolicies', {}), 'Yours': document}}",
            )
        )
    if isinstance(resource, iam.CfnRole):  # customize_roles(prevent_synthesis=True): no name
        problems += name_problems(role, resource, "role", owner)
    if problems:
        raise ConstructError(problems)


def _inline_policies(role: iam.Role, resource: object) -> dict[Any, Any]:
    """``role``'s inline policies, resolved, by name: its ``AWS::IAM::Role``'s, or under
    ``customize_roles(prevent_synthesis=True)`` (no role resource) the ``iam.Policy`` that
    aws-cdk-lib makes of each below the role for the iam-policy-report."""
    from aws_cdk import aws_iam as iam

    stack = stack_of(role)
    if isinstance(resource, iam.CfnRole):
        return {
            p.get("policyName"): p.get("policyDocument")
            for p in stack.resolve(resource.policies) or []
            if isinstance(p, dict)
        }
    return {
        child.node.id: stack.resolve(child.document)
        for child in node_of(role).children
        if isinstance(child, iam.Policy)
    }


def _trusts(statement: dict[str, Any], trusted: dict[str, list[Any]]) -> bool:
    """Whether ``statement`` allows every principal of ``trusted`` to assume the role."""
    if statement.get("Effect") != "Allow":
        return False
    principal = as_lists(statement.get("Principal"))
    return all(v in principal.get(k, []) for k, values in trusted.items() for v in values)
