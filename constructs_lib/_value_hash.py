"""The hash of a public value object (a frozen dataclass: ``Handler``, ``CorsPolicy``,
``Route``...) that holds what a user gives as a list or a dict (``environment={...}``,
``allow_origins=[...]``): the hash ``@dataclass`` generates hashes each field as it is,
and raises ``TypeError: unhashable type`` on a dict or a list, for every Handler (its
``environment`` defaults to a dict). This one hashes a list as a tuple and a dict as the
set of its items, and leaves out what cannot be hashed at all: objects that compare
equal still hash alike (what a set or a dict key needs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Set
from typing import Any

__all__ = ["value_hash"]

#: Stands for a value that cannot be hashed (a user's object defining only ``__eq__``).
_UNHASHABLE = object()


def value_hash(self: Any) -> int:
    """``__hash__`` of a frozen dataclass: its class and its compared fields' contents."""
    return hash(
        (
            type(self),
            *(_hashable(getattr(self, f.name)) for f in dataclasses.fields(self) if f.compare),
        )
    )


def _hashable(value: object) -> object:
    """``value`` as a hashable stand-in, equal for equal values."""
    if isinstance(value, Mapping):
        return frozenset((_hashable(k), _hashable(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, Set):
        return frozenset(_hashable(item) for item in value)
    try:
        hash(value)
    except TypeError:
        return _UNHASHABLE
    return value
