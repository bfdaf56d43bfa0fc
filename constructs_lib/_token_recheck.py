"""A number a construct checks against a range, or a text or number it checks by a rule
(a schedule expression, a time zone name, a batch size against a batching window), given
as a token that resolves at synth (``Lazy.number(...)``, ``Lazy.string(...)``, a value
another construct fills in before synth), checked again when it resolves. A construct's
rules pass every token when it is built, since most are known only at deploy; a token
that resolved at synth to -7 or 20000 reached the template in silence, and the service
refused it at deploy. A value known only at deploy (a ``CfnParameter``'s,
``Fn.import_value(...)``) resolves to a reference (a ``Ref``) and is left to the service,
as when the construct was built.

The limits a recheck of its own covers on the template (a function's sizes,
``_core.sizes_recheck``; its provisioned concurrency, ``_core.provisioned_recheck``) are
not checked here again."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from constructs import Construct

from constructs_lib._facts import stack_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._synth_checks import at_synth, is_number

if TYPE_CHECKING:
    from constructs_lib._validation import Validator

__all__ = ["TokenRechecks", "range_at_synth", "rule_at_synth", "together_at_synth"]

#: How a value came to pass the construct's checks when it was built.
_GIVEN_AS_TOKEN = (
    "It was given as a token (such as {lazy}), which the {construct}'s checks pass when "
    "it is built; it resolved to this {kind} only at synth"
)


class TokenRechecks:
    """The checks at synth of a validator's props given as tokens that resolve then
    (:class:`Validator` mixes it in), added once every prop passed (a construct refused when
    built is not synthesized)."""

    scope: Construct
    _rechecks: list[Callable[[], None]]
    #: The props (as named) whose own rule re-checks their number token (its problem and fix
    #: as a literal's): the type check's generic whole-number re-check leaves them out.
    _own_rechecks: set[str]

    def named(self, prop: str) -> str:
        return prop

    def recheck_range(
        self, value: object, prop: str, low: float, high: float = math.inf, unit: str = ""
    ) -> None:
        """``value``, a number token, from ``low`` to ``high`` once it resolves at synth
        (``Lazy.number``; a parameter's ``Ref`` is left to the service)."""
        if add := range_at_synth(self.scope, value, self.named(prop), low, high, unit):
            self._rechecks.append(add)

    def recheck_rule(self, value: object, rule: Callable[[Validator, Any], object]) -> None:
        """``value``, a string or number token, checked by ``rule`` once it resolves at synth."""
        if add := rule_at_synth(self, value, rule):
            self._rechecks.append(add)

    def recheck_own_rule(
        self, value: object, prop: str, rule: Callable[[Validator, Any], object]
    ) -> None:
        """``value``, a number token of ``prop``, checked at synth by ``rule``, the prop's
        literal rule (a whole number among others: its own words and fix, where the type
        check's re-check would only say "a whole number")."""
        if add := rule_at_synth(self, value, rule):
            self._rechecks.append(add)
            self._own_rechecks.add(self.named(prop))

    def rechecks_own_rule(self, prop: str) -> bool:
        """Whether ``prop`` (as named) is re-checked at synth by its own rule."""
        return prop in self._own_rechecks

    def recheck_whole(
        self,
        count: float,
        prop: str,
        within: tuple[float, float] | None,
        unit: str,
        why: str,
    ) -> None:
        """``count`` (of ``unit``: a Duration's length as a token) whole, and ``within``
        the range, once it resolves at synth: a fraction is told as the literal's is."""
        if within:
            self.recheck_range(count, prop, *within, unit)
        self.recheck_rule(count, lambda found, resolved: found.whole(resolved, prop, why, unit))

    def recheck_together(
        self, values: Sequence[object], rule: Callable[[Validator, list[Any]], object]
    ) -> None:
        """``values`` (props a rule reads together: a sort key against the partition key)
        checked by ``rule`` once they resolve at synth, when one of them is a string or
        number token; none is if one resolves to a reference (known only at deploy)."""
        if add := together_at_synth(self, values, rule):
            self._rechecks.append(add)

    def add_rechecks(self) -> None:
        for add in self._rechecks:
            add()


def range_at_synth(
    scope: Construct, value: object, prop: str, low: float, high: float, unit: str
) -> Callable[[], None] | None:
    """What adds, to ``scope``, the check at synth of ``value`` (a token) from ``low`` to
    ``high`` (``unit``: how the number is counted); None for a value that is no token. The
    caller adds it once every prop passed (a construct refused when built is not
    synthesized)."""
    if not is_unresolved(value) or not isinstance(value, int | float):
        return None
    construct = type(scope).__name__
    suffix = f" {unit}" if unit else ""
    bounded = high != math.inf
    allowed = f"between {low:g} and {high:g}{suffix}" if bounded else f"at least {low:g}{suffix}"
    numbers = f"a number from {low:g} to {high:g}" if bounded else f"a number of at least {low:g}"

    def check() -> list[str]:
        resolved = stack_of(scope).resolve(value)
        if not is_number(resolved) or low <= resolved <= high:
            return []  # a reference (known only at deploy), or within the range
        return [
            f"`{prop}` is {resolved:g}{suffix} at synth; it must be {allowed}. "
            + _GIVEN_AS_TOKEN.format(lazy="Lazy.number(...)", construct=construct, kind="number")
            + f". Fix: change what produces the token to {numbers}"
        ]

    return lambda: at_synth(scope, check)


def rule_at_synth(
    v: TokenRechecks, value: object, rule: Callable[[Validator, Any], object]
) -> Callable[[], None] | None:
    """What adds, to ``v``'s construct, the check at synth of ``value`` (a string or number
    token) by ``rule``, which adds to a validator the problems of a literal value; None for
    a value that is neither. A token that resolves to a reference (a parameter's ``Ref``,
    an ``Fn::Join`` around one) is left to the service."""
    text = isinstance(value, str)
    if not (text or is_number(value)) or not is_unresolved(value):
        return None
    scope = v.scope

    def check() -> list[str]:
        resolved = stack_of(scope).resolve(value)
        if not (isinstance(resolved, str) if text else is_number(resolved)):
            return []  # a reference: known only at deploy
        return _told(v, text, lambda found: rule(found, resolved))

    return lambda: at_synth(scope, check)


def together_at_synth(
    v: TokenRechecks, values: Sequence[object], rule: Callable[[Validator, list[Any]], object]
) -> Callable[[], None] | None:
    """What adds, to ``v``'s construct, the check at synth of ``values`` together by
    ``rule``, which adds to a validator the problems of literal values; None unless one of
    them is a string or number token (the literal rule judged them all when built). One
    that resolves to a reference (known only at deploy) is given to ``rule`` as the token
    it was, which the rule passes as it did when the construct was built."""
    tokens = [i for i, each in enumerate(values) if _text_or_number(each) and is_unresolved(each)]
    if not tokens:
        return None
    scope, text = v.scope, isinstance(values[tokens[0]], str)

    def check() -> list[str]:
        resolved = [_resolved(scope, value) for value in values]
        if all(resolved[i] is values[i] for i in tokens):
            return []  # every token a reference: known only at deploy
        return _told(v, text, lambda found: rule(found, resolved))

    return lambda: at_synth(scope, check)


def _told(v: TokenRechecks, text: bool, rule: Callable[[Validator], object]) -> list[str]:
    """The problems ``rule`` adds to a validator of ``v``'s construct, each told as of a
    token (a ``text`` or a number) that resolved at synth."""
    from constructs_lib._validation import Validator

    scope = v.scope
    lazy, kind = ("Lazy.string(...)", "text") if text else ("Lazy.number(...)", "number")
    given = _GIVEN_AS_TOKEN.format(lazy=lazy, construct=type(scope).__name__, kind=kind)
    found = Validator(scope)
    rule(found)
    return [
        f"`{v.named(problem.prop)}` (resolved at synth) {problem.message}. {given}. "
        f"Fix: {problem.fix}"
        for problem in found.problems
    ]


def _resolved(scope: Construct, value: object) -> object:
    """``value`` as it resolves at synth, or itself if it resolves to a reference."""
    if not _text_or_number(value) or not is_unresolved(value):
        return value
    resolved = stack_of(scope).resolve(value)
    return resolved if _text_or_number(resolved) else value


def _text_or_number(value: object) -> bool:
    return isinstance(value, str) or is_number(value)
