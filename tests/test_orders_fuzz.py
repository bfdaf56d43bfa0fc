"""Fuzz of the demo's order handlers (seeded, tests/runtime_fuzz.py), against moto DynamoDB.

The order worker gets random SQS batches (good orders, orders breaking one rule of the
documented schema, redeliveries, a different order reusing an order_id, bodies that are
not orders); exactly the messages the schema or the conflict rule rejects must be
reported, and every other order stored once; a batch SQS never sends (``Records`` not a
list, a record without a messageId) must fail whole, before any order is stored. The
confirmation handler gets random events;
it must confirm a stored order's OrderStored event and raise ``InvalidEvent`` for any
other, nothing else.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Iterator
from typing import Any

import order_events
import orders_table
import orders_worker
import pytest
from moto import mock_aws

from constructs_lib_runtime.sqs_batch import MalformedBatchError
from tests.event_source import LambdaContext
from tests.moto_support import create_orders_table, fake_aws
from tests.runtime_fuzz import SEED, case, hostile, json_text, mutate, text, value

BATCHES, EVENTS = 80, 300
#: The documented order_id: 1-64 letters, digits, '-' or '_' (nothing else, no newline).
ORDER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
BAD_ORDER_IDS = ("", "o 1", "o-1\n", "o/1", "ö", "x" * 65, "\u0661", "o-1\x00")
ARN = "arn:aws:sqs:us-east-1:123456789012:orders"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> Iterator[Any]:
    fake_aws(monkeypatch, ORDERS_TABLE="orders")
    monkeypatch.delenv("EVENT_BUS_NAME", raising=False)
    monkeypatch.setattr(orders_table, "_table", None)
    # one log line per order and a traceback per failure: thousands of lines, no signal
    level = orders_worker.logger.log_level
    orders_worker.logger.setLevel(logging.CRITICAL)
    caplog.set_level(logging.CRITICAL)  # process_batch's line per failed record
    with mock_aws():
        yield create_orders_table()
    orders_worker.logger.setLevel(level)


def _order(rng: random.Random, order_id: str) -> dict[str, Any]:
    customer = rng.choice(("ada", " bob ", "Zoë 😀", "x" * 500, "\t c \n"))
    items = [
        {"sku": rng.choice(("A-1", "", "é", "s" * 100)), "quantity": rng.randint(1, 1000)}
        for _ in range(rng.randint(1, 4))
    ]
    order = {"order_id": order_id, "customer": customer, "items": items}
    if rng.random() < 0.1:
        order["note"] = value(rng)  # extra fields are ignored
    return order


def _broken(rng: random.Random, order: dict[str, Any]) -> Any:
    """``order`` breaking one rule of the schema (or not an order at all)."""
    roll = rng.random()
    if roll < 0.2:
        return {**order, "order_id": rng.choice((*BAD_ORDER_IDS, hostile(rng, jsonable=True)))}
    if roll < 0.35:
        customer = rng.choice(("", "  ", "\ud800", "a\udfff", hostile(rng, jsonable=True)))
        return {**order, "customer": customer}
    if roll < 0.65:
        items = [dict(item) for item in order["items"]]
        item = rng.choice(items)
        item.update(mutate(rng, item, ("sku", "quantity"), jsonable=True))
        item["quantity"] = rng.choice((0, 1001, True, 1.0, "1", -1, 2**70, item.get("quantity")))
        if rng.random() < 0.3:
            item["sku"] = rng.choice(("\ud800", 5, None))
        return {**order, "items": rng.choice((items, [], {}, "A-1", [None]))}
    if roll < 0.8:
        return mutate(rng, order, ("order_id", "customer", "items"), jsonable=True)
    return value(rng)


def _valid(body: Any) -> bool:
    """The documented schema, read independently of the worker."""

    def unicode(raw: Any) -> bool:
        return isinstance(raw, str) and raw == raw.encode("utf-8", "replace").decode()

    if not isinstance(body, dict):
        return False
    order_id, customer, items = body.get("order_id"), body.get("customer"), body.get("items")
    if not isinstance(order_id, str) or not ORDER_ID.fullmatch(order_id):
        return False
    if not unicode(customer) or not customer.strip():
        return False
    if not isinstance(items, list) or not items:
        return False
    if not all(
        isinstance(item, dict)
        and unicode(item.get("sku"))
        and type(item.get("quantity")) is int
        and 1 <= item["quantity"] <= 1000
        for item in items
    ):
        return False
    # DynamoDB stores items of up to 400 KB: a larger order fails at put_item, is reported
    size = len(customer.encode()) + sum(len(item["sku"].encode()) for item in items)
    return size < 400_000


def _content(order: dict[str, Any]) -> tuple[Any, ...]:
    lines = tuple((item["sku"], item["quantity"]) for item in order["items"])
    return (order["customer"].strip(), lines)


def _body(rng: random.Random, index: int, number: int, sent: dict[str, Any]) -> str:
    order = _order(rng, f"o-{index}-{number}")
    roll = rng.random()
    if sent and roll < 0.1:  # the same order again: a redelivery or a duplicate send
        return json.dumps(sent[rng.choice(sorted(sent))])
    if sent and roll < 0.15:  # another order reusing an order_id: a conflict
        return json.dumps({**order, "order_id": rng.choice(sorted(sent))})
    if roll < 0.6:
        return json.dumps(order)
    return json.dumps(_broken(rng, order)) if roll < 0.9 else json_text(rng)


def test_the_order_worker_reports_exactly_the_rejected_orders(aws: Any) -> None:
    sent: dict[str, Any] = {}  # order_id -> the good order stored under it
    for index in range(BATCHES):
        rng = case(SEED, index)
        records, expected = [], []
        for number in range(rng.randint(1, 10)):
            message_id = f"m-{index}-{number}"
            body = _body(rng, index, number, sent)
            order = _parsed(body)
            if _valid(order) and _content(sent.get(order["order_id"], order)) == _content(order):
                sent.setdefault(order["order_id"], order)
            else:
                expected.append({"itemIdentifier": message_id})
            records.append({"messageId": message_id, "body": body, "eventSourceARN": ARN})
        response = orders_worker.handler({"Records": records}, LambdaContext())
        assert response == {"batchItemFailures": expected}, f"case {index}"
    items = aws.scan()["Items"]
    assert {item["order_id"]: _content(item) for item in items} == {
        order_id: _content(order) for order_id, order in sent.items()
    }


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is no JSON number")


def _parsed(body: str) -> Any:
    """The body as JSON (not Python's extensions NaN and Infinity), or None; None too for
    what JSON cannot hand on (json_body refuses it): infinity from 1e400, a lone surrogate
    anywhere (an ignored field's too)."""
    try:
        parsed = json.loads(body, parse_constant=_not_json)
        json.dumps(parsed, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        return None
    return parsed


def _event(rng: random.Random, stored: list[str]) -> Any:
    order_id = rng.choice(stored) if rng.random() < 0.5 else text(rng)
    event: dict[str, Any] = {
        "version": "0",
        "detail-type": "OrderStored",
        "source": orders_worker.EVENT_SOURCE,
        "detail": {"order_id": order_id},
    }
    roll = rng.random()
    if roll < 0.1:
        event["detail"] = {"order_id": rng.choice((*BAD_ORDER_IDS, hostile(rng)))}
    elif roll < 0.25:
        event = mutate(rng, event, ("detail-type", "detail", "source"))
    elif roll < 0.3:
        return hostile(rng)
    return event


def test_the_confirmation_handler_confirms_stored_orders_and_rejects_anything_else(
    aws: Any,
) -> None:
    stored = [f"o-{n}" for n in range(5)]
    for order_id in stored:
        aws.put_item(Item={"order_id": order_id, "customer": "ada"})
    for index in range(EVENTS):
        event = _event(case(SEED, index), stored)
        detail = event.get("detail") if isinstance(event, dict) else None
        order_id = detail.get("order_id") if isinstance(detail, dict) else None
        confirmable = (
            isinstance(event, dict)
            and event.get("detail-type") == "OrderStored"
            and order_id in stored
        )
        if confirmable:
            assert order_events.confirm(event, None) == {
                "order_id": order_id,
                "status": "CONFIRMED",
            }, f"case {index}"
        else:
            with pytest.raises(order_events.InvalidEvent):
                order_events.confirm(event, None)


def _malformed(rng: random.Random, records: list[dict[str, Any]]) -> Any:
    """A batch SQS never sends: ``Records`` not a list, or a record without a messageId."""
    roll = rng.random()
    if roll < 0.2:
        return rng.choice((None, "Records", [], 5))
    if roll < 0.4:
        return {"Records": rng.choice((None, "m-0", {"0": records[0]}, 5))}
    broken = [dict(record) for record in records]
    position = rng.randrange(len(broken))
    if roll < 0.6:
        broken[position] = rng.choice((None, "m-0", ["m-0"], 5))
    else:
        broken[position] = mutate(rng, broken[position], ("messageId",), jsonable=True)
        broken[position]["messageId"] = rng.choice(("", None, 5, ["m"], {"id": "m"}))
    return {"Records": broken}


def test_a_malformed_batch_fails_whole_before_any_order_is_stored(aws: Any) -> None:
    for index in range(BATCHES // 2):
        rng = case(SEED, index)
        records = [
            {"messageId": f"m-{n}", "body": json.dumps(_order(rng, f"o-{index}-{n}"))}
            for n in range(rng.randint(1, 10))
        ]
        with pytest.raises(MalformedBatchError):
            orders_worker.handler(_malformed(rng, records), LambdaContext())
    assert aws.scan()["Count"] == 0
