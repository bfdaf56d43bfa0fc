"""A Handler's entry module, parsed and never imported, for the checks that read what its
code does (a deployment hook reading SAM's ``NewVersion``, a QueueWorker's handler reading
S3's direct event): the one path from ``code`` and ``entry``, and the one parse
(``handler_binding.parse``: the compiler's warnings are the runtime's to give)."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from constructs_lib._core.handler_binding import parse

__all__ = ["entry_tree", "imports_any"]


def entry_tree(handler: object) -> ast.Module | None:
    """The syntax tree of ``handler``'s ``<code>/<module>.py`` (``entry``'s module), or
    None: a ``code`` or ``entry`` the Handler's own rules name, or a module that cannot be
    read or parsed."""
    code, entry = getattr(handler, "code", None), getattr(handler, "entry", None)
    if not isinstance(code, str | os.PathLike) or not isinstance(entry, str) or "." not in entry:
        return None
    module = Path(os.fspath(code)).joinpath(*entry.rpartition(".")[0].split(".")).with_suffix(".py")
    try:
        return parse(module.read_bytes())
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None


def imports_any(tree: ast.Module, packages: tuple[str, ...]) -> bool:
    """Whether the module imports one of ``packages`` (or a module of one) anywhere."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(name.startswith(packages) for name in names):
            return True
    return False
