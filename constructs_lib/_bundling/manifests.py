"""What a code directory holds beside its requirements that bundling would get wrong.

Dependency files bundling does not read: only ``requirements.txt`` is installed, so a
code directory that declares its dependencies another way (a ``pyproject.toml``, a lock
file of uv, Poetry or Pipenv, pip-tools' ``requirements.in``, a ``Requirements.txt``)
and has no ``requirements.txt`` would deploy without them and fail at its first import.
A developer's ``.env`` files (often secrets) would be uploaded with the function.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from email.message import Message
from email.parser import HeaderParser
from pathlib import Path

from constructs_lib._bundling.files import excluded
from constructs_lib._bundling.unbundled_imports import asset_modules, import_name
from constructs_lib.errors import BundlingError

__all__ = [
    "check_included_not_installed",
    "check_no_dotenv",
    "check_no_shadowing",
    "check_shared_not_installed",
    "check_undeclared_manifests",
]

# file name -> how to write the requirements.txt bundling reads from it
_EXPORTS = {
    "uv.lock": "uv export --no-dev --no-emit-project -o requirements.txt",
    "poetry.lock": "poetry export --only main -o requirements.txt (poetry-plugin-export)",
    "Pipfile.lock": "pipenv requirements > requirements.txt",
    "Pipfile": "pipenv requirements > requirements.txt",
    "requirements.in": "pip-compile requirements.in (pip-tools)",
    "pyproject.toml": "uv pip compile pyproject.toml -o requirements.txt, or list them there",
}


def check_undeclared_manifests(code_dir: Path) -> None:
    """Raises a BundlingError naming the first dependency file of ``code_dir`` that
    declares dependencies, with the command that writes the ``requirements.txt``; for a
    code directory without ``requirements.txt``."""
    if not code_dir.is_dir():
        return  # the Handler rules report it
    names = {path.name: path for path in code_dir.iterdir() if path.is_file()}
    misspelt = [n for n in names if n.lower() == "requirements.txt" and n != "requirements.txt"]
    if misspelt:
        raise BundlingError(
            f"{names[misspelt[0]]}: only a file named exactly requirements.txt is bundled, "
            "so the function would deploy without these dependencies. Fix: rename it to "
            "requirements.txt"
        )
    for name, export in _EXPORTS.items():
        path = names.get(name)
        if path is None or (name == "pyproject.toml" and not _declares_dependencies(path)):
            continue
        raise BundlingError(
            f"{path} declares dependencies, but bundling installs only a requirements.txt "
            "beside it (there is none), so the function would deploy without them and fail "
            f"at its first import. Fix: write requirements.txt from it ({export}) and keep "
            "it next to the handler's code"
        )


def _declares_dependencies(path: Path) -> bool:
    """A ``pyproject.toml`` with PEP 621 or Poetry dependencies (Python itself aside);
    one that only configures tools (ruff, pytest) declares none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # not ours to judge: it declares nothing bundling could read
    project = data.get("project")
    if isinstance(project, dict) and project.get("dependencies"):
        return True
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    deps = poetry.get("dependencies") if isinstance(poetry, dict) else None
    return isinstance(deps, dict) and any(k.lower() != "python" for k in deps)


def check_no_shadowing(deps_dir: Path, files: Sequence[tuple[Path, Path]]) -> None:
    """Raises a BundlingError when a top-level module of the code (``requests.py``) has
    the name of an installed dependency's package (``requests/``): Python imports the
    package first, so the code's module would never run. (A code file or directory of the
    same name as the dependency's replaces it: the code wins, as documented.)"""
    packages = {
        entry.name
        for entry in deps_dir.iterdir()
        if entry.is_dir()
        and not entry.name.endswith((".dist-info", ".data"))
        and entry.name != "bin"
    }
    hidden = sorted(
        {
            (relative.as_posix(), _import_name(relative.name))
            for source, relative in files
            if len(relative.parts) == 1
            and _import_name(relative.name) in packages
            and relative.suffix in (".py", ".so")
        }
    )
    if hidden:
        found = "; ".join(
            f"the code's {name} is hidden by the dependency's package {module}/"
            for name, module in hidden
        )
        raise BundlingError(
            f"{found} (Python imports a package before a module of the same name, so the "
            "code's module would never run). Fix: rename the code's module (and the imports "
            "and entry naming it), or drop the requirement if it is not needed"
        )


def check_included_not_installed(
    deps_dir: Path, included: Sequence[str], requirements_file: Path
) -> None:
    """Raises a BundlingError when the requirements install a package the library puts
    into the function itself (``constructs_lib_runtime``, from a pinned ``constructs-lib``):
    the two versions' files would mix in one directory, and the distribution brings its
    own dependencies (constructs-lib: aws-cdk-lib, over 200 MB) into the function."""
    installed = [name for name in included if (deps_dir / name).exists()]
    if installed:
        raise BundlingError(
            *(_installed_problem(deps_dir, name, requirements_file) for name in installed)
        )


def check_shared_not_installed(
    deps_dir: Path, shared: Sequence[Path], requirements_file: Path
) -> None:
    """Raises a BundlingError (of ``include``) when the requirements install a top-level
    module of the name a path of ``Handler(include=...)`` takes in the asset's root, unless
    both are portions of one namespace package that share no name (:func:`_portions`)."""
    installed = asset_modules(deps_dir)
    problems = []
    for path in shared:
        name = import_name(path)
        if name not in installed or _portions(path, deps_dir / name):
            continue
        distribution, requirers = _distribution(deps_dir, name)
        via = f", a dependency of {', '.join(requirers)}" if requirers else ""
        problems.append(
            f"ships {path} as {name}, a name {requirements_file} installs too (with "
            f"{distribution}{via}): the two would mix in the asset's root (the included "
            "files winning over the requirement's). Fix: rename the shared package (and its "
            "imports), or drop the requirement if it is the same package"
        )
    if problems:
        raise BundlingError(*problems, prop="include")


def _portions(shared: Path, installed: Path) -> bool:
    """Whether ``shared`` and ``installed`` are portions of one namespace package (no
    ``__init__.py``: a company's ``acme.common`` beside a requirement's ``acme.sdk``) whose
    modules are named apart: Python merges such portions from any directories, so one
    directory holding both is what it would import."""
    if not (shared.is_dir() and installed.is_dir()):
        return False
    if (shared / "__init__.py").exists() or (installed / "__init__.py").exists():
        return False
    ours = {name for name in asset_modules(shared) if not excluded(name)}
    return not ours & asset_modules(installed)


def _installed_problem(deps_dir: Path, package: str, requirements_file: Path) -> str:
    distribution, requirers = _distribution(deps_dir, package)
    # a dependency of the team's own package: its requirements.txt does not name it
    fix = (
        f"remove {distribution.split()[0]} from the dependencies of {', '.join(requirers)} "
        "(or that requirement)"
        if requirers
        else "remove that requirement"
    )
    via = f", a dependency of {', '.join(requirers)}" if requirers else ""
    return (
        f"{requirements_file} installs {package} (with {distribution}{via}), which the "
        f"library puts into this function itself, the {package} of the version synthesizing "
        "the app: the two versions' files would mix in one directory (and constructs-lib "
        f"brings aws-cdk-lib, over 200 MB, into the function). Fix: {fix}; the code imports "
        f"{package} without it"
    )


def _distribution(deps_dir: Path, package: str) -> tuple[str, list[str]]:
    """The installed distribution providing ``package`` (``constructs-lib 0.3.0``), and
    those installed that require it, from the ``top_level.txt`` and ``METADATA`` pip leaves
    (pruning keeps them)."""
    installed: list[tuple[list[str], Message]] = []
    for info in sorted(deps_dir.glob("*.dist-info")):
        try:
            top_level = (info / "top_level.txt").read_text(encoding="utf-8").split()
            metadata = (info / "METADATA").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        installed.append((top_level, HeaderParser().parsestr(metadata)))  # (not the body)
    for top_level, headers in installed:
        if package in top_level:
            name = headers.get("Name", "")
            requirers = [
                f"{other.get('Name')} {other.get('Version')}"
                for _, other in installed
                if any(_key(r) == _key(name) for r in other.get_all("Requires-Dist") or [])
            ]
            return f"{name} {headers.get('Version', '')}".strip(), requirers
    return "a requirement or one of its dependencies", []


def _key(requirement: str) -> str:
    """A distribution's name, as pip compares them (``Constructs_Lib>=0.3``: constructs-lib)."""
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", name.group(1)).lower() if name else ""


def _import_name(name: str) -> str:
    """The module name a top-level entry of the asset is imported as (``six.py``: six,
    ``_cffi_backend.cpython-314-aarch64-linux-gnu.so``: _cffi_backend)."""
    return name.split(".", 1)[0] if name.endswith((".py", ".so", ".pyd")) else name


#: ``.env.<suffix>`` files that are templates of a ``.env`` (no values), shipped as is.
_DOTENV_TEMPLATES = frozenset({"example", "sample", "template", "dist"})


def check_no_dotenv(code_dir: Path) -> None:
    """A ``.env`` file (or ``.env.local``, ``.env.production``: dotenv's per-environment
    files) holds a developer's settings and often secrets: in the code directory it would
    be uploaded with the function, readable by anyone who may read the function's code
    (``lambda:GetFunction``). Leaving it out in silence would break a handler that loads
    it, so it is an error; a template (``.env.example``) ships."""
    found = sorted(
        path
        for path in (code_dir.iterdir() if code_dir.is_dir() else ())
        if (path.name == ".env" or path.name.startswith(".env."))
        and path.name.removeprefix(".env.") not in _DOTENV_TEMPLATES
        and path.is_file()
    )
    if found:  # each file its problem, so that one synth names them all
        raise BundlingError(
            *(
                f"{path} would be uploaded with the function's code, where anyone who may "
                "read the function can read it (a .env file often holds secrets). Fix: keep "
                "it out of the code directory: put secrets in Secrets Manager and link the "
                "secret (Handler(links=[secret])), settings in Handler(environment={...})."
                for path in found
            )
        )
