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

import logging
import reprlib
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from constructs_lib_runtime._callbacks import check_handle, check_returned
from constructs_lib_runtime._event_sources import event_fix, record_source, source_of
from constructs_lib_runtime._json import loads
from constructs_lib_runtime._kinds import kind_of
from constructs_lib_runtime._log_lines import log
from constructs_lib_runtime._time_left import TimeLeft

logger: logging.Logger = logging.getLogger(__name__)

Record = Mapping[str, Any]

__all__ = ["MalformedBatchError", "Record", "json_body", "process_batch"]

_CALL = "process_batch(event, handle)"
_EACH = "Fix: pass each record process_batch hands the callback, as SQS sends it"
_SEND_JSON = "send the message body as JSON text (json.dumps(value) in the producer)"


class MalformedBatchError(ValueError):
    """The batch has a record that cannot be reported as a batch item failure."""


def process_batch(
    event: Mapping[str, Any], handle: Callable[[dict[str, Any]], object], context: object = None
) -> dict[str, Any]:
    """Calls ``handle`` for each SQS record; returns the ``batchItemFailures`` response.

    ``handle`` gets each record as a dict (a callback typed ``Mapping[str, Any]`` or
    ``dict[str, Any]`` both fit); an exception fails the record. So does a return value
    that says failure (``False``, an exception returned, ``{"itemIdentifier": ...}``, a
    ``batchItemFailures`` response naming any, a ``statusCode`` of 400 or more: the
    record is reported, never deleted unhandled); any other return value is ignored. A
    record is reported once, however many records share its ``messageId``.

    On a FIFO queue (an ``eventSourceARN`` ending in ``.fifo``), a failure stops only the
    failed record's message group (``attributes.MessageGroupId``): the group's later
    records in the batch are reported as failures without being attempted, so SQS
    redelivers them after the failed one and the group keeps its order. Records of other
    groups are still processed. (A FIFO record without a string group id counts as one
    group with every other such record.)

    A ``BaseException`` that is not an ``Exception`` (``SystemExit`` from ``sys.exit()``,
    ``asyncio.CancelledError``, ...) stops the batch: its record and every record not yet
    attempted are reported, so none is lost and none that succeeded runs again.
    ``KeyboardInterrupt`` is not caught.

    With the handler's ``context``, no record starts when the time left is less than the
    longest record so far took plus half a second: that record and the ones after it are
    reported (retried) instead of the invocation timing out, which would fail the records
    done too (each received again: one more receive towards the dead-letter queue). A
    context whose ``get_remaining_time_in_millis()`` gives no number, or no time left as the
    batch starts (a test's stand-in: Powertools' ``LambdaContext()`` answers 0), sets no
    deadline. (A record that itself runs past the timeout still times the
    invocation out.)

    Every record must be an object with a non-empty string ``messageId``, the only way
    to report it as failed, and ``Records`` a list (``{}`` is an empty batch; an event
    with other keys and no ``Records``, API Gateway's, EventBridge's or a console test
    event, is not one). SQS always sends them; otherwise this raises
    :class:`MalformedBatchError` (and logs it) before any record is attempted, so the
    whole invocation fails, nothing has run twice, and SQS retries the whole batch (after
    ``max_receive_count`` receives it is in the dead-letter queue).

    ``handle`` that is not callable (``None``, a string), or is an ``async def`` or
    generator function (its body would never run), is a ``TypeError`` before any record
    is attempted: a mistake in the handler's code, not a bad record. A call that returns
    a coroutine or generator all the same (a lambda calling an async function) fails its
    record: its work never ran.
    """
    check_handle(
        handle, _CALL, "record", noun="record", example="process_batch(event, handle_order)"
    )
    time_left = TimeLeft(context)
    records = _records(event)
    # read before any callback runs: one may change its record (or, holding the event, others)
    message_ids = [record["messageId"] for record in records]
    groups = [_message_group(record) for record in records]
    failures: dict[str, None] = {}  # the reported messageIds, in order, once each
    stopped_groups: set[object] = set()
    for position, record in enumerate(records):
        message_id = message_ids[position]
        group = groups[position]
        if group is not _NO_GROUP and group in stopped_groups:
            failures[message_id] = None
            continue
        fields = _fields(record, message_id, group)  # before the callback changes anything
        if not time_left.enough():
            left = time_left.stopped_ms()
            _stopped(logging.WARNING, "batch stopped before the timeout", fields, remainingMs=left)
            failures.update(dict.fromkeys(message_ids[position:]))
            break
        try:
            check_returned(time_left.run(handle, record), _CALL, "record")
        except Exception:
            log(logger, logging.ERROR, "record failed", exc_info=True, **fields)
            failures[message_id] = None
            if group is not _NO_GROUP:
                stopped_groups.add(group)
        except KeyboardInterrupt:
            raise
        except BaseException:
            _stopped(logging.ERROR, "batch stopped", fields, exc_info=True)
            failures.update(dict.fromkeys(message_ids[position:]))
            break
    return {"batchItemFailures": [{"itemIdentifier": item} for item in failures]}


def _stopped(
    level: int, stop: str, fields: dict[str, object], *, exc_info: bool = False, **left: int
) -> None:
    """Logs the batch's stop at the record of ``fields``, reported with every one after it."""
    reported = f"{stop}: this record and the ones after it are reported"
    log(logger, level, reported, exc_info=exc_info, **left, **fields)


def json_body(record: Record) -> Any:
    """The record's body parsed as JSON.

    The body may be text or bytes (UTF-8; a leading byte order mark is skipped). Raises
    ValueError for a record that is not an object, a body that is missing, neither text
    nor bytes, or not JSON (nested more than 100 levels included, and ``NaN`` or
    ``Infinity``: Python's parser takes them, JSON has no such numbers), or with what JSON
    cannot hand on: a number beyond a float's range (``1e400``) or of more than 4300
    digits, a string with a lone surrogate (``"\\ud800"``). Each message ends in a
    ``Fix:`` sentence; a body that is not JSON is a ``json.JSONDecodeError`` (a ValueError)
    as before.
    """
    if not isinstance(record, Mapping):
        raise ValueError(f"the record is {kind_of(record)}, not an SQS record. {_EACH}")
    body = record.get("body")
    if body is None and "Records" in record:
        raise ValueError(
            "got a whole event (it has Records), not one SQS record of it. Fix: call "
            "json_body on each record process_batch hands the callback"
        )
    if not isinstance(body, (str, bytes, bytearray)):
        raise ValueError(f"the record's body is not a string (got {kind_of(body)}). {_EACH}")
    return loads(body, "the record's body", _SEND_JSON)


def _records(event: Any) -> list[dict[str, Any]]:
    """The event's records as dicts; MalformedBatchError if one cannot be reported."""
    records = _batch_records(
        event,
        lambda: (
            f"the event is not an SQS event with a Records list (got {_shown(event)}): its "
            "records cannot be reported as batch item failures, so the whole batch fails. "
            "Fix: pass the event the handler receives (a dict with a Records list)"
        ),
        # answering {"batchItemFailures": []} would tell its caller it all went well
        lambda: (
            f"the event is not an SQS event: it has no Records ({source_of(event)}, keys "
            f"{_shown(sorted(map(str, event)))}); process_batch handles the batches SQS "
            f"sends a QueueWorker's function, so nothing was processed. Fix: "
            f"{event_fix(event)}"
        ),
    )
    for index, record in enumerate(records):
        message_id = record.get("messageId")
        if not isinstance(message_id, str) or not message_id:
            source, fix = record_source(record)
            _malformed(
                f"record {index} of the batch has no messageId (got {_shown(message_id)})"
                f"{source}: it cannot be reported as a batch item failure, so the whole "
                f"batch fails and is retried. Fix: {fix}"
            )
    return records


def _batch_records(
    event: Any, not_a_list: Callable[[], str], no_records: Callable[[], str]
) -> list[dict[str, Any]]:
    """The event's ``Records`` as dicts (a record that is no object as ``{}``, for its
    caller to refuse); MalformedBatchError with ``not_a_list()`` when there is no list of
    them, with ``no_records()`` for another trigger's event (keys, no ``Records``), which
    would otherwise be answered as an empty batch's success. (Shared with stream_batch.)"""
    raw_records = event.get("Records", []) if isinstance(event, Mapping) else None
    if not isinstance(raw_records, (list, tuple)):
        _malformed(not_a_list())
    if isinstance(event, Mapping) and event and "Records" not in event:
        _malformed(no_records())
    return [
        raw if isinstance(raw, dict) else dict(raw) if isinstance(raw, Mapping) else {}
        for raw in raw_records
    ]


def _malformed(error: str) -> NoReturn:
    log(logger, logging.ERROR, "malformed batch", error=error)
    raise MalformedBatchError(error)


def _shown(value: object) -> str:
    """``value``'s repr, cut short (a log line, not a dump of the event)."""
    return reprlib.repr(value)


_NO_GROUP = object()  # a standard queue's record: its failure stops nothing else


def _fields(record: Record, message_id: str, group: object) -> dict[str, object]:
    """What finds a failed record in the log and in the dead-letter queue (where it keeps
    its messageId), and how often SQS has delivered it."""
    attributes = record.get("attributes")
    if not isinstance(attributes, Mapping):
        attributes = {}
    receives = attributes.get("ApproximateReceiveCount")
    return {
        "messageId": message_id,
        "receiveCount": receives,
        "messageGroupId": group if isinstance(group, str) else None,
    }


def _message_group(record: Record) -> object:
    """The record's FIFO message group id (None if missing or not a string: SQS sends a
    string, and a list could not be compared), or _NO_GROUP off FIFO.

    Only the queue decides: standard queues (fair queues) may carry a MessageGroupId too,
    but do not promise order within it.
    """
    arn = record.get("eventSourceARN")
    if not isinstance(arn, str) or not arn.endswith(".fifo"):
        return _NO_GROUP
    attributes = record.get("attributes")
    group = attributes.get("MessageGroupId") if isinstance(attributes, Mapping) else None
    return group if isinstance(group, str) else None
