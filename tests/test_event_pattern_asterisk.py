"""An event pattern's value with ``*`` written where EventBridge compares it literally (a
plain value, a prefix's or suffix's operand): a warning naming the wildcard operator that
reads ``*`` as any characters, since such a rule matches only values holding an asterisk
(user trial newcomer50: ``source=["expenses.*"]`` deployed a rule that never fired)."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import Annotations as CdkAnnotations
from aws_cdk import aws_events as events
from aws_cdk.assertions import Annotations, Match

from constructs_lib import EventHandler
from constructs_lib._event_pattern_asterisk import PATTERN_VALUE_ASTERISK_WARNING
from tests.support import echo_handler, new_stack, warnings_of


def _warnings(pattern: Any) -> list[str]:
    stack = new_stack()
    EventHandler(stack, "Handler", handler=echo_handler(), event_pattern=pattern)
    return warnings_of(stack, PATTERN_VALUE_ASTERISK_WARNING)


@pytest.mark.parametrize(
    ("pattern", "where", "wildcard"),
    [
        ({"source": ["expenses.*"]}, "['source'][0]", "expenses.*"),
        (
            events.EventPattern(source=["x"], detail_type=["Expense*"]),
            "['detail-type'][0]",
            "Expense*",
        ),
        (
            {"source": ["x"], "detail": {"key": [{"prefix": "receipts/*"}]}},
            "['detail']['key'][0]['prefix']",
            "receipts/*",
        ),
        (  # a prefix's operand is followed by anything: the wildcard says so
            {"source": ["x"], "detail": {"key": [{"prefix": "receipts/*.pdf"}]}},
            "['detail']['key'][0]['prefix']",
            "receipts/*.pdf*",
        ),
        (
            {"source": ["x"], "detail": {"key": [{"suffix": "*.csv"}]}},
            "['detail']['key'][0]['suffix']",
            "*.csv",
        ),
        (
            {"source": ["x"], "detail": {"$or": [{"a": ["1"]}, {"b": ["*"]}]}},
            "['detail']['$or'][1]['b'][0]",
            "*",
        ),
    ],
    ids=["source", "EventPattern", "prefix", "prefix inner", "suffix", "$or"],
)  # fmt: skip
def test_an_asterisk_compared_literally_warns_naming_the_wildcard(
    pattern: Any, where: str, wildcard: str
) -> None:
    (warning,) = _warnings(pattern)
    assert f"`event_pattern{where}` is " in warning
    assert "matches only an asterisk" in warning
    assert f"Fix: write {{'wildcard': {wildcard!r}}}" in warning


def test_the_wildcard_operator_numbers_and_plain_values_do_not_warn() -> None:
    pattern = {
        "source": ["expenses.api"],
        "detail-type": [{"wildcard": "Expense*"}],
        "detail": {
            "amount": [{"numeric": [">", 5]}],
            "ip": [{"cidr": "10.0.0.0/24"}],
            "receipt": [{"exists": True}],
            "key": [{"wildcard": "receipts/*.pdf"}],
        },
    }
    assert _warnings(pattern) == []


def test_the_warning_is_acknowledged_where_values_hold_an_asterisk() -> None:
    stack = new_stack()
    handler = EventHandler(
        stack, "Handler", handler=echo_handler(), event_pattern={"source": ["vendor*legacy"]}
    )
    CdkAnnotations.of(handler).acknowledge_warning(
        PATTERN_VALUE_ASTERISK_WARNING, "the vendor's source is literally vendor*legacy"
    )
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    assert not [e for e in found if PATTERN_VALUE_ASTERISK_WARNING in str(e.entry.data)]
