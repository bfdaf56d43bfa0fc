"""The read-only collections a construct exposes (``api.functions``, ``worker.alarms``,
``network.interface_endpoints``): a live mapping view and a list only the construct fills.

Changing one (``api.functions["GET /x"] = fn``, ``del worker.alarms[0]``,
``api.functions.update(...)``, ``worker.alarms += [...]``) is a :class:`ReadOnlyViewError`:
a ConstructError naming the construct's path, the attribute and what to do instead (it was
Python's bare TypeError, naming neither), and a TypeError still, as Python raises for a
mappingproxy or a tuple, so ``except TypeError`` keeps working. A view learns whose
attribute it is when the construct assigns it (:func:`bind`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NoReturn, SupportsIndex, TypeVar

from constructs_lib._jsii import shown
from constructs_lib._token_names import readable
from constructs_lib.errors import ConstructError, Problem

__all__ = [
    "ReadOnlyList",
    "ReadOnlyMapping",
    "ReadOnlyViewError",
    "bind",
    "fill",
    "mapping_view",
]

_T = TypeVar("_T")
_K = TypeVar("_K")
_V = TypeVar("_V")

#: Where a view is: (its construct's path, its attribute); empty until bound.
_Where = tuple[str, str]


class ReadOnlyViewError(ConstructError, TypeError):
    """A change to a construct's read-only mapping or list (a ConstructError, and a
    TypeError, as Python's own for a mappingproxy or a tuple)."""

    __str__ = ConstructError.__str__


class _NoChangeMethodError(ReadOnlyViewError, AttributeError):
    """``api.functions.update(...)``: a mapping view has no method that changes it (so
    ``hasattr(view, "update")`` stays False); the lookup says what to do instead."""

    __str__ = ConstructError.__str__


def bind(value: object, path: str, name: str) -> None:
    """Names ``value``, if it is a view not named yet, as the attribute ``name`` of the
    construct at ``path`` (the first construct to expose it)."""
    if isinstance(value, ReadOnlyMapping | ReadOnlyList) and not value._where[0]:
        object.__setattr__(value, "_where", (path, name))


def mapping_view(mapping: Mapping[_K, _V], *, where: _Where = ("", "")) -> Mapping[_K, _V]:
    """``mapping`` read-only and live (a dict the construct keeps filling); ``where``
    names it for a view no attribute assignment binds (a property's)."""
    view = ReadOnlyMapping(mapping)
    if where[0]:
        bind(view, *where)
    return view


def _refusal(where: _Where, prop: str, kind: str, what: str, fix: str) -> Problem:
    path, name = where
    return Problem(
        path or kind,
        f"{name}{prop}" if name else f"(a read-only {kind}){prop}",
        f"{what}, but it is read-only (what the construct made: it uses what it made, "
        "whatever you change in a copy)",
        fix,
    )


#: A mapping view's fix: what the construct's objects and a copy of the view are for.
_MAPPING_FIX = (
    "use the objects it holds and change them (their methods), or copy it into a dict of "
    "your own (dict(...)) and change that"
)
#: Dict methods that change a dict: a view has none.
_MAPPING_CHANGES = frozenset({"clear", "pop", "popitem", "setdefault", "update"})


class ReadOnlyMapping(Mapping[_K, _V]):
    """A live read-only view of a mapping its construct fills (route maps, endpoints), as a
    ``MappingProxyType``, but a copy (``copy.copy``, ``pickle``) is a plain dict of its
    items (a mappingproxy cannot be copied: ``copy.copy(api.functions)`` raised), ``|``
    makes a dict, and changing it is a :class:`ReadOnlyViewError` saying what to do."""

    __slots__ = ("_mapping", "_where")

    def __init__(self, mapping: Mapping[_K, _V]) -> None:
        self._mapping = mapping
        self._where: _Where = ("", "")

    def __getitem__(self, key: _K) -> _V:
        return self._mapping[key]  # a RouteMap's missing key names the API's routes

    def __iter__(self) -> Iterator[_K]:
        return iter(self._mapping)

    def __len__(self) -> int:
        return len(self._mapping)

    def __contains__(self, key: object) -> bool:
        return key in self._mapping

    def __repr__(self) -> str:
        return repr(dict(self._mapping))

    def __or__(self, other: Mapping[_K, _V]) -> dict[_K, _V]:
        return {**self._mapping, **other}

    def __ror__(self, other: Mapping[_K, _V]) -> dict[_K, _V]:
        return {**other, **self._mapping}

    def __reduce_ex__(
        self, protocol: SupportsIndex
    ) -> tuple[type[dict[_K, _V]], tuple[dict[_K, _V]]]:
        return dict, (dict(self._mapping),)

    def __setitem__(self, key: _K, value: _V) -> NoReturn:
        what = f"is assigned {readable(shown(value), None)}"
        raise ReadOnlyViewError([self._refused(f"[{key!r}]", what)])

    def __delitem__(self, key: _K) -> NoReturn:
        raise ReadOnlyViewError([self._refused(f"[{key!r}]", "is deleted")])

    def __ior__(self, other: object) -> NoReturn:
        raise ReadOnlyViewError([self._refused("", "is updated (|=)")])

    def __getattr__(self, name: str) -> NoReturn:
        if name in _MAPPING_CHANGES:  # a dict's method: the user meant to change it
            what = f"is changed (.{name}())"
            raise _NoChangeMethodError([self._refused("", what)])
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _refused(self, prop: str, what: str) -> Problem:
        return _refusal(self._where, prop, "mapping", what, _MAPPING_FIX)


class ReadOnlyList(list[_T]):
    """A list only its construct fills (:func:`fill`): what a construct exposes as a list,
    its alarms (filled when they stop waiting for a destination) and records. A list
    still, so it compares equal to one and jsii takes it (``AlarmStatusWidget(alarms=
    api.alarms)``: jsii passes a list or a dict, never a tuple or a view). Changing it is
    a :class:`ReadOnlyViewError` saying what to do instead (``fix``)."""

    __slots__ = ("_fix", "_where")

    def __init__(self, items: Iterable[_T] = (), *, fix: str) -> None:
        super().__init__(items)
        self._fix = fix
        self._where: _Where = ("", "")

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[type[list[_T]], tuple[list[_T]]]:
        """A copy (``copy.copy``, ``pickle``) is a plain list of the items, yours to change:
        copying rebuilt this class by appending, which it refuses."""
        return list, (list(self),)


def fill(items: ReadOnlyList[_T], more: Iterable[_T]) -> None:
    """Adds ``more`` to ``items`` (its construct only)."""
    list.extend(items, more)


def _refuse_change(method: str) -> Any:
    def refuse(self: ReadOnlyList[Any], *args: object, **kwargs: object) -> NoReturn:
        what = f"is changed ({_SHOWN.get(method, f'.{method}()')})"
        fix = f"{self._fix}, or copy it (list(...)) and change the copy"
        raise ReadOnlyViewError([_refusal(self._where, "", "list", what, fix)])

    refuse.__name__ = method
    return refuse


#: How a user wrote a change that is an operator.
_SHOWN = {
    "__setitem__": "an item assigned",
    "__delitem__": "an item deleted",
    "__iadd__": "+=",
    "__imul__": "*=",
}

#: Every method of list that changes it (list's own: jsii and CPython's list() read it).
_CHANGES = (
    *("append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse"),
    *("__setitem__", "__delitem__", "__iadd__", "__imul__"),
)
for _change in _CHANGES:
    setattr(ReadOnlyList, _change, _refuse_change(_change))
