"""Reacts to ``OrderStored`` events (EventBridge, through an EventHandler): marks the
order confirmed.

The event's detail is ``{"order_id": str}``. Confirming is idempotent (EventBridge and
Lambda deliver at least once): the first delivery sets ``status`` to ``CONFIRMED`` and
``confirmed_at``; later ones change nothing. An event that is not an OrderStored event of
a stored order raises ``InvalidEvent``: Lambda retries it, then the EventHandler's
dead-letter queue keeps it for a human.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import ClientError
from orders_table import ORDER_ID, table

logger = logging.getLogger("order_events")


class InvalidEvent(ValueError):
    """The event can never be handled as is."""


def confirm(event: Any, context: Any) -> dict[str, str]:
    order_id = order_id_of(event)
    try:
        table().update_item(
            Key={"order_id": order_id},
            UpdateExpression="SET #status = :confirmed, confirmed_at = :now",
            ConditionExpression="attribute_exists(order_id) AND "
            "(attribute_not_exists(#status) OR #status <> :confirmed)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":confirmed": "CONFIRMED",
                ":now": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        if "Item" not in exc.response:  # no such order: nothing to confirm
            raise InvalidEvent(f"order {order_id} is not stored") from None
        # already confirmed by an earlier delivery
    logger.info(json.dumps({"message": "order confirmed", "order_id": order_id}))
    return {"order_id": order_id, "status": "CONFIRMED"}


def order_id_of(event: Any) -> str:
    if not isinstance(event, dict) or event.get("detail-type") != "OrderStored":
        raise InvalidEvent("not an OrderStored event")
    detail = event.get("detail")
    order_id = detail.get("order_id") if isinstance(detail, dict) else None
    if not isinstance(order_id, str) or not ORDER_ID.match(order_id):
        raise InvalidEvent("detail.order_id must be 1-64 letters, digits, '-' or '_'")
    return order_id


__all__ = ["InvalidEvent", "confirm", "order_id_of"]
