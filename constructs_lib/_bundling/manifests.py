"""Dependency files bundling does not read: only ``requirements.txt`` is installed, so a
code directory that declares its dependencies another way (a ``pyproject.toml``, a lock
file of uv, Poetry or Pipenv, pip-tools' ``requirements.in``, a ``Requirements.txt``)
and has no ``requirements.txt`` would deploy without them and fail at its first import.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from constructs_lib.errors import BundlingError

__all__ = ["check_undeclared_manifests"]

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
