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

__all__ = ["MalformedBatchError", "Record", "json_body", "process_batch"]


class MalformedBatchError(ValueError):
    """The batch has a record that cannot be reported as a batch item failure."""


def process_batch(
    event: Mapping[str, Any], handle: Callable[[dict[str, Any]], object]
) -> dict[str, Any]:
    """Calls ``handle`` for each SQS record; returns the ``batchItemFailures`` response.

    ``handle`` gets each record as a dict (a callback typed ``Mapping[str, Any]`` or
    ``dict[str, Any]`` both fit); its return value is ignored, an exception fails the
    record.

    On a FIFO queue (an ``eventSourceARN`` ending in ``.fifo``), a failure stops only the
    failed record's message group (``attributes.MessageGroupId``): the group's later
    records in the batch are reported as failures without being attempted, so SQS
    redelivers them after the failed one and the group keeps its order. Records of other
    groups are still processed. (A FIFO record without a group id counts as one group
    with every other such record.)

    Every record must have a non-empty string ``messageId``, the only way to report it as
    failed. SQS always sends one; if a record has none, this raises
    :class:`MalformedBatchError` (and logs it) before any record is attempted, so the
    whole invocation fails, nothing has run twice, and SQS retries the whole batch (after
    ``max_receive_count`` receives it is in the dead-letter queue).
    """
    records: list[dict[str, Any]] = []
    for index, raw in enumerate(event.get("Records", [])):
        record = raw if isinstance(raw, dict) else dict(raw) if isinstance(raw, Mapping) else {}
        records.append(record)
        message_id = record.get("messageId")
        if not isinstance(message_id, str) or not message_id:
            error = (
                f"record {index} of the batch has no messageId (got {message_id!r}): it cannot "
                "be reported as a batch item failure, so the whole batch fails and is retried"
            )
            logger.error(json.dumps({"message": "malformed batch", "error": error}))
            raise MalformedBatchError(error)

    failures: list[dict[str, str]] = []
    stopped_groups: set[object] = set()
    for record in records:
        message_id = record["messageId"]
        group = _message_group(record)
        if group is not _NO_GROUP and group in stopped_groups:
            failures.append({"itemIdentifier": message_id})
            continue
        try:
            handle(record)
        except Exception:
            logger.exception(json.dumps({"message": "record failed", "messageId": message_id}))
            failures.append({"itemIdentifier": message_id})
            if group is not _NO_GROUP:
                stopped_groups.add(group)
    return {"batchItemFailures": failures}


def json_body(record: Record) -> Any:
    """The record's body parsed as JSON (raises ValueError on a malformed body)."""
    return json.loads(record["body"])


_NO_GROUP = object()  # a standard queue's record: its failure stops nothing else


def _message_group(record: Record) -> object:
    """The record's FIFO message group id (None if missing), or _NO_GROUP off FIFO.

    Only the queue decides: standard queues (fair queues) may carry a MessageGroupId too,
    but do not promise order within it.
    """
    if not str(record.get("eventSourceARN", "")).endswith(".fifo"):
        return _NO_GROUP
    attributes = record.get("attributes")
    return attributes.get("MessageGroupId") if isinstance(attributes, Mapping) else None
