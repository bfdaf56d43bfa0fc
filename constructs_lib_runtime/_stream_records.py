"""DynamoDB stream records as Lambda hands them to a StreamWorker's function, for
:mod:`constructs_lib_runtime.testing`: items given as plain Python values, written in
DynamoDB JSON (``{"S": "a"}``, ``{"N": "3"}``) as the stream writes them."""

from __future__ import annotations

import base64
import itertools
import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from constructs_lib_runtime._event_checks import check_text, plain
from constructs_lib_runtime._request_parts import ACCOUNT, REGION
from constructs_lib_runtime._stream_windows import window_fields

__all__ = ["stream_event", "stream_record"]

_CALL = "stream_record"
# the images each change has, and each stream view keeps
_CHANGES = {"INSERT": ("NewImage",), "MODIFY": ("NewImage", "OldImage"), "REMOVE": ("OldImage",)}
_VIEWS = {
    "KEYS_ONLY": (),
    "NEW_IMAGE": ("NewImage",),
    "OLD_IMAGE": ("OldImage",),
    "NEW_AND_OLD_IMAGES": ("NewImage", "OldImage"),
}
_SEQUENCE = itertools.count(1)  # a shard's sequence numbers only grow
_WRITTEN = 1777885200  # 2026-05-04T09:00:00Z, the time of the other builders' events
_MAX_DEPTH = 32  # DynamoDB's deepest nesting of lists and maps
_TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")


def stream_record(
    event_name: str,
    keys: Mapping[str, Any],
    *,
    new_image: Mapping[str, Any] | None = None,
    old_image: Mapping[str, Any] | None = None,
    view_type: str | Enum = "NEW_AND_OLD_IMAGES",
    table: str = "orders",
    sequence_number: str | None = None,
) -> dict[str, Any]:
    """A change of the item ``keys`` (``{"pk": "order#1"}``): ``INSERT`` (with
    ``new_image``), ``MODIFY`` (both images) or ``REMOVE`` (with ``old_image``), as a
    stream of ``view_type`` (the table's ``StreamViewType``, or its name) has them; the
    images include the keys (a partition key and at most a sort key: a non-empty str, a
    number or bytes). Values are plain Python (str, int, float or Decimal, bool, None,
    bytes, list, dict, a set of str, numbers or bytes; at most 32 levels deep).
    ``sequence_number``: Default: the next of this
    process (each record later in the shard than the one made before)."""
    event_name = check_text(_CALL, "event_name", event_name)
    if isinstance(view_type, Enum):  # aws_dynamodb.StreamViewType.NEW_IMAGE, the table's own
        view_type = view_type.value
    view_type = check_text(_CALL, "view_type", view_type)
    if event_name not in _CHANGES:
        raise ValueError(f"{_CALL}: event_name {event_name!r} is none of {sorted(_CHANGES)}")
    if view_type not in _VIEWS:
        raise ValueError(f"{_CALL}: view_type {view_type!r} is none of {sorted(_VIEWS)}")
    images = {"NewImage": new_image, "OldImage": old_image}
    expected = [name for name in _CHANGES[event_name] if name in _VIEWS[view_type]]
    given = [name for name, image in images.items() if image is not None]
    if sorted(given) != sorted(expected):
        raise ValueError(
            f"{_CALL}: {event_name} records of a {view_type} stream have "
            f"{' and '.join(expected) or 'no image'}, not {' and '.join(given) or 'none'}"
        )
    table = check_text(_CALL, "table", table)
    if not _TABLE_NAME.fullmatch(table):
        raise ValueError(
            f"{_CALL}: table {table!r} is no DynamoDB table name (3 to 255 letters, digits, "
            "'_', '-' or '.'); pass the table's name, e.g. table='orders'"
        )
    change: dict[str, Any] = {
        "ApproximateCreationDateTime": _WRITTEN,
        "Keys": _keys(keys),
    }
    for name in expected:
        change[name] = _item(name, images[name], keys=keys)
    number = next(_SEQUENCE)
    if sequence_number is None:
        sequence_number = str(10**20 + number)
    change["SequenceNumber"] = check_text(_CALL, "sequence_number", sequence_number)
    if not change["SequenceNumber"]:
        raise ValueError(
            f"{_CALL}: sequence_number is ''; a stream gives every record one (process_batch "
            "reports it): pass digits, e.g. sequence_number='100', or leave it out"
        )
    change["SizeBytes"] = len(json.dumps(change))
    change["StreamViewType"] = view_type
    return {
        "eventID": f"{number:032x}",
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": change,
        "eventSourceARN": _stream_arn(table),
    }


def stream_event(
    *records: dict[str, Any],
    window: tuple[str | datetime, str | datetime] | None = None,
    state: Mapping[str, Any] | None = None,
    final: bool = False,
) -> dict[str, Any]:
    """The event a StreamWorker's function gets: ``records`` (see :func:`stream_record`),
    in their shard's order.

    With ``window``, a StreamWorker's with ``tumbling_window``: the window's ``(start,
    end)`` (ISO 8601 strings, ``"2026-05-04T09:00:00Z"``, or datetimes with a time zone),
    the ``state`` the function returned with the window's previous batch (default ``{}``:
    its first batch; JSON, as Lambda carries it) and ``final``, the window's last call
    (``isFinalInvokeForWindow``), with the shard and stream Lambda names beside them."""
    if not all(isinstance(record, dict) for record in records):
        raise TypeError("stream_event takes records (stream_record(...)): stream_event(*records)")
    event: dict[str, Any] = {"Records": list(records)}
    if window is None:
        if state is not None or final is not False:
            raise TypeError(
                "stream_event: state and final are a tumbling window's: pass window=(start, "
                "end) too (a StreamWorker without tumbling_window gets neither)"
            )
        return event
    stream = records[0]["eventSourceARN"] if records else _stream_arn("orders")
    return {**event, **window_fields(window, state, final, stream)}


def _stream_arn(table: str) -> str:
    return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table}/stream/2026-05-04T09:00:00.000"


def _keys(keys: Mapping[str, Any]) -> dict[str, Any]:
    """The item's key attributes in DynamoDB JSON: a partition key and at most a sort key,
    each a non-empty string, a number or bytes (DynamoDB refuses any other key)."""
    item = _item("keys", keys, keys={})
    if len(item) > 2:
        raise ValueError(
            f"{_CALL}: keys has {len(item)} attributes ({', '.join(item)}); a table's key is "
            "its partition key and at most a sort key: pass those, the rest in the images"
        )
    for (name, value), given in zip(item.items(), keys.values(), strict=True):
        ((kind, held),) = value.items()
        if kind not in ("S", "N", "B") or not held:
            raise ValueError(
                f"{_CALL}: keys has {name}={given!r}, which no key attribute holds: a key is "
                "a non-empty string, a number or bytes"
            )
    return item


def _item(argument: str, item: object, *, keys: Mapping[str, Any]) -> dict[str, Any]:
    """``item`` in DynamoDB JSON; ValueError where it lacks a key attribute of ``keys``."""
    if not isinstance(item, Mapping) or not item:
        raise TypeError(f"{_CALL}: {argument} is {item!r}; pass the attributes as a dict")
    for name, value in keys.items():
        if item.get(name, _MISSING) != value:
            raise ValueError(
                f"{_CALL}: {argument} has {name}={item.get(name, '(none)')!r}, not the key's "
                f"{value!r}: an image holds the item's keys"
            )
    return {check_text(_CALL, f"{argument} name", name): _value(v) for name, v in item.items()}


_MISSING = object()


def _value(value: object, depth: int = 0) -> dict[str, Any]:
    """One attribute value in DynamoDB JSON, ``depth`` lists or maps deep."""
    if depth > _MAX_DEPTH:  # a value holding itself, too
        raise ValueError(
            f"{_CALL}: a value is nested more than {_MAX_DEPTH} lists or maps deep, which "
            "DynamoDB refuses; flatten it"
        )
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, str):
        return {"S": plain(value)}
    if isinstance(value, int | float | Decimal):
        finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
        if not finite:
            raise ValueError(f"{_CALL}: {value!r} is no number DynamoDB stores")
        return {"N": str(plain(value))}
    if isinstance(value, bytes | bytearray):
        return {"B": base64.b64encode(value).decode()}
    if isinstance(value, list | tuple):
        return {"L": [_value(v, depth + 1) for v in value]}
    if isinstance(value, Mapping):
        return {
            "M": {
                check_text(_CALL, "a map's key", k): _value(v, depth + 1) for k, v in value.items()
            }
        }
    if isinstance(value, set | frozenset):
        return _set(value)
    raise TypeError(f"{_CALL}: {type(value).__name__} {value!r} is no DynamoDB attribute value")


def _set(values: set[Any] | frozenset[Any]) -> dict[str, Any]:
    """A string, number or binary set (DynamoDB has no empty or mixed one)."""
    members = [_value(v) for v in values]
    kinds = {kind for member in members for kind in member}
    if len(kinds) != 1 or kinds - {"S", "N", "B"}:
        raise ValueError(
            f"{_CALL}: the set {values!r} is no DynamoDB set: one of strings, numbers or "
            "bytes, not empty"
        )
    (kind,) = kinds
    return {f"{kind}S": sorted(member[kind] for member in members)}
