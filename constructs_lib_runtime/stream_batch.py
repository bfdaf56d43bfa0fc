"""Partial batch failures for functions reading a DynamoDB table's stream (StreamWorker).

    from constructs_lib_runtime.stream_batch import process_batch

    def handler(event, context):
        return process_batch(event, handle_change)   # handle_change(record) -> None

A stream is read in order, so a batch fails at its first failure: the records before it
are done (Lambda checkpoints them) and the failed record is reported by its
``SequenceNumber``, the only ``itemIdentifier`` a stream takes. The records after it are
not attempted here: Lambda retries the batch from the failed record (after
``retry_attempts`` the batch is skipped and its pointers go to the dead-letter queue).
Reporting a later record as well would not help: Lambda retries from the lowest sequence
number reported, and the records between would run twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from constructs_lib_runtime._callbacks import check_handle, check_returned
from constructs_lib_runtime._log_lines import log
from constructs_lib_runtime._time_left import TimeLeft
from constructs_lib_runtime.sqs_batch import (
    MalformedBatchError,
    _batch_records,
    _malformed,
    _shown,
)

logger: logging.Logger = logging.getLogger(__name__)

__all__ = ["MalformedBatchError", "process_batch"]

_CALL = "process_batch(event, handle)"
_EVENT_FIX = "pass the event Lambda sends a StreamWorker's function, as the handler receives it"


def process_batch(
    event: Mapping[str, Any], handle: Callable[[dict[str, Any]], object], context: object = None
) -> dict[str, Any]:
    """Calls ``handle`` for each stream record in order until one fails; returns the
    ``batchItemFailures`` response: empty, or the failed record's ``SequenceNumber``.

    ``handle`` gets each record as a dict (``record["eventName"]`` is ``INSERT``, ``MODIFY``
    or ``REMOVE``; ``record["dynamodb"]`` holds ``Keys``, ``NewImage`` and ``OldImage`` as
    the table's stream view has them, in DynamoDB JSON: ``{"S": "a"}``, boto3's
    ``TypeDeserializer`` reads them); an exception fails the record and stops the batch,
    and so does a return value that says failure (``False``, an exception returned,
    ``{"itemIdentifier": ...}``, a ``batchItemFailures`` response naming any, a
    ``statusCode`` of 400 or more); any other return value is ignored. A
    ``BaseException`` that is not an ``Exception`` (``SystemExit``, ...) stops it the same
    way; ``KeyboardInterrupt`` is not caught.

    With the handler's ``context``, no record starts when the time left is less than the
    longest record so far took plus half a second: that record is reported, so Lambda
    keeps the records done and retries from it, instead of the invocation timing out and
    the whole batch being retried (a context whose ``get_remaining_time_in_millis()`` gives
    no number, or no time left as the batch starts, a test's stand-in, sets no deadline).

    Every record must be an object with a non-empty string ``dynamodb.SequenceNumber``,
    the only way to report it, and ``Records`` a list (``{}`` is an empty batch). Lambda
    always sends them; otherwise this raises :class:`MalformedBatchError` (and logs it)
    before any record is attempted, so the invocation fails and Lambda retries the batch.
    ``handle`` that is not callable, or is an ``async def`` or generator function, is a
    ``TypeError`` before any record is attempted; a call that returns a coroutine or
    generator all the same fails its record (its work never ran).
    """
    check_handle(
        handle, _CALL, "record", noun="record", example="process_batch(event, handle_change)"
    )
    time_left = TimeLeft(context)
    records = _records(event)
    # read before any callback runs: one may change its record (or, holding the event, others)
    found = [
        (
            change["dynamodb"]["SequenceNumber"],
            change.get("eventName"),
            change["dynamodb"].get("Keys"),
        )
        for change in records
    ]
    for record, (sequence_number, event_name, keys) in zip(records, found, strict=True):
        if not time_left.enough():
            log(
                logger,
                logging.WARNING,
                "batch stopped before the timeout; it is retried from this record",
                remainingMs=time_left.stopped_ms(),
                sequenceNumber=sequence_number,
            )
            return {"batchItemFailures": [{"itemIdentifier": sequence_number}]}
        try:
            check_returned(time_left.run(handle, record), _CALL, "record")
        except KeyboardInterrupt:
            raise
        except BaseException:  # the batch stops here either way
            log(
                logger,
                logging.ERROR,
                "record failed; the batch stops here and is retried from it",
                exc_info=True,
                sequenceNumber=sequence_number,
                eventName=event_name,
                # the item, which the dead-letter queue's pointers do not name, and the
                # stream keeps 24 hours only (its key, never its images)
                keys=keys,
            )
            return {"batchItemFailures": [{"itemIdentifier": sequence_number}]}
    return {"batchItemFailures": []}


def _records(event: Any) -> list[dict[str, Any]]:
    """The event's records as dicts; MalformedBatchError if one cannot be reported."""
    records = _batch_records(
        event,
        lambda: (
            f"the event is not a stream event with a Records list (got {_shown(event)}): "
            "its records cannot be reported as batch item failures, so the whole batch fails. "
            "Fix: pass the event the handler receives (a dict with a Records list)"
        ),
        lambda: (
            f"the event is not a DynamoDB stream event: it has no Records (keys "
            f"{_shown(sorted(map(str, event)))}); process_batch handles the batches Lambda "
            f"sends a StreamWorker's function, so nothing was processed. Fix: {_EVENT_FIX}"
        ),
    )
    for index, record in enumerate(records):
        change = record.get("dynamodb")
        number = change.get("SequenceNumber") if isinstance(change, Mapping) else None
        if not isinstance(number, str) or not number:
            sqs = "messageId" in record
            hint = ": it is an SQS message (use constructs_lib_runtime.sqs_batch)" if sqs else ""
            fix = (
                "use constructs_lib_runtime.sqs_batch.process_batch for a QueueWorker's records"
                if sqs
                else _EVENT_FIX
            )
            _malformed(
                f"record {index} of the batch has no dynamodb.SequenceNumber (got "
                f"{_shown(number)}){hint}; it cannot be reported as a batch item failure, so "
                f"the whole batch fails and is retried. Fix: {fix}"
            )
    return records
