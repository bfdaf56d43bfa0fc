"""A number given as a token that resolves at synth (``Lazy.number(...)``, a number another
construct fills in) where a whole number goes: a prop annotated ``int`` (a batch size, a
retry count, a Throttle's burst), a Duration CloudFormation sets in whole seconds or days.
A token passes the type and whole-number checks when the construct is built, as any
deploy-time value does; one that resolved to 2.5 reached the template in silence (cfn-lint
warns, CloudFormation refuses it at deploy). It is checked when it resolves, with the
literal's own problem and fix. A value known only at deploy resolves to a reference and
is left to the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from constructs_lib._jsii import is_unresolved

if TYPE_CHECKING:
    from constructs_lib._validation import Validator

__all__ = ["recheck_whole_number"]


def recheck_whole_number(
    v: Validator,
    value: object,
    prop: str,
    expected: Any,
    fits: Callable[[object, Any], bool],
    problem: Callable[[object, Any], tuple[str, str]],
) -> bool:
    """Whether ``value`` is a number token where ``expected`` (the prop's annotation, as
    ``fits`` reads it) takes whole numbers only; if so, it is checked at synth, a number
    that does not fit told as a literal is (``problem``: its message and fix)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    # a fraction where a whole number fits, and not where any number does (Throttle's rate)
    if fits(0.5, expected) or not fits(1, expected) or not is_unresolved(value):
        return False
    if v.rechecks_own_rule(prop):
        return True  # the prop's own rule re-checks it, telling its own problem and fix

    def rule(found: Validator, resolved: object) -> None:
        if not fits(resolved, expected):
            found.add(prop, *problem(resolved, expected))

    v.recheck_rule(value, rule)
    return True
