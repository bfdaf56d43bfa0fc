"""Partial batch failures for SQS-triggered functions.

    from constructs_lib_runtime.sqs_batch import process_batch

    def handler(event, context):
        return process_batch(event, handle_order)   # handle_order(record) -> None

A record whose handler raises is reported in ``batchItemFailures``: SQS deletes the
other messages of the batch and redelivers only the failed ones, which reach the
dead-letter queue after ``max_receive_count`` receives. One poison message never fails
(and re-runs) the whole batch.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

logger = logging.getLogger(__name__)

Record = Mapping[str, Any]


def process_batch(
    event: Mapping[str, Any], handle: Callable[[dict[str, Any]], object]
) -> dict[str, Any]:
    """Calls ``handle`` for each SQS record; returns the ``batchItemFailures`` response.

    ``handle`` takes one record, typed ``dict[str, Any]`` (the decoded JSON event) or
    any supertype such as ``Mapping[str, Any]``; what it returns is ignored.

    On a FIFO queue, the first failure also fails every later record of the batch: SQS
    must not deliver a message group's later messages before an earlier one succeeds.
    """
    failures: list[dict[str, str]] = []
    for record in event.get("Records", []):
        message_id = record["messageId"]
        if failures and _is_fifo(record):
            failures.append({"itemIdentifier": message_id})
            continue
        try:
            handle(record)
        except Exception:
            logger.exception(json.dumps({"message": "record failed", "messageId": message_id}))
            failures.append({"itemIdentifier": message_id})
    return {"batchItemFailures": failures}


def json_body(record: Record) -> Any:
    """The record's body parsed as JSON (raises ValueError on a malformed body)."""
    return json.loads(record["body"])


def _is_fifo(record: Record) -> bool:
    return str(record.get("eventSourceARN", "")).endswith(".fifo")
