"""SQS records as Lambda's event source mapping hands them to a QueueWorker's function, for
:mod:`constructs_lib_runtime.testing`: the message and the attributes SQS sends with it
(strings, as in the event: ``"ApproximateReceiveCount": "2"``), a FIFO queue's and a fair
queue's (a standard queue whose senders pass a MessageGroupId) too."""

from __future__ import annotations

import hashlib
import itertools
import re
from typing import Any

from constructs_lib_runtime._event_checks import (
    SQS_MAX_MESSAGE_BYTES,
    check_count,
    check_records,
    check_size,
    check_sqs_body,
    check_text,
)
from constructs_lib_runtime._kinds import kind_of
from constructs_lib_runtime._request_parts import ACCOUNT, REGION
from constructs_lib_runtime._sqs_message_attributes import record_attributes
from constructs_lib_runtime._times import utc_instant

__all__ = ["sqs_event", "sqs_record"]

_CALL = "sqs_record"
_QUEUE_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
# a MessageGroupId's and MessageDeduplicationId's characters (SendMessage): letters,
# digits and ASCII punctuation, 1 to 128 of them
_FIFO_ID = re.compile(r"[A-Za-z0-9!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]{1,128}")
_SEQUENCE = itertools.count(1)  # a FIFO queue's sequence numbers only grow
_FIRST_SEQUENCE = 18849496460467696128  # the shape of one in Lambda's example event
_MAX_SEQUENCE = 2**128 - 1  # SQS's sequence numbers are 128 bits long
_SENT_AT = "2026-05-04T09:00:00Z"  # the time of the other builders' events


def sqs_record(
    body: str,
    message_id: str = "m-1",
    queue: str = "uploads",
    *,
    group_id: str | None = None,
    deduplication_id: str | None = None,
    sequence_number: str | None = None,
    fifo: bool | None = None,
    receive_count: int = 1,
    sent_at: object = _SENT_AT,
    message_attributes: object = None,
) -> dict[str, Any]:
    """The record Lambda's SQS event source mapping hands the function for a message; with
    ``group_id``, a FIFO queue's (its ARN ends in ``.fifo``, as process_batch reads it), or
    with ``fifo=False`` too a fair queue's: a standard queue whose sender passed a
    ``MessageGroupId`` (SQS fair queues), which carries it and nothing else of FIFO's.

    ``fifo``: whether the queue is a FIFO queue. Default: a FIFO queue's record when
    ``group_id`` is given, a standard queue's otherwise. ValueError for ``fifo=True``
    without ``group_id`` and for ``fifo=False`` with a queue named ``*.fifo``,
    ``deduplication_id`` or ``sequence_number``.

    Its ``attributes`` are strings, as SQS sends them: ``ApproximateReceiveCount``
    (``receive_count``: 2 and more for a message received before, whose processing
    failed or timed out), ``SentTimestamp`` and ``ApproximateFirstReceiveTimestamp``
    (``sent_at``, ISO 8601 text or a datetime with a time zone, in epoch milliseconds) and
    ``SenderId``; a FIFO queue's also ``MessageGroupId``, ``MessageDeduplicationId``
    (``deduplication_id``, the sender's; Default: the message id) and ``SequenceNumber``
    (``sequence_number``, digits; Default: the next of this process, each record later
    in the queue than the one made before). ValueError for what only a FIFO queue's
    message carries (``deduplication_id``, ``sequence_number``) on a standard queue's.

    ``message_attributes``: the sender's ``MessageAttributes`` by name, each a str (String),
    a number (Number), bytes (Binary) or boto3's ``{"DataType": ..., "StringValue": ...}``;
    in the record as Lambda hands them (``messageAttributes``, with
    ``md5OfMessageAttributes``). ValueError for one SQS refuses (more than 10, an empty
    value, a name of ``AWS.``), the body and attributes over SQS's size too.
    """
    body, message_id = check_text(_CALL, "body", body), check_text(_CALL, "message_id", message_id)
    queue = check_text(_CALL, "queue", queue)
    group_id = check_text(_CALL, "group_id", group_id, optional=True)
    deduplication_id = check_text(_CALL, "deduplication_id", deduplication_id, optional=True)
    sequence_number = check_text(_CALL, "sequence_number", sequence_number, optional=True)
    for argument, given in (("message_id", message_id), ("group_id", group_id)):
        if given == "":
            raise ValueError(
                f"{_CALL}: {argument} is ''; SQS gives every message {argument}, never empty. "
                f"Fix: pass one, e.g. {argument}={'m-1' if argument == 'message_id' else 'g-1'!r}"
            )
    check_sqs_body(_CALL, "body", body)
    attributes_given, attributes_md5, attributes_size = record_attributes(message_attributes)
    if attributes_size:  # SQS counts them toward the message's size
        check_size(
            _CALL,
            "body with message_attributes",
            len(body.encode()) + attributes_size,
            SQS_MAX_MESSAGE_BYTES,
            "SQS",
        )
    fifo = _is_fifo(fifo, group_id)
    _check_queue(queue, group_id, fifo)
    _check_fifo_only(
        group_id, fifo, deduplication_id=deduplication_id, sequence_number=sequence_number
    )
    # before check_count, whose "0 or more" a negative count would get: 0 is none either
    if type(receive_count) is int and receive_count < 1:
        raise ValueError(
            f"{_CALL}: receive_count is {receive_count}; a message Lambda hands the function "
            "has been received at least once. Fix: pass receive_count=1 (its first "
            "delivery), 2 and more for a delivery again"
        )
    check_count(_CALL, "receive_count", receive_count)
    sent = utc_instant(_CALL, "sent_at", sent_at, f"sent_at={_SENT_AT!r}")
    sent_ms = str(int(sent.timestamp() * 1000))
    attributes = {
        "ApproximateReceiveCount": str(receive_count),
        "SentTimestamp": sent_ms,
        "SenderId": "AIDAEXAMPLES3",
        "ApproximateFirstReceiveTimestamp": sent_ms,
    }
    if group_id is not None and not fifo:  # a fair queue's: the group, no FIFO attributes
        attributes["MessageGroupId"] = group_id
    elif group_id is not None:
        queue = queue if queue.endswith(".fifo") else f"{queue}.fifo"
        attributes |= {
            "SequenceNumber": _sequence(sequence_number),
            "MessageGroupId": group_id,
            "MessageDeduplicationId": message_id if deduplication_id is None else deduplication_id,
        }
    return {
        "messageId": message_id,
        "receiptHandle": f"handle-{message_id}",
        "body": body,
        "attributes": attributes,
        "messageAttributes": attributes_given,
        "md5OfBody": hashlib.md5(body.encode(), usedforsecurity=False).hexdigest(),
        **({"md5OfMessageAttributes": attributes_md5} if attributes_md5 else {}),
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}",
        "awsRegion": REGION,
    }


def sqs_event(*records: dict[str, Any]) -> dict[str, Any]:
    """The event a QueueWorker's function gets: ``records`` (see :func:`sqs_record`).
    TypeError for a record that is not a dict (a list of them: unpack it), ValueError for
    none, another source's record (``stream_record(...)``) or records of two queues."""
    check_records("sqs_event", records, "aws:sqs", "sqs_record")
    # a record built by hand without its queue's ARN (a malformed one a test feeds
    # process_batch) names no queue to compare
    queues = {record["eventSourceARN"] for record in records if "eventSourceARN" in record}
    if len(queues) > 1:
        raise ValueError(
            f"sqs_event: the records are of {len(queues)} queues ({sorted(map(str, queues))}); "
            "an event holds the messages of one queue, its event source mapping's. Fix: "
            "build them with one queue= (and group_id= on a FIFO queue), or one event per queue"
        )
    return {"Records": list(records)}


def _is_fifo(fifo: object, group_id: str | None) -> bool:
    """``fifo`` as given (a bool), else whether ``group_id`` is: a group made a FIFO queue's
    record before fair queues took one, and such calls keep building the same record."""
    if fifo is None:
        return group_id is not None
    if not isinstance(fifo, bool):
        raise TypeError(
            f"{_CALL}: fifo is {kind_of(fifo)}. Fix: pass fifo=True (a FIFO queue's "
            "record) or fifo=False (a standard queue's), or leave it out"
        )
    if fifo and group_id is None:
        raise ValueError(
            f"{_CALL}: fifo=True without group_id; SQS refuses a message to a FIFO queue "
            "without a MessageGroupId. Fix: pass the group the sender gives, e.g. "
            "group_id='g-1'"
        )
    return fifo


def _check_queue(queue: str, group_id: str | None, fifo: bool) -> None:
    """``queue`` is a queue's name, a FIFO queue's given with its messages' group."""
    if not _QUEUE_NAME.fullmatch(queue.removesuffix(".fifo")) or len(queue) > 80:
        fix = (
            f"queue={queue.rpartition(':')[2]!r}" if queue.startswith("arn:") else "queue='uploads'"
        )
        raise ValueError(
            f"{_CALL}: queue {queue!r} is no SQS queue name (up to 80 letters, digits, '-' and "
            f"'_', a FIFO queue's ending in '.fifo'). Fix: pass the queue's name, {fix}"
        )
    if not fifo and group_id is not None and queue.endswith(".fifo"):
        raise ValueError(
            f"{_CALL}: queue {queue!r} is a FIFO queue (only FIFO queues' names end in "
            "'.fifo'), but fifo=False builds a standard queue's record. Fix: pass a standard "
            f"queue's name, queue={queue.removesuffix('.fifo')!r}, or leave fifo out"
        )
    if group_id is None and queue.endswith(".fifo"):
        # only FIFO queues' names end in .fifo, and SQS refuses a message to one without
        # a group: process_batch would read such a record as no group's
        raise ValueError(
            f"{_CALL}: queue {queue!r} is a FIFO queue, whose every message carries a "
            "MessageGroupId (SQS refuses one without it). Fix: pass the group the sender "
            f"gives, e.g. group_id='g-1', or a standard queue's name, "
            f"queue={queue.removesuffix('.fifo')!r}"
        )


def _check_fifo_only(group_id: str | None, fifo: bool, **given: str | None) -> None:
    """What only a FIFO queue's message carries comes with its group; ids SQS takes."""
    for argument, value in given.items():
        if value is not None and group_id is not None and not fifo:
            raise ValueError(
                f"{_CALL}: {argument} is given with fifo=False; a fair queue's messages carry "
                f"their MessageGroupId but no {_ATTRIBUTES[argument]}, which only a FIFO "
                f"queue's carry. Fix: leave {argument} out, or leave fifo out (a FIFO "
                "queue's record)"
            )
        if value is not None and group_id is None:
            raise ValueError(
                f"{_CALL}: {argument} is given for a standard queue's record; only a FIFO "
                f"queue's messages carry a {_ATTRIBUTES[argument]}. Fix: pass the message's "
                f"group_id=... too (a FIFO queue's record), or leave {argument} out"
            )
    for argument, value in (("group_id", group_id), *given.items()):
        if argument == "sequence_number" or value is None:
            continue
        if not _FIFO_ID.fullmatch(value):
            raise ValueError(
                f"{_CALL}: {argument} {value!r} is none SQS takes: 1 to 128 letters, digits "
                "and ASCII punctuation (no space), so no message carries it. Fix: pass "
                f"one, e.g. {argument}={_taken(value) or 'g-1'!r}"
            )


def _taken(value: str) -> str:
    """``value`` as SQS would take it: spaces as '-', other refused characters (non-ASCII
    letters, control characters) left out, at most 128 of them."""
    dashed = "-".join(value.split())
    return "".join(char for char in dashed if _FIFO_ID.fullmatch(char))[:128]


_ATTRIBUTES = {
    "deduplication_id": "MessageDeduplicationId",
    "sequence_number": "SequenceNumber",
}


def _sequence(given: str | None) -> str:
    """A FIFO message's ``SequenceNumber``: ``given`` (digits, 128 bits at most), else the
    next of this process (a given one draws none)."""
    if given is None:
        return str(_FIRST_SEQUENCE + next(_SEQUENCE))
    if not given.isascii() or not given.isdigit() or int(given) > _MAX_SEQUENCE:
        raise ValueError(
            f"{_CALL}: sequence_number {given!r} is none SQS gives: digits of a number of "
            "at most 128 bits. Fix: pass one, e.g. sequence_number='18849496460467696128', "
            "or leave it out"
        )
    return given
