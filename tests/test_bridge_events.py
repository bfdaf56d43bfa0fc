"""constructs_lib_runtime.bridge_events: an EventHandler's event read into a typed value,
with the testing builder's events as the rule delivers them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from constructs_lib_runtime.bridge_events import BridgeEvent, MalformedBridgeEvent, bridge_event
from constructs_lib_runtime.testing import eventbridge_event, sqs_event, sqs_record

ORDER = {"orderId": "o-1", "amount": 1250, "coupon": None, "addedLater": "x"}


@dataclass(frozen=True)
class OrderPlaced:
    orderId: str
    amount: int
    note: str = ""
    tags: list[str] = field(default_factory=list)


def test_an_event_is_read_with_its_envelope_and_its_typed_detail() -> None:
    # GIVEN the event a rule delivers for an order
    event = eventbridge_event(
        "shop.orders", "OrderPlaced", ORDER, event_id="e-1", time="2026-05-04T09:00:01+02:00"
    )
    # WHEN the handler reads it, saying what it handles
    placed = bridge_event(event, source="shop.orders", detail_type=("OrderPlaced", "OrderEdited"))
    # THEN every envelope field is typed, and the detail is the dataclass (unknown keys left out)
    assert placed == BridgeEvent(
        id="e-1",
        source="shop.orders",
        detail_type="OrderPlaced",
        detail=ORDER,
        account=event["account"],
        region=event["region"],
        time=datetime(2026, 5, 4, 7, 0, 1, tzinfo=UTC),
        resources=(),
        replay_name=None,
    )
    assert placed.detail_as(OrderPlaced) == OrderPlaced(orderId="o-1", amount=1250)


def test_a_replayed_event_says_so() -> None:
    # GIVEN an event replayed from the orders bus's archive (EventBridge adds replay-name)
    event = {**eventbridge_event("shop.orders", "OrderPlaced", ORDER), "replay-name": "fix-42"}
    # WHEN read / THEN the handler can tell it from a live one
    assert bridge_event(event).replay_name == "fix-42"


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (ORDER, "has no 'id', 'detail-type', 'source', 'account', 'time', 'region', 'detail'"),
        (ORDER, "maybe only the detail, or an input transformer's output"),
        (
            sqs_event(sqs_record("{}")),
            "(it has Records: a queue's, a stream's or S3's event). Fix: handle only",
        ),
        ("text", "the event is a str, not EventBridge's event (an object). Fix: pass"),
        (
            {**eventbridge_event("a", "B"), "detail": "{}"},
            "the event's 'detail' is not what EventBridge writes",
        ),
        ({**eventbridge_event("a", "B"), "time": "yesterday"}, "the event's time 'yesterday'"),
    ],
)
def test_what_no_rule_delivers_is_refused_saying_what_it_is(event: object, message: str) -> None:
    # WHEN the handler gets what is not a rule's whole event (only its detail, say)
    # THEN it raises a ValueError naming what is missing: Lambda retries and dead-letters it
    with pytest.raises(MalformedBridgeEvent, match=re.escape(message)):
        bridge_event(event)


def test_an_event_the_handler_does_not_handle_is_refused_naming_the_pattern() -> None:
    event = eventbridge_event("shop.billing", "NightlyClose", {}, event_id="e-9")
    with pytest.raises(MalformedBridgeEvent) as raised:
        bridge_event(event, source=["shop.orders"])
    assert str(raised.value) == (
        "event e-9 has source 'shop.billing', not 'shop.orders' as the handler expects: its "
        "rule's event_pattern lets it through. Fix: change the EventHandler's event_pattern "
        "to match only those, or pass source= with this one too"
    )
    with pytest.raises(MalformedBridgeEvent, match="has detail_type 'NightlyClose', not 'A'"):
        bridge_event(event, detail_type="A")


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            {"source": 5},
            TypeError,
            "bridge_event: source is an int; it is the source (a str) or those (a list of str) "
            "the handler handles. Fix: pass source='shop.orders' or "
            "source=['shop.orders', ...]",
        ),
        (  # a dict was read as its keys
            {"detail_type": {"OrderPlaced": True}},
            TypeError,
            "bridge_event: detail_type is a dict; it is the detail_type (a str) or those (a list "
            "of str) the handler handles. Fix: pass detail_type='OrderPlaced' or "
            "detail_type=['OrderPlaced', ...]",
        ),
        (
            {"source": ["shop.orders", None]},
            TypeError,
            "bridge_event: source is a list; it is the source (a str) or those (a list of str) "
            "the handler handles. Fix: pass source='shop.orders' or "
            "source=['shop.orders', ...]",
        ),
        (  # every event refused, each as another rule's
            {"source": []},
            ValueError,
            "bridge_event: source is empty, which admits no event. Fix: leave source out for "
            "any, or list them: source=['shop.orders', ...]",
        ),
    ],
    ids=["int", "dict", "None among", "empty"],
)
def test_what_the_handler_handles_is_a_str_or_a_list_of_them(
    arguments: dict[str, object], error: type[Exception], message: str
) -> None:
    event = eventbridge_event("shop.orders", "OrderPlaced", ORDER)
    with pytest.raises(error) as raised:
        bridge_event(event, **arguments)  # type: ignore[arg-type]
    assert str(raised.value) == message
    # a tuple, a set and a frozenset are lists of them too
    for sources in (("shop.orders",), {"shop.orders"}, frozenset({"shop.orders"})):
        assert bridge_event(event, source=sources).source == "shop.orders"


def test_a_detail_without_a_required_field_names_it() -> None:
    placed = bridge_event(eventbridge_event("shop.orders", "OrderPlaced", {"orderId": "o-2"}))
    with pytest.raises(MalformedBridgeEvent) as raised:
        placed.detail_as(OrderPlaced)
    assert "has no 'amount', which OrderPlaced requires (it has 'orderId')" in str(raised.value)
    assert str(raised.value).endswith("Fix: give the field a default if senders may leave it out")


def test_detail_as_takes_a_dataclass_only() -> None:
    placed = bridge_event(eventbridge_event("shop.orders", "OrderPlaced", ORDER))
    with pytest.raises(TypeError, match=r"detail_as takes a dataclass, not <class 'dict'>\. Fix"):
        placed.detail_as(dict)
