"""The table's own attribute names (``partition_key``, ``sort_key``,
``time_to_live_attribute``): a string of at most 255 bytes without white space around it,
the sort key not the partition key. One given as a token that resolves at synth
(``Lazy.string(...)``) is checked then, as the literal is when the table is built; a
parameter's value is left to DynamoDB."""

from __future__ import annotations

from typing import Any

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib.serverless_api.table_keys import KEY_NAME_MAX_BYTES, check_spaces

__all__ = ["check_key_name", "check_partition_key", "check_sort_key_differs"]

_PARTITION_KEY = "table.partition_key"


def check_key_name(v: Validator, prop: str, name: str | None) -> None:
    """``name`` (the table's ``prop``) as an attribute name; empty only for the partition
    key, whose :func:`check_partition_key` tells it."""
    if name is not None and is_unresolved(name):
        v.recheck_rule(name, lambda found, text: _resolved_name(found, prop, text))
    elif name == "" and prop != _PARTITION_KEY:  # not "none": None says that
        v.add(prop, "is the empty string", "pass an attribute name, or None for none")
    elif name:
        v.check(
            len(name.encode()) <= KEY_NAME_MAX_BYTES,
            prop,
            f"is {len(name.encode())} bytes long; DynamoDB allows at most {KEY_NAME_MAX_BYTES}",
            "use a shorter attribute name",
        )
        check_spaces(v, name, prop)


def check_partition_key(v: Validator, name: str | None, default: str) -> None:
    """The partition key is named (``default``: what leaving it out gives)."""
    v.check(
        bool(name),
        _PARTITION_KEY,
        "is None" if name is None else "is empty",
        # a config's null for "not set": the default it would have meant
        f"leave partition_key out for its default ({default!r}), or name the partition "
        "key attribute"
        if name is None
        else "name the partition key attribute, e.g. 'pk'",
    )


def check_sort_key_differs(v: Validator, partition_key: object, sort_key: object) -> None:
    """The sort key is another attribute than the partition key; either as a token that
    resolves at synth is compared then."""
    _differ(v, partition_key, sort_key)
    v.recheck_together([partition_key, sort_key], lambda found, keys: _differ(found, *keys))


def _differ(v: Validator, partition_key: Any, sort_key: Any) -> None:
    v.check(  # (both None: one problem, the partition key's, not "the same name")
        sort_key is None or sort_key != partition_key,
        "table.sort_key",
        f"is {sort_key!r}, the partition key too",
        "use a different attribute name for the sort key",
    )


def _resolved_name(v: Validator, prop: str, name: str) -> None:
    if prop == _PARTITION_KEY:
        check_partition_key(v, name, "")
    check_key_name(v, prop, name)
