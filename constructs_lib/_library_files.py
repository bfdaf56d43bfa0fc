"""Which files of one of the library's own packages (``constructs_lib_runtime``) a
function's asset holds: the modules a handler can run, not the builders of test events.

``testing`` and the private modules only it imports (the events of an HTTP API, of
EventBridge, of a stream) are for the tests of handler code, which run where the library
is installed. Shipped, every edit to one of them changed the asset hash of every function
using the helpers, and an upgrade redeployed them all (new versions, canary waits) for
code none of them runs; and a handler importing them would pass its tests and fail only
on Lambda. So the asset holds the package's ``__init__``, every public module but
:data:`TEST_ONLY`, and what they import from the package, followed to the end: a new
module a shipped one imports ships without anyone listing it.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

__all__ = ["TEST_ONLY", "library_files", "shipped_modules"]

#: The package's public modules for tests only: never in a function's asset.
TEST_ONLY = frozenset({"testing"})


def shipped_modules(package: Path) -> frozenset[str]:
    """The modules of ``package`` (a flat package: ``sqs_batch``, ``_json``,
    ``__init__``) that a function's asset holds."""
    modules = {file.stem for file in package.glob("*.py")}
    public = (m for m in modules if not m.startswith("_") and m not in TEST_ONLY)
    pending, shipped = ["__init__", *public], set[str]()
    while pending:
        module = pending.pop()
        if module in shipped or module not in modules:
            continue
        shipped.add(module)
        pending += _imported_modules(package / f"{module}.py", package.name)
    return frozenset(shipped)


def library_files(package: Path) -> list[tuple[Path, Path]]:
    """(source, path in the asset) of each file of ``package`` the asset holds."""
    return [
        (package / f"{module}.py", Path(package.name) / f"{module}.py")
        for module in sorted(shipped_modules(package))
    ]


def _imported_modules(file: Path, package: str) -> tuple[str, ...]:
    """The modules of ``package`` that ``file`` (one of its modules) may import: every
    import statement, under an ``if`` or in a function too (shipping one too many costs
    bytes; one too few, an ImportError on Lambda)."""
    return _imported_by(file.read_bytes(), package)


# By content: every function with the helpers lists the package again (a QueueWorker's
# always does), and parsing its modules each time was half of the library's own Python
# time in building one (12 of 35 ms on a 2-core machine).
# An edited module is parsed anew (new bytes, new key).
@functools.lru_cache(maxsize=256)
def _imported_by(source: bytes, package: str) -> tuple[str, ...]:
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.level or node.module == package):
            # from . import x, from .x import y, from package import x
            relative = [node.module] if node.level and node.module else []
            names = [f"{package}.{name}" for name in relative + [a.name for a in node.names]]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == package and len(parts) > 1:
                found.append(parts[1])
    return tuple(found)
