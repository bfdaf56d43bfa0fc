"""The hash of a public value object (a frozen dataclass: ``Handler``, ``CorsPolicy``,
``Route``...) that holds what a user gives as a list or a dict (``environment={...}``,
``allow_origins=[...]``): the hash ``@dataclass`` generates hashes each field as it is,
and raises ``TypeError: unhashable type`` on a dict or a list, for every Handler (its
``environment`` defaults to a dict). This one hashes a list as a tuple and a dict as the
set of its items, and leaves out what cannot be hashed at all: objects that compare
equal still hash alike (what a set or a dict key needs).

A user's subclass keeps it (:func:`keep_in_subclasses`): ``@dataclass(frozen=True)`` on
``class TeamHandler(Handler)`` would otherwise generate the raising hash again, and it
hashes only the fields the ``__eq__`` in effect compares (a subclass with ``eq=False``
compares its base's fields only)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Set
from typing import Any

__all__ = ["keep_in_subclasses", "value_hash"]

#: Stands for a value that cannot be hashed (a user's object defining only ``__eq__``).
_UNHASHABLE = object()


def value_hash(self: Any) -> int:
    """``__hash__`` of a frozen dataclass: its class and its compared fields' contents."""
    compared = dataclasses.fields(_eq_owner(type(self)))
    return hash((type(self), *(_hashable(getattr(self, f.name)) for f in compared if f.compare)))


def keep_in_subclasses(cls: type) -> None:
    """Makes a subclass of ``cls`` hash by :func:`value_hash` too, unless its body says
    otherwise (its own ``__hash__``, or an ``__eq__``, which sets ``__hash__ = None``).
    Set before ``@dataclass`` runs on the subclass, which then keeps it as explicit."""

    target: Any = cls  # (mypy reads a class's __init_subclass__ as fixed)

    def __init_subclass__(sub: Any, /, **kwargs: Any) -> None:
        super(target, sub).__init_subclass__(**kwargs)
        if "__hash__" not in vars(sub):
            sub.__hash__ = value_hash

    target.__init_subclass__ = classmethod(__init_subclass__)


def _eq_owner(cls: type) -> type:
    """The class whose ``__eq__`` instances of ``cls`` use: its fields are the ones compared."""
    return next(c for c in cls.__mro__ if "__eq__" in vars(c) and dataclasses.is_dataclass(c))


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
