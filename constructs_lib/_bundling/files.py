"""Which files of a code directory belong in its function, and which modules they import.

Shared by the fast path (CDK stages the directory itself, :data:`EXCLUDE` left out) and
bundling (the files copied next to the installed dependencies).
"""

from __future__ import annotations

import ast
import fnmatch
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from constructs_lib import _defaults
from constructs_lib.errors import BundlingError

__all__ = [
    "EXCLUDE",
    "code_files",
    "excluded",
    "function_directories",
    "imports_module",
    "is_environment",
    "needs_package",
    "package_copy",
    "private",
    "staged_files",
    "unreadable",
]

# Never part of a function: caches, tests, local environments. Glob patterns matched
# against every path component, as CDK's own asset ``exclude`` does.
EXCLUDE = (
    "__pycache__",
    "*.pyc",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "tests",
    ".venv",
    # the app's CDK CLI (`npm install aws-cdk`), when the code directory is the app's
    "node_modules",
    # .git, .DS_Store, editors' swap and backup files, Emacs's lock of a file being edited
    # (a link to nowhere, there while you edit)
    *_defaults.MACHINE_LOCAL_FILES,
    # editors' and test tools' state
    ".idea",
    ".vscode",
    ".tox",
    ".nox",
    ".coverage",
    "htmlcov",
    ".ipynb_checkpoints",
    ".hypothesis",
    "cdk.out",  # the app's cloud assembly, when the code directory is the app's (see below)
)


def code_files(code_dir: Path, looked_into: list[str] | None = None) -> Iterator[Path]:
    """Paths (relative to ``code_dir``) of the files that belong in the function; each
    directory whose entries it reads (those it lists, and the environments it leaves out)
    is added to ``looked_into``.

    Symlinks are followed (the asset holds what they point to, as a handler importing
    through them expects); a broken one, a directory link back into its own parents, or a
    directory this process may not list (os.walk would skip it, and the function ship
    without it) is a BundlingError naming it.
    """
    for directory, subdirs, filenames in os.walk(code_dir, followlinks=True, onerror=_raise):
        here = Path(directory)
        kept = [d for d in subdirs if not excluded(d)]
        subdirs[:] = [d for d in kept if not is_environment(here / d)]
        if looked_into is not None:
            looked_into += [directory, *(str(here / d) for d in kept if d not in subdirs)]
        parts = here.relative_to(code_dir).parts
        # the real directories on this path: a link back to one of them is a loop
        chain = {code_dir.joinpath(*parts[:i]).resolve() for i in range(len(parts) + 1)}
        for subdir in subdirs:
            target = (here / subdir).resolve()
            if target in chain:
                raise BundlingError(
                    f"{here / subdir} links to {target}, a directory that contains it: the "
                    "code directory would be endless. Fix: remove the link, or point it at a "
                    "directory outside its own parents."
                )
        relative = Path(*parts)
        for filename in filenames:  # (os.path, not pathlib: a shared package's 2,000 files)
            if excluded(filename):
                continue
            if not os.path.exists(os.path.join(directory, filename)):
                raise BundlingError(
                    f"{here / filename} is a broken symlink (to "
                    f"{os.readlink(here / filename)}). Fix: point it at an existing file, or "
                    "remove it from the code directory."
                )
            yield relative / filename


def unreadable(error: OSError) -> BundlingError:
    """The BundlingError of a file or directory of the function that cannot be read."""
    return BundlingError(
        f"{error.filename} cannot be read ({error.strerror}), so the function would ship "
        "without it. Fix: make it readable by the user running cdk (chmod -R u+rX), or "
        "remove it"
    )


def _raise(error: OSError) -> None:
    raise unreadable(error) from error


# One expression for every pattern: a walk asks of each name (a shared package of 2,000
# files included by 20 functions: 40,000 names, each tried against 30 patterns one by one
# took most of the walk).
_EXCLUDED = re.compile("|".join(fnmatch.translate(os.path.normcase(p)) for p in EXCLUDE))


def excluded(name: str) -> bool:
    """Whether ``name`` matches a pattern of :data:`EXCLUDE` (as ``fnmatch`` matches)."""
    return _EXCLUDED.match(os.path.normcase(name)) is not None


def is_environment(directory: Path) -> bool:
    """A virtual environment (``python -m venv venv``, ``virtualenv env``): its marker file
    says so whatever its name; it holds the developer's interpreter and packages, built
    for their machine, never the function's. Or a CDK cloud assembly (``cdk.out``, any
    ``--output``: its ``cdk.out`` version file and ``manifest.json``), which an app whose
    code directory is the app's own (SAM's ``CodeUri: .``) would otherwise bundle: the
    last synth's templates and assets, so the asset doubles and changes on every synth
    (the default ``cdk.out`` is in :data:`EXCLUDE`, so CDK stages around it as before)."""
    if (directory / "pyvenv.cfg").is_file():
        return True
    return (directory / "cdk.out").is_file() and (directory / "manifest.json").is_file()


def staged_files(code_dir: Path) -> list[Path] | None:
    """The files CDK stages from ``code_dir`` (links not followed, :data:`EXCLUDE` left
    out), relative to it; None when a virtual environment that :data:`EXCLUDE` does not
    name sits in it: CDK's exclusion cannot tell one by its content, so such code is
    bundled here instead, without it."""
    files: list[Path] = []
    for directory, subdirs, filenames in os.walk(code_dir):
        here = Path(directory)
        subdirs[:] = [d for d in subdirs if not excluded(d)]
        if any(is_environment(here / d) for d in subdirs):
            return None
        files += [
            (here / name).relative_to(code_dir)
            for name in filenames
            if not excluded(name) and not (here / name).is_symlink()
        ]
    return files


def private(stats: Iterable[os.stat_result]) -> bool:
    """Whether a file of these ``stats`` (the staged files') is private to its owner (a
    checkout made under umask 077): CDK zips each file with its own mode, and Lambda,
    running the code as another user, could not import it. Directories' modes are not
    asked: the zip holds files only (Lambda makes their directories), so a ``0700`` code
    directory of readable files (``tempfile.mkdtemp``, pytest's ``tmp_path``) ships as
    it is."""
    return any(info.st_mode & stat.S_IROTH != stat.S_IROTH for info in stats)


def imports_module(code_dir: Path, module: str) -> bool:
    """Whether a Python file of ``code_dir`` (what the function would hold: links
    followed, :data:`EXCLUDE` and virtual environments left out) imports ``module``
    (``import module``, ``from module.sub import x``, ``import os, module``); a
    docstring, comment or string naming it does not count."""
    name = module.encode()
    for here, filenames in function_directories(code_dir):
        for filename in filenames:
            path = here / filename
            if not filename.endswith(".py") or excluded(filename) or not path.is_file():
                continue
            try:
                source = path.read_bytes()
            except OSError as error:
                raise unreadable(error) from error
            if name in source and _imports(source, module):  # most files never name it
                return True
    return False


def needs_package(code_dir: Path, package: str) -> bool:
    """Whether the code of ``code_dir`` imports ``package`` without holding a copy of it
    (vendored): only then must the library put it in, as with a copy both would mix."""
    return imports_module(code_dir, package) and package_copy(code_dir, package) is None


def package_copy(code_dir: Path, package: str) -> Path | None:
    """A copy of ``package`` in ``code_dir`` (a directory of that name with an
    ``__init__.py``, at any depth: a vendored copy), as a function would hold it."""
    for here, _ in function_directories(code_dir):
        if here.name == package and (here / "__init__.py").is_file():
            return here
    return None


def function_directories(code_dir: Path) -> Iterator[tuple[Path, list[str]]]:
    """Each directory of ``code_dir`` a function would hold, with its file names."""
    seen: set[Path] = set()  # real directories walked: a link back into one is no loop
    for directory, subdirs, filenames in os.walk(code_dir, followlinks=True):
        here = Path(directory)
        real = here.resolve()
        subdirs[:] = (
            []
            if real in seen
            else [d for d in subdirs if not excluded(d) and not is_environment(here / d)]
        )
        seen.add(real)
        yield here, filenames


def _imports(source: bytes, module: str) -> bool:
    """Whether ``source`` has an import statement of ``module`` (or of a submodule)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        # syntax of a newer Python than the one synthesizing: the statement's shape says
        statement = rf"^[ \t]*(?:from|import)[ \t]+{re.escape(module)}\b"
        return re.search(statement.encode(), source, re.MULTILINE) is not None
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if any(name == module or name.startswith(f"{module}.") for name in names):
            return True
    return False
