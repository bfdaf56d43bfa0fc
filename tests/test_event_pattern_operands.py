"""EventBridge's rules for a comparison operator's operand, without synthesizing (pure
logic): a network that is none is a problem; the ranges and networks EventBridge matches
are not (the numeric rules' own cases: tests/test_event_patterns.py)."""

from __future__ import annotations

from typing import Any

import pytest

from constructs_lib._event_pattern_operands import operand_problems


def _never_a_token(value: Any) -> bool:
    return False


def _is_token(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("${Token")


@pytest.mark.parametrize(
    ("operator", "operand"),
    [
        ("numeric", [">", 0, "<", 10]),
        ("numeric", [">", -1.5, "<", -1]),
        ("numeric", ["=", 3]),
        ("numeric", [">", "${Token[Min]}", "<", 1]),  # a deploy-time bound
        ("cidr", "10.0.0.0/24"),
        ("cidr", "10.0.0.1/24"),  # host bits set: still a network
        ("cidr", "192.0.2.7"),
        ("cidr", "2001:db8::/32"),
    ],
)
def test_operands_eventbridge_matches_have_no_problem(operator: str, operand: Any) -> None:
    assert operand_problems("detail['a'][0]", operator, operand, _is_token) == []


# Proves (user trial, bad37): each synthesized a rule that never fires, or whose pattern
# EventBridge refuses at deploy
@pytest.mark.parametrize(
    ("operator", "operand", "what", "fix"),
    [
        (
            "cidr",
            "10.0.0.0/33",
            "is '10.0.0.0/33', not an IPv4 or IPv6 network (address/prefix length)",
            "write e.g. {'cidr': '10.0.0.0/24'} or {'cidr': '2001:db8::/32'}",
        ),
        (
            "cidr",
            "10.0.0/24",
            "is '10.0.0/24', not an IPv4 or IPv6 network (address/prefix length)",
            "write e.g. {'cidr': '10.0.0.0/24'} or {'cidr': '2001:db8::/32'}",
        ),
    ],
)
def test_an_operand_no_value_satisfies_is_a_problem(
    operator: str, operand: Any, what: str, fix: str
) -> None:
    assert operand_problems("detail['a'][0]", operator, operand, _never_a_token) == [
        (f"detail['a'][0]['{operator}']", what, fix)
    ]
