"""The DynamoDB table a ServerlessApi creates: its options (``TableOptions``; its indexes:
``table_indexes.py``; its throughput: ``table_throughput.py``), their checks, and the
table they build."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._arguments import checked_init
from constructs_lib._customer_keys import check_key
from constructs_lib._jsii import described, implements, is_unresolved
from constructs_lib._loaded import LazyModule
from constructs_lib._validation import Validator
from constructs_lib._value_object_dicts import dict_fix
from constructs_lib.serverless_api.table_indexes import (
    GLOBAL_INDEXES_WARNING,
    GlobalIndex,
    LocalIndex,
    check_indexes,
)
from constructs_lib.serverless_api.table_key_names import (
    check_key_name,
    check_partition_key,
    check_sort_key_differs,
)
from constructs_lib.serverless_api.table_keys import check_key_types
from constructs_lib.serverless_api.table_projection import non_key_attributes_of
from constructs_lib.serverless_api.table_throughput import (
    TABLE_THROUGHPUT_WARNING,
    AutoScaledCapacity,
    check_throughput,
)
from constructs_lib.serverless_api.table_throughput_settings import (
    index_throughput,
    scale_throughput,
    table_throughput,
)

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

else:  # imported on first use (typing.get_type_hints): importing this loads none
    kms = LazyModule("aws_kms")

__all__ = [
    "GLOBAL_INDEXES_WARNING",
    "TABLE_THROUGHPUT_WARNING",
    "AutoScaledCapacity",
    "GlobalIndex",
    "LocalIndex",
    "TableOptions",
    "check_table_options",
    "create_table",
]


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
    :param local_secondary_indexes: ``[LocalIndex(...)]`` (at most 5; the table needs a
        ``sort_key``); set when the table is created: adding, changing or dropping one
        later replaces the table with an empty one. The functions' grants cover them.
        Default: none.
    :param table_class: ``dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS`` for a table
        whose storage costs more than its reads and writes (storage about 60% cheaper,
        requests about 25% dearer); a deployed table switches in place, keeping its data
        (DynamoDB allows two switches in 30 days).
        Default: STANDARD (DynamoDB's default; the template leaves it out).
    :param stream: a DynamoDB stream with this view (e.g. ``NEW_AND_OLD_IMAGES``).
        Default: none.
    :param removal_policy: ``RemovalPolicy.DESTROY`` for throwaway environments (no
        deletion protection; the data goes with the stack). Default: RETAIN with deletion
        protection: a deleted stack or a replaced table never takes the data with it.
        ``RemovalPolicy.SNAPSHOT`` is refused: CloudFormation snapshots no DynamoDB table.
    :param encryption_key: encrypt the table with this KMS key of the stack's region; the
        functions' grants follow it. Default: an AWS-managed key.
    :param max_read_request_units: a cost guard on the on-demand table: at most this many
        read request units per second (each index has its own, ``GlobalIndex``'s). Reads
        beyond it are throttled (best effort: burst capacity may pass a few): boto3 retries
        them, then raises ``ProvisionedThroughputExceededException`` (a ``ClientError``
        whose ``ThrottlingReasons`` say ``TableReadMaxOnDemandThroughputExceeded``); an
        API function that lets it raise fails the request with a 5xx, which the API's
        5xx-rate and the function's errors alarms report. Default: none (DynamoDB's
        per-table quota, 40,000 by default).
    :param max_write_request_units: the same for writes. Default: none.
    :param read_capacity: a provisioned table (an existing provisioned table adopted into
        the stack): its read capacity units, a number (fixed) or
        ``AutoScaledCapacity(min_capacity, max_capacity, target_utilization_percent)``;
        with ``write_capacity`` and each global index's capacity. A provisioned table costs
        its capacity every hour, idle or not. Default: none (on-demand).
    :param write_capacity: its write capacity units (as ``read_capacity``). Default: none.
    :param recovery_period_in_days: how many days back point-in-time recovery restores,
        1 to 35. Default: none (DynamoDB's 35; the template leaves it out).
    """

    partition_key: str = _defaults.TABLE_PARTITION_KEY
    sort_key: str | None = None
    partition_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    sort_key_type: dynamodb.AttributeType = dynamodb.AttributeType.STRING
    time_to_live_attribute: str | None = None
    global_secondary_indexes: Sequence[GlobalIndex] = ()
    local_secondary_indexes: Sequence[LocalIndex] = ()
    table_class: dynamodb.TableClass | None = None
    stream: dynamodb.StreamViewType | None = None
    removal_policy: RemovalPolicy = RemovalPolicy.RETAIN
    encryption_key: kms.IKey | None = None
    max_read_request_units: int | None = None
    max_write_request_units: int | None = None
    read_capacity: int | AutoScaledCapacity | None = None
    write_capacity: int | AutoScaledCapacity | None = None
    recovery_period_in_days: int | None = None


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
        table_class=options.table_class,
        recovery_period_in_days=options.recovery_period_in_days,
        **table_throughput(options),
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
            **index_throughput(index),
        )
    scale_throughput(table, options)
    for local in options.local_secondary_indexes:
        table.add_local_secondary_index(
            index_name=local.name,
            sort_key=dynamodb.Attribute(name=local.sort_key, type=local.sort_key_type),
            projection_type=local.projection,
            non_key_attributes=non_key_attributes_of(local),
        )
    return table


def _not_table_options(table: object) -> tuple[str, str]:
    """What is wrong with a ``table`` that is no TableOptions, and the fix. ``table`` only
    creates a table: a table of the app, or the name of one that exists, is the table the
    user means to use, which is ``existing_table``'s (TableOptions would create another)."""
    create = (
        dict_fix(table, TableOptions) or "pass TableOptions(partition_key=...) to create a table"
    )
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
        if v.check_type(name, prop, str, "pass the attribute name as a string"):
            check_key_name(v, prop, name)
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
    if (
        v.check_type(
            table.removal_policy,
            "table.removal_policy",
            RemovalPolicy,
            "pass RemovalPolicy.RETAIN (the default) or RemovalPolicy.DESTROY",
        )
        and table.removal_policy == RemovalPolicy.SNAPSHOT
    ):
        # CloudFormation snapshots volumes and databases only: aws-cdk-lib merely warns
        # and writes DeletionPolicy Snapshot, which keeps no copy of a table's items
        v.add(
            "table.removal_policy",
            "is RemovalPolicy.SNAPSHOT, which a DynamoDB table does not take: CloudFormation "
            "makes no snapshot of a table before deleting it",
            "pass RemovalPolicy.RETAIN (the default: the table and its items stay when the "
            "stack is deleted, and point-in-time recovery keeps 35 days of them) or "
            "RemovalPolicy.DESTROY",
        )
    check_indexes(v, table)
    check_throughput(v, table)
    days, days_prop = table.recovery_period_in_days, "table.recovery_period_in_days"
    if (
        days is not None
        and v.known_at_synth(
            days, days_prop, "aws-cdk-lib checks it at synth", "pass a number from 1 to 35"
        )
        and v.check_int(days, days_prop, "pass a whole number of days, e.g. 7", within=(1, 35))
    ):
        v.check_range(days, days_prop, 1, 35, "days")
    v.check_type(
        table.table_class,
        "table.table_class",
        dynamodb.TableClass,
        _table_class_fix(table.table_class),
    )
    check_key_types(v, table)
    check_partition_key(v, table.partition_key, _defaults.TABLE_PARTITION_KEY)
    check_sort_key_differs(v, table.partition_key, table.sort_key)


def _table_class_fix(table_class: object) -> str:
    """The member a table class's name (``"STANDARD_INFREQUENT_ACCESS"``) stands for."""
    name = table_class.strip().upper().replace("-", "_") if isinstance(table_class, str) else ""
    if name in {"STANDARD", "STANDARD_INFREQUENT_ACCESS"}:
        return f"pass dynamodb.TableClass.{name} (the enum member, not its name)"
    return "pass dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS, or None for DynamoDB's STANDARD"
