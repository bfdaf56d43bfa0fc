"""Equality and hash by content for the public value objects (frozen dataclasses:
``Handler``, ``CorsPolicy``, ``Route``...), in the library's classes and users' subclasses.

What ``@dataclass`` generates compares and hashes each field as it is: a ``Duration`` (a
jsii object) equals only itself, so ``CorsPolicy(...) != CorsPolicy(...)`` (its
``max_age`` default is a new Duration each time), and the hash raises ``TypeError:
unhashable type`` on a dict or a list (a Handler's ``environment`` defaults to a dict).
These compare a Duration by its unit and amount (``Duration.minutes(1)``), a list as the
tuple of its items, and hash a dict as the set of its items, leaving out what cannot be
hashed at all: objects that compare equal hash alike (what a set or a dict key needs).

A user's subclass gets them too, whatever its ``@dataclass(...)`` says: the decorator runs
after the class exists, so the methods it generated are replaced when the subclass's first
object is made (``__new__``). Writing a ``__hash__`` into the subclass before the
decorator ran (``__init_subclass__``) made ``unsafe_hash=True`` raise "Cannot overwrite
attribute __hash__". What the subclass's body defines (its ``__eq__``, its ``__hash__``,
the ``__hash__ = None`` Python sets beside an ``__eq__`` alone) is kept."""

from __future__ import annotations

import dataclasses
import inspect
import sys
from collections.abc import Callable, Mapping, Set
from typing import Any
from weakref import WeakKeyDictionary, WeakSet

__all__ = ["compare_by_content"]

#: Stands for a value that cannot be hashed (a user's object defining only ``__eq__``).
_UNHASHABLE = object()
_MISSING = object()

#: A subclass's ``__eq__`` and ``__hash__`` as its body left them (before any decorator).
_BODIES: WeakKeyDictionary[type, tuple[object, object]] = WeakKeyDictionary()
#: The classes whose generated methods were replaced (or had none).
_SETTLED: WeakSet[type] = WeakSet()


def compare_by_content(cls: type) -> None:
    """Makes the frozen dataclass ``cls`` and its subclasses compare and hash by content."""
    target: Any = cls  # (mypy reads a class's methods as fixed)
    target.__eq__ = _content_eq(cls)
    target.__hash__ = _content_hash(cls)
    _SETTLED.add(cls)

    def __init_subclass__(sub: type, /, **kwargs: Any) -> None:
        super(target, sub).__init_subclass__(**kwargs)
        _BODIES[sub] = _body(sub)

    def __new__(sub: type, /, *args: Any, **kwargs: Any) -> Any:
        if sub not in _SETTLED:
            _settle(sub)
        # the next in the subclass's order: a user's mixin after this class may have one
        following = super(target, sub).__new__
        if following is object.__new__:  # it takes no arguments beside the class
            return object.__new__(sub)
        return following(sub, *args, **kwargs)

    target.__init_subclass__ = classmethod(__init_subclass__)
    target.__new__ = staticmethod(__new__)
    target.__signature__ = _InitSignature()


class _InitSignature:
    """A class's ``inspect.signature`` (``help()``'s, an IDE's or notebook's at run time):
    its ``__init__``'s props. Python reads a class's ``__new__`` before its ``__init__``, and
    the ``__new__`` above takes ``*args, **kwargs``, which said nothing of the props."""

    def __get__(self, instance: object, owner: type) -> inspect.Signature:
        cls: Any = owner  # (mypy reads a class's __init__ as an instance's)
        init = inspect.signature(cls.__init__)  # the checked one unwraps to the dataclass's
        return init.replace(parameters=[*init.parameters.values()][1:])  # without self


def _body(cls: type) -> tuple[object, object]:
    """``cls``'s own ``__eq__`` and ``__hash__``; for the copy ``@dataclass(slots=True)``
    makes of a decorated class (with its params, and the methods it generated), the
    original's."""
    params = vars(cls).get("__dataclass_params__")
    if params is not None:
        for original, body in list(_BODIES.items()):
            if vars(original).get("__dataclass_params__") is params:
                return body
    return (vars(cls).get("__eq__", _MISSING), vars(cls).get("__hash__", _MISSING))


def _settle(cls: type) -> None:
    """Replaces what ``@dataclass`` generated on ``cls`` and its bases (not the bodies')."""
    for owner in cls.__mro__:
        if owner in _SETTLED or owner not in _BODIES:
            continue
        body_eq, body_hash = _BODIES[owner]
        target: Any = owner
        if "__dataclass_params__" in vars(owner):  # a decorated class
            if vars(owner).get("__eq__", _MISSING) not in (body_eq, _MISSING):
                target.__eq__ = _content_eq(owner)
            if vars(owner).get("__hash__", _MISSING) not in (body_hash, _MISSING, None):
                target.__hash__ = _content_hash(owner)
        _SETTLED.add(owner)


def _compared(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


def _content_eq(cls: type) -> Callable[[Any, object], Any]:
    names = _compared(cls)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(
            _content(getattr(self, name)) == _content(getattr(other, name)) for name in names
        )

    __eq__.__qualname__ = f"{cls.__qualname__}.__eq__"
    return __eq__


def _content_hash(cls: type) -> Callable[[Any], int]:
    names = _compared(cls)

    def __hash__(self: Any) -> int:
        return hash((type(self), *(_hashable(_content(getattr(self, n))) for n in names)))

    __hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
    return __hash__


def _content(value: object) -> object:
    """What of ``value`` is compared: a Duration's text (``Duration.minutes(1)``, a token's
    encoding for a deploy-time one), a list's or tuple's items as a tuple, a dict's items."""
    if isinstance(value, Mapping):
        return {key: _content(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_content(item) for item in value)
    cdk = sys.modules.get("aws_cdk")  # no Duration exists before aws_cdk is imported
    if cdk is not None and isinstance(value, cdk.Duration):
        return (cdk.Duration, value.to_string())
    return value


def _hashable(value: object) -> object:
    """``value`` (as :func:`_content` gives it) as a hashable stand-in, equal for equal
    values."""
    if isinstance(value, Mapping):
        return frozenset((_hashable(k), _hashable(v)) for k, v in value.items())
    if isinstance(value, tuple):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, Set):
        return frozenset(_hashable(item) for item in value)
    try:
        hash(value)
    except TypeError:
        return _UNHASHABLE
    return value
