"""A function's architecture and runtime, checked again at synth (``_synth_checks``). The
library installs a function's requirements for its Handler's architecture and Python
(Linux ARM64 wheels of Python 3.14 by default), so a platform's Aspect setting every
function's ``Architectures`` to x86_64 (or its ``Runtime`` to another Python) afterwards
synthesized and deployed code that fails at its first import: Lambda loads no extension
module built for another CPU, nor one tagged for another Python (``.cpython-314-...so``
under Python 3.12). Whatever the code holds, a function runs on one architecture (Lambda
refuses a list of several, or none, at deploy) and a Handler's code is Python (a Node or
Java runtime, which an Aspect meant for a team's other functions sets, fails every
invocation)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from aws_cdk import aws_lambda as lambda_

from constructs_lib._bundling.cache import cache_root, digest_file
from constructs_lib._defaults import BUNDLING_PLATFORM_CONTEXT_KEY
from constructs_lib._facts import asset_path_of, context_of, resource_of
from constructs_lib._synth_checks import at_synth, changed_after, template_properties
from constructs_lib._words import listed

if TYPE_CHECKING:
    from constructs_lib._core.resolve import ResolvedHandler

__all__ = ["recheck_platform_at_synth"]

# the Python an extension module's file name is built for: .cpython-314-aarch64-linux-gnu.so
_PYTHON_TAG = re.compile(r"\.cpython-3(\d+)")
#: Lambda's architecture when a function names none.
_LAMBDA_DEFAULT_ARCHITECTURE = "x86_64"
_SHOWN = 2  # extension modules a message names
#: The extension modules of each built asset, by its directory and content digest: every
#: function of one code shares the directory, and each synth in a process built it again.
_IN_ASSET: dict[tuple[Path, str], tuple[str, ...]] = {}


def recheck_platform_at_synth(
    function: lambda_.Function, code: lambda_.Code, handler: ResolvedHandler
) -> None:
    """Checks at synth that ``function`` has one architecture and a Python runtime, and
    still runs on the architecture and Python its ``code`` was bundled for (``handler``'s)
    when the code holds extension modules (code without any runs anywhere). Not for an
    image, which its Dockerfile builds; code bundled for the host (the emulator's
    ``constructs_lib:bundling_platform``) is not compared with its extension modules."""
    if handler.image:
        return
    path = asset_path_of(code)  # read by the asset warnings too: asked once
    host = context_of(function, BUNDLING_PLATFORM_CONTEXT_KEY) == "host"
    extensions = _extension_modules(Path(path)) if path is not None and not host else []
    resource = resource_of(function)
    if isinstance(resource, lambda_.CfnFunction):
        python, architecture = handler.runtime, handler.architecture
        at_synth(function, lambda: _problems(resource, extensions, python, architecture))


def _extension_modules(root: Path) -> list[str]:
    """The extension modules below ``root``; walked once per content for an asset the
    library built (its cache entry, named by its inputs and verified against the digest
    beside it on every use), every time for code staged as it is (a user's directory,
    which may change between two builds in one process)."""
    try:
        in_cache = root.parent == cache_root() / "assets"
        digest = digest_file(root).read_text(encoding="ascii").strip() if in_cache else ""
    except (OSError, UnicodeDecodeError):
        digest = ""
    if not digest:
        return _walk(root)
    key = (root, digest)
    if key not in _IN_ASSET:
        _IN_ASSET[key] = tuple(_walk(root))
    return list(_IN_ASSET[key])


def _walk(root: Path) -> list[str]:
    found = []
    for directory, _, files in os.walk(root):
        found += [
            os.path.relpath(os.path.join(directory, name), root)
            for name in files
            if name.endswith(".so") or ".so." in name
        ]
    return sorted(found)


def _problems(
    function: lambda_.CfnFunction, extensions: list[str], python_version: str, architecture: str
) -> list[str]:
    properties = template_properties(function)
    architectures = properties.get("architectures", [_LAMBDA_DEFAULT_ARCHITECTURE])
    runtime = properties.get("runtime")
    problems = [*_shape_problems(function, architectures, runtime, python_version)]
    now = architectures[0] if isinstance(architectures, list) and len(architectures) == 1 else None
    if isinstance(now, str) and now != architecture and extensions:
        problems.append(
            _problem(function, "architecture", now, f"for {architecture}", extensions, now)
        )
    if not isinstance(runtime, str) or not runtime.startswith("python"):
        return problems  # said above (or a deploy-time value)
    version = runtime.removeprefix("python")
    tagged = [e for e in extensions if (m := _PYTHON_TAG.search(e)) and f"3.{m[1]}" != version]
    if version and version != python_version and runtime != f"python{python_version}" and tagged:
        problems.append(
            _problem(function, "runtime", runtime, f"for Python {python_version}", tagged, runtime)
        )
    return problems


def _shape_problems(
    function: lambda_.CfnFunction, architectures: object, runtime: object, python_version: str
) -> list[str]:
    """Whatever the code holds: one architecture, a Python runtime (a dict or a list of
    dicts is a deploy-time value)."""
    problems = []
    fix_start = f"{changed_after('function', 'CfnFunction')}. Fix: leave the function out of"
    if isinstance(architectures, list) and len(architectures) != 1:
        problems.append(
            f"`architecture` is {architectures} in the template (the function "
            f"{function.node.path}): Lambda runs a function on exactly one architecture and "
            f"refuses {'none' if not architectures else 'a list of several'} at deploy. "
            f"{fix_start} what changed it, and set its architecture where the library "
            "bundles for it, Handler(architecture=...) or "
            "FunctionDefaults.of(scope).set(architecture=...)"
        )
    if runtime is None or (isinstance(runtime, str) and not runtime.startswith("python")):
        shown = "not set" if runtime is None else f"is {runtime}"
        problems.append(
            f"`runtime` {shown} in the template (the function {function.node.path}), but its "
            f"code is Python, bundled for Python {python_version}: "
            + (
                "Lambda refuses a .zip function without a runtime at deploy"
                if runtime is None
                else f"Lambda's {runtime} cannot load it, so every invocation fails"
            )
            + f". {fix_start} what changed it (an Aspect meant for functions of another "
            "language), and set the Python version where the library bundles for it, "
            "Handler(runtime=...) or FunctionDefaults.of(scope).set(runtime=...)"
        )
    return problems


def _problem(
    function: lambda_.CfnFunction,
    prop: str,
    now: object,
    bundled: str,
    extensions: list[str],
    platform: object,
) -> str:
    shown = listed([repr(e) for e in extensions[:_SHOWN]])
    more = f" and {len(extensions) - _SHOWN} more" if len(extensions) > _SHOWN else ""
    return (
        f"`{prop}` is {now} in the template (the function {function.node.path}), but its "
        f"code was bundled {bundled} and holds compiled extension modules built for it "
        f"({shown}{more}): Lambda's {platform} cannot load them, so the function fails at "
        f"its first import. {changed_after('function', 'CfnFunction')}. Fix: set the "
        f"{prop} where the library bundles for it, Handler({prop}=...) or "
        f"FunctionDefaults.of(scope).set({prop}=...), and leave the function out of what "
        "changed it"
    )
