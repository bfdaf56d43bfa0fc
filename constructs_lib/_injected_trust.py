"""The trust policy a property injector of ``iam.Role`` leaves on one of the library's
roles, against the one the library asked for (``assumedBy``).

The library trusts one service per role, and where AWS recommends it, for the app's own
resources only: a ScheduledJob's Scheduler role for the job's schedule group and account
(``aws:SourceArn``, ``aws:SourceAccount``), a gradual deployment's CodeDeploy role for the
stack's application's deployment groups (the confused deputy: without them, the service
may assume the role on behalf of another account's schedule or deployment). An injector
returning another ``assumedBy`` that still trusts the service passed
``_injected_roles``'s check: one that drops or changes a condition, or lets another
principal assume the role (``iam.CompositePrincipal``, an account's root, ``*``), hands
the role's permissions (invoking the function, shifting its alias, writing its logs) to
whoever that lets in. Conditions added (``externalIds``) narrow the trust and pass; so do
Deny statements.

Read from the role's L2 (``assume_role_policy``): what its ``AWS::IAM::Role`` renders and,
under ``iam.Role.customize_roles``, what aws-cdk-lib's iam-policy-report tells the team that
creates the role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from constructs_lib._facts import path_of
from constructs_lib._injected import _SKIP, _changed
from constructs_lib._token_text import compact
from constructs_lib.errors import Problem

if TYPE_CHECKING:
    from aws_cdk import aws_iam as iam

__all__ = ["as_lists", "statements", "trust_problems"]

_FIX = (
    f"{_SKIP}; give the library's roles your settings with "
    "iam.PermissionsBoundary.of(scope) or an Aspect on iam.CfnRole"
)


def trust_problems(
    role: iam.Role, document: Any, assumed_by: iam.IPrincipal, owner: str
) -> list[Problem]:
    """``document`` (``role``'s resolved trust policy) trusts ``assumed_by`` and no one else,
    under every condition the library gave it; a missing trust is ``_injected_roles``'s."""
    from aws_cdk import Stack

    stack = Stack.of(role)
    fragment = assumed_by.policy_fragment
    trusted = as_lists(stack.resolve(fragment.principal_json))
    conditions = stack.resolve(fragment.conditions) or {}
    services = ", ".join(sorted(str(v) for values in trusted.values() for v in values))
    allowed = [s for s in statements(document) if s.get("Effect") == "Allow"]
    others = sorted({text for s in allowed for text in _wider(s, trusted)})
    problems = []
    if others:
        problems.append(
            Problem(
                path_of(role),
                "assumed_by",
                f"lets {', '.join(others)} assume it: "
                f"{_changed('another assumedBy', 'iam.Role')} for {owner}'s role, which the "
                f"library lets {services} assume only: whoever else it trusts gets the role's "
                "permissions (what it invokes, writes and deploys)",
                _FIX,
            )
        )
    lost = sorted(
        {
            key
            for statement in allowed
            if _trusts_some(statement, trusted)
            for key in _lost_conditions(statement, conditions)
        }
    )
    if lost:
        them = "them" if len(lost) > 1 else "it"
        problems.append(
            Problem(
                path_of(role),
                "assumed_by",
                f"lacks the library's condition{'s' if len(lost) > 1 else ''} "
                f"{', '.join(lost)}: "
                f"{_changed(f'an assumedBy without {them}', 'iam.Role')} for {owner}'s role, "
                f"which trusts {services} acting for this app's own resources only (the "
                "confused deputy): without it, the service assumes the role for any "
                "account's resource that names it",
                f"{_FIX}, or keep the conditions: assumedBy=original_props['assumedBy']",
            )
        )
    return problems


def as_lists(principal: Any) -> dict[str, list[Any]]:
    """A principal's JSON (``{"Service": "x"}`` or ``{"Service": ["x", "y"]}``) with a list
    of values under each key."""
    if not isinstance(principal, dict):
        return {}
    return {k: v if isinstance(v, list) else [v] for k, v in principal.items()}


def statements(document: Any) -> list[dict[str, Any]]:
    """The statements of a resolved policy document."""
    found = document.get("Statement") if isinstance(document, dict) else None
    return [s for s in found or [] if isinstance(s, dict)]


def _wider(statement: dict[str, Any], trusted: dict[str, list[Any]]) -> list[str]:
    """The principals an Allow ``statement`` lets in beyond ``trusted``, as text."""
    if "NotPrincipal" in statement:
        return [f"everyone but {compact(statement['NotPrincipal'])}"]
    principal = statement.get("Principal")
    if not isinstance(principal, dict):
        return [f"anyone ({compact(principal)})"]  # "*"
    return [
        f"{key} {compact(value)}"
        for key, values in as_lists(principal).items()
        for value in values
        if value not in trusted.get(key, [])
    ]


def _trusts_some(statement: dict[str, Any], trusted: dict[str, list[Any]]) -> bool:
    principal = as_lists(statement.get("Principal"))
    return any(v in principal.get(k, []) for k, values in trusted.items() for v in values)


def _lost_conditions(statement: dict[str, Any], conditions: dict[str, Any]) -> list[str]:
    """The keys of the library's ``conditions`` (``{"StringEquals": {"aws:SourceAccount":
    ...}}``) that ``statement`` lacks or holds with another value."""
    found = statement.get("Condition")
    found = found if isinstance(found, dict) else {}
    lost = []
    for operator, keys in conditions.items():
        given = found.get(operator)
        given = given if isinstance(given, dict) else {}
        lost += [key for key, value in (keys or {}).items() if given.get(key) != value]
    return lost
