"""A ServerlessApi table's throughput, for the table and each global secondary index:
on-demand with optional caps (a cost guard), or provisioned capacity, fixed or auto scaled
(a provisioned table adopted into the stack), and their checks (the settings they give
aws-cdk-lib's Table: ``table_throughput_settings``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib._arguments import checked_init
from constructs_lib._config_values import whole_number_fix
from constructs_lib._jsii import described, is_unresolved
from constructs_lib._prop_type_messages import fix, wrong
from constructs_lib._quotas import Quota, warn_of_quota
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib.serverless_api.table import TableOptions

__all__ = [
    "TABLE_THROUGHPUT_WARNING",
    "AutoScaledCapacity",
    "check_throughput",
]

# DynamoDB's default per-table quotas (adjustable), for the table and for each global
# secondary index, in both capacity modes: "your on-demand throughput rate is bounded by
# 40,000 table-level read and write throughput AWS service quota"; a cap "must be lower
# than the default throughput quota available for any on-demand table or individual GSI".
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode-max-throughput.html
PER_TABLE_QUOTA = 40_000
TABLE_THROUGHPUT_WARNING = "constructs_lib:tableThroughputQuota"
_QUOTAS = {
    kind: Quota(
        service="Amazon DynamoDB",
        name=f"Table-level {kind} throughput limit",
        default=PER_TABLE_QUOTA,
    )
    for kind in ("read", "write")
}
# The target utilization aws-cdk-lib's newer TableV2 takes (Capacity.autoscaled refuses any
# other; its older Table, used here, takes 10-90): the narrower range, so a table described
# here would be described the same with TableV2
TARGET_UTILIZATION = (20, 90)


@checked_init
@dataclass(frozen=True)
class AutoScaledCapacity:
    """Provisioned capacity that DynamoDB auto scaling (Application Auto Scaling, target
    tracking) keeps at ``target_utilization_percent`` of what is consumed, between
    ``min_capacity`` and ``max_capacity``. The template's provisioned throughput is
    ``min_capacity``: what an idle table costs, and what auto scaling starts from.

    :param max_capacity: the most capacity units auto scaling provisions, a whole number,
        at least ``min_capacity``.
    :param min_capacity: the fewest, a whole number, at least 1. Default: 1.
    :param target_utilization_percent: consumed / provisioned capacity auto scaling
        aims for, 20 to 90. Default: 70.
    """

    max_capacity: int
    min_capacity: int = 1
    target_utilization_percent: float = 70


def check_throughput(v: Validator, table: TableOptions) -> None:
    """Caps or capacity, never both; capacity for both reads and writes, on the table and on
    each global index of a provisioned table (never on an on-demand table's)."""
    from constructs_lib.serverless_api.table_indexes import GlobalIndex  # (imports this)

    read, write = table.read_capacity, table.write_capacity
    provisioned = read is not None or write is not None
    _check_one_mode(v, "table", table, provisioned=provisioned)
    indexes = table.global_secondary_indexes
    for position, index in enumerate(indexes if isinstance(indexes, list | tuple) else ()):
        if isinstance(index, GlobalIndex):
            where = f"table.global_secondary_indexes[{position}]"
            _check_one_mode(v, where, index, provisioned=provisioned, index=True)


def _check_one_mode(
    v: Validator, where: str, holder: Any, *, provisioned: bool, index: bool = False
) -> None:
    caps = ("max_read_request_units", "max_write_request_units")
    capacities = ("read_capacity", "write_capacity")
    if not provisioned:
        for prop in caps:
            _check_cap(v, getattr(holder, prop), f"{where}.{prop}")
        for prop in capacities if index else ():
            v.check(
                getattr(holder, prop) is None,
                f"{where}.{prop}",
                "is set on an index of an on-demand table: DynamoDB bills an on-demand "
                "table's indexes per request too",
                "drop it (max_read_request_units/max_write_request_units cap an index of an "
                "on-demand table), or give the table read_capacity and write_capacity",
            )
        return
    for prop in caps:
        v.check(
            getattr(holder, prop) is None,
            f"{where}.{prop}",
            f"is set on {'an index of ' if index else ''}a provisioned table "
            "(read_capacity/write_capacity): DynamoDB caps only on-demand throughput; "
            "provisioned capacity is its own cap",
            "drop it, or drop the table's read_capacity and write_capacity for an on-demand "
            "table with this cap",
        )
    for prop in capacities:
        capacity = getattr(holder, prop)
        if capacity is None:
            v.add(
                f"{where}.{prop}",
                f"is none, and {'the table' if index else where + '.' + _other(prop)} is "
                "provisioned: DynamoDB provisions reads and writes of a provisioned table and "
                "of each of its global indexes",
                f"give {where}.{prop} the capacity units the {'index' if index else 'table'} "
                "has (describe-table shows them), e.g. 5 or AutoScaledCapacity(max_capacity=100)",
            )
        else:
            _check_capacity(v, capacity, f"{where}.{prop}")


def _other(prop: str) -> str:
    return "write_capacity" if prop == "read_capacity" else "read_capacity"


def _deploy_time(
    v: Validator, value: object, prop: str, rule: Callable[[Validator, object, str], None]
) -> bool:
    """Whether ``value`` is a deploy-time value; one that is an object rather than an
    encoded number (``Fn.get_att(...)``) is a problem, named here: a rule of another prop
    (the other capacity missing) would otherwise hide it from the type check. A
    ``Lazy.number`` resolves at synth: then ``rule`` (the prop's, as for a literal) checks
    it, with its own words and fix."""
    if not is_unresolved(value):
        return False
    if not isinstance(value, int | float):
        v.add(prop, wrong(value, int), fix(value, int))
    v.recheck_own_rule(value, prop, lambda found, resolved: rule(found, resolved, prop))
    return True


def _check_cap(v: Validator, cap: object, prop: str) -> None:
    """A cap in request units per second: a whole number from 1 (DynamoDB's -1, 'no cap',
    is None here)."""
    if cap is None or _deploy_time(v, cap, prop, _check_cap):
        return
    if not _whole(cap) or cap < 1:
        v.add(
            prop,
            f"is {described(cap)}; a cap is a whole number of request units per second, at least 1",
            whole_number_fix(cap, at_least=1) or "pass e.g. 100, or None for no cap",
        )
        return
    _warn_of_quota(v, cap, prop)


def _check_capacity(v: Validator, capacity: object, prop: str) -> None:
    if _deploy_time(v, capacity, prop, _check_capacity):
        return
    if isinstance(capacity, AutoScaledCapacity):
        _check_auto_scaled(v, capacity, prop)
        return
    if not _whole(capacity) or capacity < 1:
        v.add(
            prop,
            f"is {described(capacity)}; provisioned capacity is a whole number of capacity "
            "units, at least 1, or AutoScaledCapacity(...)",
            # TableV2's Capacity: what it holds cannot be read back from aws-cdk-lib
            "pass the number n of Capacity.fixed(n), or AutoScaledCapacity(max_capacity=..., "
            "min_capacity=...) for Capacity.autoscaled(...)"
            if isinstance(capacity, dynamodb.Capacity)
            else whole_number_fix(capacity, at_least=1)
            or "pass e.g. 5, or AutoScaledCapacity(min_capacity=5, max_capacity=100)",
        )
        return
    _warn_of_quota(v, capacity, prop)


def _check_units(v: Validator, units: object, prop: str) -> None:
    """An AutoScaledCapacity's ``min_capacity`` or ``max_capacity`` (``prop`` ends with it)."""
    if not _whole(units) or units < 1:
        name = prop.rpartition(".")[2]
        v.add(
            prop,
            f"is {described(units)}; it is a whole number of capacity units, at least 1",
            whole_number_fix(units, at_least=1)
            or f"pass e.g. {name}={5 if name == 'min_capacity' else 100}",
        )


def _check_auto_scaled(v: Validator, capacity: AutoScaledCapacity, prop: str) -> None:
    low, high = capacity.min_capacity, capacity.max_capacity
    for name, units in (("min_capacity", low), ("max_capacity", high)):
        if not _deploy_time(v, units, f"{prop}.{name}", _check_units):
            _check_units(v, units, f"{prop}.{name}")
    _check_max_over_min(v, [low, high], prop=prop)
    v.recheck_together([low, high], functools.partial(_check_max_over_min, prop=prop))
    if _whole(low) and _whole(high) and low >= 1:
        _warn_of_quota(v, high, f"{prop}.max_capacity")
    target, target_prop = capacity.target_utilization_percent, f"{prop}.target_utilization_percent"
    if not v.known_at_synth(  # aws-cdk-lib compares it with its range at synth
        target, target_prop, "aws-cdk-lib checks it at synth", "pass a number from 20 to 90"
    ):
        return
    if isinstance(target, float) and 0.2 <= target <= 0.9:  # 0.7 meant as 70 %
        v.add(
            target_prop,
            f"is {target}, a fraction; it is a percentage from 20 to 90",
            f"pass {round(target * 100):g} for {target * 100:g} %",
        )
        return
    v.check_range(target, target_prop, *TARGET_UTILIZATION, "%")


def _check_max_over_min(v: Validator, given: list[Any], *, prop: str) -> None:
    low, high = given
    if _whole(low) and _whole(high) and low >= 1:
        v.check(
            high >= low,
            f"{prop}.max_capacity",
            f"is {high}, below min_capacity {low}",
            f"pass a max_capacity of at least {low}",
        )


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and not is_unresolved(value)


def _warn_of_quota(v: Validator, units: Any, prop: str) -> None:
    """Above DynamoDB's default per-table quota: an account may have a higher one."""
    if units > PER_TABLE_QUOTA:
        kind = "write" if "write" in prop else "read"
        warn_of_quota(
            v.scope,
            TABLE_THROUGHPUT_WARNING,
            f"`{prop}` is {units}",
            _QUOTAS[kind],
            fix=f"pass at most {PER_TABLE_QUOTA}",
        )
