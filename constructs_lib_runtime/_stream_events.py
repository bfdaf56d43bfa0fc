"""A StreamWorker's event, for :mod:`constructs_lib_runtime.testing`: the records of one
shard in its order, and a tumbling window's fields beside them."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from constructs_lib_runtime._event_checks import check_records
from constructs_lib_runtime._stream_records import stream_arn
from constructs_lib_runtime._stream_windows import window_fields

__all__ = ["stream_event"]

_BUILDER = "stream_record"


def stream_event(
    *records: dict[str, Any],
    window: tuple[str | datetime, str | datetime] | None = None,
    state: Mapping[str, Any] | None = None,
    final: bool = False,
) -> dict[str, Any]:
    """The event a StreamWorker's function gets: ``records`` (see :func:`stream_record`),
    in their shard's order: of one table's stream, their sequence numbers growing.
    ValueError for none (but in a window's event: Lambda calls a window's function without
    records too), another source's record (``sqs_record(...)``), records of two streams, of
    two view types or with keys of two schemas, or out of order; TypeError for a record
    that is not a dict.

    With ``window``, a StreamWorker's with ``tumbling_window``: the window's ``(start,
    end)`` (ISO 8601 strings, ``"2026-05-04T09:00:00Z"``, or datetimes with a time zone),
    the ``state`` the function returned with the window's previous batch (default ``{}``:
    its first batch; JSON, as Lambda carries it) and ``final``, the window's last call
    (``isFinalInvokeForWindow``), with the shard and stream Lambda names beside them."""
    if records or window is None:
        check_records("stream_event", records, "aws:dynamodb", _BUILDER)
    streams = {record.get("eventSourceARN") for record in records}
    if len(streams) > 1:
        raise ValueError(
            f"stream_event: the records are of {len(streams)} streams "
            f"({sorted(map(str, streams))}); an event holds one shard's records. Fix: build "
            "them with one table= (or one event per table)"
        )
    _check_one_table(records)
    numbers = [record.get("dynamodb", {}).get("SequenceNumber") for record in records]
    for index, (before, after) in enumerate(itertools.pairwise(numbers), start=1):
        if all(isinstance(n, str) and n.isdigit() for n in (before, after)) and int(after) <= int(
            before
        ):
            raise ValueError(
                f"stream_event: records[{index}] has the sequence number {after}, not after "
                f"records[{index - 1}]'s {before}; a shard's records come in the order written "
                "(process_batch reports the first that failed, assuming it). Fix: pass them "
                "in order, or leave sequence_number= out"
            )
    event: dict[str, Any] = {"Records": list(records)}
    if window is None:
        if state is not None or final is not False:
            raise TypeError(
                "stream_event: state and final are a tumbling window's (a StreamWorker without "
                "tumbling_window gets neither). Fix: pass window=(start, end) too"
            )
        return event
    arn = records[0].get("eventSourceARN") if records else None  # a hand-built one may lack it
    stream = arn if isinstance(arn, str) else stream_arn("orders")
    return {**event, **window_fields(window, state, final, stream)}


def _check_one_table(records: tuple[dict[str, Any], ...]) -> None:
    """The records are as one table's stream writes them: of its one view type, their
    keys naming its key attributes (ValueError otherwise). A record built by hand without
    them names neither, and is not compared."""
    changes = [r["dynamodb"] for r in records if isinstance(r.get("dynamodb"), Mapping)]
    views = sorted({str(c["StreamViewType"]) for c in changes if "StreamViewType" in c})
    if len(views) > 1:
        raise ValueError(
            f"stream_event: the records are of {len(views)} view types ({views}); a table's "
            "stream keeps one for all its records. Fix: build them with one view_type= (the "
            "table's stream's)"
        )
    schemas = sorted(
        {tuple(sorted(c["Keys"])) for c in changes if isinstance(c.get("Keys"), Mapping)}
    )
    if len(schemas) > 1:
        raise ValueError(
            f"stream_event: the records' keys name different attributes "
            f"({[list(schema) for schema in schemas]}); each record's Keys are the table's "
            "partition key (and sort key), the same for every item. Fix: pass every key "
            "attribute in each stream_record's keys"
        )
