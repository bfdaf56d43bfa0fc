"""A whole deploy-time list (``CfnParameter(type="CommaDelimitedList").value_as_list``,
``Fn.split(",", Fn.import_value("X"))``) where a list of the library's or aws-cdk-lib's
objects goes (``sources``, ``links``, ``global_secondary_indexes``). Python sees it as a
list of one string, its encoding, so the rules walking the items named it as its first
item (``sources[0]`` "is a str, not a BucketEvents"): it is named here as the prop, a
deploy-time list, and the rules' problems of its items are dropped (a rule's own
problem of the whole prop, saying why it reads the items, is kept in place of this one).

A list of strings given whole (``audiences``, ``authorization_scopes``) is each rule's to
take or refuse (``Validator.known_at_synth``): many go into the template as they are."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeGuard, cast

from constructs_lib._jsii import is_unresolved, shown
from constructs_lib._prop_type_messages import fix, wrong
from constructs_lib._prop_types import MAX_DEPTH, field_types, fits, is_value_object
from constructs_lib._validation import Validator
from constructs_lib.errors import Problem

__all__ = ["check_whole_lists", "is_whole_list", "items_of", "refuse_whole_list"]

#: Why a list of objects cannot be a deploy-time list.
WHOLE_LIST_WHY = (
    "a deploy-time list holds text known only at deploy, and the library builds from "
    "each item at synth"
)


def is_whole_list(value: object) -> TypeGuard[list[str] | tuple[str, ...]]:
    """Whether ``value`` is a list token (one encoded item standing for the whole list),
    or one turned into a tuple (``tuple(param.value_as_list)``)."""
    return isinstance(value, list | tuple) and is_unresolved(list(value))


def refuse_whole_list(v: Validator, value: object, prop: str, kind: str, fix: str) -> bool:
    """False, and one problem naming ``prop`` (not its first item), for a whole deploy-time
    list where a list of ``kind`` goes; True for anything else (the rules' to check)."""
    if not is_whole_list(value):
        return True
    v.add(prop, f"is {shown(list(value))}; it must be {kind}: {WHOLE_LIST_WHY}", fix)
    return False


def check_whole_lists(v: Validator, props: object) -> list[str]:
    """Adds a problem for each field of ``props`` (and of the library's value objects in
    them) annotated as a list of objects and given a whole deploy-time list; returns the
    props named (their rules' problems are of the encoding, taken for an item)."""
    named: list[str] = []
    _walk(v, props, "", 0, named)
    return named


def items_of(problem: Problem, props: list[str]) -> bool:
    """Whether ``problem`` is about an item of one of ``props`` (``sources[0].events``)."""
    return any(problem.prop.startswith((f"{prop}[", f"{prop}.")) for prop in props)


def _walk(v: Validator, obj: object, prefix: str, depth: int, named: list[str]) -> None:
    hints = field_types(obj)
    for field in dataclasses.fields(cast(Any, obj)):
        value = getattr(obj, field.name)
        prop = f"{prefix}{field.name}"
        expected = hints.get(field.name)
        if is_whole_list(value):
            items = list(value)
            if expected is not None and not fits(items, expected):
                v.add(prop, f"{wrong(items, expected)}: {WHOLE_LIST_WHY}", fix(items, expected))
                named.append(prop)
        elif depth < MAX_DEPTH:
            for where, item in _value_objects(value, prop):
                _walk(v, item, where, depth + 1, named)


def _value_objects(value: object, prop: str) -> list[tuple[str, object]]:
    """The library's value objects in ``value`` (itself, a list's, a mapping's), each with
    the prefix its fields are named after (as ``check_types`` names them)."""
    if is_value_object(value):
        return [(f"{prop}.", value)]
    if isinstance(value, list | tuple):
        items = [(f"{prop}[{index}].", item) for index, item in enumerate(value)]
    elif isinstance(value, Mapping):
        items = [(f"{prop}[{key!r}].", item) for key, item in value.items()]
    else:
        return []
    return [(where, item) for where, item in items if is_value_object(item)]
