"""EventBridge's rules for a ``numeric`` operand (pure: no aws_cdk import; the caller
says which values are tokens).

EventBridge reads ``["=", n]``, one bound (``[">", n]``, ``["<=", n]``), or a range: a
lower bound, then an upper one (``[">=", 1, "<", 5]``) whose bottom is below its top
(its event-ruler engine: "Bad numeric range operator", "Bottom must be less than top").
Anything else passes synth and fails the deploy, or, for a range of no number, could
never match."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from constructs_lib._config_values import number_in_text
from constructs_lib._jsii import described, given

__all__ = ["COMPARISONS", "IsToken", "PatternProblem", "numeric_problems"]

#: The comparisons of a ``numeric`` operator.
COMPARISONS = ("=", "<", "<=", ">", ">=")
_LOWER = (">", ">=")
_UPPER = ("<", "<=")
_FIX = "write e.g. {'numeric': ['>', 0]} or {'numeric': ['>=', 10, '<', 20]}"

#: (prop, what is wrong, the fix), as Validator.add takes them.
PatternProblem = tuple[str, str, str]
#: Whether a value is known at deploy only (the caller's test: this module imports no CDK).
IsToken = Callable[[Any], bool]


def numeric_problems(prop: str, operand: Any, is_token: IsToken) -> list[PatternProblem]:
    """What EventBridge refuses in a ``numeric`` operand, or what matches no number."""
    if not isinstance(operand, list | tuple) or len(operand) not in (2, 4):
        return [
            (prop, f"is {given(operand)}; numeric takes [comparison, number] or two of them", _FIX)
        ]
    for index in range(0, len(operand), 2):
        comparison, number = operand[index], operand[index + 1]
        if comparison not in COMPARISONS:
            return [
                (
                    prop,
                    f"has {comparison!r} where a comparison belongs (one of "
                    f"{', '.join(COMPARISONS)})",
                    _FIX,
                )
            ]
        if not is_token(number) and (
            isinstance(number, bool) or not isinstance(number, int | float)
        ):
            return [(prop, f"compares with {described(number)}, not a number", _text_fix(operand))]
    if len(operand) == 2:
        return []
    return _range_problems(prop, list(operand), is_token)


def _text_fix(operand: list[Any] | tuple[Any, ...]) -> str:
    """The operand with its numbers written as text (``"5"``, from a config file) as numbers;
    the examples where a number is no text of one."""
    numbers = [
        number_in_text(item) if index % 2 and isinstance(item, str) else item
        for index, item in enumerate(operand)
    ]
    if not all(
        isinstance(number, int | float) and not isinstance(number, bool) for number in numbers[1::2]
    ):
        return _FIX
    return f"write {{'numeric': {numbers!r}}}, numbers, not text"


def _range_problems(prop: str, operand: list[Any], is_token: IsToken) -> list[PatternProblem]:
    first, low, second, high = operand
    shown = f"{operand!r}".replace('"', "'")
    if "=" in (first, second):
        number = low if first == "=" else high
        return [
            (
                prop,
                f"is {shown}: '=' stands alone, EventBridge takes it with one number",
                f"write {{'numeric': ['=', {number!r}]}}",
            )
        ]
    if first in _UPPER and second in _LOWER:
        return [
            (
                prop,
                f"is {shown}: EventBridge takes a range's lower bound first",
                f"write {{'numeric': [{second!r}, {high!r}, {first!r}, {low!r}]}}",
            )
        ]
    if (first in _LOWER) == (second in _LOWER):
        kind = "lower" if first in _LOWER else "upper"
        tokens = is_token(low) or is_token(high)
        # the tighter bound: what a number passing both passes
        pairs = [(low, first), (high, second)]
        keep = pairs if tokens else sorted(pairs, key=lambda pair: pair[0])
        bound, comparison = keep[-1] if kind == "lower" else keep[0]
        return [
            (
                prop,
                f"is {shown}, two {kind} bounds: EventBridge takes one lower bound, then one "
                "upper bound",
                "write one lower bound, then one upper bound"
                if tokens
                else f"write the bound meant, e.g. {{'numeric': [{comparison!r}, {bound!r}]}}",
            )
        ]
    if is_token(low) or is_token(high) or low < high:
        return []
    if not math.isfinite(low) or not math.isfinite(high):
        return []  # NaN or infinity: the template's own check names it
    if low == high and first == ">=" and second == "<=":
        return [
            (
                prop,
                f"is {shown}, a range of the one number {low!r}: EventBridge refuses a range "
                "whose bottom is not below its top ('Bottom must be less than top')",
                f"write {{'numeric': ['=', {low!r}]}}",
            )
        ]
    return [
        (
            prop,
            f"is {shown}, which no number matches: none is {first} {low!r} and {second} "
            f"{high!r} (EventBridge also refuses a range whose bottom is not below its top)",
            f"write the lower bound below the upper one, e.g. {{'numeric': [{first!r}, "
            f"{high!r}, {second!r}, {low!r}]}}"
            if low != high
            else f"write {{'numeric': ['=', {low!r}]}} for that number",
        )
    ]
