"""Docker-free dependency bundling for Python Lambda functions.

A code directory without ``requirements.txt`` (and nothing included beside it) is used
as is. With one, pip installs Linux wheels for the function's architecture and Python
version into a local cache (``pip install --platform ... --only-binary=:all:``), so synth
needs neither Docker nor a Linux host, and an unchanged re-synth runs no pip at all. What
the function never uses is pruned from the install (pip's bookkeeping, generated scripts,
bytecode, packages' own tests: :mod:`.prune`), so the same requirements give the same
asset on every machine.

Cache layout under the cache root (``$CONSTRUCTS_LIB_CACHE_DIR``, else
``$XDG_CACHE_HOME/constructs_lib``, else ``~/.cache/constructs_lib``)::

    deps/<deps key>/     installed dependencies; key: requirements, platform, Python
    shared/<key>/        an included package directory; key: its files and contents
    assets/<asset key>/  those dependencies and packages (hard links to the entries'
                         files where the file system allows) plus a copy of the code:
                         the Lambda asset

Entries are built in a temporary sibling directory and renamed into place, so a
concurrent or interrupted synth never sees a half-built entry. Each entry's content
digest is recorded beside it when it is built (``<key>.sha256``) and checked whenever
the entry is used: an entry edited in the cache, or without its digest (built by an
older version, or interrupted), is rebuilt, never shipped under the same asset hash.
Entries are never evicted; delete the cache root to reclaim space or to re-resolve
unpinned requirements.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from aws_cdk import AssetHashType
from aws_cdk import aws_lambda as lambda_

from constructs_lib import _defaults
from constructs_lib._bundling.assets import (
    Files,
    build_asset,
    files_digest,
    package_files,
    shared_entries,
)
from constructs_lib._bundling.cache import build_atomically, cache_root, verified
from constructs_lib._bundling.files import EXCLUDE, code_files, private, staged_files
from constructs_lib._bundling.includes import is_include, resolve_includes
from constructs_lib._bundling.manifests import (
    check_included_not_installed,
    check_no_dotenv,
    check_shared_not_installed,
    check_undeclared_manifests,
)
from constructs_lib._bundling.pip import (
    PROVIDED_BY_RUNTIME,
    filter_requirements,
    keyed_tags,
    numbered_requirements,
    pip_install,
    platform_tags,
)
from constructs_lib._bundling.platform import bundling_platform
from constructs_lib._bundling.prune import prune
from constructs_lib._bundling.requirements import read_requirements
from constructs_lib._bundling.size import check_size, check_sizes, tree_sizes
from constructs_lib._facts import remember_asset_path
from constructs_lib._library_files import library_files
from constructs_lib.errors import BundlingError

__all__ = [
    "EXCLUDE",
    "FORMAT_VERSION",
    "PROVIDED_BY_RUNTIME",
    "cache_root",
    "filter_requirements",
    "lambda_code",
    "platform_tags",
]

# Bump when the layout or the content of cache entries changes: old entries are ignored.
FORMAT_VERSION = "3"  # 2: installs pruned (.prune); 3: markers evaluated for Lambda (.pip)


def lambda_code(
    code_dir: str | os.PathLike[str],
    *,
    python_version: str = _defaults.LAMBDA_PYTHON_VERSION,
    architecture: str = _defaults.LAMBDA_ARCHITECTURE,
    include: Sequence[str | os.PathLike[str]] = (),
    shared: Sequence[str | os.PathLike[str]] = (),
    context: Callable[[str], object] | None = None,
) -> lambda_.Code:
    """The Lambda code for ``code_dir``, with ``requirements.txt`` installed for Lambda.

    Raises :class:`~constructs_lib.errors.BundlingError` when the requirements cannot be
    installed for the platform (typically: a package without a matching Linux wheel).

    ``include`` lists the library's package directories put into the asset root next to
    the code (``constructs_lib_runtime``), so handlers can import them: the modules a
    handler can run, not those for tests (:mod:`constructs_lib._library_files`).
    ``shared``: the user's shared code copied likewise (``Handler(include=...)``: package
    directories or ``.py`` modules), which no requirement may install under the same name.
    ``context`` reads the function's construct context (the bundling platform key);
    default: the CDK CLI's.
    """
    # Absolute: CDK's Node process resolves relative paths against its own working
    # directory, which need not be Python's (an app or test that changes directory).
    code_path = Path(code_dir).resolve()
    library = [Path(package).resolve() for package in include]
    shared_paths = [Path(path).resolve() for path in shared]
    # by name: the asset's key does not depend on the order they are given in
    packages = sorted([*library, *shared_paths], key=lambda path: path.name)
    requirements_file = code_path / "requirements.txt"
    # a directory or a broken link of that name is a mistake, never "no dependencies"
    if os.path.lexists(requirements_file) and not requirements_file.is_file():
        raise BundlingError(
            f"{requirements_file} is not a readable file: pip reads the function's "
            "dependencies from a file of that name. Fix: make it a requirements file (or a "
            "link to one), or rename it if the function has no dependencies"
        )
    for directory in [code_path, *(path for path in shared_paths if path.is_dir())]:
        check_no_dotenv(directory)
    if not requirements_file.is_file():
        check_undeclared_manifests(code_path)
    # Code CDK would stage as it is, but for a virtual environment in it or files only
    # their owner may read: a copy without them (modes normalized) is staged instead, under
    # CDK's hash of it, the hash of a clean checkout's code (a laptop's and CI's agree).
    readable_copy = not requirements_file.is_file() and not packages
    if readable_copy:
        staged = staged_files(code_path)
        if staged is not None:  # (None: a virtual environment to leave out)
            stats = {path: (code_path / path).stat() for path in staged}  # one stat each
            check_size(stats)
            if not private(stats.values()):
                return _asset(str(code_path), exclude=list(EXCLUDE))

    python_version, architecture = bundling_platform(python_version, architecture, context)
    platforms = platform_tags(architecture, python_version)
    source = str(requirements_file)
    requirements = (
        numbered_requirements(read_requirements(requirements_file), source)
        if requirements_file.is_file()
        else []
    )
    requirements, included = resolve_includes(requirements, requirements_file)
    deps_key = _sha256(
        json.dumps(
            {
                "format": FORMAT_VERSION,
                # an include's absolute path differs between machines: its lines count
                "requirements": [line for _, line in requirements if not is_include(line)],
                "included": included,
                "platforms": keyed_tags(architecture, python_version),
                "python": python_version,
                "architecture": architecture,
            },
            sort_keys=True,
        )
    )
    listed = {
        package: library_files(package) if package in library else package_files(package)
        for package in packages
    }
    files = _asset_files(code_path, listed)
    asset_key = _sha256(f"{FORMAT_VERSION}\0{deps_key}\0{files_digest(files)}")
    root = cache_root()
    asset_dir = root / "assets" / asset_key
    # Verifying hashes the whole entry on every use (each file read once per process while
    # unchanged: .digests), the price of never shipping an entry edited in the cache. The
    # deps and shared entries are only read (and so only verified) when the asset is
    # (re)built.
    sizes: dict[str, int] = {}  # by top-level entry, for Lambda's limit: verifying reads them
    if not verified(asset_dir, sizes):
        deps_dir = root / "deps" / deps_key
        if not verified(deps_dir):
            build_atomically(
                deps_dir,
                lambda target: _install(
                    target, requirements, platforms, python_version, architecture, source
                ),
            )
        check_included_not_installed(deps_dir, [p.name for p in library], requirements_file)
        check_shared_not_installed(deps_dir, shared_paths, requirements_file)
        copies = shared_entries(root, {p: fs for p, fs in listed.items() if p.is_dir()})
        build_atomically(asset_dir, lambda target: build_asset(target, deps_dir, files, copies))
        sizes = tree_sizes(asset_dir)
    check_sizes(sizes)
    if readable_copy:
        return _asset(str(asset_dir), exclude=list(EXCLUDE))
    # The key already covers every input; CDK need not re-hash megabytes of dependencies,
    # and the asset hash is the same on every machine for the same inputs.
    return _asset(str(asset_dir), asset_hash_type=AssetHashType.CUSTOM, asset_hash=asset_key)


def _asset(path: str, **options: Any) -> lambda_.AssetCode:
    """``Code.from_asset(path, **options)``, its path known to the checks that read it
    (asking the jsii kernel for it is a round trip to Node)."""
    code = lambda_.Code.from_asset(path, **options)
    remember_asset_path(code, path)
    return code


def _install(
    target: Path,
    requirements: list[tuple[int, str]],
    platforms: list[str],
    python_version: str,
    arch: str,
    source: str,
) -> None:
    pip_install(requirements, target, platforms, python_version, arch, source)
    # Inside the build: the digest recorded for the entry is the pruned tree's.
    prune(target)


def _asset_files(code_path: Path, listed: Mapping[Path, Files]) -> list[tuple[Path, Path]]:
    """(source, path in the asset): included packages first (``listed``: each one's
    files: a shared package's as the code directory's are chosen, caches and ``tests``
    left out; a library package's as
    :func:`constructs_lib._library_files.library_files` chooses them), so the code wins
    on a clash."""
    return [file for files in listed.values() for file in files] + [
        (code_path / relative, relative) for relative in sorted(code_files(code_path))
    ]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
