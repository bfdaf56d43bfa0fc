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
        ("anything-but", ["cancelled", "failed"]),
        ("anything-but", [0, 1.5, -2]),
        ("anything-but", ["${Token[Status]}", "failed"]),  # a deploy-time value
        ("anything-but", "cancelled"),
        ("anything-but", {"prefix": "test-"}),
        ("anything-but", {"equals-ignore-case": ["a", "B"]}),
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


# Proves (fix38): each synthesized, then failed the deploy: EventBridge's matching engine
# (Event Ruler) compiles an anything-but list of strings only or numbers only, one at least
@pytest.mark.parametrize(
    ("operand", "what"),
    [
        ([], "is an empty list, which EventBridge refuses (nothing to exclude)"),
        (["a", 1], "mixes strings ('a') and numbers (1), which EventBridge refuses"),
        ([None], "has None; anything-but lists only strings or only numbers"),
        ([1, True], "has True, a bool; anything-but lists only strings or only numbers"),
        ([["a"]], "has ['a'], a list; anything-but lists only strings or only numbers"),
    ],
)
def test_an_anything_but_list_eventbridge_refuses_is_a_problem(operand: Any, what: str) -> None:
    ((prop, problem, fix),) = operand_problems("detail['a'][0]", "anything-but", operand, _is_token)
    assert prop == "detail['a'][0]['anything-but']"
    assert problem.startswith(what)
    assert "all strings" in fix
