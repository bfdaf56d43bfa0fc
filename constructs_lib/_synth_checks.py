"""What a construct checked when it was built, checked again on the template as it stands
at synth. A platform's Aspect (every function's reserved concurrency or timeout set to a
company standard, every queue's retention shortened) and a user's escape hatch
(``function.add_environment``, a property set on an L1) change the resources after the
construct's checks ran: the synth passed, and the deploy failed or the app lost messages.

The checks read the L1s' properties (``cfnProperties``, as the template renders them):
an ``add_property_override`` is not visible to them, nor to cdk-nag's rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeGuard

import jsii
from aws_cdk import Stack
from constructs import IConstruct, IValidation

from constructs_lib._facts import node_of, stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._stack_validation import add_to_stack, report
from constructs_lib._synth_phase import (
    expect_properties,
    template_properties,
    watch_validations,
)

__all__ = [
    "at_synth",
    "changed_after",
    "expect_properties",
    "is_number",
    "template_properties",
]


def at_synth(
    scope: IConstruct,
    check: Callable[[], list[str]],
    *,
    first: bool = False,
    last: bool = False,
    own: bool = False,
) -> None:
    """Runs ``check`` when CDK validates the tree (after every Aspect, before any template
    is written); its problems fail the synth, each under ``scope``'s path. A scope's
    checks run together, in the order they were added (``first``: before those added so
    far, for a check that can only be added once what it reads exists but whose problems
    a combined error lists first; ``last``: after all those added without it, whenever
    they are added), in its stack's one validation (``_stack_validation``; a stack's own
    in a validation of its own): adding a validation and running it are each a round trip
    to the jsii kernel. ``own``: a check that was a validation of the scope's own, added
    when it was built: the ``own`` checks run after all the others (a warning one adds
    comes after theirs, as when CDK reached the scope after its stack's validation) and
    their problems are listed before the others' (as CDK listed those of a validation added
    before the scope had any other)."""
    if own and isinstance(scope, Stack):  # a stack's validations keep the order they had
        watch_validations(scope)
        node_of(scope).add_validation(_Own(check))
        return

    def validation() -> _Checks:
        checks: _Checks = ([], [], [])
        watch_validations(scope)  # the L1s' properties are read once per validation
        if isinstance(scope, Stack):
            node_of(scope).add_validation(_AtSynth(scope, checks))
        else:
            add_to_stack(stack_of(scope), _ScopeChecks(scope, checks))
        return checks

    checks, after, owned = _CHECKS.remembered(scope, validation)
    if own:
        owned.append(check)
    elif last:
        after.append(check)
    else:
        checks.insert(0 if first else len(checks), check)


def is_number(value: object) -> TypeGuard[int | float]:
    """A number known at synth (a deploy-time value resolves to a dict such as a Ref)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def changed_after(construct: str, *escape_hatches: str, token: bool = False) -> str:
    """The sentence every re-check says about how its value came to be in the template;
    ``token``: what the construct was given held a token it could not read when built (a
    ``Lazy`` value, resolved only at synth), which the sentence names first."""
    changed = (
        f"hanged it after the {construct} was built (an Aspect, or an escape hatch on its "
        f"{' or '.join(escape_hatches)})"
    )
    if token:
        return (
            f"It was given as a deploy-time or Lazy value (a token, such as "
            f"Lazy.number(...)), which the {construct}'s checks pass when it is built, and "
            f"it resolved to this only at synth; or something c{changed}"
        )
    return f"Something c{changed}"


#: A scope's checks, those to run after them (``last``), and its ``own`` ones.
_Checks = tuple[
    list[Callable[[], list[str]]], list[Callable[[], list[str]]], list[Callable[[], list[str]]]
]
#: Each scope's checks, run together by :func:`at_synth`'s validation.
_CHECKS: IdentityMap[_Checks] = IdentityMap()


@jsii.implements(IValidation)
class _AtSynth:
    def __init__(self, scope: IConstruct, checks: _Checks) -> None:
        self._scope = scope
        self._checks = checks

    def validate(self) -> list[str]:
        return _problems(self._checks)


class _ScopeChecks:
    """A scope's checks, run by its stack's validation: their problems are the scope's."""

    def __init__(self, scope: IConstruct, checks: _Checks) -> None:
        self._scope = scope
        self._checks = checks

    def validate(self) -> list[str]:
        report(self._scope, _problems(self._checks))
        return []  # the stack's validation has none of them


@jsii.implements(IValidation)
class _Own:
    """An ``own`` check of a stack, in a validation of its own, as it was."""

    def __init__(self, check: Callable[[], list[str]]) -> None:
        self._check = check

    def validate(self) -> list[str]:
        return self._check()


def _problems(checks: _Checks) -> list[str]:
    checked, after, owned = checks
    others = [problem for check in (*checked, *after) for problem in check()]
    return [problem for check in owned for problem in check()] + others
