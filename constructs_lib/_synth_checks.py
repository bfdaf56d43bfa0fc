"""What a construct checked when it was built, checked again on the template as it stands
at synth. A platform's Aspect (every function's reserved concurrency or timeout set to a
company standard, every queue's retention shortened) and a user's escape hatch
(``function.add_environment``, a property set on an L1) change the resources after the
construct's checks ran: the synth passed, and the deploy failed or the app lost messages.

The checks read the L1s' properties (``cfnProperties``, as the template renders them):
an ``add_property_override`` is not visible to them, nor to cdk-nag's rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeGuard

import jsii
from aws_cdk import CfnResource
from constructs import IConstruct, IValidation

from constructs_lib._facts import stack_of
from constructs_lib._identity_map import IdentityMap

__all__ = ["at_synth", "changed_after", "is_number", "template_properties"]


def at_synth(scope: IConstruct, check: Callable[[], list[str]]) -> None:
    """Runs ``check`` when CDK validates the tree (after every Aspect, before any template
    is written); its problems fail the synth, each under ``scope``'s path. A scope's
    checks share one validation, run in the order they were added: adding a validation
    and running it are each a round trip to the jsii kernel."""

    def validation() -> list[Callable[[], list[str]]]:
        checks: list[Callable[[], list[str]]] = []
        scope.node.add_validation(_AtSynth(checks))
        return checks

    _CHECKS.remembered(scope, validation).append(check)


def template_properties(resource: CfnResource) -> dict[str, Any]:
    """``resource``'s properties resolved as its template has them (camelCase keys); once
    per validation of a scope's checks (a function's environment and platform checks read
    the same function)."""
    resolved = _RESOLVED[-1] if _RESOLVED else {}
    entry = resolved.get(id(resource))
    if entry is not None and entry[0] is resource:
        return entry[1]
    properties = stack_of(resource).resolve(jsii.get(resource, "cfnProperties"))
    properties = properties if isinstance(properties, dict) else {}
    resolved[id(resource)] = (resource, properties)
    return properties


def is_number(value: object) -> TypeGuard[int | float]:
    """A number known at synth (a deploy-time value resolves to a dict such as a Ref)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def changed_after(construct: str, *escape_hatches: str) -> str:
    """The sentence every re-check says about how its value came to be in the template."""
    return (
        f"Something changed it after the {construct} was built (an Aspect, or an escape "
        f"hatch on its {' or '.join(escape_hatches)})"
    )


#: Each scope's checks, in the one validation :func:`at_synth` added to it.
_CHECKS: IdentityMap[list[Callable[[], list[str]]]] = IdentityMap()
#: The properties resolved while a validation runs (nothing changes the tree then), by the
#: resource's id (with the resource, which the entry keeps alive until it ends).
_RESOLVED: list[dict[int, tuple[CfnResource, dict[str, Any]]]] = []


@jsii.implements(IValidation)
class _AtSynth:
    def __init__(self, checks: list[Callable[[], list[str]]]) -> None:
        self._checks = checks

    def validate(self) -> list[str]:
        _RESOLVED.append({})
        try:
            return [problem for check in self._checks for problem in check()]
        finally:
            _RESOLVED.pop()
