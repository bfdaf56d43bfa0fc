"""A handler's module, parsed (never imported): the entry's function must be defined at
its top level."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from constructs_lib._validation import Validator
from constructs_lib.handler import Handler

__all__ = ["check_function_defined"]


def check_function_defined(v: Validator, module_file: Path, handler: Handler, prop: str) -> None:
    """Parses (never imports) the module: the entry's function must be defined at top level."""
    try:
        names, coroutines = _top_level_names(module_file.read_bytes())
    except (SyntaxError, ValueError) as exc:  # ValueError: a null byte in the source
        line = exc.lineno if isinstance(exc, SyntaxError) else None
        where = f" at line {line}" if line else f" ({exc})"
        v.add(
            f"{prop}.entry",
            f"names module {handler.module!r}, which has a syntax error{where}",
            f"fix {module_file}",
        )
        return
    if handler.function_name == "py" and "py" not in names:  # entry="app.py": a file name
        body = ast.parse(module_file.read_bytes()).body  # parsed above: no SyntaxError
        defined = [
            n.name for n in body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")
        ][:3]
        v.add(
            f"{prop}.entry",
            f"is {handler.entry!r}, a file name; entry is 'module.function': the module "
            f"and the function in it that Lambda calls"
            + (f" ({module_file.name} defines {', '.join(defined)})" if defined else ""),
            f"pass entry='{handler.module}.{defined[0] if defined else '<function>'}'",
        )
        return
    v.check(
        handler.function_name in names,
        f"{prop}.entry",
        f"names function {handler.function_name!r}, which {module_file} does not define at "
        "top level",
        f"define def {handler.function_name}(event, context) in {module_file}, or fix the "
        "function part of entry",
    )
    # Lambda's Python runtime calls the handler and sends back what it returns: a
    # coroutine, never awaited, fails every invocation.
    v.check(
        handler.function_name not in coroutines,
        f"{prop}.entry",
        f"names {handler.function_name!r}, an async def in {module_file}; Lambda's Python "
        "runtime does not await a handler",
        f"define def {handler.function_name}(event, context) and run the coroutine in it: "
        "return asyncio.run(main(event, context))",
    )


@functools.lru_cache(maxsize=64)  # the routes of one API share a module: parse it once
def _top_level_names(source: bytes) -> tuple[frozenset[str], frozenset[str]]:
    """The names the module defines at top level, and those that are ``async def``."""
    tree = ast.parse(source)
    names: set[str] = set()
    # an async def as written: a decorator or a later assignment may make a plain function
    # of it (an adapter such as asgiref's async_to_sync), so those are left alone
    coroutines = {
        node.name
        for node in tree.body
        if isinstance(node, ast.AsyncFunctionDef) and not node.decorator_list
    }
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        else:  # if/try blocks at top level may define it too: accept what they define
            names.update(
                n.name if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) else n.id
                for n in ast.walk(node)
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                or (isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
            )
    return frozenset(names), frozenset(coroutines - assigned)
