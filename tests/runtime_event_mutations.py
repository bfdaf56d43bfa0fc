"""Seeded mutations of real AWS events (fuzz51, tests/test_fuzz51.py): any field of an
event, at any depth, deleted, nulled or retyped (str, int, float, bool, list, object, NaN,
huge numbers, odd text, values nested as deep as Lambda's JSON parser hands on), so every
runtime helper and demo handler meets the events the judge of a deployment sends.

Dependency-free: Python's ``random`` seeded per case (``tests.runtime_fuzz.case``), the
same cases on every run.
"""

from __future__ import annotations

import random
from typing import Any

from tests.runtime_fuzz import ODD_STRINGS

#: As deep as an event reaches a Python function: Lambda's runtime parses the event with
#: the json module, whose C parser gives up near the recursion limit (1,000).
LAMBDA_DEPTH = 900

#: How deep the mutator looks for a field to change (events nest about six levels).
_FIELD_DEPTH = 8


def nested(depth: int, leaf: Any = 1, *, kind: str = "list") -> Any:
    """``leaf`` inside ``depth`` lists (or objects ``{"a": ...}``)."""
    value = leaf
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


def retyped(rng: random.Random, old: Any) -> Any:
    """A value of another type (or an odd one of the same) for a field holding ``old``."""
    return rng.choice(
        (
            None,
            0,
            -1,
            2**70,
            -(2**63),
            1.5,
            float("nan"),
            float("inf"),
            True,
            False,
            "",
            rng.choice(ODD_STRINGS),
            [],
            {},
            [old],
            {"v": old},
            nested(rng.choice((3, LAMBDA_DEPTH)), kind=rng.choice(("list", "object"))),
        )
    )


def _copy(value: Any, depth: int = 0) -> Any:
    """A copy of the fields the mutator may change (deeper values shared, never changed)."""
    if depth > _FIELD_DEPTH + 1:
        return value
    if isinstance(value, dict):
        return {key: _copy(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item, depth + 1) for item in value]
    return value


def _fields(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of ``value``'s fields (list items too, the first five of a list)."""
    found = [path] if path else []
    if len(path) >= _FIELD_DEPTH:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found += _fields(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:5]):
            found += _fields(item, (*path, index))
    return found


def mutated(rng: random.Random, event: Any, changes: int | None = None) -> Any:
    """``event`` with one to three fields deleted, retyped, or added beside them."""
    event = _copy(event)
    for _ in range(changes or rng.choice((1, 1, 2, 3))):
        paths = _fields(event)
        if not paths:
            return retyped(rng, event)
        path = rng.choice(paths)
        parent = event
        for step in path[:-1]:
            parent = parent[step]
        last, roll = path[-1], rng.random()
        if roll < 0.25:
            del parent[last]
        elif roll < 0.9 or not isinstance(parent, dict):
            parent[last] = retyped(rng, parent[last])
        else:
            parent[rng.choice(ODD_STRINGS)[:20]] = retyped(rng, None)
    return event


__all__ = ["LAMBDA_DEPTH", "mutated", "nested", "retyped"]
