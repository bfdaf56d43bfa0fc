"""EventBridge's rules for the operand of a comparison operator in an event pattern
(``{"numeric": [">", 0]}``, ``{"cidr": "10.0.0.0/24"}``), checked before deploy (pure: no
aws_cdk import; the caller says which values are tokens). An operand EventBridge refuses
fails the deploy; one that no value satisfies makes a rule that never fires."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from constructs_lib._jsii import described, given

__all__ = ["COMPARISONS", "IsToken", "PatternProblem", "operand_problems"]

#: (prop, what is wrong, the fix), as Validator.add takes them.
PatternProblem = tuple[str, str, str]
IsToken = Callable[[Any], bool]

#: The comparisons of a ``numeric`` operator.
COMPARISONS = ("=", "<", "<=", ">", ">=")
_NUMERIC_FIX = "write e.g. {'numeric': ['>', 0]} or {'numeric': ['>=', 10, '<', 20]}"
#: Operators whose operand is a string (prefix and suffix also take an object such as
#: {'equals-ignore-case': 'x'}).
_STRING_OPERANDS = ("prefix", "suffix", "cidr", "equals-ignore-case", "wildcard")


def operand_problems(
    prop: str, operator: str, operand: Any, is_token: IsToken
) -> list[PatternProblem]:
    """What EventBridge refuses in an operator's operand (else the deploy fails), and a
    range or network no value is in."""
    if is_token(operand):
        return []
    where = f"{prop}['{operator}']"
    if operator == "numeric":
        return _numeric_problems(where, operand, is_token)
    if operator == "exists" and not isinstance(operand, bool):
        return [
            (
                where,
                f"is {described(operand)}; exists takes True or False",
                "write {'exists': True} or {'exists': False}",
            )
        ]
    if operator in _STRING_OPERANDS and not isinstance(operand, str):
        if operator in ("prefix", "suffix") and isinstance(operand, Mapping):
            return []
        return [
            (
                where,
                f"is {described(operand)}; {operator} takes a string",
                f"write {{'{operator}': 'text'}}",
            )
        ]
    if operator == "cidr":
        return _cidr_problems(where, operand)
    return []


def _numeric_problems(prop: str, operand: Any, is_token: IsToken) -> list[PatternProblem]:
    if not isinstance(operand, list | tuple) or len(operand) not in (2, 4):
        return [
            (
                prop,
                f"is {given(operand)}; numeric takes [comparison, number] or two of them",
                _NUMERIC_FIX,
            )
        ]
    for index in range(0, len(operand), 2):
        comparison, number = operand[index], operand[index + 1]
        if comparison not in COMPARISONS:
            return [
                (
                    prop,
                    f"has {comparison!r} where a comparison belongs (one of "
                    f"{', '.join(COMPARISONS)})",
                    _NUMERIC_FIX,
                )
            ]
        if not is_token(number) and (
            isinstance(number, bool) or not isinstance(number, int | float)
        ):
            return [(prop, f"compares with {described(number)}, not a number", _NUMERIC_FIX)]
    return _empty_range_problems(prop, operand, is_token)


def _empty_range_problems(
    prop: str, operand: Sequence[Any], is_token: IsToken
) -> list[PatternProblem]:
    """A lower and an upper bound that no number lies between (``['>', 10, '<', 5]``, or
    ``['>', 5, '<=', 5]``): the rule never fires."""
    bounds = dict(zip(operand[::2], operand[1::2], strict=True))
    lower = next(((c, bounds[c]) for c in (">", ">=") if c in bounds), None)
    upper = next(((c, bounds[c]) for c in ("<", "<=") if c in bounds), None)
    if lower is None or upper is None or is_token(lower[1]) or is_token(upper[1]):
        return []
    inclusive = lower[0] == ">=" and upper[0] == "<="
    if lower[1] < upper[1] or (inclusive and lower[1] == upper[1]):
        return []
    fix = (
        f"write {{'numeric': ['=', {lower[1]!r}]}} for that one number, or widen the range"
        if lower[1] == upper[1]
        else "put the lower bound below the upper one, e.g. {'numeric': "
        f"['{lower[0]}', {upper[1]!r}, '{upper[0]}', {lower[1]!r}]}}"
    )
    return [
        (
            prop,
            f"is {list(operand)!r}: no number is {lower[0]} {lower[1]!r} and "
            f"{upper[0]} {upper[1]!r}, so the rule never fires",
            fix,
        )
    ]


def _cidr_problems(prop: str, operand: str) -> list[PatternProblem]:
    try:
        ipaddress.ip_network(operand, strict=False)
    except ValueError:
        return [
            (
                prop,
                f"is {operand!r}, not an IPv4 or IPv6 network (address/prefix length)",
                "write e.g. {'cidr': '10.0.0.0/24'} or {'cidr': '2001:db8::/32'}",
            )
        ]
    return []
