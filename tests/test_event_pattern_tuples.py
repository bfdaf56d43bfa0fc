"""An event pattern written with tuples where EventBridge's JSON has lists (a Python
habit: ``{"source": ("orders",)}``): the same rule as with lists. A tuple of strings
reached jsii as is, whose kernel failed with an AttributeError (bad inputs, round 39)."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk.assertions import Template

from constructs_lib import EventHandler
from tests.support import echo_handler, new_stack


def _pattern(pattern: dict[str, Any]) -> Any:
    stack = new_stack()
    EventHandler(stack, "Handler", handler=echo_handler(), event_pattern=pattern)
    (rule,) = Template.from_stack(stack).find_resources("AWS::Events::Rule").values()
    return rule["Properties"]["EventPattern"]


@pytest.mark.parametrize(
    "tuples",
    [
        {"source": ("orders",), "detail-type": ("OrderPlaced", "OrderPaid")},
        {"source": ("orders", {"prefix": "orders."})},
        {"source": ["orders"], "detail": {"status": ("paid",), "total": ({"numeric": [">", 0]},)}},
    ],
    ids=["strings", "operators", "detail"],
)
def test_a_pattern_of_tuples_is_the_pattern_of_lists(tuples: dict[str, Any]) -> None:
    def as_lists(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: as_lists(item) for key, item in value.items()}
        return [as_lists(item) for item in value] if isinstance(value, tuple | list) else value

    assert _pattern(tuples) == _pattern(as_lists(tuples))
