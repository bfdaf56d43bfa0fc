"""A map from objects, by identity, that forgets an object once it is gone.

``weakref.WeakKeyDictionary`` finds a key by ``__hash__`` and ``__eq__``: a user's
construct class that compares by value (a tenant scope equal to any other of the same
name) would then find another App's entry (another stack, another app's function
defaults), and one with ``__eq__`` but no ``__hash__`` could not be a key at all. The
library's per-construct caches and settings mean *this* object, whatever it compares
equal to."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["IdentityMap", "IdentitySet"]

_V = TypeVar("_V")


class _KeyRef(weakref.ref[object]):
    """A weak reference to a key that carries the key's id and its value: one small object
    per entry, where a closure per entry, its cells and a tuple took three times the memory,
    for as long as the key lives (jsii keeps every object made in Python alive: a test
    session's hundreds of Apps)."""

    __slots__ = ("number", "value")

    number: int
    value: Any


class IdentityMap(Generic[_V]):
    """Values by the identity of their key, each dropped when its key is collected."""

    def __init__(self) -> None:
        entries: dict[int, _KeyRef] = {}

        def forget(ref: _KeyRef) -> None:
            if entries.get(ref.number) is ref:
                del entries[ref.number]

        self._entries, self._forget = entries, forget

    def __bool__(self) -> bool:
        return bool(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        ref = self._entries.get(id(key))
        return ref is not None and ref() is key

    def get(self, key: object) -> _V | None:
        ref = self._entries.get(id(key))
        if ref is None or ref() is not key:
            return None
        value: _V = ref.value
        return value

    def set(self, key: object, value: _V) -> None:
        """Keeps ``value`` for ``key`` while ``key`` lives (an object that cannot be
        weakly referenced is not kept: the caller asks again)."""
        try:
            ref = _KeyRef(key, self._forget)
        except TypeError:  # no weak reference to it: not kept
            return
        ref.number, ref.value = id(key), value
        self._entries[ref.number] = ref

    def remembered(self, key: object, ask: Callable[[], _V]) -> _V:
        """``ask()`` once per living ``key``."""
        ref = self._entries.get(id(key))
        if ref is not None and ref() is key:
            value: _V = ref.value
            return value
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
