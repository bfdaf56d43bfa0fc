"""The table's and its indexes' key attributes together (one attribute, one type)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib.serverless_api.table import TableOptions

__all__ = ["KEY_NAME_MAX_BYTES", "check_key_types", "check_spaces"]

# DynamoDB's limit on the name of a key attribute.
KEY_NAME_MAX_BYTES = 255


def check_key_types(v: Validator, table: TableOptions) -> None:
    """One attribute, one type: DynamoDB (and aws-cdk-lib, with a jsii trace) refuses an
    index key named like another key of the table with another type."""
    from constructs_lib.serverless_api.table_indexes import GlobalIndex, LocalIndex  # (import this)

    keys: list[tuple[str, object, object]] = [
        ("table.partition_key", table.partition_key, table.partition_key_type)
    ]
    keys.append(("table.sort_key", table.sort_key, table.sort_key_type))
    globals_ = table.global_secondary_indexes
    for i, index in enumerate(globals_ if isinstance(globals_, list | tuple) else ()):
        if isinstance(index, GlobalIndex):
            where = f"table.global_secondary_indexes[{i}]"
            keys.append((f"{where}.partition_key", index.partition_key, index.partition_key_type))
            keys.append((f"{where}.sort_key", index.sort_key, index.sort_key_type))
    locals_ = table.local_secondary_indexes
    for i, local in enumerate(locals_ if isinstance(locals_, list | tuple) else ()):
        if isinstance(local, LocalIndex):
            where = f"table.local_secondary_indexes[{i}]"
            keys.append((f"{where}.sort_key", local.sort_key, local.sort_key_type))
    names = [name for _, name, _ in keys] + [table.time_to_live_attribute]
    _check_types(v, names, keys=keys)
    v.recheck_together(names, functools.partial(_check_types, keys=keys))


def _check_types(v: Validator, names: list[Any], *, keys: list[tuple[str, object, object]]) -> None:
    """The ``keys`` (where, name, type) named ``names`` (the time to live attribute's last:
    as given, or as they resolved at synth) give each attribute one type."""
    seen: dict[str, tuple[str, object]] = {}
    for (where, _, kind), name in zip(keys, names, strict=False):
        if not isinstance(name, str) or not isinstance(kind, dynamodb.AttributeType):
            continue
        first, first_kind = seen.setdefault(name, (where, kind))
        if first_kind != kind:
            v.add(
                where,
                f"types the attribute {name!r} {kind.value}, which {first} types "
                f"{getattr(first_kind, 'value', first_kind)}",
                f"give {name!r} one type everywhere, or use another attribute",
            )
    _check_time_to_live_type(v, names[-1], seen)


def _check_time_to_live_type(
    v: Validator, attribute: object, keys: dict[str, tuple[str, object]]
) -> None:
    """TTL reads a Number (epoch seconds) and skips an item whose attribute has another
    type, in silence: a key typed STRING or BINARY as the TTL attribute expires nothing.
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html"""
    if not isinstance(attribute, str) or attribute not in keys:
        return
    where, kind = keys[attribute]
    if kind != dynamodb.AttributeType.NUMBER:
        v.add(
            "table.time_to_live_attribute",
            f"is {attribute!r}, which {where} types {getattr(kind, 'value', kind)}: DynamoDB's "
            "time to live reads a Number (the expiry time in epoch seconds) and skips every "
            "item whose attribute has another type, so no item would ever expire",
            "name an attribute that holds the expiry time in epoch seconds (e.g. "
            "'expires_at'), or type that key dynamodb.AttributeType.NUMBER",
        )


def check_spaces(v: Validator, name: str | None, prop: str) -> None:
    """An attribute name with white space around it (``'pk\\n'``, ``' '``): DynamoDB keeps
    it in the name, so the code's ``item["pk"]`` never finds the attribute."""
    if name and not is_unresolved(name) and name != name.strip():
        v.add(
            prop,
            f"is {name!r}, with white space around it, which DynamoDB keeps in the name",
            f"write {name.strip()!r}" if name.strip() else "name the attribute, e.g. 'pk'",
        )
