"""A misspelt factory of a value object built by factory methods (``Link.readwrite``,
``ApiAuth.jwts``) is a ConstructError naming the factories, not Python's AttributeError."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from constructs_lib.errors import ConstructError, Problem

__all__ = ["Factories", "UnknownFactoryError", "factories_of"]


class UnknownFactoryError(ConstructError, AttributeError):
    """A name that is no factory of the class (a ConstructError, and an AttributeError, so
    ``hasattr`` and ``getattr(cls, name, default)`` still work)."""

    __str__ = ConstructError.__str__


class Factories(type):
    """Metaclass of the public value objects users build with factory methods."""

    if not TYPE_CHECKING:  # type checkers keep reporting a misspelt factory themselves

        def __getattr__(cls, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")
            factories = sorted(factories_of(cls))
            close = difflib.get_close_matches(name, factories, n=1, cutoff=0.6)
            fix = (
                f"write {cls.__name__}.{close[0]}(...)"
                if close
                else f"call one of them, e.g. {cls.__name__}.{factories[0]}(...)"
            )
            listed = ", ".join(f"{f}(...)" for f in factories)
            raise UnknownFactoryError(
                [Problem(cls.__name__, name, f"is no factory of it; its factories: {listed}", fix)]
            )


def factories_of(cls: type) -> list[str]:
    """The names of ``cls``'s factories (its public class methods), as defined."""
    return [
        name
        for name, value in vars(cls).items()
        if isinstance(value, classmethod) and not name.startswith("_")
    ]
