"""The DynamoDB table a ServerlessApi creates: its options (``TableOptions``,
``GlobalIndex``), their checks, and the table they build."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._arguments import checked_init
from constructs_lib._customer_keys import check_key
from constructs_lib._jsii import described, given, implements, is_unresolved
from constructs_lib._loaded import LazyModule
from constructs_lib._quotas import Quota, warn_of_quota
from constructs_lib._validation import Validator
from constructs_lib._words import a_type
from constructs_lib.serverless_api.table_keys import check_key_types
from constructs_lib.serverless_api.table_projection import check_projections, non_key_attributes_of

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

else:  # imported on first use (typing.get_type_hints): importing this loads none
    kms = LazyModule("aws_kms")

__all__ = [
    "GLOBAL_INDEXES_WARNING",
    "GlobalIndex",
    "TableOptions",
    "check_table_options",
    "create_table",
]

# DynamoDB's limit on the name of a key attribute.
KEY_NAME_MAX_BYTES = 255
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
    """

    name: str
    partition_key: str
    sort_key: str | None = None
    partition_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    sort_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    projection: dynamodb.ProjectionType = dynamodb.ProjectionType.ALL
    non_key_attributes: Sequence[str] = ()


@checked_init
@dataclass(frozen=True)
class TableOptions:
    """The DynamoDB table the API creates: on-demand, PITR, retained, deletion-protected.

    :param partition_key: partition key attribute name. Default: ``"pk"``.
    :param sort_key: sort key attribute name. Default: none.
    :param partition_key_type: Default: STRING.
    :param sort_key_type: Default: STRING.
    :param time_to_live_attribute: TTL attribute. Default: none.
    :param global_secondary_indexes: ``[GlobalIndex(...)]``; the functions' grants cover
        them. Default: none.
    :param stream: a DynamoDB stream with this view (e.g. ``NEW_AND_OLD_IMAGES``).
        Default: none.
    :param removal_policy: ``RemovalPolicy.DESTROY`` for throwaway environments (no
        deletion protection; the data goes with the stack). Default: RETAIN with deletion
        protection: a deleted stack or a replaced table never takes the data with it.
    :param encryption_key: encrypt the table with this KMS key of the stack's region; the
        functions' grants follow it. Default: an AWS-managed key.
    """

    partition_key: str = _defaults.TABLE_PARTITION_KEY
    sort_key: str | None = None
    partition_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    sort_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    time_to_live_attribute: str | None = None
    global_secondary_indexes: Sequence[GlobalIndex] = ()
    stream: dynamodb.StreamViewType | None = None
    removal_policy: RemovalPolicy = RemovalPolicy.RETAIN
    encryption_key: kms.IKey | None = None


def create_table(scope: Construct, options: TableOptions) -> dynamodb.Table:
    table = _defaults.table(
        scope,
        "Table",
        partition_key=dynamodb.Attribute(
            name=options.partition_key, type=options.partition_key_type
        ),
        sort_key=_attribute(options.sort_key, options.sort_key_type),
        time_to_live_attribute=options.time_to_live_attribute,
        stream=options.stream,
        removal_policy=options.removal_policy,
        encryption_key=options.encryption_key,
    )
    for index in options.global_secondary_indexes:
        table.add_global_secondary_index(
            index_name=index.name,
            partition_key=dynamodb.Attribute(
                name=index.partition_key, type=index.partition_key_type
            ),
            sort_key=_attribute(index.sort_key, index.sort_key_type),
            projection_type=index.projection,
            non_key_attributes=non_key_attributes_of(index),
        )
    return table


def _not_table_options(table: object) -> tuple[str, str]:
    """What is wrong with a ``table`` that is no TableOptions, and the fix. ``table`` only
    creates a table: a table of the app, or the name of one that exists, is the table the
    user means to use, which is ``existing_table``'s (TableOptions would create another)."""
    create = "pass TableOptions(partition_key=...) to create a table"
    if implements(table, dynamodb.ITable):
        return (
            f"is {described(table)}, a table that exists: `table` creates one",
            "pass it as existing_table= to use it (or TableOptions(partition_key=...) "
            "to create a table)",
        )
    if isinstance(table, str) and not is_unresolved(table):
        return (
            f"is {described(table)}: `table` takes the new table's options, not a name",
            f"{create}, or existing_table=dynamodb.Table.from_table_name(self, 'Table', "
            f"{table!r}) to use the table of that name",
        )
    return (f"is {described(table)}", create)


def _attribute(name: str | None, type: dynamodb.AttributeType) -> dynamodb.Attribute | None:
    return dynamodb.Attribute(name=name, type=type) if name else None


def check_table_options(v: Validator, table: object) -> None:
    if not isinstance(table, TableOptions):
        v.add("table", *_not_table_options(table))
        return
    for prop, name in (
        ("table.partition_key", table.partition_key),
        ("table.sort_key", table.sort_key),
        ("table.time_to_live_attribute", table.time_to_live_attribute),
    ):
        if not v.check_type(name, prop, str, "pass the attribute name as a string"):
            continue
        if name == "" and prop != "table.partition_key":  # not "none": None says that
            v.add(prop, "is the empty string", "pass an attribute name, or None for none")
        elif name:
            v.check(
                is_unresolved(name) or len(name.encode()) <= KEY_NAME_MAX_BYTES,
                prop,
                f"is {len(name.encode())} bytes long; DynamoDB allows at most {KEY_NAME_MAX_BYTES}",
                "use a shorter attribute name",
            )
            _check_spaces(v, name, prop)
    check_key(v, table.encryption_key, "table.encryption_key", service="dynamodb")
    for prop, key_type in (
        ("table.partition_key_type", table.partition_key_type),
        ("table.sort_key_type", table.sort_key_type),
    ):
        v.check_type(
            key_type,
            prop,
            dynamodb.AttributeType,
            "pass dynamodb.AttributeType.STRING, NUMBER or BINARY",
        )
    v.check_type(
        table.stream,
        "table.stream",
        dynamodb.StreamViewType,
        "pass e.g. dynamodb.StreamViewType.NEW_AND_OLD_IMAGES",
    )
    v.check_type(
        table.removal_policy,
        "table.removal_policy",
        RemovalPolicy,
        "pass RemovalPolicy.RETAIN (the default) or RemovalPolicy.DESTROY",
    )
    _check_indexes(v, table)
    check_key_types(v, table)
    v.check(
        bool(table.partition_key),
        "table.partition_key",
        "is empty",
        "name the partition key attribute, e.g. 'pk'",
    )
    v.check(
        table.sort_key != table.partition_key,
        "table.sort_key",
        f"is {table.sort_key!r}, the partition key too",
        "use a different attribute name for the sort key",
    )


def _check_indexes(v: Validator, table: TableOptions) -> None:
    prop, indexes = "table.global_secondary_indexes", table.global_secondary_indexes
    if not isinstance(indexes, list | tuple):
        v.add(prop, f"is {a_type(indexes)}", "pass a list of GlobalIndex(...)")
        return
    if len(indexes) > GLOBAL_INDEXES_QUOTA:  # an account's may be higher: a warning
        warn_of_quota(
            v.scope,
            GLOBAL_INDEXES_WARNING,
            f"`{prop}` lists {len(indexes)} indexes",
            _GLOBAL_INDEXES,
            fix="let one index serve several access patterns (generic key attributes such as "
            "GSI1PK/GSI1SK, written per item type)",
            failure="the deploy fails",
        )
    names: set[str] = set()
    checked: list[tuple[int, GlobalIndex]] = []
    for position, index in enumerate(indexes):
        where = f"{prop}[{position}]"
        if not isinstance(index, GlobalIndex):
            v.add(where, f"is {a_type(index)}", "pass GlobalIndex(name, partition_key)")
            continue
        checked.append((position, index))
        v.check(
            isinstance(index.name, str) and bool(_INDEX_NAME.match(index.name)),
            f"{where}.name",
            f"is {given(index.name)}; index names are 3 to 255 letters, digits, '_', '-' or '.'",
            "pass e.g. name='by-owner'",
        )
        v.check(
            index.name not in names,
            f"{where}.name",
            f"repeats the index name {index.name!r}",
            "give each index its own name",
        )
        names.add(index.name)
        v.check(  # DynamoDB refuses one attribute twice in a key schema (at deploy time)
            index.sort_key is None or index.sort_key != index.partition_key,
            f"{where}.sort_key",
            f"is {index.sort_key!r}, the index's partition key too",
            "use another attribute for the index's sort key, or none",
        )
        for key_prop, key in (("partition_key", index.partition_key), ("sort_key", index.sort_key)):
            if v.check_type(key, f"{where}.{key_prop}", str, "pass the attribute name"):
                v.check(
                    key is None or 0 < len(key.encode()) <= KEY_NAME_MAX_BYTES,
                    f"{where}.{key_prop}",
                    f"is {len((key or '').encode())} bytes long; DynamoDB allows 1 to "
                    f"{KEY_NAME_MAX_BYTES}",
                    f"pass an attribute name of 1 to {KEY_NAME_MAX_BYTES} bytes",
                )
                _check_spaces(v, key, f"{where}.{key_prop}")
    check_projections(v, table, checked)


def _check_spaces(v: Validator, name: str | None, prop: str) -> None:
    """An attribute name with white space around it (``'pk\\n'``, ``' '``): DynamoDB keeps
    it in the name, so the code's ``item["pk"]`` never finds the attribute."""
    if name and not is_unresolved(name) and name != name.strip():
        v.add(
            prop,
            f"is {name!r}, with white space around it, which DynamoDB keeps in the name",
            f"write {name.strip()!r}" if name.strip() else "name the attribute, e.g. 'pk'",
        )


_INDEX_NAME = re.compile(r"^[A-Za-z0-9_.-]{3,255}\Z")
