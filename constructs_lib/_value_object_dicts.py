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
    when its ``type`` (or ``kind``) names a factory taking the other keys, or when it names
    no kind and that factory is the one taking its keys (a constructor taking a ``kind``
    is never the fix of a dict without one); None otherwise (no dict, a key that is no
    argument, a type that is no factory)."""
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
    if factories and _KIND_KEYS[1] in _parameters(cls):
        # no type: the constructor would take the keys without the kind the factories pick
        # (ApiAuth(issuer=...) lacks it; Deployment(percent=...) is all at once)
        return _fitting_factories(cls, factories, list(value))
    if not set(value) <= _parameters(cls):
        return None
    return f"pass {cls.__name__}({_arguments(list(value))}), {cls.__name__}(**value) of the dict"


def _fitting_factories(cls: type, factories: Any, keys: list[str]) -> str | None:
    """The factories of ``cls`` that take every key of a dict naming none (None if none
    does: keys of two factories, or of no factory)."""
    fitting = [name for name in factories if set(keys) <= _parameters(getattr(cls, name))]
    if not fitting:
        return None
    calls = [f"{cls.__name__}.{name}({_arguments(keys)})" for name in fitting]
    if len(calls) == 1:
        return f"pass {calls[0]}, the factory taking the dict's keys"
    return f"pass {' or '.join(calls)} (each takes the dict's keys), whichever kind you meant"


def _parameters(call: Callable[..., Any]) -> set[str]:
    try:
        parameters = inspect.signature(call).parameters
    except (TypeError, ValueError):
        return set()
    return {name for name in parameters if name not in ("self", "cls")}


def _arguments(keys: list[str]) -> str:
    return ", ".join(f"{key}=..." for key in keys)
