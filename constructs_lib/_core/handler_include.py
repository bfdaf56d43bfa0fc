"""``Handler(include=[...])``: the shared code a function ships beside its code directory
(a monorepo's ``libs/common/common``), checked when the construct is built. Bundling
copies each path into the asset's root under its own name, so every name must be one
Python can import, and free there."""

from __future__ import annotations

import keyword
import os
from pathlib import Path, PurePath

import constructs_lib_runtime
from constructs_lib import _defaults
from constructs_lib._bundling.files import excluded, is_environment
from constructs_lib._bundling.unbundled_imports import PROVIDED_BY_LAMBDA, import_name
from constructs_lib._core.runtime_python import stdlib_module_names
from constructs_lib._jsii import described, given, is_unresolved
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler

__all__ = ["check_include"]

_EXAMPLE = "include=['libs/common/common']"
_PATH_FIX = (
    "pass the shared package's import directory (the one `import` names) or a .py module; "
    "a path built from the module that defines the stack finds it from any directory: "
    "Path(__file__).parent / 'libs' / 'common' / 'common'"
)
#: What marks a project's directory (its import directory is inside it).
_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


def check_include(v: Validator, handler: Handler, prop: str) -> None:
    """Adds a problem for each path of ``handler.include`` (a resolved Handler's) that
    bundling could not ship as an importable module of its own."""
    include, prop = handler.include, f"{prop}.include"
    runtime = (
        handler.runtime if isinstance(handler.runtime, str) else _defaults.LAMBDA_PYTHON_VERSION
    )
    if not v.known_at_synth(
        include, prop, "the shared code is copied into the function's asset at synth", _PATH_FIX
    ):
        return
    if not isinstance(include, list | tuple):  # a bare path is a sequence of characters
        v.add(prop, f"is {given(include)}, not a list", f"pass a list of paths, e.g. {_EXAMPLE}")
        return
    code = _code_dir(handler)
    taken = _code_names(code) if code is not None else {}
    named: dict[str, tuple[str, Path]] = {}  # name -> (the prop including it, its path)
    for index, item in enumerate(include):
        where = f"{prop}[{index}]"
        path = _existing_path(v, item, where)
        if path is None:
            continue
        name = import_name(path)
        problem = _problem(path, name, code, taken, runtime) or _duplicate(path, name, named)
        if problem is not None:
            v.add(where, *problem)
        named.setdefault(name, (where, path))


def _code_dir(handler: Handler) -> Path | None:
    """The code directory, resolved, when it is one (else the code rules report it)."""
    code = handler.code
    if not isinstance(code, str | PurePath) or is_unresolved(code):
        return None
    path = Path(code).resolve()
    return path if path.is_dir() else None


def _code_names(code: Path) -> dict[str, str]:
    """The import names of the code directory's top-level entries (what the function
    holds), with each entry's name."""
    return {
        import_name(entry): entry.name
        for entry in code.iterdir()
        if not excluded(entry.name) and not (entry.is_dir() and is_environment(entry))
    }


def _existing_path(v: Validator, item: object, where: str) -> Path | None:
    """``item`` resolved, or None with its problem added."""
    if not isinstance(item, str | PurePath):
        v.add(where, f"is {described(item)}", _PATH_FIX)
        return None
    if not v.known_at_synth(
        item, where, "the shared code is copied into the function's asset at synth", _PATH_FIX
    ):
        return None
    if not str(item).strip():
        v.add(
            where, f"is an empty path (it would be the working directory, {Path.cwd()})", _PATH_FIX
        )
        return None
    path = Path(item)
    if not path.exists() and path.is_symlink():
        v.add(
            where,
            f"is {str(item)!r}, a symbolic link to {os.readlink(path)!r}, which leads nowhere "
            "(its target is missing, or links back to it)",
            "make the link point at the shared package, or pass the package's own path",
        )
        return None
    if not path.exists():
        relative = "" if path.is_absolute() else f" (relative paths are resolved from {Path.cwd()})"
        v.add(where, f"is {str(item)!r}, which does not exist{relative}", _PATH_FIX)
        return None
    # a directory is listed and entered (read and execute), a file read
    if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
        v.add(
            where,
            f"is {str(item)!r}, which this process may not read: bundling copies it",
            f"make it readable by the user running cdk (chmod -R u+rX {str(item)!r})",
        )
        return None
    return path.resolve()


def _problem(
    path: Path, name: str, code: Path | None, taken: dict[str, str], runtime: str
) -> tuple[str, str] | None:
    """What makes ``path`` unfit to ship as the module ``name`` (message, fix), if any."""
    if path.is_file() and path.suffix in (".so", ".pyd"):
        return (
            f"is {path}, a compiled extension module, which loads only on the Python and "
            "platform it was built for",
            "list the package that provides it in the code directory's requirements.txt "
            "(pip installs the wheel built for the function's Python and architecture); "
            "one of your own, built for Lambda, ships inside a package directory you include",
        )
    if path.is_file() and path.suffix != ".py":
        return (
            f"is {path}, a file that is not a Python module (.py)",
            "pass the package's directory or a .py module; a file the code reads belongs "
            "inside the package (or the code directory)",
        )
    if path.name == "__init__.py":
        return (
            f"is {path}, a package's __init__.py: the asset's root would get that file "
            "alone, and `import` would find neither the package nor its modules",
            f"pass the package's directory, {path.parent}",
        )
    if not name.isidentifier() or keyword.iskeyword(name):
        return (
            f"is {path}, whose name {name!r} is not a Python name: the code could not import it",
            "pass the package's import directory (the one `import` names), or rename it",
        )
    project = _import_directory(path)
    if project is not None:
        return (
            f"is {path}, a project's directory (it holds {project[0]}, and no __init__.py): "
            f"the function would get {name}/{project[0]}, and `import {name}` would not "
            "find the package's modules",
            f"pass its import directory, {project[1]}",
        )
    if code is not None and path == code:
        return (
            f"is {path}, the code directory itself, which the function holds already",
            "remove it from include",
        )
    if code is not None and path.is_relative_to(code):
        return (
            f"is {path}, inside the code directory {code}, which the function holds already "
            f"(as {path.relative_to(code).as_posix()})",
            "remove it from include: the code imports it from the code directory's top, as "
            "Lambda does (or move the shared code out of the code directory)",
        )
    if code is not None and code.is_relative_to(path):
        return (
            f"is {path}, which contains the code directory {code}: the function would hold "
            "the code twice, and everything beside it",
            "pass the shared package's own directory (or .py module)",
        )
    if name in stdlib_module_names(runtime):
        return (
            f"is {path}, named {name!r} like a module of Python's standard library, which "
            "Lambda's runtime imports first (or which it would hide from every package)",
            f"rename it to a name of your own, e.g. '{name}_shared', and its imports with it",
        )
    if name in PROVIDED_BY_LAMBDA:
        return (
            f"is {path}, named {name!r} like a module Lambda's Python runtime provides (boto3 "
            "and what it imports): the asset's copy would replace the runtime's, for boto3 too",
            f"rename it to a name of your own, e.g. '{name}_shared', and its imports with it (a "
            "version of a published package goes into the code directory's requirements.txt)",
        )
    if name == constructs_lib_runtime.__name__:
        return (
            f"is {path}, named like the library's helpers ({name}), which the library puts "
            "into the function itself (a QueueWorker's or StreamWorker's always, any other's "
            "when its code imports them): the two would mix",
            f"remove it from include: the code imports {name} as it is, and the library ships "
            "the version synthesizing the app (rename a package of your own of that name)",
        )
    if name in taken:
        return (
            f"is {path}, copied into the asset's root as {name}, where the code directory "
            f"has {taken[name]} ({code}): the two would mix, the code's files winning",
            f"remove {taken[name]} from the code directory if it is a copy or link of the "
            "same package (include replaces it), else rename one of them and its imports",
        )
    return None


def _import_directory(path: Path) -> tuple[str, str] | None:
    """For a project's directory (``libs/common``, holding ``pyproject.toml`` and no
    ``__init__.py``): the file showing it, and its import directory (or a hint)."""
    if not path.is_dir() or (path / "__init__.py").is_file():
        return None
    marker = next((name for name in _PROJECT_FILES if (path / name).is_file()), None)
    if marker is None:
        return None
    packages = sorted(
        p for base in (path, path / "src") for p in base.glob("*/__init__.py") if base.is_dir()
    )
    return marker, str(packages[0].parent) if packages else "the directory holding __init__.py"


def _duplicate(path: Path, name: str, named: dict[str, tuple[str, Path]]) -> tuple[str, str] | None:
    if name not in named:
        return None
    where, other = named[name]
    if other == path:
        return f"is {path} again, as {where}", "remove the duplicate"
    return (
        f"is {path}, copied into the asset's root as {name}, as {where} ({other}) is: one "
        "would replace the other",
        "keep one package of each name in include (rename the other and its imports)",
    )
