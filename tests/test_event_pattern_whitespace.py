"""An event pattern's value with whitespace around it (pasted): a warning naming the value
as EventBridge compares it, since such a rule never fires; values without it, numbers
and networks do not warn (bad inputs, round 39)."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import aws_events as events

from constructs_lib import EventHandler
from constructs_lib._event_pattern_whitespace import PATTERN_VALUE_WHITESPACE_WARNING
from tests.support import echo_handler, new_stack, warnings_of


def _warnings(pattern: Any) -> list[str]:
    stack = new_stack()
    EventHandler(stack, "Handler", handler=echo_handler(), event_pattern=pattern)
    return warnings_of(stack, PATTERN_VALUE_WHITESPACE_WARNING)


@pytest.mark.parametrize(
    ("pattern", "where", "value"),
    [
        ({"source": ["my.app\n"]}, "['source'][0]", "my.app"),
        ({"source": ["x"], "detail-type": [" OrderPlaced"]}, "['detail-type'][0]", "OrderPlaced"),
        (events.EventPattern(source=["x"], detail_type=["Paid "]), "['detail-type'][0]", "Paid"),
        (
            {"source": ["x"], "detail": {"key": [{"prefix": " in/"}]}},
            "['detail']['key'][0]['prefix']",
            "in/",
        ),
        # a line break at a prefix's end is pasted, not the space between two words
        (
            {"source": ["x"], "detail-type": [{"prefix": "Order\n"}]},
            "['detail-type'][0]['prefix']",
            "Order",
        ),
        (
            {"source": ["x"], "detail-type": [{"suffix": "Placed "}]},
            "['detail-type'][0]['suffix']",
            "Placed",
        ),
    ],
    ids=["source", "detail-type", "EventPattern", "prefix", "prefix line break", "suffix"],
)
def test_a_value_with_whitespace_around_it_warns(pattern: Any, where: str, value: str) -> None:
    # Proves (bad inputs, round 39): it synthesized a rule that never fires, silently
    (warning,) = _warnings(pattern)
    assert f"`event_pattern{where}` is " in warning
    assert f"Fix: write {value!r}" in warning


def test_values_without_whitespace_numbers_and_networks_do_not_warn() -> None:
    pattern = {
        "source": ["my.app"],
        "detail-type": ["Order Placed"],  # a space inside is a value's own
        "detail": {
            "total": [{"numeric": [">", 0]}],
            "ip": [{"cidr": "10.0.0.0/24"}],
            "note": [{"exists": True}],
        },
    }
    assert _warnings(pattern) == []


def test_a_space_at_the_inner_end_of_a_prefix_or_suffix_does_not_warn() -> None:
    # Proves (sweep39b): {"prefix": "Order "} matches "Order Placed" and not "OrderBook";
    # it warned that the rule never fires, and its fix 'Order' matched both
    pattern = {
        "source": ["x"],
        "detail-type": [{"prefix": "Order "}, {"suffix": " Placed"}],
        "detail": {
            "path": [{"anything-but": {"prefix": "tmp/ "}}],
            "name": [{"prefix": {"equals-ignore-case": "order "}}],
        },
    }
    assert _warnings(pattern) == []
