"""The library as users get it: the built wheel installed into clean venvs (one build and one
base venv per test session, shared by every test that needs them).

- ``base``: the wheel + aws-cdk-lib + constructs (the dev lock's pins), nothing else: what
  ``pip install constructs-lib-0.3.0-py3-none-any.whl`` gives a user.
- overlays of ``base`` (a venv whose ``.pth`` puts base's site-packages after its own): one
  with cdk-nag 2 instead of 3, one with the examples' test tools (pytest, syrupy, cdk-nag 3).

The packages the wheel needs are the dev venv's own, installed from the hashed lock: linked
into the clean venv, each with its ``.dist-info``, rather than installed again (pip
byte-compiles aws-cdk-lib's 430 MB for each install: 18 s of a test session). The wheel
itself is installed by pip, which resolves its declared dependencies against them, with no
index: a dependency the wheel declares but the links do not give fails the install.
cdk-nag 2, which the dev venv does not have, comes from ``.cache/wheelhouse`` (downloaded
once, from pip's cache where it can).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent  # (not tests.support: that imports jsii)
LOCK = ROOT / "requirements-dev.lock"
WHEELHOUSE = ROOT / ".cache" / "wheelhouse"
#: The cdk-nag 2 release the dual-format acknowledgements are proven against.
CDK_NAG_2 = "cdk-nag==2.38.2"
#: What a user's ``pip install`` of the wheel brings along (the wheel's dependencies), and
#: pip itself, which every venv has.
RUNTIME = ("aws-cdk-lib", "constructs", "pip")
#: The examples' test tools, as their own CI installs them (with their dependencies).
EXAMPLE_TEST_TOOLS = ("pytest", "syrupy", "cdk-nag")
#: The apps in examples/ (each a directory with its app.py, cdk.json and tests).
EXAMPLES = sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "app.py").is_file())
#: What a clean venv must not let an app import (the dev venv's tools).
NOT_IN_CLEAN_VENV = ("cdk_nag", "pytest", "syrupy", "moto", "boto3", "cfnlint")
#: Runs several commands in one Python process (see its docstring).
ONE_PROCESS = ROOT / "tests" / "scripts" / "one_process.py"
_SITE = Path(sysconfig.get_path("purelib")).relative_to(sys.prefix)


def _clean_environment() -> dict[str, str]:
    """The environment without PYTHONPATH: the repository is never on a venv's sys.path."""
    # nor does it inherit the xdist worker's identity (syrupy then hides its report), or a
    # CDK_VALIDATION: aws-cdk-lib's built-in template validation is on, as in users' synths
    return {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "CDK_VALIDATION")
        and not k.startswith(("PYTEST_XDIST", "PYTEST_ADDOPTS"))
    }


def _pip(python: Path, *args: str) -> None:
    # cwd outside the repository: `python -m pip` puts cwd on sys.path, and the repository's
    # editable-install metadata would make pip think the package is already installed
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=WHEELHOUSE.parent,
        env=_clean_environment(),
    )


def wheelhouse() -> Path:
    """The wheels the dev venv lacks (cdk-nag 2), downloaded once (a stamp names them)."""
    stamp = WHEELHOUSE / f".complete-{hashlib.sha256(CDK_NAG_2.encode()).hexdigest()[:16]}"
    if not stamp.exists():
        _pip(Path(sys.executable), "download", "--no-deps", "-d", str(WHEELHOUSE), CDK_NAG_2)
        stamp.touch()
    return WHEELHOUSE


def build_wheel(outdir: Path) -> Path:
    """The wheel of a clean copy of the package sources (no stale build/ leftovers), built
    by pyproject.toml's build backend from the dev venv (the lock's setuptools, as ``make
    setup`` builds the editable install) through its PEP 517 hook, as ``pip wheel
    --no-build-isolation`` calls it (the same bytes; pip cost a second process and 0.5
    CPU-s more)."""
    source = outdir / "source"
    source.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("constructs_lib", "constructs_lib_runtime"):
        shutil.copytree(ROOT / package, source / package, ignore=ignore)
    backend = tomllib.loads((source / "pyproject.toml").read_text())["build-system"]
    build = f"import {backend['build-backend']} as b; b.build_wheel({str(outdir)!r})"
    subprocess.run(
        [sys.executable, "-c", build],
        check=True,
        capture_output=True,
        text=True,
        cwd=source,
        env=_clean_environment(),
    )
    (wheel,) = outdir.glob("constructs_lib-*.whl")
    return wheel


def _closure(names: Iterable[str]) -> dict[str, importlib.metadata.Distribution]:
    """The dev venv's distributions ``names`` need (their dependencies, markers evaluated)."""
    found: dict[str, importlib.metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        found[name] = dist = importlib.metadata.distribution(name)
        for line in dist.requires or ():
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found


@functools.cache
def _owners() -> dict[str, frozenset[str]]:
    """Each top-level entry of the dev venv's site-packages: the distributions with files in it."""
    owners: dict[str, set[str]] = {}
    for dist in importlib.metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        for file in dist.files or ():
            owners.setdefault(file.parts[0], set()).add(name)
    return {top: frozenset(names) for top, names in owners.items()}


def _link(site_packages: Path, names: Iterable[str], skip: Iterable[str] = ()) -> list[str]:
    """Links the top-level entries (packages, modules, ``.dist-info``) of ``names`` and their
    dependencies, except those in ``skip`` and theirs, into ``site_packages``; returns the
    distributions linked. A top-level entry shared with another distribution is refused."""
    skipped = _closure(skip) if skip else {}
    dists = {n: d for n, d in _closure(names).items() if n not in skipped}
    for name, dist in sorted(dists.items()):
        tops = {f.parts[0] for f in dist.files or () if f.parts[0] not in ("..", "__pycache__")}
        for top in sorted(tops):
            others = _owners()[top] - dists.keys()
            if others:
                raise RuntimeError(f"{top} holds {name} and {sorted(others)}: cannot link it alone")
            source = Path(str(dist.locate_file(top)))
            target = site_packages / top
            if not target.exists():
                target.symlink_to(source, target_is_directory=source.is_dir())
    return sorted(dists)


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

    def run_each(self, steps: Sequence[Step], workdir: Path) -> dict[str, Run]:
        """Each step as ``python -E -s ARGV`` from its ``cwd`` would run it, one after
        another in one process (one jsii runtime, 2.5-3 CPU-s each saved): by step name,
        how each ended. If a step has an ``outdir``, ``$CDK_OUTDIR`` is ``workdir/cdk.out``
        (moved to that ``outdir`` after the step); the steps' output files are in
        ``workdir``."""
        workdir.mkdir(parents=True, exist_ok=True)
        spec = workdir / "steps.json"
        spec.write_text(json.dumps([asdict(step) for step in steps], default=str))
        env = {"CDK_OUTDIR": str(workdir / "cdk.out")} if any(s.outdir for s in steps) else {}
        process = self.run("-E", "-s", ONE_PROCESS, spec, cwd=workdir, **env)
        return {step.name: _ended(step, workdir, process) for step in steps}


@dataclass(frozen=True)
class Step:
    """One command for :meth:`Venv.run_each`: ``python ARGV`` from ``cwd``; the modules it
    imports from ``cwd`` (or its script's directory) and the packages in ``fresh`` are
    imported again by the next step; ``absent``: modules it must not be able to import;
    ``append_path``: added to ``sys.path`` from this step on; ``outdir``: its assembly."""

    name: str
    cwd: Path
    argv: tuple[str, ...]
    fresh: tuple[str, ...] = ("constructs_lib", "constructs_lib_runtime")
    absent: tuple[str, ...] = ()
    append_path: tuple[str, ...] = ()
    outdir: Path | None = None


@dataclass(frozen=True)
class Run:
    """How a step ended: its exit status and output (as ``subprocess.run`` gives them),
    the ``absent`` modules it could import, its cwd and its assembly directory."""

    returncode: int
    stdout: str
    stderr: str
    present: list[str]
    cwd: Path
    outdir: Path | None


def _ended(step: Step, workdir: Path, process: subprocess.CompletedProcess[str]) -> Run:
    """The step's result, or the process's own failure if the step did not finish."""
    status = workdir / f"{step.name}.json"
    if not status.exists():
        stderr = f"{step.name} did not finish; the process:\n{process.stdout}{process.stderr}"
        return Run(process.returncode or 1, "", stderr, [], step.cwd, step.outdir)
    result = json.loads(status.read_text())
    stdout, stderr = (
        (workdir / f"{step.name}.{name}").read_text(errors="replace")
        for name in ("stdout", "stderr")
    )
    return Run(result["returncode"], stdout, stderr, result["present"], step.cwd, step.outdir)


def _empty_venv(path: Path) -> Venv:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return Venv(path)


def base_venv(path: Path, wheel: Path) -> Venv:
    """The wheel, installed by pip, + aws-cdk-lib + constructs as the dev lock pins them."""
    venv = _empty_venv(path)
    _link(venv.site_packages, RUNTIME)
    _pip(venv.python, "install", "--no-index", str(wheel))
    return venv


def overlay_venv(path: Path, base: Venv, *requirements: str) -> Venv:
    """A venv that sees its own ``requirements`` first, then ``base``'s packages: the dev
    venv's own (and what they need beyond base), or a pinned ``name==version`` from the
    wheelhouse."""
    venv = _empty_venv(path)
    (venv.site_packages / "_base.pth").write_text(f"{base.site_packages}\n")
    pinned = [r for r in requirements if "==" in r]
    _link(venv.site_packages, [r for r in requirements if "==" not in r], skip=RUNTIME)
    if pinned:
        _pip(
            base.python,
            "install",
            "--no-deps",
            "--no-index",
            "--find-links",
            str(wheelhouse()),
            "--target",
            str(venv.site_packages),
            *pinned,
        )
    return venv
