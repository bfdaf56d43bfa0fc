"""The function-backed core every trigger construct is built on: a function with the
library's defaults (``FunctionCore``), its invocation mode, shared props and monitoring.

Each name is imported on first use (PEP 562), as the package's are: ``Network`` and
``Monitoring`` use ``_core.read_only`` without loading the function core (which imports
``Network``)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from constructs_lib._core.function import FunctionCore
    from constructs_lib._core.invocation import Invocation
    from constructs_lib._core.props import FunctionBackedProps, MonitoredProps
    from constructs_lib._validated import props_from, validated

_MODULES: dict[str, str] = {
    "FunctionBackedProps": "constructs_lib._core.props",
    "FunctionCore": "constructs_lib._core.function",
    "Invocation": "constructs_lib._core.invocation",
    "MonitoredProps": "constructs_lib._core.props",
    "props_from": "constructs_lib._validated",
    "validated": "constructs_lib._validated",
}

__all__ = [
    "FunctionBackedProps",
    "FunctionCore",
    "Invocation",
    "MonitoredProps",
    "props_from",
    "validated",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value
