"""A map from objects, by identity, that forgets an object once it is gone.

``weakref.WeakKeyDictionary`` finds a key by ``__hash__`` and ``__eq__``: a user's
construct class that compares by value (a tenant scope equal to any other of the same
name) would then find another App's entry (another stack, another app's function
defaults), and one with ``__eq__`` but no ``__hash__`` could not be a key at all. The
library's per-construct caches and settings mean *this* object, whatever it compares
equal to."""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["IdentityMap", "IdentitySet"]

_V = TypeVar("_V")


class IdentityMap(Generic[_V]):
    """Values by the identity of their key, each dropped when its key is collected."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[weakref.ref[object], _V]] = {}

    def __bool__(self) -> bool:
        return bool(self._entries)

    def __contains__(self, key: object) -> bool:
        entry = self._entries.get(id(key))
        return entry is not None and entry[0]() is key

    def get(self, key: object) -> _V | None:
        entry = self._entries.get(id(key))
        return entry[1] if entry is not None and entry[0]() is key else None

    def set(self, key: object, value: _V) -> None:
        """Keeps ``value`` for ``key`` while ``key`` lives (an object that cannot be
        weakly referenced is not kept: the caller asks again)."""
        number = id(key)
        entries = self._entries

        def forget(ref: weakref.ref[object]) -> None:
            if (entry := entries.get(number)) is not None and entry[0] is ref:
                del entries[number]

        with contextlib.suppress(TypeError):  # no weak reference to it: not kept
            entries[number] = (weakref.ref(key, forget), value)

    def remembered(self, key: object, ask: Callable[[], _V]) -> _V:
        """``ask()`` once per living ``key``."""
        entry = self._entries.get(id(key))
        if entry is not None and entry[0]() is key:
            return entry[1]
        value = ask()
        self.set(key, value)
        return value


class IdentitySet:
    """Objects by identity (``weakref.WeakSet`` by equality, as above), each dropped when
    it is collected."""

    def __init__(self) -> None:
        self._members: IdentityMap[bool] = IdentityMap()

    def __contains__(self, member: object) -> bool:
        return member in self._members

    def add(self, member: object) -> None:
        self._members.set(member, True)
