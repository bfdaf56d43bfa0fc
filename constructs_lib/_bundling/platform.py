"""Which platform to bundle for: Lambda's (the default) or, on request, the host's.

The request is the context key :data:`~constructs_lib._defaults.BUNDLING_PLATFORM_CONTEXT_KEY`
set to ``host`` (``cdk synth -c constructs_lib:bundling_platform=host``, or ``cdk.json``),
for a local emulator that runs functions on the host's Python and CPU: there, native
Linux ARM64 wheels would not import. A function reads the key from its construct's
context (``App(context=...)``, ``cdk.json``, ``-c``); without a scope (``lambda_code``
called directly) it is read from the context the CDK CLI hands the app
(``CDK_CONTEXT_JSON``, or the file named by ``CONTEXT_OVERFLOW_LOCATION_ENV`` when the
context is large).
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

from constructs_lib import _defaults
from constructs_lib.errors import BundlingError

__all__ = ["bundling_platform", "host_platform"]

_MACHINES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}


def _cli_context() -> dict[str, object]:
    text = os.environ.get("CDK_CONTEXT_JSON")
    overflow = os.environ.get("CONTEXT_OVERFLOW_LOCATION_ENV")
    if overflow and Path(overflow).is_file():
        text = Path(overflow).read_text(encoding="utf-8")
    try:
        context = json.loads(text) if text else {}
    except ValueError:
        return {}
    return context if isinstance(context, dict) else {}


_CONTEXT_PROP = f"context {_defaults.BUNDLING_PLATFORM_CONTEXT_KEY!r}"


def host_platform() -> tuple[str, str]:
    """(Python version, Lambda architecture name) of the running interpreter and CPU."""
    machine = platform.machine().lower()
    architecture = _MACHINES.get(machine)
    if architecture is None or sys.platform != "linux":
        raise BundlingError(
            "is 'host', which needs a Linux x86_64 or ARM64 host to bundle the function's "
            f"dependencies, and this is {sys.platform} {machine}. Fix: drop the context key "
            "(or set it to 'lambda') to install Lambda's own wheels, or synthesize on such a host.",
            prop=_CONTEXT_PROP,
        )
    return f"{sys.version_info.major}.{sys.version_info.minor}", architecture


def bundling_platform(
    python_version: str,
    architecture: str,
    context: Callable[[str], object] | None = None,
) -> tuple[str, str]:
    """The (Python version, architecture) to install wheels for: the function's, unless
    the context key asks for the host's. ``context`` reads a key of the function's
    construct context (``node.try_get_context``); default: the CDK CLI's context."""
    read = context or _cli_context().get
    requested = read(_defaults.BUNDLING_PLATFORM_CONTEXT_KEY)
    if requested in (None, "lambda"):
        return python_version, architecture
    if requested == "host":
        return host_platform()
    raise BundlingError(
        f"is {requested!r}, neither 'host' nor 'lambda'. Fix: set the context key to 'host' "
        "(this machine's Python and CPU) or 'lambda' (the function's), or drop it",
        prop=_CONTEXT_PROP,
    )
