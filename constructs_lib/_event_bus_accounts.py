"""Another account's events matched on a bus of the app: EventBridge takes another
account's ``PutEvents`` (or its rule's delivery) onto a custom bus only when the bus's
resource policy allows that account, so a rule whose ``account`` names one the policy does
not admit never fires, silently. A warning, not an error: the policy may be put outside the
app, and in a stack without an ``env`` the account named may be the stack's own."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import jsii
from aws_cdk import Annotations, Aspects, IAspect, Stack, Token
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from constructs import IConstruct

from constructs_lib._facts import app_of
from constructs_lib._jsii import shown
from constructs_lib._validation import Validator
from constructs_lib.errors import ConstructError, Problem

__all__ = ["OTHER_ACCOUNT_NOT_ADMITTED_WARNING", "warn_of_unadmitted_accounts"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
OTHER_ACCOUNT_NOT_ADMITTED_WARNING = "constructs_lib:otherAccountNotAdmittedByBus"
_ACCOUNT = re.compile(r"^\d{12}$")
_IN_ARN = re.compile(r"(?<!\d)(\d{12})(?!\d)")


def warn_of_unadmitted_accounts(v: Validator, bus: object, fields: Mapping[str, Any]) -> None:
    """At synth (when every policy statement exists), warns when ``fields`` (the pattern's)
    name accounts other than the stack's in ``account`` that the app's bus does not let
    put events."""
    named = fields.get("account")
    if not isinstance(bus, events.EventBus) or not isinstance(named, list | tuple):
        return  # the default bus or an imported one: its policy is not the app's to see
    accounts = [a for a in named if isinstance(a, str) and _ACCOUNT.match(a)]
    if accounts:
        Aspects.of(v.scope).add(_UnlessAdmitted(v.scope, bus, accounts))


@jsii.implements(IAspect)
class _UnlessAdmitted:
    def __init__(self, scope: IConstruct, bus: events.EventBus, accounts: list[str]) -> None:
        self._scope, self._bus, self._accounts = scope, bus, accounts

    def visit(self, node: IConstruct) -> None:
        if node is not self._scope:
            return
        stack = Stack.of(self._bus)
        own = None if Token.is_unresolved(stack.account) else stack.account
        admitted = _admitted(self._bus)
        if admitted is None:
            return  # a statement for any principal (an organization's condition)
        missing = [a for a in self._accounts if a != own and a not in admitted]
        if not missing:
            return
        listed = ", ".join(map(repr, missing))
        unknown_env = (
            "" if own else " (unless it is this stack's own account: the stack has no env to tell)"
        )
        Annotations.of(node).add_warning_v2(
            OTHER_ACCOUNT_NOT_ADMITTED_WARNING,
            f"`event_pattern.account` names {listed}, but the resource policy of `event_bus` "
            f"{shown(self._bus)} does not let {'it' if len(missing) == 1 else 'them'} put "
            f"events{unknown_env}: EventBridge refuses another account's events on a "
            "custom bus, so the rule would never fire. Fix: add a statement to the bus, "
            "bus.add_to_resource_policy(iam.PolicyStatement(actions=['events:PutEvents'], "
            "principals=[iam.AccountPrincipal(account)], resources=[bus.event_bus_arn])) "
            "(or an iam.OrganizationPrincipal), or, if its policy is put outside the app, "
            f"acknowledge '{OTHER_ACCOUNT_NOT_ADMITTED_WARNING}'.",
        )


def _admitted(bus: events.EventBus) -> set[str] | None:
    """The accounts the bus's policy statements in any stack of the app name as principals
    (a squad's stack may admit its partner on the domain's bus); None when one admits any
    principal (``"*"``, which an organization's condition narrows)."""
    stack = Stack.of(bus)
    principals: list[Any] = []
    for node in app_of(bus).node.find_all():
        if isinstance(node, events.CfnEventBusPolicy):
            if not _names_bus(node, bus):
                continue
            own = Stack.of(node)
            statement = _resolved_statement(node)
            principals += _principals(statement) if statement else [own.resolve(node.principal)]
        elif isinstance(node, events.CfnEventBus) and node.node.path == f"{bus.node.path}/Resource":
            policy = stack.resolve(node.policy)
            statements = policy.get("Statement", []) if isinstance(policy, dict) else []
            for statement in statements if isinstance(statements, list) else [statements]:
                principals += _principals(statement)
    text = json.dumps(principals, default=str)
    if any(p in ("*", {"AWS": "*"}) for p in principals) or '"AWS": ["*"' in text:
        return None
    return set(_IN_ARN.findall(text))


def _resolved_statement(policy: events.CfnEventBusPolicy) -> Any:
    """``policy``'s statement as its template has it; None when it cannot be resolved, its
    own synth's error to report (not this warning's Aspect's, which names no resource).
    But aws-cdk-lib's ``events.EventBusPolicy(statement=iam.PolicyStatement(...))`` puts
    the statement object itself into its L1, which fails every synth from Python with a
    circular reference naming a logical ID token only: refused here, by its path."""
    try:
        return Stack.of(policy).resolve(policy.statement)
    except RuntimeError:  # jsii's error of the resolve (CircularReferenceDetected, ...)
        if not isinstance(policy.statement, iam.PolicyStatement):
            return None
    node = policy.node
    path = node.scope.node.path if node.id == "Resource" and node.scope else node.path
    raise ConstructError(
        [
            Problem(
                path,
                "statement",
                "is an iam.PolicyStatement, which aws-cdk-lib's events.EventBusPolicy puts "
                "into the template unconverted: the synth fails with a circular reference "
                "(CircularReferenceDetected, at the policy's logical ID)",
                "add the statement to the bus with bus.add_to_resource_policy(statement) "
                "instead of events.EventBusPolicy(...): it converts the statement and "
                "creates the policy (give the statement a sid, its statement ID)",
            )
        ]
    )


def _names_bus(policy: events.CfnEventBusPolicy, bus: events.EventBus) -> bool:
    """Whether ``policy`` is on ``bus``: in the bus's stack, by its resolved name; in another
    stack, by the bus's name attribute (the same token string) or the name given to it, in
    the same environment (a logical ID resolved out of its stack could be another's)."""
    stack, own = Stack.of(bus), Stack.of(policy)
    if own is stack:
        return bool(stack.resolve(policy.event_bus_name) == stack.resolve(bus.event_bus_name))
    if policy.event_bus_name == bus.event_bus_name:
        return True
    resource = bus.node.default_child
    given = resource.name if isinstance(resource, events.CfnEventBus) else None
    return (
        isinstance(given, str)
        and not Token.is_unresolved(given)
        and policy.event_bus_name == given
        and (own.account, own.region) == (stack.account, stack.region)
    )


def _principals(statement: object) -> Iterable[Any]:
    if isinstance(statement, Mapping):
        return [statement.get("Principal"), statement.get("principal")]
    return []
