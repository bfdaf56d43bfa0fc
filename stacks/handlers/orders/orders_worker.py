"""Order processing worker: SQS messages in, orders stored in DynamoDB.

Each message body is an order: ``{"order_id": str, "customer": str,
"items": [{"sku": str, "quantity": int 1..1000}, ...]}`` (strings of valid Unicode, the
customer not blank, the order_id 1-64 letters, digits, '-' or '_'). A malformed order raises, so
``process_batch`` reports just that message as failed: SQS redelivers it and, after
the queue's ``max_receive_count``, moves it to the dead-letter queue for a human. The
other messages of the batch are stored and deleted.

Storing is idempotent (SQS delivers at least once, producers may send twice): each item
keeps a ``fingerprint``, the SHA-256 of its content (customer and items), and when the
order_id is already stored, the stored fingerprint is compared. The same order again is a
success; a different order reusing the order_id raises ``ConflictingOrder``, so that
message is retried and then dead-lettered instead of being deleted and lost.

With ``EVENT_BUS_NAME`` set, every stored order is announced on that EventBridge bus as
an ``OrderStored`` event (source ``constructs-lib.orders``, detail ``{"order_id": ...}``),
also for a redelivery of an order already stored: the event is sent at least once (a
failed send fails the message, which is retried), so its handlers must be idempotent.

Logs and traces come from Powertools for AWS Lambda (its layer, ``Handler(powertools=True)``):
one JSON line per stored, rejected or conflicting order with ``order_id`` and
``message_id`` (plus the Lambda context: request id, function name, cold start), and an
X-Ray subsegment per order annotated with its ``order_id`` (searchable in X-Ray).
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Tracer
from botocore.exceptions import ClientError
from orders_table import ORDER_ID, table

from constructs_lib_runtime.sqs_batch import json_body, process_batch

# Service name from POWERTOOLS_SERVICE_NAME (set by Handler(powertools=True)).
logger = Logger()
tracer = Tracer()


class InvalidOrder(ValueError):
    """The message can never be processed as is; retrying will not help."""


class ConflictingOrder(InvalidOrder):
    """A different order with the same order_id is already stored."""


@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_batch(event, store_order, context)  # stops short of the timeout


@tracer.capture_method
def store_order(record: dict[str, Any]) -> None:
    try:
        order = parse_order(record)
    except InvalidOrder as exc:
        logger.warning("order rejected", message_id=record.get("messageId"), reason=str(exc))
        raise
    tracer.put_annotation(key="order_id", value=order["order_id"])
    duplicate = False
    try:
        table().put_item(
            Item=order,
            ConditionExpression="attribute_not_exists(order_id)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        stored = exc.response.get("Item")  # ALL_OLD: the stored item, low-level JSON
        if stored is None or _stored_fingerprint(stored) != order["fingerprint"]:
            raise _conflict(order, stored) from None
        duplicate = True  # the same order again (redelivery or a duplicate send)
    announce(order["order_id"])
    logger.info(
        "order stored",
        order_id=order["order_id"],
        message_id=order["message_id"],
        items=len(order["items"]),
        duplicate=duplicate,
    )


EVENT_SOURCE = "constructs-lib.orders"
EVENT_DETAIL_TYPE = "OrderStored"
_events: Any = None


def announce(order_id: str) -> None:
    """Puts an ``OrderStored`` event on ``EVENT_BUS_NAME`` (nothing without it)."""
    global _events
    bus = os.environ.get("EVENT_BUS_NAME")
    if not bus:
        return
    if _events is None:
        _events = boto3.client("events")
    result = _events.put_events(
        Entries=[
            {
                "Source": EVENT_SOURCE,
                "DetailType": EVENT_DETAIL_TYPE,
                "Detail": json.dumps({"order_id": order_id}),
                "EventBusName": bus,
            }
        ]
    )
    if result.get("FailedEntryCount"):
        raise RuntimeError(f"OrderStored for {order_id} was not accepted: {result['Entries']}")


def _conflict(order: dict[str, Any], stored: dict[str, Any] | None) -> ConflictingOrder:
    stored_by = _plain(stored.get("message_id")) if stored else None
    logger.error(
        "order_id already stored with different content",
        order_id=order["order_id"],
        message_id=order["message_id"],
        stored_message_id=stored_by,
    )
    return ConflictingOrder(
        f"order {order['order_id']} is already stored with different content "
        f"(message {stored_by}); this message ({order['message_id']}) is not stored"
    )


def fingerprint(customer: str, lines: list[dict[str, Any]]) -> str:
    """SHA-256 of an order's content: what makes two orders with one order_id the same."""
    content = {
        "customer": customer,
        "items": [[line["sku"], int(line["quantity"])] for line in lines],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _stored_fingerprint(item: Any) -> str | None:
    """The fingerprint of a stored item (client or low-level shape); computed for items
    stored before fingerprints existed."""
    item = {name: _plain(value) for name, value in item.items()}
    if isinstance(item.get("fingerprint"), str):
        return str(item["fingerprint"])
    try:
        return fingerprint(item["customer"], item["items"])
    except (KeyError, TypeError, ValueError):
        return None


def _plain(value: Any) -> Any:
    """A DynamoDB low-level attribute value ({"S": ...}) as a plain value; others as is."""
    if isinstance(value, dict) and len(value) == 1:
        ((kind, inner),) = value.items()
        if kind in ("S", "N"):
            return inner
        if kind == "L":
            return [_plain(v) for v in inner]
        if kind == "M":
            return {k: _plain(v) for k, v in inner.items()}
    return value


def parse_order(record: dict[str, Any]) -> dict[str, Any]:
    try:
        body = json_body(record)  # its strings valid Unicode: a lone surrogate is refused
    except json.JSONDecodeError:
        raise InvalidOrder("body is not JSON") from None
    except ValueError as error:  # JSON it cannot hand on (1e400, "\ud800"): it says why
        raise InvalidOrder(str(error)) from None
    if not isinstance(body, dict):
        raise InvalidOrder("body must be a JSON object")
    order_id, customer, items = body.get("order_id"), body.get("customer"), body.get("items")
    if not isinstance(order_id, str) or not ORDER_ID.match(order_id):
        raise InvalidOrder("order_id must be 1-64 letters, digits, '-' or '_'")
    if not isinstance(customer, str) or not customer.strip():
        raise InvalidOrder("customer must be a non-empty string")
    if not isinstance(items, list) or not items:
        raise InvalidOrder("items must be a non-empty list")
    lines = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("sku"), str):
            raise InvalidOrder("each item needs a string sku")
        quantity = item.get("quantity")
        if type(quantity) is not int or not 1 <= quantity <= 1000:
            raise InvalidOrder("each item quantity must be an integer from 1 to 1000")
        lines.append({"sku": item["sku"], "quantity": quantity})
    return {
        "order_id": order_id,
        "customer": customer.strip(),
        "items": lines,
        "fingerprint": fingerprint(customer.strip(), lines),
        "received_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "message_id": record["messageId"],
    }


__all__ = [
    "EVENT_DETAIL_TYPE",
    "EVENT_SOURCE",
    "ConflictingOrder",
    "InvalidOrder",
    "announce",
    "fingerprint",
    "handler",
    "parse_order",
    "store_order",
]
