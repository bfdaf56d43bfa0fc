"""A handler's code and module, parsed (never imported): the code is a directory, the
entry names a module in it, and the entry's function is defined at its top level."""

from __future__ import annotations

import ast
import functools
import keyword
import re
import sys
from pathlib import Path, PurePath

from constructs_lib import _defaults
from constructs_lib._jsii import described, given
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler

__all__ = ["check_code_and_entry", "check_function_defined"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")


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
            f"correct the syntax error in {module_file} (python -m py_compile {module_file} "
            "shows it)",
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


def check_code_and_entry(v: Validator, handler: Handler, prop: str) -> None:
    """``code`` is a directory holding the module ``entry`` names, and the module defines
    the function."""
    if not isinstance(handler.code, str | PurePath):
        v.add(
            f"{prop}.code",
            f"is {described(handler.code)}",
            "pass the directory holding the handler module, e.g. code='handlers/items'",
        )
        return
    code = Path(handler.code)
    code_ok = v.check(
        code.is_dir(),
        f"{prop}.code",
        f"is {str(code)!r}, which is not a directory",
        "pass the directory holding the handler module (relative to where cdk runs)",
    )
    entry = handler.entry
    parts = entry.split(".") if isinstance(entry, str) else []
    entry_ok = v.check(
        len(parts) >= 2 and all(_IDENTIFIER.match(p) and not keyword.iskeyword(p) for p in parts),
        f"{prop}.entry",
        f"is {given(entry)}; it must be 'module.function' (Python identifiers)",
        "pass e.g. entry='app.handler' for def handler(event, context) in app.py",
    )
    if not (code_ok and entry_ok):
        return
    top = parts[0]
    if not v.check(
        top not in sys.stdlib_module_names,
        f"{prop}.entry",
        f"names module {handler.module!r}, but {top!r} is a module of Python's standard "
        f"library: Lambda's runtime has imported the standard library's {top!r} before the "
        "handler (it would not be found), or the code's would hide it from every package",
        f"rename {top}.py (or the package {top}/) to a name of your own, e.g. "
        f"'{top}_handler', and entry with it",
    ):
        return
    module_path = code.joinpath(*handler.module.split("."))
    module_file = module_path.with_suffix(".py")
    if not module_file.is_file():
        module_file = module_path / "__init__.py"
    if module_file.is_file():
        check_function_defined(v, module_file, handler, prop)
    elif entry == _defaults.HANDLER_ENTRY:  # most likely not given at all
        modules = sorted(p.stem for p in code.glob("*.py"))[:3]
        example = f"entry='{modules[0]}.<function>'" if modules else "entry='module.function'"
        v.add(
            f"{prop}.entry",
            f"is {entry!r}, the default (no entry given), but {module_path}.py does not exist"
            + (f"; the code holds {', '.join(m + '.py' for m in modules)}" if modules else ""),
            f"pass {example} naming your handler function, or create {module_path}.py",
        )
    else:
        v.add(
            f"{prop}.entry",
            f"names module {handler.module!r}, but {module_path}.py does not exist",
            f"create {module_path}.py or fix the module part of entry",
        )
