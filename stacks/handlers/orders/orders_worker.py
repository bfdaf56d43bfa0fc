"""Order processing worker: SQS messages in, orders stored in DynamoDB.

Each message body is an order: ``{"order_id": str, "customer": str,
"items": [{"sku": str, "quantity": int 1..1000}, ...]}``. A malformed order raises, so
``process_batch`` reports just that message as failed: SQS redelivers it and, after
the queue's ``max_receive_count``, moves it to the dead-letter queue for a human. The
other messages of the batch are stored and deleted. Storing is idempotent (SQS
delivers at least once): a redelivered order that is already stored is a success.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.exceptions import ClientError

from constructs_lib_runtime.sqs_batch import json_body, process_batch

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_table: Any = None


class InvalidOrder(ValueError):
    """The message can never be processed as is; retrying will not help."""


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_batch(event, store_order)


def store_order(record: dict[str, Any]) -> None:
    order = parse_order(record)
    try:
        table().put_item(Item=order, ConditionExpression="attribute_not_exists(order_id)")
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise


def parse_order(record: dict[str, Any]) -> dict[str, Any]:
    try:
        body = json_body(record)
    except ValueError:
        raise InvalidOrder("body is not JSON") from None
    if not isinstance(body, dict):
        raise InvalidOrder("body must be a JSON object")
    order_id, customer, items = body.get("order_id"), body.get("customer"), body.get("items")
    if not isinstance(order_id, str) or not _ID.match(order_id):
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
        "received_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "message_id": record["messageId"],
    }


def table() -> Any:
    global _table
    name = os.environ["ORDERS_TABLE"]
    if _table is None or _table.name != name:
        _table = boto3.resource("dynamodb").Table(name)
    return _table


__all__ = ["InvalidOrder", "handler", "parse_order", "store_order"]
