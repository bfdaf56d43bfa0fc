"""Props annotated ``Collection[...]``, ``Iterable[...]``, a set, ``Mapping[K, V]`` or a path
are checked against the annotation like ``Sequence[...]`` ones. Proves (gaps50):
``_prop_types`` let any value through such an annotation (``Mapping`` by its type only):
a str given for a ``Collection[str]`` would have been read as its characters, with no
ConstructError. No public prop is annotated so today without a rule of its own
(``assert_stateful_resources_unchanged(removed=)`` and ``StaticSite(source=)`` have one):
the last test keeps every prop's annotation to shapes the check knows."""

from __future__ import annotations

import collections.abc
import dataclasses
import importlib
import os
import pkgutil
import types
import typing
from collections.abc import Collection, Iterable, Mapping, Sequence, Set
from pathlib import Path
from typing import Any

import pytest

import constructs_lib
from constructs_lib import ConstructError
from constructs_lib._prop_type_messages import UNORDERED
from constructs_lib._prop_types import _hints, check_types
from constructs_lib._validation import Validator
from tests.support import new_stack


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Props:
    names: Collection[str] = ()
    tags: Set[str] = frozenset()
    sizes: Iterable[int] = ()
    limits: Mapping[str, int] = dataclasses.field(default_factory=dict)
    where: str | os.PathLike[str] = "."


def _problems(**fields: Any) -> list[str]:
    v = Validator(new_stack())
    check_types(v, _Props(**fields))
    if not v.problems:
        return []
    with pytest.raises(ConstructError) as raised:
        v.raise_if_any()
    return [str(problem) for problem in raised.value.problems]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        # the classic: its characters would be the names
        (
            {"names": "orders"},
            "Test: `names` is the string 'orders', not a list. Fix: pass ['orders']",
        ),
        (
            {"names": ["orders", 5]},
            "Test: `names` is ['orders', 5], a list; it must be a list or set of strings. "
            "Fix: pass a list or set of strings",
        ),
        (
            {"names": {"orders": 1}},  # a dict would be read as its keys
            "Test: `names` is {'orders': 1}, a dict; it must be a list or set of strings. "
            "Fix: pass a list or set of strings",
        ),
        ({"tags": "a"}, "Test: `tags` is the string 'a', not a list. Fix: pass ['a']"),
        (
            {"sizes": [1, "2"]},
            "Test: `sizes` is [1, '2'], a list; it must be a list or set of whole numbers. "
            "Fix: pass a list or set of whole numbers",
        ),
        (
            {"limits": {"orders": "5"}},
            "Test: `limits` is {'orders': '5'}, a dict; it must be a dict from strings to "
            "whole numbers. Fix: pass a dict from strings to whole numbers",
        ),
        (
            {"where": 5},
            "Test: `where` is 5, an int; it must be a string or a path (a str or "
            "pathlib.Path). Fix: pass a string or a path (a str or pathlib.Path)",
        ),
    ],
    ids=["str for names", "int among names", "dict", "str for a set", "str among ints",
         "str value", "int for a path"],
)  # fmt: skip
def test_a_wrong_value_is_a_construct_error_naming_the_prop(
    fields: dict[str, Any], problem: str
) -> None:
    assert _problems(**fields) == [problem]


def test_what_the_annotations_admit_passes() -> None:
    assert (
        _problems(
            names={"orders", "invoices"},  # order does not matter: a set fits
            tags=frozenset({"a"}),
            sizes=(size for size in [1, 2]),  # a generator: read once, by the construct
            limits={"orders": 5},
            where=Path("site"),
        )
        == []
    )
    assert _problems(names=("orders",), sizes=[1], where="site") == []


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Nested:
    filters: Sequence[Mapping[str, Any]] = ()
    groups: Sequence[Sequence[str]] = ()
    sets: Sequence[Collection[int]] = ()
    by_name: Mapping[str, Sequence[str]] = dataclasses.field(default_factory=dict)
    nested: Mapping[str, Mapping[str, int]] = dataclasses.field(default_factory=dict)
    paths: Sequence[str | os.PathLike[str]] = ()


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"filters": [5]}, "a list of dicts"),
        ({"groups": [[1]]}, "a list of lists of strings"),
        ({"sets": ["a"]}, "a list of lists or sets of whole numbers"),
        ({"by_name": {"a": 5}}, "a dict from strings to lists of strings"),
        ({"nested": {"a": 1}}, "a dict from strings to dicts from strings to whole numbers"),
        ({"paths": [5]}, "a list of strings or paths (each a str or pathlib.Path)"),
    ],
    ids=["dicts", "lists", "sets", "dict of lists", "dict of dicts", "paths"],
)
def test_a_containers_items_are_named_in_the_plural(fields: dict[str, Any], kind: str) -> None:
    # Proves (refactor52): the items of a container were described as one value each:
    # "it must be a list of a dict. Fix: pass a list of a dict"
    v = Validator(new_stack())
    check_types(v, _Nested(**fields))
    with pytest.raises(ConstructError) as raised:
        v.raise_if_any()
    ((prop, given),) = fields.items()
    (problem,) = raised.value.problems
    assert str(problem) == (
        f"Test: `{prop}` is {given!r}, a {type(given).__name__}; it must be {kind}. "
        f"Fix: pass {kind}"
    )


#: The generic shapes ``_prop_types._fits`` checks (beside unions).
_KNOWN = {
    collections.abc.Sequence,
    list,
    tuple,
    collections.abc.Mapping,
    dict,
    collections.abc.Callable,
    os.PathLike,
    *UNORDERED,
}


def _origins(annotation: Any) -> set[Any]:
    origin = typing.get_origin(annotation)
    found = set() if origin in (None, typing.Union, types.UnionType) else {origin}
    for arg in typing.get_args(annotation):
        if not isinstance(arg, list) and arg is not Ellipsis:
            found |= _origins(arg)
    return found


def test_every_prop_of_the_library_is_annotated_with_shapes_the_check_knows() -> None:
    # GIVEN every dataclass of the library (props, value objects), each field's annotation
    unknown = []
    for info in pkgutil.walk_packages(constructs_lib.__path__, "constructs_lib."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
                continue
            if cls.__module__ != module.__name__:
                continue
            hints = _hints(cls)
            for field in dataclasses.fields(cls):
                annotation = hints.get(field.name)
                if annotation is None or isinstance(annotation, tuple):  # deferred: a module
                    continue
                for origin in _origins(annotation) - _KNOWN:
                    unknown.append(f"{cls.__module__}.{cls.__name__}.{field.name}: {origin}")
    # THEN none uses a generic the check would let any value through
    assert unknown == []
