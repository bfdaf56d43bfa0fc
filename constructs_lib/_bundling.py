"""Docker-free dependency bundling for Python Lambda functions.

A code directory without ``requirements.txt`` is used as is. With one, pip installs
Linux wheels for the function's architecture and Python version into a local cache
(``pip install --platform ... --only-binary=:all:``), so synth needs neither Docker nor a
Linux host, and an unchanged re-synth runs no pip at all.

Cache layout under the cache root (``$CONSTRUCTS_LIB_CACHE_DIR``, else
``$XDG_CACHE_HOME/constructs_lib``, else ``~/.cache/constructs_lib``)::

    deps/<deps key>/     installed dependencies; key: requirements, platform, Python
    assets/<asset key>/  those dependencies plus a copy of the code: the Lambda asset

Entries are built in a temporary sibling directory and renamed into place, so a
concurrent or interrupted synth never sees a half-built entry. Entries are never
evicted; delete the cache root to reclaim space or to re-resolve unpinned requirements.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from aws_cdk import AssetHashType
from aws_cdk import aws_lambda as lambda_

from constructs_lib import _defaults
from constructs_lib.errors import BundlingError

# Bump when the layout or the content of cache entries changes: old entries are ignored.
FORMAT_VERSION = "1"

# The Lambda Python runtime ships these; bundling them only adds megabytes and pins an
# SDK version the runtime would otherwise keep up to date.
PROVIDED_BY_RUNTIME = frozenset({"boto3", "botocore", "s3transfer"})

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
    ".git",
    ".DS_Store",
)

_MANYLINUX_ARCH = {"arm64": "aarch64", "x86_64": "x86_64"}

_NO_WHEEL = re.compile(
    r"(?:No matching distribution found for"
    r"|Could not find a version that satisfies the requirement) (\S+)"
)
_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Nested files would change what gets installed without changing this file's hash,
# i.e. the cache key; editable installs cannot be bundled at all.
_UNSUPPORTED_OPTIONS = ("-r", "--requirement", "-c", "--constraint", "-e", "--editable")


def lambda_code(
    code_dir: str | os.PathLike[str],
    *,
    python_version: str = _defaults.LAMBDA_PYTHON_VERSION,
    architecture: str = _defaults.LAMBDA_ARCHITECTURE,
    include: Sequence[str | os.PathLike[str]] = (),
) -> lambda_.Code:
    """The Lambda code for ``code_dir``, with ``requirements.txt`` installed for Lambda.

    Raises :class:`~constructs_lib.errors.BundlingError` when the requirements cannot be
    installed for the platform (typically: a package without a matching Linux wheel).

    ``include`` lists package directories copied into the asset root next to the code
    (e.g. ``constructs_lib_runtime``), so handlers can import them.
    """
    code_path = Path(code_dir)
    packages = [Path(package) for package in include]
    requirements_file = code_path / "requirements.txt"
    if not requirements_file.is_file() and not packages:
        return lambda_.Code.from_asset(str(code_path), exclude=list(EXCLUDE))

    platforms = platform_tags(architecture, python_version)
    requirements = (
        filter_requirements(requirements_file.read_text(encoding="utf-8"))
        if requirements_file.is_file()
        else []
    )
    deps_key = _sha256(
        json.dumps(
            {
                "format": FORMAT_VERSION,
                "requirements": requirements,
                "platforms": platforms,
                "python": python_version,
                "architecture": architecture,
            },
            sort_keys=True,
        )
    )
    # (source, path in the asset): included packages first, so the code wins on a clash.
    files = [
        (package / relative, Path(package.name) / relative)
        for package in packages
        for relative in sorted(_code_files(package))
    ] + [(code_path / relative, relative) for relative in sorted(_code_files(code_path))]
    code_hash = hashlib.sha256()
    for source, relative in files:
        code_hash.update(relative.as_posix().encode() + b"\0")
        code_hash.update(hashlib.sha256(source.read_bytes()).digest())
    asset_key = _sha256(f"{FORMAT_VERSION}\0{deps_key}\0{code_hash.hexdigest()}")

    root = cache_root()
    asset_dir = root / "assets" / asset_key
    if not asset_dir.is_dir():
        deps_dir = root / "deps" / deps_key
        if not deps_dir.is_dir():
            _build_atomically(
                deps_dir,
                lambda target: _pip_install(
                    requirements, target, platforms, python_version, architecture
                ),
            )

        def build_asset(target: Path) -> None:
            # Hard links: the asset shares the deps' bytes instead of copying megabytes.
            shutil.copytree(deps_dir, target, dirs_exist_ok=True, copy_function=_link_or_copy)
            for source, relative in files:  # code last, so it wins over a dependency
                destination = target / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.unlink(missing_ok=True)  # never write through a hard link
                shutil.copy2(source, destination)

        _build_atomically(asset_dir, build_asset)

    # The key already covers every input; CDK need not re-hash megabytes of dependencies,
    # and the asset hash is the same on every machine for the same inputs.
    return lambda_.Code.from_asset(
        str(asset_dir), asset_hash_type=AssetHashType.CUSTOM, asset_hash=asset_key
    )


def cache_root() -> Path:
    """Where installed dependencies and built assets are cached."""
    explicit = os.environ.get("CONSTRUCTS_LIB_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "constructs_lib"


def platform_tags(architecture: str, python_version: str) -> list[str]:
    """pip ``--platform`` tags of the Lambda runtime for ``architecture`` and version."""
    arch = _MANYLINUX_ARCH.get(architecture)
    if arch is None:
        raise BundlingError(
            f"Unknown Lambda architecture {architecture!r}; use one of {sorted(_MANYLINUX_ARCH)}."
        )
    version = re.fullmatch(r"3\.(\d+)", python_version)
    if version is None:
        raise BundlingError(f"Python version must look like '3.14', got {python_version!r}.")
    # pip matches only the tags it is given: list each spelling wheels are published with.
    tags = [f"manylinux2014_{arch}", f"manylinux_2_17_{arch}"]
    if int(version.group(1)) >= 12:
        # Python 3.12+ runtimes run on Amazon Linux 2023 (glibc 2.34); older ones on
        # Amazon Linux 2 (glibc 2.26), where manylinux_2_28 wheels would fail to import.
        tags += [f"manylinux_2_28_{arch}", f"manylinux_2_34_{arch}"]
    return tags


def filter_requirements(text: str) -> list[str]:
    """The requirement lines pip should install: normalized, runtime-provided ones dropped.

    Comments and blank lines go, so editing them does not invalidate the cache.
    """
    lines: list[str] = []
    for raw in text.replace("\\\n", "").splitlines():
        line = re.sub(r"(^|\s)#.*", "", raw).strip()
        if not line:
            continue
        if line.startswith(_UNSUPPORTED_OPTIONS):
            raise BundlingError(
                f"requirements.txt line {line!r} is not supported: list every requirement "
                "in requirements.txt itself (no -r/-c/-e)."
            )
        name = _REQUIREMENT_NAME.match(line)
        if name is not None and _normalize(name.group()) in PROVIDED_BY_RUNTIME:
            continue
        lines.append(line)
    return lines


def _pip_install(
    requirements: list[str],
    target: Path,
    platforms: list[str],
    python_version: str,
    architecture: str,
) -> None:
    if requirements:
        requirements_file = target.parent / f"{target.name}.requirements.txt"
        requirements_file.write_text("\n".join(requirements) + "\n", encoding="utf-8")
        try:
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    *(f"--platform={tag}" for tag in platforms),
                    "--implementation=cp",
                    f"--python-version={python_version}",
                    "--only-binary=:all:",
                    f"--target={target}",
                    "--requirement",
                    str(requirements_file),
                    "--no-compile",
                    "--no-input",
                    "--disable-pip-version-check",
                    "--quiet",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            requirements_file.unlink(missing_ok=True)
        if result.returncode != 0:
            raise _pip_error(result.stderr, platforms, python_version, architecture)
    # A dependency may pull in the SDK transitively; the runtime's copy is used anyway.
    for entry in target.iterdir():
        name = entry.name.removesuffix(".dist-info").split("-")[0]
        if _normalize(name) in PROVIDED_BY_RUNTIME:
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def _pip_error(
    stderr: str, platforms: list[str], python_version: str, architecture: str
) -> BundlingError:
    missing = list(dict.fromkeys(_NO_WHEEL.findall(stderr)))
    if missing:
        arch = _MANYLINUX_ARCH[architecture]
        cp = "cp" + python_version.replace(".", "")
        return BundlingError(
            f"No wheel of {', '.join(missing)} matches Lambda's platform "
            f"(linux {architecture}: {', '.join(platforms)}; Python {python_version}). "
            f"Fix: pin a version that publishes manylinux wheels for {arch} / {cp} or abi3 "
            "(or a pure-Python py3-none-any wheel), or vendor it into the code directory."
        )
    tail = "\n".join(stderr.strip().splitlines()[-15:])
    return BundlingError(f"pip could not install the Lambda requirements:\n{tail}")


def _build_atomically(final: Path, build: Callable[[Path], None]) -> None:
    """Build ``final`` in a temporary sibling, then rename it into place."""
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent))
    try:
        temporary.chmod(0o755)  # mkdtemp makes it 0700; keep the asset readable like any dir
        build(temporary)
        try:
            os.replace(temporary, final)
        except OSError:
            if not final.is_dir():
                raise
            # Another synth finished the same entry first; its copy is just as good.
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _code_files(code_dir: Path) -> Iterator[Path]:
    """Paths (relative to ``code_dir``) of the files that belong in the function."""
    for directory, subdirs, filenames in os.walk(code_dir):
        subdirs[:] = [d for d in subdirs if not _excluded(d)]
        for filename in filenames:
            if not _excluded(filename):
                yield (Path(directory) / filename).relative_to(code_dir)


def _excluded(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in EXCLUDE)


def _link_or_copy(source: str, destination: str) -> object:
    try:
        os.link(source, destination)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, destination)
    return destination


def _normalize(name: str) -> str:
    """PEP 503 name normalization: ``Boto_3`` and ``boto-3`` are the same project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
