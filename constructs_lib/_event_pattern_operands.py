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
