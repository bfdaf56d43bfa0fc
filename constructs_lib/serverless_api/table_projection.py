"""What a secondary index projects (``GlobalIndex`` / ``LocalIndex(projection=...,
non_key_attributes=...)``): DynamoDB's rules for it, checked at construct time, since
aws-cdk-lib's own checks stop at the first with a jsii trace, and DynamoDB's (the total
over the table's indexes, key attributes listed) fail only the deploy."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib._jsii import is_unresolved, shown
from constructs_lib._validation import Validator
from constructs_lib._whole_lists import is_whole_list
from constructs_lib._words import counted

if TYPE_CHECKING:
    from constructs_lib.serverless_api.table import TableOptions
    from constructs_lib.serverless_api.table_indexes import GlobalIndex, LocalIndex

    Index: TypeAlias = GlobalIndex | LocalIndex

__all__ = ["check_projections", "non_key_attributes_of"]

# DynamoDB: "the total count of NonKeyAttributes summed across all of the secondary
# indexes, must not exceed 100. If you project the same attribute into two different
# indexes, this counts as two distinct attributes" (API reference, Projection).
MAX_NON_KEY_ATTRIBUTES = 100
# and per index ("Array Members: ... Maximum number of 20 items"; DynamoDB answers more with
# "Member must have length less than or equal to 20")
MAX_INDEX_NON_KEY_ATTRIBUTES = 20
_NAME_MAX_BYTES = 255  # an attribute name's length, as for key attributes
_PROJECTED = {"ALL": "every attribute is projected", "KEYS_ONLY": "only the keys are projected"}


def non_key_attributes_of(index: Index) -> list[str] | None:
    """What aws-cdk-lib takes as ``non_key_attributes``: the names with INCLUDE, else none
    (it refuses them with another projection)."""
    if index.projection != dynamodb.ProjectionType.INCLUDE:
        return None
    return list(index.non_key_attributes)


def check_projections(
    v: Validator, table: TableOptions, indexes: Sequence[tuple[str, Index]]
) -> None:
    """Each index (by its prop) and its attributes; then the total over the table, told
    to the global indexes' prop unless only local ones project attributes."""
    totals = {"global": 0, "local": 0}
    for where, index in indexes:
        kind = "local" if where.startswith("table.local_") else "global"
        totals[kind] += _check_projection(v, table, index, where)
    total = totals["global"] + totals["local"]
    # a deploy-time list (value_as_list) holds one attribute at least: counted as one, the
    # total is the least the indexes project, and DynamoDB checks the rest at deploy
    lists = any(is_whole_list(index.non_key_attributes) for _, index in indexes)
    v.check(
        total <= MAX_NON_KEY_ATTRIBUTES,
        f"table.{'global' if totals['global'] else 'local'}_secondary_indexes",
        f"project {_at_least(total, lists)} non-key attributes in all; DynamoDB allows at most "
        f"{MAX_NON_KEY_ATTRIBUTES} summed over a table's secondary indexes (an attribute "
        "projected into two indexes counts twice)",
        "list fewer non_key_attributes (ProjectionType.ALL projects every attribute and "
        "does not count), or let one index serve several queries",
    )


def _check_projection(v: Validator, table: TableOptions, index: Index, where: str) -> int:
    """The problems of one index's projection; how many non-key attributes it projects."""
    projection, names = index.projection, index.non_key_attributes
    if not v.check_type(
        projection, f"{where}.projection", dynamodb.ProjectionType, _projection_fix(projection)
    ) or not v.check_sequence(names, f"{where}.non_key_attributes", "['status', 'total']"):
        return 0
    prop = f"{where}.non_key_attributes"
    if projection == dynamodb.ProjectionType.INCLUDE:
        return (
            _check_included(v, table, index, prop)
            if v.check(
                bool(names),
                prop,
                "is empty, and projection INCLUDE projects the non-key attributes it lists",
                "list the attributes the index's queries read, e.g. non_key_attributes=['status'], "
                "or pass projection=dynamodb.ProjectionType.KEYS_ONLY",
            )
            else 0
        )
    v.check(
        not names,
        prop,
        f"{_listed(names)}, but projection "
        f"{projection.value} takes none "
        f"({_PROJECTED.get(projection.value, 'it decides what is projected')})",
        "pass projection=dynamodb.ProjectionType.INCLUDE to project just those, or drop "
        "non_key_attributes",
    )
    return 0


def _listed(names: Sequence[str]) -> str:
    """What ``names`` lists: a deploy-time list is one list, not its one encoded item."""
    if is_whole_list(names):
        return f"is {shown(names)}"
    return f"lists {counted(len(names), 'attribute')}"


def _projection_fix(projection: object) -> str:
    """The member a projection type's name (``"KEYS_ONLY"``, ``"include"``) stands for."""
    name = projection.strip().upper().replace("-", "_") if isinstance(projection, str) else ""
    if name in {"ALL", "KEYS_ONLY", "INCLUDE"}:
        return f"pass dynamodb.ProjectionType.{name} (the enum member, not its name)"
    return "pass dynamodb.ProjectionType.ALL (the default), KEYS_ONLY or INCLUDE"


def _at_least(count: int, lists: bool) -> str:
    """``count`` non-key attributes, of which each deploy-time list (``lists``) is one."""
    return f"at least {count} (each deploy-time list counted as one)" if lists else str(count)


def _check_included(v: Validator, table: TableOptions, index: Index, prop: str) -> int:
    count = len(index.non_key_attributes)
    v.check(
        count <= MAX_INDEX_NON_KEY_ATTRIBUTES,
        prop,
        f"lists {count} attributes; DynamoDB projects at most {MAX_INDEX_NON_KEY_ATTRIBUTES} "
        "non-key attributes into one index",
        "list the attributes the index's queries read, spread them over indexes, or pass "
        "projection=dynamodb.ProjectionType.ALL",
    )
    keys = {
        name: what
        for what, name in (
            ("the table's partition key", table.partition_key),
            ("the table's sort key", table.sort_key),
            ("the index's partition key", getattr(index, "partition_key", None)),
            ("the index's sort key", index.sort_key),
        )
        if isinstance(name, str) and name
    }
    # a Lazy.string among them: each is checked as it resolves at synth, and none twice
    v.recheck_together(list(index.non_key_attributes), functools.partial(_repeats, prop=prop))
    seen: set[str] = set()
    for position, name in enumerate(index.non_key_attributes):
        where = f"{prop}[{position}]"
        if is_unresolved(name):  # a Lazy.string is checked when it resolves at synth
            v.recheck_rule(name, functools.partial(_check_resolved, where=where, keys=keys))
            continue
        _check_name(v, where, name, keys)
        v.check(name not in seen, where, f"repeats {name!r}", "list each attribute once")
        seen.add(name)
    return count


def _repeats(v: Validator, names: list[Any], *, prop: str) -> None:
    for position, name in enumerate(names):
        if isinstance(name, str) and name in names[:position]:
            v.add(f"{prop}[{position}]", f"repeats {name!r}", "list each attribute once")


def _check_resolved(v: Validator, name: str, *, where: str, keys: dict[str, str]) -> None:
    _check_name(v, where, name, keys)


def _check_name(v: Validator, where: str, name: str, keys: dict[str, str]) -> None:
    """One non-key attribute's name: 1 to 255 bytes, no white space around it, no key."""
    size = len(name.encode())
    v.check(
        0 < size <= _NAME_MAX_BYTES,
        where,
        f"is {size} bytes long; DynamoDB allows 1 to {_NAME_MAX_BYTES}",
        f"pass an attribute name of 1 to {_NAME_MAX_BYTES} bytes",
    )
    v.check(
        name == name.strip(),
        where,
        f"is {name!r}, with white space around it, which DynamoDB keeps in the name",
        f"write {name.strip()!r}" if name.strip() else "name the attribute",
    )
    v.check(
        name not in keys,
        where,
        f"is {name!r}, {keys.get(name)}: key attributes are always projected, and "
        "DynamoDB refuses one listed as a non-key attribute",
        f"drop {name!r} from non_key_attributes",
    )
