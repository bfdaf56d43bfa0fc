"""The EventBridge event of :mod:`constructs_lib_runtime.testing`: what an EventHandler's
function gets for an event a rule matched, as EventBridge delivers it."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from constructs_lib_runtime._event_checks import check_size, check_text
from constructs_lib_runtime._kinds import kind_of
from constructs_lib_runtime._request_parts import ACCOUNT, REGION
from constructs_lib_runtime._times import aws_time, utc_instant

#: PutEvents' limit on one entry (its source, detail type, detail and resources).
EVENT_MAX_BYTES = 256 * 1024


def eventbridge_event(
    source: str,
    detail_type: str,
    detail: Mapping[str, Any] | None = None,
    *,
    resources: Sequence[str] = (),
    event_id: str = "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    time: str | datetime = "2026-05-04T09:00:01Z",
) -> dict[str, Any]:
    """The event an ``EventHandler``'s function gets: ``{"version": "0", "id", "detail-type",
    "source", "account", "time", "region", "resources", "detail"}``.

    :param source: the event's ``source``, as its sender put it (``"data-team.ingest"``,
        ``"aws.s3"``).
    :param detail_type: its ``detail-type`` (``"ItemStored"``, ``"Object Created"``).
    :param detail: its ``detail``, a JSON object, given as parsed JSON: the function gets
        it as it would parse the sender's JSON (a tuple a list, keys strings). Default: ``{}``.
    :param resources: the ARNs the event names (AWS services' events name theirs).
    :param event_id: its ``id`` (a handler deduplicating deliveries keys on it).
    :param time: its ``time``: ISO 8601 text (``"2026-05-04T09:00:01Z"``, another offset
        or fractions of a second taken too) or a datetime with a time zone, written as
        EventBridge writes it, in UTC to the second (``"2026-05-04T07:00:01Z"`` for
        ``"2026-05-04T09:00:01.5+02:00"``). A time without a zone is refused: which one it
        is in is not known.

    TypeError for what EventBridge never delivers: a detail that is not a JSON object or
    holds a value JSON has not (a ``Decimal``, a ``datetime``: the sender serializes them);
    ValueError for ``NaN``/``Infinity`` in it, or an event over PutEvents' 256 KiB.
    """
    call = "eventbridge_event"
    source, detail_type = (
        check_text(call, "source", source),
        check_text(call, "detail_type", detail_type),
    )
    for argument, value in (("source", source), ("detail_type", detail_type)):
        if not value.strip():
            raise ValueError(
                f"{call}: {argument} is {value!r}; PutEvents refuses an entry without it, so "
                f"no rule ever delivers such an event. Fix: pass the sender's, e.g. "
                f"{argument}={'data-team.ingest' if argument == 'source' else 'ItemStored'!r}"
            )
    event_id = check_text(call, "event_id", event_id)
    written = aws_time(utc_instant(call, "time is", time, "time='2026-05-04T09:00:01Z'"))
    if isinstance(resources, str) or not isinstance(resources, Sequence):
        raise TypeError(
            f"{call}: resources is {kind_of(resources)}; it is a list of ARNs. "
            "Fix: pass a list, resources=[...]"
        )
    arns = [check_text(call, f"resources[{i}]", arn) for i, arn in enumerate(resources)]
    if detail is not None and not isinstance(detail, Mapping):
        raise TypeError(
            f"{call}: detail is {kind_of(detail)}; EventBridge's detail is a JSON object. "
            "Fix: pass a dict, detail={...} (not its JSON text)"
        )
    try:
        text = json.dumps(dict(detail or {}), allow_nan=False)
    except TypeError as error:
        raise TypeError(
            f"{call}: detail holds a value JSON has not ({error}); the sender serializes it "
            "into PutEvents' Detail. Fix: pass what it sends, e.g. "
            "json.loads(json.dumps(detail, default=str))"
        ) from None
    except ValueError as error:  # NaN or infinity, or an integer too long to write
        held = (
            "NaN or Infinity, which JSON has not"
            if "float" in str(error)
            else f"an integer of over {sys.get_int_max_str_digits()} digits, which Python "
            "neither writes nor reads"
        )
        raise ValueError(f"{call}: detail holds {held}") from None
    except RecursionError:
        raise ValueError(f"{call}: detail is nested too deeply to write as JSON") from None
    check_size(
        call,
        "the event",
        _entry_bytes(source, detail_type, dict(detail or {}), arns),
        EVENT_MAX_BYTES,
        "PutEvents",
    )
    return {
        "version": "0",
        "id": event_id,
        "detail-type": detail_type,
        "source": source,
        "account": ACCOUNT,
        "time": written,
        "region": REGION,
        "resources": arns,
        "detail": json.loads(text),  # as the function parses what the sender wrote
    }


def _entry_bytes(source: str, detail_type: str, detail: dict[str, Any], arns: list[str]) -> int:
    """PutEvents' size of the entry, its texts in UTF-8, the detail as sent in its fewest
    bytes: unescaped and without spaces (``json.dumps``' own ``"\\u00e9"`` and ``", "``
    would count an event a sender puts in 256 KiB as up to six times that)."""
    compact = json.dumps(detail, ensure_ascii=False, separators=(",", ":"))
    return sum(
        len(part.encode("utf-8", "surrogatepass")) for part in (source, detail_type, compact, *arns)
    )
