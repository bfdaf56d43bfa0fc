"""EventBridge's rules for the operand of a comparison operator in an event pattern
(``{"numeric": [">", 0]}``, ``{"cidr": "10.0.0.0/24"}``), checked before deploy (pure: no
aws_cdk import; the caller says which values are tokens). An operand EventBridge refuses
fails the deploy; one that no value satisfies makes a rule that never fires."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from constructs_lib._event_pattern_numeric import (
    COMPARISONS,
    IsToken,
    PatternProblem,
    numeric_problems,
)
from constructs_lib._jsii import described

__all__ = ["COMPARISONS", "IsToken", "PatternProblem", "operand_problems"]

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
        return numeric_problems(where, operand, is_token)
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
    if operator == "anything-but" and isinstance(operand, list | tuple):
        return _excluded_problems(where, operand, is_token)
    return []


def _excluded_problems(prop: str, values: Any, is_token: IsToken) -> list[PatternProblem]:
    """An ``anything-but`` list EventBridge refuses ("Event pattern is not valid"): as its
    matching engine, Event Ruler, compiles it, the values are all strings or all numbers,
    at least one, none null, true or false, a list or an object."""
    known = [value for value in values if not is_token(value)]
    strings = [value for value in known if isinstance(value, str)]
    numbers = [v for v in known if isinstance(v, int | float) and not isinstance(v, bool)]
    others = [v for v in known if not any(v is kept for kept in (*strings, *numbers))]
    fix = "write the values to exclude, all strings or all numbers: {'anything-but': ['x']}"
    if not values:
        return [(prop, "is an empty list, which EventBridge refuses (nothing to exclude)", fix)]
    if others:
        what = described(others[0])
        return [(prop, f"has {what}; anything-but lists only strings or only numbers", fix)]
    if strings and numbers:
        return [
            (
                prop,
                f"mixes strings ({strings[0]!r}) and numbers ({numbers[0]!r}), which EventBridge "
                "refuses in one anything-but list",
                "write them as the field's values are in the events: all strings (e.g. "
                f"{str(numbers[0])!r}) or all numbers",
            )
        ]
    return []


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
