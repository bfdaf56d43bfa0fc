"""A dict where the library takes one of its value objects: a config's ``{"rate": 10,
"burst": 20}`` for a Throttle, ``{"type": "jwt", "issuer": ..., "audiences": ...}`` for
``ApiAuth.jwt(...)``, ``{"code": ..., "entry": ...}`` for a Handler. The library builds
none from a dict (a misspelt key would be dropped, or taken as another prop, without a
word); the fix names the call whose arguments the dict's keys are, where they are."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from constructs_lib._factories import factories_of

__all__ = ["dict_fix"]

#: The keys a config names the factory with (``{"type": "canary", ...}``).
_KIND_KEYS = ("type", "kind")


def dict_fix(value: object, cls: type) -> str | None:
    """The fix for ``value`` given where ``cls`` goes: ``pass Throttle(rate=..., burst=...)``
    when its keys are ``cls``'s arguments, ``pass ApiAuth.jwt(issuer=..., audiences=...)``
    when its ``type`` (or ``kind``) names a factory taking the other keys; None otherwise
    (no dict, a key that is no argument, a type that is no factory)."""
    if not isinstance(value, Mapping) or not all(
        isinstance(key, str) and key.isidentifier() for key in value
    ):
        return None
    kinds = [value[key] for key in _KIND_KEYS if key in value]
    factories = factories_of(cls)
    if factories and kinds:
        name = str(kinds[0]).strip().lower().replace("-", "_").replace(" ", "_")
        rest = [key for key in value if key not in _KIND_KEYS]
        if len(kinds) > 1 or name not in factories:
            return None
        call = f"{cls.__name__}.{name}"
        if not set(rest) <= _parameters(getattr(cls, name)):
            return None
        return f"pass {call}({_arguments(rest)}), the factory the dict's type names"
    if not set(value) <= _parameters(cls):
        return None
    return f"pass {cls.__name__}({_arguments(list(value))}), {cls.__name__}(**value) of the dict"


def _parameters(call: Callable[..., Any]) -> set[str]:
    try:
        parameters = inspect.signature(call).parameters
    except (TypeError, ValueError):
        return set()
    return {name for name in parameters if name not in ("self", "cls")}


def _arguments(keys: list[str]) -> str:
    return ", ".join(f"{key}=..." for key in keys)
