"""The function-backed core every trigger construct is built on: a function with the
library's defaults (``FunctionCore``), its invocation mode, shared props and monitoring."""

from constructs_lib._core.function import FunctionCore
from constructs_lib._core.invocation import Invocation
from constructs_lib._core.props import FunctionBackedProps, MonitoredProps
from constructs_lib._validation import props_from, validated

__all__ = [
    "FunctionBackedProps",
    "FunctionCore",
    "Invocation",
    "MonitoredProps",
    "props_from",
    "validated",
]
