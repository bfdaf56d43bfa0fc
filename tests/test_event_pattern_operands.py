"""EventBridge's rules for a comparison operator's operand, without synthesizing (pure
logic): a range no number lies in and a network that is none are problems; the ranges and
networks EventBridge matches are not."""

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
        ("numeric", ["<", 10, ">=", 0]),  # the upper bound first
        ("numeric", [">=", 5, "<=", 5]),  # exactly 5
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
            "numeric",
            [">", 10, "<", 5],
            "is ['>', 10, '<', 5]: no number is > 10 and < 5, so the rule never fires",
            "put the lower bound below the upper one, e.g. {'numeric': ['>', 5, '<', 10]}",
        ),
        (
            "numeric",
            ["<=", 5, ">", 5],
            "is ['<=', 5, '>', 5]: no number is > 5 and <= 5, so the rule never fires",
            "write {'numeric': ['=', 5]} for that one number, or widen the range",
        ),
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
