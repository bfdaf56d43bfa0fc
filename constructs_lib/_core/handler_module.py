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
from constructs_lib._core.code_directory import missing_code_fix
from constructs_lib._core.entry_file_suffix import file_suffix_fix
from constructs_lib._core.handler_binding import non_callable_binding, parse, rebound
from constructs_lib._core.runtime_python import newer_syntax, stdlib_module_names
from constructs_lib._jsii import described, given
from constructs_lib._validation import Validator
from constructs_lib._words import as_ascii, lookalike_note
from constructs_lib.handler import Handler

__all__ = ["check_code_and_entry", "check_function_defined"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")


def check_function_defined(v: Validator, module_file: Path, handler: Handler, prop: str) -> None:
    """Parses (never imports) the module: the entry's function must be defined at top level."""
    source = module_file.read_bytes()
    try:
        names, coroutines = _top_level_names(source)
    except (SyntaxError, ValueError) as exc:  # ValueError: a null byte in the source
        line = exc.lineno if isinstance(exc, SyntaxError) else None
        runtime = _runtime(handler)
        if isinstance(exc, SyntaxError) and _newer_syntax(source, line, runtime):
            # this Python lacks grammar the function's has (3.12's type statement, 3.14's
            # except A, B:): no syntax error is claimed, the function is looked for by
            # name in the text
            _check_named_in_text(v, module_file, source, handler, prop, runtime)
            return
        where = f" at line {line}" if line else f" ({exc})"
        v.add(
            f"{prop}.entry",
            f"names module {handler.module!r}, which has a syntax error{where}",
            f"correct the syntax error in {module_file} (python -m py_compile {module_file} "
            "shows it)",
        )
        return
    if handler.function_name == "py" and "py" not in names:  # entry="app.py": a file name
        body = parse(source).body  # parsed above: no SyntaxError
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
        f"define def {handler.function_name}(event, context) in {module_file}, or correct the "
        "function part of entry",
    )
    # Lambda's Python runtime calls what the name is bound to: a number, a string, None,
    # a list... fails every invocation with a TypeError (the import does not)
    value = non_callable_binding(source, handler.function_name)
    v.check(
        value is None,
        f"{prop}.entry",
        f"names {handler.function_name!r}, which {module_file} binds to {value}, not a "
        "function; Lambda calls handler(event, context), so every invocation would fail "
        "with a TypeError",
        f"define def {handler.function_name}(event, context) in {module_file}, or point "
        "the function part of entry at the function that handles the event",
    )
    # Lambda's Python runtime calls handler(event, context): a def that cannot take those
    # two positional arguments fails every invocation with a TypeError
    signature = _call_problems(source).get(handler.function_name)
    v.check(
        signature is None,
        f"{prop}.entry",
        f"names def {handler.function_name}({signature}) in {module_file}; Lambda calls it "
        "with two positional arguments, handler(event, context), so every invocation "
        "would fail with a TypeError",
        f"define def {handler.function_name}(event, context) (name an unused one _context)",
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
    tree = parse(source)
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


@functools.lru_cache(maxsize=64)
def _call_problems(source: bytes) -> dict[str, str]:
    """The parameters (as written) of each plain top-level ``def`` that
    ``f(event, context)`` cannot call: fewer than two positional parameters (without
    ``*args``), more than two without a default, or a keyword-only one without a default.
    A decorated function, one defined twice or bound again by any other statement (an
    assignment, an import, a ``global``) are left alone (what Lambda calls is then
    another function)."""
    tree = parse(source)
    body = tree.body
    defined = [n for n in body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    bound_again = rebound(ast.Module(body=[n for n in body if n not in defined], type_ignores=[]))
    # a function's `global handler` rebinds it too, when that function runs
    bound_again.update(
        name for n in ast.walk(tree) if isinstance(n, ast.Global) for name in n.names
    )
    counts: dict[str, int] = {}
    for node in defined:
        counts[node.name] = counts.get(node.name, 0) + 1
    problems = {}
    for node in defined:
        if node.decorator_list or counts[node.name] > 1 or node.name in bound_again:
            continue
        args = node.args
        positional = len(args.posonlyargs) + len(args.args)
        required = positional - len(args.defaults)
        keyword_required = any(default is None for default in args.kw_defaults)
        if (positional < 2 and args.vararg is None) or required > 2 or keyword_required:
            problems[node.name] = ast.unparse(args)
    return problems


def _runtime(handler: Handler) -> str:
    """The function's Python version ("3.14"); the default where not valid (reported)."""
    runtime = handler.runtime
    return runtime if isinstance(runtime, str) else _defaults.LAMBDA_PYTHON_VERSION


def _newer_syntax(source: bytes, line: int | None, runtime: str) -> bool:
    if not line or b"\0" in source:  # a null byte: no Python's
        return False
    lines = source.decode("utf-8", "replace").splitlines()
    return line <= len(lines) and newer_syntax(lines[line - 1], runtime)


def _check_named_in_text(
    v: Validator, module_file: Path, source: bytes, handler: Handler, prop: str, runtime: str
) -> None:
    name = re.escape(handler.function_name).encode()
    v.check(
        re.search(rb"(?<![\w.])" + name + rb"(?!\w)", source) is not None,
        f"{prop}.entry",
        f"names function {handler.function_name!r}, which {module_file} does not define at "
        f"top level (its text does not name it; this Python, "
        f"{sys.version_info[0]}.{sys.version_info[1]}, cannot parse the module, which may "
        f"be valid on the function's Python {runtime})",
        f"define def {handler.function_name}(event, context) in {module_file}, or correct the "
        "function part of entry",
    )


def _entry_fix(code: Path, entry: object) -> str:
    """A path in entry (SAM's ``CodeUri: .`` with ``Handler: src/items.list``) belongs in
    code: entry is the module inside it."""
    directory, _, rest = str(entry).replace("\\", "/").rpartition("/")
    if isinstance(entry, str) and directory and rest.count(".") == 1:
        return (
            f"pass code={(code / directory).as_posix()!r} and entry={rest!r}: entry is "
            "'module.function' inside the code directory (SAM's CodeUri is code=, its "
            "Handler entry=)"
        )
    return "pass e.g. entry='app.handler' for def handler(event, context) in app.py"


def _lookalike_fix(code: Path, entry: str) -> str:
    """The entry in ASCII, unless the module is a file of that name (``café.py``): then
    the ASCII entry would name no module, and the file is renamed too."""
    module = entry.rpartition(".")[0]
    ascii_module = as_ascii(module)
    named = code.joinpath(*module.split(".")).with_suffix(".py")
    if named.is_file() and not code.joinpath(*ascii_module.split(".")).with_suffix(".py").is_file():
        return (
            f"rename {named} to {as_ascii(named.name)} and pass entry={as_ascii(entry)!r} "
            "(module and function names in ASCII letters)"
        )
    return f"pass entry={as_ascii(entry)!r}"


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
    if not v.known_at_synth(
        handler.code,
        f"{prop}.code",
        "the function's code is bundled from this directory at synth",
        "pass the directory holding the handler module, e.g. code='handlers/items'",
    ):
        return
    code = Path(handler.code)
    code_ok = v.check(
        code.is_dir(),
        f"{prop}.code",
        f"is {str(code)!r}, which is not a directory"
        + ("" if code.is_absolute() else f" (relative paths are resolved from {Path.cwd()})"),
        missing_code_fix(code),
    )
    entry = handler.entry
    parts = entry.split(".") if isinstance(entry, str) else []
    entry_ok = v.check(
        len(parts) >= 2 and all(_IDENTIFIER.match(p) and not keyword.iskeyword(p) for p in parts),
        f"{prop}.entry",
        f"is {given(entry)}; it must be 'module.function' (Python identifiers)"
        + lookalike_note(entry),
        _lookalike_fix(code, entry) if lookalike_note(entry) else _entry_fix(code, entry),
    )
    if not (code_ok and entry_ok):
        return
    top = parts[0]
    if not v.check(
        top not in stdlib_module_names(_runtime(handler)),
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
            file_suffix_fix(code, handler.module, handler.function_name)
            or f"create {module_path}.py or correct the module part of entry",
        )
