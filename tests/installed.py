"""The library as users get it: the built wheel installed into clean venvs (one build and one
base venv per test session, shared by every test that needs them).

- ``base``: the wheel + aws-cdk-lib + constructs (the dev lock's pins), nothing else: what
  ``pip install constructs-lib-0.3.0-py3-none-any.whl`` gives a user.
- overlays of ``base`` (a venv whose ``.pth`` puts base's site-packages after its own): one
  with cdk-nag 2 instead of 3, one with the examples' test tools (pytest, syrupy, cdk-nag 3).

Everything is installed with ``--no-index`` from ``.cache/wheelhouse``, which pip fills once
(from its cache where it can) with the pinned wheels.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT

LOCK = ROOT / "requirements-dev.lock"
WHEELHOUSE = ROOT / ".cache" / "wheelhouse"
#: The cdk-nag 2 release the dual-format acknowledgements are proven against.
CDK_NAG_2 = "cdk-nag==2.38.2"
#: The wheel's build backend (pyproject's build-system), installed offline from the wheelhouse.
SETUPTOOLS = "setuptools==84.2.1"
_LOCKED = ("aws-cdk-lib", "constructs", "pytest", "syrupy", "cdk-nag")
_UNLOCKED = (CDK_NAG_2, SETUPTOOLS)
_SITE = Path(sysconfig.get_path("purelib")).relative_to(sys.prefix)


def _clean_environment() -> dict[str, str]:
    """The environment without PYTHONPATH: the repository is never on a venv's sys.path."""
    # nor does it inherit the xdist worker's identity (syrupy then hides its report)
    return {
        k: v
        for k, v in os.environ.items()
        if k != "PYTHONPATH" and not k.startswith(("PYTEST_XDIST", "PYTEST_ADDOPTS"))
    }


def _pip(python: Path, *args: str) -> None:
    # cwd outside the repository: `python -m pip` puts cwd on sys.path, and the repository's
    # editable-install metadata would make pip think the package is already installed
    subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=WHEELHOUSE.parent,
        env=_clean_environment(),
    )


def pins() -> Path:
    """The dev lock's pins as a constraints file (pip refuses hashes in constraints)."""
    target = WHEELHOUSE / "pins.txt"
    lines = [
        line.split(";")[0].split(" ")[0]
        for line in LOCK.read_text().splitlines()
        if line and line[0].isalnum() and "==" in line
    ]
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    if not target.exists() or target.read_text() != text:
        target.write_text(text)
    return target


def wheelhouse() -> Path:
    """The pinned wheels, downloaded once per lock and list (a stamp names both)."""
    key = hashlib.sha256((LOCK.read_text() + repr(_LOCKED + _UNLOCKED)).encode()).hexdigest()
    stamp = WHEELHOUSE / f".complete-{key[:16]}"
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    if not stamp.exists():
        _pip(Path(sys.executable), "download", "-d", str(WHEELHOUSE), "-c", str(pins()), *_LOCKED)
        _pip(Path(sys.executable), "download", "--no-deps", "-d", str(WHEELHOUSE), *_UNLOCKED)
        stamp.touch()
    return WHEELHOUSE


def build_wheel(outdir: Path) -> Path:
    """``pip wheel`` of a clean copy of the package sources (no stale build/ leftovers)."""
    source = outdir / "source"
    source.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("constructs_lib", "constructs_lib_runtime"):
        shutil.copytree(ROOT / package, source / package, ignore=ignore)
    _pip(
        Path(sys.executable),
        "wheel",
        "--no-deps",
        "--no-index",
        "--find-links",
        str(wheelhouse()),
        "-w",
        str(outdir),
        str(source),
    )
    (wheel,) = outdir.glob("constructs_lib-*.whl")
    return wheel


@dataclass(frozen=True)
class Venv:
    path: Path

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    @property
    def site_packages(self) -> Path:
        return self.path / _SITE

    def run(self, *args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
        """``python args`` without PYTHONPATH (so the repository is not on sys.path), with
        the Makefile's PATH (Node) and ``env``."""
        return subprocess.run(
            [str(self.python), *map(str, args)],
            cwd=cwd,
            env={**_clean_environment(), **env},
            capture_output=True,
            text=True,
            timeout=600,
        )


def base_venv(path: Path, wheel: Path) -> Venv:
    """The wheel + aws-cdk-lib + constructs, pinned by the dev lock, from the wheelhouse."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    venv = Venv(path)
    _pip(
        venv.python,
        "install",
        "--no-index",
        "--find-links",
        str(wheelhouse()),
        "-c",
        str(pins()),
        str(wheel),
    )
    return venv


#: The examples' test tools (with their dependencies, which aws-cdk-lib does not bring).
EXAMPLE_TEST_TOOLS = ("pytest", "syrupy", "iniconfig", "packaging", "pluggy", "pygments", "cdk-nag")


def overlay_venv(path: Path, base: Venv, *requirements: str) -> Venv:
    """A venv that sees its own ``requirements`` (exactly these, pinned by the dev lock
    unless pinned here) first, then ``base``'s packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    venv = Venv(path)
    (venv.site_packages / "_base.pth").write_text(f"{base.site_packages}\n")
    locked = [] if any("==" in r for r in requirements) else ["-c", str(pins())]
    _pip(
        base.python,
        "install",
        "--no-deps",
        "--no-index",
        "--find-links",
        str(wheelhouse()),
        *locked,
        "--target",
        str(venv.site_packages),
        *requirements,
    )
    return venv
