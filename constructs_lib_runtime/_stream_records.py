"""DynamoDB stream records as Lambda hands them to a StreamWorker's function, for
:mod:`constructs_lib_runtime.testing`: items given as plain Python values, written in
DynamoDB JSON (``{"S": "a"}``, ``{"N": "3"}``) as the stream writes them."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from constructs_lib_runtime._dynamodb_json import attribute_size, attribute_value, written_plain
from constructs_lib_runtime._event_checks import check_text, plain
from constructs_lib_runtime._request_parts import ACCOUNT, REGION

__all__ = ["stream_arn", "stream_record"]

_CALL = "stream_record"
_ONE = "Fix: pass one of them"
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
_MAX_ITEM_BYTES = 400 * 1024
_MAX_KEY_BYTES = (2048, 1024)  # a partition key's value, a sort key's
_ARGUMENTS = {"NewImage": "new_image", "OldImage": "old_image"}  # as the caller named them
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
    ttl_expiry: bool = False,
) -> dict[str, Any]:
    """A change of the item ``keys`` (``{"pk": "order#1"}``): ``INSERT`` (with
    ``new_image``), ``MODIFY`` (both images) or ``REMOVE`` (with ``old_image``), as a
    stream of ``view_type`` (the table's ``StreamViewType``, or its name) has them; the
    images include the keys (a partition key and at most a sort key: a non-empty str, a
    number or bytes). Values are plain Python (str, int, float or Decimal, bool, None,
    bytes, list, dict, a set of str, numbers or bytes; at most 32 levels deep).
    ``sequence_number``: Default: the next of this
    process (each record later in the shard than the one made before). ``ttl_expiry``: a
    ``REMOVE`` by DynamoDB's Time to Live, not a caller's delete: the record's
    ``userIdentity`` is ``{"type": "Service", "principalId": "dynamodb.amazonaws.com"}``,
    as the stream marks one. Default: False (a caller's change, without ``userIdentity``)."""
    event_name = check_text(_CALL, "event_name", event_name)
    if isinstance(view_type, Enum):  # aws_dynamodb.StreamViewType.NEW_IMAGE, the table's own
        view_type = view_type.value
    view_type = check_text(_CALL, "view_type", view_type)
    for argument, value, allowed in (
        ("event_name", event_name, _CHANGES),
        ("view_type", view_type, _VIEWS),
    ):
        if value not in allowed:
            raise ValueError(
                f"{_CALL}: {argument} {value[:60]!r} is none of {sorted(allowed)}. {_ONE}"
            )
    images = {"NewImage": new_image, "OldImage": old_image}
    expected = [name for name in _CHANGES[event_name] if name in _VIEWS[view_type]]
    given = [name for name, image in images.items() if image is not None]
    if sorted(given) != sorted(expected):
        wanted = " and ".join(f"{_ARGUMENTS[name]}=" for name in expected)
        fix = f"pass {wanted} only" if wanted else "leave new_image= and old_image= out"
        raise ValueError(
            f"{_CALL}: {event_name} records of a {view_type} stream have "
            f"{' and '.join(expected) or 'no image'}, not {' and '.join(given) or 'none'}. "
            f"Fix: {fix}"
        )
    _check_ttl_expiry(event_name, ttl_expiry)
    table = check_text(_CALL, "table", table)
    if not _TABLE_NAME.fullmatch(table):
        raise ValueError(
            f"{_CALL}: table {table!r} is no DynamoDB table name (3 to 255 letters, digits, "
            "'_', '-' or '.'). Fix: pass the table's name, e.g. table='orders'"
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
            "reports it). Fix: pass digits, e.g. sequence_number='100', or leave it out"
        )
    change["SizeBytes"] = len(json.dumps(change))
    change["StreamViewType"] = view_type
    record = {
        "eventID": f"{number:032x}",
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": change,
        "eventSourceARN": stream_arn(table),
    }
    if ttl_expiry:
        record["userIdentity"] = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    return record


def _check_ttl_expiry(event_name: str, ttl_expiry: object) -> None:
    """Time to Live only deletes: its records are REMOVE records."""
    if not isinstance(ttl_expiry, bool):
        raise TypeError(f"{_CALL}: ttl_expiry is {ttl_expiry!r}. Fix: pass True or False")
    if ttl_expiry and event_name != "REMOVE":
        raise ValueError(
            f"{_CALL}: ttl_expiry=True on a record of {event_name}; Time to Live only deletes "
            "expired items, so its records are REMOVEs. Fix: pass event_name='REMOVE' (with "
            "old_image=... on a stream that keeps it), or leave ttl_expiry out"
        )


def stream_arn(table: str) -> str:
    """The ARN of ``table``'s stream, as the builders' records name it."""
    return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table}/stream/2026-05-04T09:00:00.000"


def _keys(keys: Mapping[str, Any]) -> dict[str, Any]:
    """The item's key attributes in DynamoDB JSON: a partition key and at most a sort key,
    each a non-empty string, a number or bytes (DynamoDB refuses any other key)."""
    item = _item("keys", keys, keys={})
    if len(item) > 2:
        raise ValueError(
            f"{_CALL}: keys has {len(item)} attributes ({', '.join(item)}); a table's key is "
            "its partition key and at most a sort key. Fix: pass those, the rest in the images"
        )
    for (name, value), given in zip(item.items(), keys.values(), strict=True):
        ((kind, held),) = value.items()
        if kind not in ("S", "N", "B") or not held:
            written = written_plain(given)
            raise ValueError(
                f"{_CALL}: keys has {name}={given!r}, which no key attribute holds: a key is "
                "a non-empty string, a number or bytes"
                + (
                    f"; it is DynamoDB JSON, which the builder writes itself. Fix: "
                    f"pass {name}={written!r}"
                    if written is not None
                    else ""
                )
            )
    for (name, value), limit, which in zip(
        item.items(), _MAX_KEY_BYTES, ("partition", "sort"), strict=False
    ):
        size = attribute_size(value)
        if size > limit:
            raise ValueError(
                f"{_CALL}: keys has {name} of {size} bytes; DynamoDB takes a {which} key of "
                f"at most {limit} bytes"
            )
    return item


def _item(argument: str, item: object, *, keys: Mapping[str, Any]) -> dict[str, Any]:
    """``item`` in DynamoDB JSON; ValueError where it lacks a key attribute of ``keys``."""
    if not isinstance(item, Mapping) or not item:
        raise TypeError(f"{_CALL}: {argument} is {item!r}. Fix: pass the attributes as a dict")
    for name, value in keys.items():
        if item.get(name, _MISSING) != value:
            raise ValueError(
                f"{_CALL}: {argument} has {name}={item.get(name, '(none)')!r}, not the key's "
                f"{value!r}: an image holds the item's keys"
            )
    written: dict[str, Any] = {}
    for name, value in item.items():
        if not check_text(_CALL, f"{argument} name", name):
            raise ValueError(
                f"{_CALL}: {_ARGUMENTS.get(argument, argument)} has an attribute named ''; "
                "DynamoDB's attribute names "
                "have at least one character"
            )
        written[plain(name)] = attribute_value(value)
    size = sum(len(name.encode()) + attribute_size(value) for name, value in written.items())
    if size > _MAX_ITEM_BYTES:
        raise ValueError(
            f"{_CALL}: {_ARGUMENTS.get(argument, argument)} is an item of at least {size} "
            "bytes; DynamoDB stores items "
            f"of at most {_MAX_ITEM_BYTES} (400 KB), so no stream ever carries it. Fix: test "
            "an item within the limit"
        )
    return written


_MISSING = object()
