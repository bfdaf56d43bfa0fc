"""The modules a function's code imports that its asset does not hold.

Lambda puts the asset's root (and a layer's ``python/``) on ``sys.path``, nothing else: a
monorepo's shared package beside the service (``libs/common``), or a dependency declared
in the service's ``pyproject.toml`` instead of the code directory's ``requirements.txt``,
is importable in the developer's tests and missing on Lambda, where the function fails
at the import. The entry's module is parsed (never imported), and so is every module of
the code it imports, shared packages linked into the code directory included, so their
own imports are followed too.

Only imports that always run are read: one under an ``if`` (``TYPE_CHECKING``, a Python
version, ``__main__``), in a ``try`` that catches ``ImportError`` or in a ``with
suppress(ImportError)`` may be meant to fail, and the ``except`` and ``else`` of such a
``try`` run only when the first import failed or succeeded (``orjson``, else ``ujson``).
Code that changes its own import path (``sys.path.insert(0, "vendor")``,
``site.addsitedir``) imports from places no scan can tell: none of its imports is reported.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

__all__ = [
    "PROVIDED_BY_LAMBDA",
    "asset_modules",
    "import_name",
    "reached_imports",
    "shown_imports",
    "shown_path",
    "unbundled",
    "unbundled_imports",
]

#: What Lambda's Python runtime holds besides the standard library: boto3 and what it
#: depends on, the runtime interface client, and ``__main__`` (every Python process's
#: running script, not in ``sys.stdlib_module_names``; on Lambda the bootstrap).
PROVIDED_BY_LAMBDA = frozenset(
    {
        "boto3",
        "botocore",
        "s3transfer",
        "jmespath",
        "dateutil",
        "urllib3",
        "six",
        "awslambdaric",
        "__main__",
    }
)

# code that changes where its imports come from
_PATH_CHANGES = re.compile(rb"\bsys\.path\b|\baddsitedir\b")

# an import in a try whose handler catches one of these is an optional one
_IMPORT_GUARDS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def import_name(path: Path) -> str:
    """The top-level module an entry of an asset's root is imported as (``common/``,
    ``util.py``, ``_speedups.cpython-314-aarch64-linux-gnu.so``). A ``.py`` file's whole
    stem: Python imports ``my.util.py`` as no module (its name, ``my.util``, says so)."""
    if path.is_dir():
        return path.name
    if path.suffix == ".py":
        return path.name.removesuffix(".py")
    if path.suffix == ".so":  # the platform tag follows the module's name
        return path.name.split(".", 1)[0]
    return path.name


def asset_modules(root: Path) -> frozenset[str]:
    """The top-level modules importable from ``root``: packages (namespace ones too),
    ``.py`` files and extension modules (``_speedups.cpython-314-aarch64-linux-gnu.so``)."""
    names = (
        import_name(entry)
        for entry in root.iterdir()
        if entry.is_dir() or entry.suffix in (".py", ".so")
    )
    return frozenset(name for name in names if name.isidentifier())


def unbundled_imports(
    code_dir: Path,
    module: str,
    available: frozenset[str],
    included: Mapping[str, Path] | None = None,
) -> dict[str, tuple[Path, int]]:
    """Each top-level module the entry ``module`` (dotted, in ``code_dir``) and the code's
    modules it reaches import that is not in ``available``, with the first file and line
    importing it. ``included``: the shared code the asset holds beside the code (each
    top-level name's package directory or module, ``Handler(include=...)``), whose modules
    are followed as the code's are."""
    return unbundled(reached_imports(code_dir, module, included) or {}, available)


def unbundled(
    reached: Mapping[tuple[str, ...], tuple[Path, int]], available: frozenset[str]
) -> dict[str, tuple[Path, int]]:
    """The top-level modules of ``reached`` (:func:`reached_imports`) not in ``available``."""
    missing: dict[str, tuple[Path, int]] = {}
    for parts, where in reached.items():
        if parts[0] not in available:
            missing.setdefault(parts[0], where)
    return missing


def shown_imports(
    found: Mapping[str, tuple[Path, int]], code_dir: Path, *, quoted: bool = True
) -> str:
    """The imports of ``found`` (module -> file, line) as a warning lists them, by module:
    ``'common' (app.py line 3); ...`` (a file relative to ``code_dir`` when inside it, else
    its whole path: shared code); ``quoted``: the module's name as a string."""
    return "; ".join(
        f"{name!r} ({shown_path(file, code_dir)} line {line})"
        if quoted
        else f"{name} ({shown_path(file, code_dir)} line {line})"
        for name, (file, line) in sorted(found.items())
    )


def shown_path(file: Path, code_dir: Path) -> Path:
    """``file`` as a warning names it: relative to ``code_dir`` when inside it, else its
    whole path (shared code)."""
    return file.relative_to(code_dir) if file.is_relative_to(code_dir) else file


def reached_imports(
    code_dir: Path, module: str, included: Mapping[str, Path] | None = None
) -> dict[tuple[str, ...], tuple[Path, int]] | None:
    """Each module from outside the code (dotted parts: ``("json",)``, ``("pkg", "sub")``)
    that the entry ``module`` and the code's modules it reaches import, with the first file
    and line importing it, as :func:`unbundled_imports` follows them; None when the code
    changes its own import path (no import of it can be told missing)."""
    # the directory each top-level name is imported from, as the asset's root holds it
    roots = {name: path.parent for name, path in (included or {}).items()}
    reached: dict[tuple[str, ...], tuple[Path, int]] = {}
    pending = [(file, code_dir) for file in [_module_file(code_dir, module.split("."))] if file]
    seen: set[Path] = set()
    while pending:
        file, root = pending.pop()
        if file in seen:
            continue
        seen.add(file)
        if _PATH_CHANGES.search(file.read_bytes()):
            return None
        for parts, line in _imports(file, root):
            where = roots.get(parts[0], code_dir)
            local = _module_file(where, parts)
            if local is not None:
                pending.append((local, where))
                pending += [(f, where) for f in [_module_file(where, parts[:1])] if f]
            else:
                reached.setdefault(tuple(parts), (file, line))
    return reached


def _module_file(code_dir: Path, parts: list[str]) -> Path | None:
    """The file of the module ``parts`` in ``code_dir`` (a module or a package's
    ``__init__.py``), or None."""
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    base = code_dir.joinpath(*parts)
    for file in (base.with_name(f"{parts[-1]}.py"), base / "__init__.py"):
        if file.is_file():
            return file
    return None


def _imports(file: Path, code_dir: Path) -> Iterator[tuple[list[str], int]]:
    """The modules ``file`` (in ``code_dir``) always imports, as dotted parts from
    ``code_dir``'s root (a relative import resolved against the file's package; one above
    the root as written, ``.models``), with their lines."""
    package = tuple(file.relative_to(code_dir).parts[:-1])
    for parts, line in _parsed_imports(file.read_bytes(), package):
        yield list(parts), line


# The functions of one code directory (an API's routes) reach the same modules: each
# content is parsed once, not once per function (parsing was most of the scan's time)
@functools.lru_cache(maxsize=512)
def _parsed_imports(
    source: bytes, package: tuple[str, ...]
) -> tuple[tuple[tuple[str, ...], int], ...]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):  # a newer Python's syntax: handler_module's concern
        return ()
    found: list[tuple[tuple[str, ...], int]] = []
    for node in _always_run(tree.body):
        if isinstance(node, ast.Import):
            found += ((tuple(alias.name.split(".")), node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > len(package):
            # above the code directory, Lambda's top: "no known parent package" (the tests
            # import the code directory as a package); as written, never a module's name
            found.append(((f"{'.' * node.level}{node.module or node.names[0].name}",), node.lineno))
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            parts = base + (tuple(node.module.split(".")) if node.module else ())
            if parts:
                found.append((parts, node.lineno))
            # from pkg import mod: a name of the package, or its submodule
            if parts or node.level:
                found += (((*parts, alias.name), node.lineno) for alias in node.names)
    return tuple(found)


def _always_run(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of ``body`` and of the blocks inside it that run unconditionally
    (functions' and classes' bodies, ``with``, loops, an unguarded ``try``), never an
    ``if``'s, nor an import guard's (:func:`_guards_import`, :func:`_suppresses_import`)."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            continue
        if isinstance(node, ast.Try | ast.TryStar):
            if any(_guards_import(handler) for handler in node.handlers):
                yield from _always_run(node.finalbody)
                continue
            for handler in node.handlers:
                yield from _always_run(handler.body)
            yield from _always_run(node.body + node.orelse + node.finalbody)
            continue
        if isinstance(node, ast.With | ast.AsyncWith) and any(map(_suppresses_import, node.items)):
            continue
        for field in ("body", "orelse"):
            yield from _always_run([n for n in getattr(node, field, []) if isinstance(n, ast.stmt)])


def _guards_import(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return _any_guard(caught)


def _suppresses_import(item: ast.withitem) -> bool:
    """``with suppress(ImportError)`` (``contextlib.suppress``): its body may fail to import."""
    call = item.context_expr
    return isinstance(call, ast.Call) and _name(call.func) == "suppress" and _any_guard(call.args)


def _any_guard(exceptions: list[ast.expr]) -> bool:
    return any(_name(e) in _IMPORT_GUARDS for e in exceptions)


def _name(node: ast.expr) -> str | None:
    """``x`` of ``x`` or ``module.x``."""
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
