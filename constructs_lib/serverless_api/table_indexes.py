"""A ServerlessApi table's secondary indexes (``GlobalIndex``, ``LocalIndex``) and their
checks: names, keys, DynamoDB's limits (their projections: ``table_projection.py``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib._arguments import checked_init
from constructs_lib._jsii import given, is_unresolved
from constructs_lib._quotas import Quota, warn_of_quota
from constructs_lib._token_text import literal_text
from constructs_lib._validation import Validator
from constructs_lib._value_object_dicts import dict_fix
from constructs_lib._words import a_type
from constructs_lib.serverless_api.table_keys import KEY_NAME_MAX_BYTES, check_spaces
from constructs_lib.serverless_api.table_projection import check_projections
from constructs_lib.serverless_api.table_throughput import AutoScaledCapacity

if TYPE_CHECKING:
    from constructs_lib.serverless_api.table import TableOptions

__all__ = [
    "GLOBAL_INDEXES_WARNING",
    "LOCAL_INDEXES_MAX",
    "GlobalIndex",
    "LocalIndex",
    "check_indexes",
]

# DynamoDB's default quota of global secondary indexes per table (adjustable): "Although
# Amazon DynamoDB has a default quota of 20 global secondary indexes per table, ..."
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-gsi-overloading.html
GLOBAL_INDEXES_QUOTA = 20
GLOBAL_INDEXES_WARNING = "constructs_lib:globalIndexesQuota"
_GLOBAL_INDEXES = Quota(
    service="Amazon DynamoDB",
    name="Global secondary indexes per table",
    default=GLOBAL_INDEXES_QUOTA,
)
# DynamoDB's fixed limit of local secondary indexes per table (aws-cdk-lib's RangeError)
LOCAL_INDEXES_MAX = 5
_INDEX_NAME = re.compile(r"^[A-Za-z0-9_.-]{3,255}\Z")
_GLOBAL, _LOCAL = "table.global_secondary_indexes", "table.local_secondary_indexes"


@checked_init
@dataclass(frozen=True)
class GlobalIndex:
    """A global secondary index of the API's table.

    :param name: the index name (3..255 characters: letters, digits, ``_ - .``).
    :param partition_key: its partition key attribute.
    :param sort_key: its sort key attribute. Default: none.
    :param partition_key_type: Default: STRING.
    :param sort_key_type: Default: STRING.
    :param projection: ``dynamodb.ProjectionType.KEYS_ONLY``, ``INCLUDE`` (with
        ``non_key_attributes``) or ``ALL``. What the index holds besides the keys: an
        existing index described exactly (a different one would be replaced), or less
        storage and write capacity than ALL. Default: ALL (every attribute).
    :param non_key_attributes: with ``INCLUDE``, the other attributes the index holds.
        No key attribute; at most 20 per index and 100 summed over the table's indexes.
        Default: none.
    :param max_read_request_units: on an on-demand table, the index's own cap on reads
        (request units per second; see ``TableOptions.max_read_request_units``).
        Default: none (the account's per-index quota).
    :param max_write_request_units: on an on-demand table, the index's cap on writes. Every
        table write that changes the index's keys or projection writes the index too, so a
        cap below the table's throttles the table's writes. Default: none.
    :param read_capacity: on a provisioned table (required there): the index's read
        capacity units, a number or ``AutoScaledCapacity(...)``. Default: none.
    :param write_capacity: on a provisioned table (required there): its write capacity
        units. Default: none.
    """

    name: str
    partition_key: str
    sort_key: str | None = None
    partition_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    sort_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    projection: dynamodb.ProjectionType = dynamodb.ProjectionType.ALL
    non_key_attributes: Sequence[str] = ()
    max_read_request_units: int | None = None
    max_write_request_units: int | None = None
    read_capacity: int | AutoScaledCapacity | None = None
    write_capacity: int | AutoScaledCapacity | None = None


@checked_init
@dataclass(frozen=True)
class LocalIndex:
    """A local secondary index of the API's table: the items of one partition key value
    sorted by another attribute, read with strong consistency if asked.

    DynamoDB creates a table's local secondary indexes with the table and never adds,
    changes or removes one later: a LocalIndex added to, changed on or dropped from a
    deployed table replaces the table with a new, empty one (``constructs_lib.testing``'s
    ``assert_stateful_resources_unchanged`` fails on it). With local secondary indexes, the
    items of one partition key value (with their index entries) hold at most 10 GB. The
    table needs a ``sort_key``; at most 5 per table.

    :param name: the index name (3..255 characters: letters, digits, ``_ - .``), unique
        among the table's indexes, global ones included.
    :param sort_key: its sort key attribute (neither of the table's key attributes; its
        partition key is the table's).
    :param sort_key_type: Default: STRING.
    :param projection: ``dynamodb.ProjectionType.KEYS_ONLY``, ``INCLUDE`` (with
        ``non_key_attributes``) or ``ALL``. Default: ALL (every attribute).
    :param non_key_attributes: with ``INCLUDE``, the other attributes the index holds.
        No key attribute; at most 20 per index and 100 summed over the table's indexes.
        Default: none.
    """

    name: str
    sort_key: str
    sort_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    projection: dynamodb.ProjectionType = dynamodb.ProjectionType.ALL
    non_key_attributes: Sequence[str] = ()


def check_indexes(v: Validator, table: TableOptions) -> None:
    """Both lists of indexes: each index, their names together, their projections."""
    names: set[str] = set()
    checked: list[tuple[str, GlobalIndex | LocalIndex]] = [
        *_check_global_indexes(v, table, names),
        *_check_local_indexes(v, table, names),
    ]
    check_projections(v, table, checked)


def _check_global_indexes(
    v: Validator, table: TableOptions, names: set[str]
) -> list[tuple[str, GlobalIndex]]:
    prop, indexes = _GLOBAL, table.global_secondary_indexes
    if not isinstance(indexes, list | tuple):
        v.add(prop, f"is {a_type(indexes)}", "pass a list of GlobalIndex(...)")
        return []
    if len(indexes) > GLOBAL_INDEXES_QUOTA:  # an account's may be higher: a warning
        warn_of_quota(
            v.scope,
            GLOBAL_INDEXES_WARNING,
            f"`{prop}` lists {len(indexes)} indexes",
            _GLOBAL_INDEXES,
            fix="use one index for several access patterns (generic key attributes such as "
            "GSI1PK/GSI1SK, written per item type)",
            failure="the deploy fails",
        )
    checked: list[tuple[str, GlobalIndex]] = []
    for position, index in enumerate(indexes):
        where = f"{prop}[{position}]"
        if not isinstance(index, GlobalIndex):
            v.add(where, f"is {a_type(index)}", _not_an_index_fix(index, GlobalIndex))
            continue
        checked.append((where, index))
        _check_name(v, index.name, where, names)
        keys = [index.partition_key, index.sort_key]
        _check_index_keys_differ(v, keys, where=where)
        v.recheck_together(keys, functools.partial(_check_index_keys_differ, where=where))
        for key_prop, key in (("partition_key", index.partition_key), ("sort_key", index.sort_key)):
            _check_key_name(v, key, f"{where}.{key_prop}")
    return checked


def _check_local_indexes(
    v: Validator, table: TableOptions, names: set[str]
) -> list[tuple[str, LocalIndex]]:
    prop, indexes = _LOCAL, table.local_secondary_indexes
    if not isinstance(indexes, list | tuple):
        v.add(prop, f"is {a_type(indexes)}", "pass a list of LocalIndex(...)")
        return []
    if not indexes:
        return []
    v.check(
        len(indexes) <= LOCAL_INDEXES_MAX,
        prop,
        f"lists {len(indexes)} indexes; DynamoDB allows at most {LOCAL_INDEXES_MAX} local "
        "secondary indexes per table (a fixed limit)",
        "make the others GlobalIndex(name, partition_key=<the table's partition key>, "
        "sort_key=...): they query one partition key value too (eventually consistent)",
    )
    v.check(
        isinstance(table.sort_key, str) and bool(table.sort_key),
        prop,
        "needs a table with a sort key: DynamoDB creates local secondary indexes only on a "
        "table whose key has one (table.sort_key is none)",
        "give the new table a sort_key=... (a deployed table's key cannot change), or use "
        "GlobalIndex(name, partition_key=<the table's partition key>, sort_key=...)",
    )
    checked: list[tuple[str, LocalIndex]] = []
    for position, index in enumerate(indexes):
        where = f"{prop}[{position}]"
        if not isinstance(index, LocalIndex):
            v.add(where, f"is {a_type(index)}", _not_an_index_fix(index, LocalIndex))
            continue
        checked.append((where, index))
        _check_name(v, index.name, where, names)
        if not _check_key_name(v, index.sort_key, f"{where}.sort_key", required=True):
            continue
        keys = [index.sort_key, table.partition_key, table.sort_key]
        _check_local_sort_key(v, keys, where=where)
        v.recheck_together(keys, functools.partial(_check_local_sort_key, where=where))
    return checked


def _check_index_keys_differ(v: Validator, keys: list[Any], *, where: str) -> None:
    partition_key, sort_key = keys
    v.check(  # DynamoDB refuses one attribute twice in a key schema (at deploy time)
        sort_key is None or sort_key != partition_key,
        f"{where}.sort_key",
        f"is {sort_key!r}, the index's partition key too",
        "use another attribute for the index's sort key, or none",
    )


def _check_local_sort_key(v: Validator, keys: list[Any], *, where: str) -> None:
    """A local index's sort key (``keys``: it, the table's partition and sort keys) is
    neither of the table's keys."""
    sort_key, *table_keys = keys
    for key, what in zip(table_keys, ("partition", "sort"), strict=True):
        v.check(
            sort_key != key,
            f"{where}.sort_key",
            f"is {sort_key!r}, the table's {what} key"
            + (
                ", which is the index's partition key too"
                if what == "partition"
                else ": the index would order the items as the table does"
            ),
            "give the index another attribute as its sort key",
        )


def _not_an_index_fix(index: object, expected: type) -> str:
    """The fix for an entry of an index list that is not its kind of index."""
    if isinstance(index, LocalIndex) and expected is GlobalIndex:
        return f"move it to local_secondary_indexes ({_LOCAL}), which takes LocalIndex(...)"
    if isinstance(index, GlobalIndex) and expected is LocalIndex:
        return f"move it to global_secondary_indexes ({_GLOBAL}), which takes GlobalIndex(...)"
    if (built := dict_fix(index, expected)) is not None:  # a config's dict of its fields
        return built
    if expected is LocalIndex:
        return "pass LocalIndex(name, sort_key)"
    return "pass GlobalIndex(name, partition_key)"


def _check_name(v: Validator, name: object, where: str, names: set[str]) -> None:
    v.check(
        isinstance(name, str) and bool(_INDEX_NAME.match(name)),
        f"{where}.name",
        f"is {given(name)}; index names are 3 to 255 letters, digits, '_', '-' or '.'",
        "pass e.g. name='by-owner'",
    )
    v.check(
        not isinstance(name, str) or name not in names,
        f"{where}.name",
        f"repeats the index name {name!r}",
        "give each index its own name",
    )
    if isinstance(name, str):
        names.add(name)


def _check_key_name(v: Validator, key: object, prop: str, *, required: bool = False) -> bool:
    """An index's key attribute name: a string of 1 to 255 bytes without white space
    around it; ``None`` only where the key is optional. Whether it is such a name."""
    if required and key is None:
        v.add(prop, "is None", "name the index's sort key attribute, e.g. 'created'")
        return False
    if not v.check_type(key, prop, str, "pass the attribute name"):
        return False
    assert key is None or isinstance(key, str)
    # of a name with deploy-time values, its literal text: all of it at synth if it resolves
    # then (Lazy.string)
    token = key is not None and is_unresolved(key)
    if token:
        v.recheck_rule(key, lambda found, text: _check_key_name(found, text, prop))
    size = len((literal_text(key) if token and key else key or "").encode())
    ok = v.check(
        key is None or ((size > 0 or token) and size <= KEY_NAME_MAX_BYTES),
        prop,
        f"is {size} bytes long{' without its deploy-time values' if token else ''}; DynamoDB "
        f"allows 1 to {KEY_NAME_MAX_BYTES}",
        f"pass an attribute name of 1 to {KEY_NAME_MAX_BYTES} bytes",
    )
    check_spaces(v, key, prop)
    return ok and key is not None
