"""DynamoDB stream records as Lambda hands them to a StreamWorker's function, for
:mod:`constructs_lib_runtime.testing`: items given as plain Python values, written in
DynamoDB JSON (``{"S": "a"}``, ``{"N": "3"}``) as the stream writes them."""

from __future__ import annotations

import base64
import itertools
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from constructs_lib_runtime._event_checks import check_text, plain
from constructs_lib_runtime._request_parts import ACCOUNT, REGION

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


def stream_record(
    event_name: str,
    keys: Mapping[str, Any],
    *,
    new_image: Mapping[str, Any] | None = None,
    old_image: Mapping[str, Any] | None = None,
    view_type: str = "NEW_AND_OLD_IMAGES",
    table: str = "orders",
    sequence_number: str | None = None,
) -> dict[str, Any]:
    """A change of the item ``keys`` (``{"pk": "order#1"}``): ``INSERT`` (with
    ``new_image``), ``MODIFY`` (both images) or ``REMOVE`` (with ``old_image``), as a
    stream of ``view_type`` (the table's ``StreamViewType``) has them; the images include
    the keys. Values are plain Python (str, int, float or Decimal, bool, None, bytes, list,
    dict, a set of str, numbers or bytes). ``sequence_number``: Default: the next of this
    process (each record later in the shard than the one made before)."""
    event_name = check_text(_CALL, "event_name", event_name)
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
    change: dict[str, Any] = {
        "ApproximateCreationDateTime": _WRITTEN,
        "Keys": _item("keys", keys, keys={}),
    }
    for name in expected:
        change[name] = _item(name, images[name], keys=keys)
    number = next(_SEQUENCE)
    change["SequenceNumber"] = check_text(
        _CALL, "sequence_number", sequence_number or str(10**20 + number)
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
        "eventSourceARN": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/"
        f"{check_text(_CALL, 'table', table)}/stream/2026-05-04T09:00:00.000",
    }


def stream_event(*records: dict[str, Any]) -> dict[str, Any]:
    """The event a StreamWorker's function gets: ``records`` (see :func:`stream_record`),
    in their shard's order."""
    if not all(isinstance(record, dict) for record in records):
        raise TypeError("stream_event takes records (stream_record(...)): stream_event(*records)")
    return {"Records": list(records)}


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


def _value(value: object) -> dict[str, Any]:
    """One attribute value in DynamoDB JSON."""
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, str):
        return {"S": plain(value)}
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float | Decimal) and not math.isfinite(value):
            raise ValueError(f"{_CALL}: {value!r} is no number DynamoDB stores")
        return {"N": str(plain(value))}
    if isinstance(value, bytes | bytearray):
        return {"B": base64.b64encode(value).decode()}
    if isinstance(value, list | tuple):
        return {"L": [_value(v) for v in value]}
    if isinstance(value, Mapping):
        return {"M": {check_text(_CALL, "a map's key", k): _value(v) for k, v in value.items()}}
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
