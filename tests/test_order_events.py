"""OrderStored: the order worker announces each stored order on EventBridge and the
confirmation handler marks it confirmed, idempotently (moto: DynamoDB, EventBridge, SQS).

moto does not run Lambda, so the test plays EventBridge: a rule on the bus delivers the
events to an SQS queue the test reads, and each is handed to the confirmation handler.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import order_events
import orders_table
import orders_worker
import pytest
from moto import mock_aws

from tests.moto_support import create_orders_table, fake_aws

ORDER = {"order_id": "o-1", "customer": "ada", "items": [{"sku": "A-1", "quantity": 2}]}


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    fake_aws(monkeypatch)
    with mock_aws():
        create_orders_table()
        sqs = boto3.client("sqs")
        queue_url = sqs.create_queue(QueueName="announced")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        events = boto3.client("events")
        events.put_rule(
            Name="orders",
            EventPattern=json.dumps(
                {"source": [orders_worker.EVENT_SOURCE], "detail-type": ["OrderStored"]}
            ),
        )
        events.put_targets(Rule="orders", Targets=[{"Id": "q", "Arn": queue_arn}])
        monkeypatch.setenv("ORDERS_TABLE", "orders")
        monkeypatch.setenv("EVENT_BUS_NAME", "default")
        monkeypatch.setattr(orders_table, "_table", None)
        monkeypatch.setattr(orders_worker, "_events", None)
        yield {"sqs": sqs, "queue_url": queue_url}


def _record(body: dict[str, Any], message_id: str = "m-1") -> dict[str, Any]:
    return {"messageId": message_id, "body": json.dumps(body), "eventSourceARN": "arn:q"}


def _announced(aws: dict[str, Any]) -> list[dict[str, Any]]:
    messages = aws["sqs"].receive_message(QueueUrl=aws["queue_url"], MaxNumberOfMessages=10)
    return [json.loads(m["Body"]) for m in messages.get("Messages", [])]


def _stored(order_id: str) -> dict[str, Any]:
    return dict(
        boto3.resource("dynamodb").Table("orders").get_item(Key={"order_id": order_id})["Item"]
    )


def test_a_stored_order_is_announced_and_then_confirmed(aws: dict[str, Any]) -> None:
    # GIVEN an order message WHEN the worker stores it
    orders_worker.store_order(_record(ORDER))
    # THEN one OrderStored event names it
    (event,) = _announced(aws)
    assert (event["source"], event["detail-type"]) == ("constructs-lib.orders", "OrderStored")
    assert event["detail"] == {"order_id": "o-1"}
    # WHEN the confirmation handler gets the event THEN the order is confirmed
    assert order_events.confirm(event, None) == {"order_id": "o-1", "status": "CONFIRMED"}
    stored = _stored("o-1")
    assert stored["status"] == "CONFIRMED" and stored["confirmed_at"]


def test_a_redelivered_order_is_announced_again_and_confirming_twice_changes_nothing(
    aws: dict[str, Any],
) -> None:
    # GIVEN an order stored and confirmed
    orders_worker.store_order(_record(ORDER))
    (event,) = _announced(aws)
    order_events.confirm(event, None)
    confirmed_at = _stored("o-1")["confirmed_at"]
    # WHEN SQS delivers the message again (the first send may have failed after the store)
    orders_worker.store_order(_record(ORDER, "m-2"))
    # THEN it is announced again, and a second confirmation is a no-op
    (again,) = _announced(aws)
    order_events.confirm(again, None)
    assert _stored("o-1")["confirmed_at"] == confirmed_at


def test_no_bus_means_no_event(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN the worker without EVENT_BUS_NAME (the Networked demo: no EventBridge endpoint)
    monkeypatch.delenv("EVENT_BUS_NAME")
    orders_worker.store_order(_record(ORDER))
    assert _announced(aws) == []


@pytest.mark.parametrize(
    "event",
    [
        None,
        "OrderStored",
        {"detail-type": "Other", "detail": {"order_id": "o-1"}},
        {"detail-type": "OrderStored", "detail": "o-1"},
        {"detail-type": "OrderStored", "detail": {"order_id": "../etc"}},
        {"detail-type": "OrderStored", "detail": {"order_id": "unknown"}},
    ],
)
def test_events_that_cannot_be_handled_raise_so_they_reach_the_dead_letter_queue(
    aws: dict[str, Any], event: Any
) -> None:
    with pytest.raises(order_events.InvalidEvent):
        order_events.confirm(event, None)


def test_an_order_id_with_a_trailing_newline_is_not_an_order_id() -> None:
    # Proves (fuzz): ORDER_ID's "$" matched before a final newline, so "o-1\n" was taken
    # for a valid order_id
    event = {"detail-type": "OrderStored", "detail": {"order_id": "o-1\n"}}
    with pytest.raises(order_events.InvalidEvent, match=r"^detail\.order_id must be 1-64"):
        order_events.order_id_of(event)
