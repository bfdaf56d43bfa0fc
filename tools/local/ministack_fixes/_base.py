"""What every fix shares: the :class:`Fix` record, ministack's CloudFormation
provisioners (and registering one), and the unpatched originals the canaries compare with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# What a provisioner of ministack's CloudFormation returns: (physical ID, attributes).
Provisioned = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Fix:
    name: str
    defect: str
    apply: Callable[[], None]
    canary: Callable[[], dict[str, bool]]


def _provisioners() -> Any:
    from ministack.services.cloudformation import provisioners

    return provisioners


_ORIGINAL: dict[str, Any] = {}


def _original(module: Any, name: str) -> Any:
    """The unpatched attribute (remembered on first use, so canaries can compare)."""
    key = f"{module.__name__}.{name}"
    return _ORIGINAL.setdefault(key, getattr(module, name))


def _register(resource_type: str, handlers: dict[str, Any]) -> None:
    _provisioners()._RESOURCE_HANDLERS[resource_type] = handlers


def _known_types() -> set[str]:
    return set(_ORIGINAL.setdefault("types", set(_provisioners()._RESOURCE_HANDLERS)))


def _flag(value: Any, default: bool) -> bool:
    if value is None:
        return default
    return str(value).lower() == "true"
