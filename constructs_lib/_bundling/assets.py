"""What a bundled asset holds (the code's files and the packages included beside it), the
digest of their contents that keys it, and how it is built in the cache.

An included package directory (``Handler(include=[...])``, the library's helpers) is
stored once in the cache, ``shared/<key>/`` (key: its files' paths and contents), built
and verified as any entry (:mod:`.cache`); each asset holding it hard-links its files from
there, as it links its dependencies from ``deps/``: 20 functions sharing a package of
2,000 files hold one copy of it, not 20, and an asset verified in a synth reads those
files once for all of them (:mod:`.digests`). The code directory's own files are copied
(a link to them would let an edit write into the cache).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path

from constructs_lib._bundling.cache import build_atomically, link_or_copy, verified
from constructs_lib._bundling.digests import content_digest
from constructs_lib._bundling.files import code_files, unreadable
from constructs_lib._bundling.listings import remembered_listing
from constructs_lib._bundling.manifests import check_no_shadowing
from constructs_lib._bundling.prune import normalize_mode
from constructs_lib.errors import BundlingError

__all__ = ["Files", "build_asset", "files_digest", "package_files", "shared_entries"]

#: Part of a shared entry's key: bump when what an entry holds changes.
_SHARED_FORMAT = "1"

#: (the file to copy, its path in the asset)
Files = Sequence[tuple[Path, Path]]


def package_files(package: Path) -> Files:
    """An included package's files (a package's as the code directory's are chosen: caches,
    ``tests`` left out), or the single module ``package``, with their paths in the asset."""
    if package.is_file():  # a single module, Handler(include=["libs/util.py"])
        return ((package, Path(package.name)),)
    return remembered_listing(package, lambda looked_into: _listed(package, looked_into))


def _listed(package: Path, looked_into: list[str]) -> Files:
    try:
        relatives = sorted(code_files(package, looked_into))
    except BundlingError as error:  # a link to nowhere, a directory it may not list
        raise BundlingError(
            *(f"cannot be bundled for Lambda: {detail}" for detail in error.details),
            prop="include",
        ) from error
    name = Path(package.name)
    return tuple((package / relative, name / relative) for relative in relatives)


def files_digest(files: Files) -> str:
    """SHA-256 over each file's path in the asset and content, in order."""
    digest = hashlib.sha256()
    for source, relative in files:
        digest.update(relative.as_posix().encode() + b"\0")
        try:
            digest.update(content_digest(source))
        except OSError as error:
            raise unreadable(error) from error
    return digest.hexdigest()


def shared_entries(root: Path, packages: Mapping[Path, Files]) -> dict[Path, Path]:
    """Each file of the package directories ``packages`` (directory: its files), as the
    cache's ``shared/`` entry of its package holds it (built or rebuilt if not trusted):
    {file: the entry's copy of it}."""
    copies: dict[Path, Path] = {}
    for package, files in packages.items():
        expected = files_digest(files)
        key = hashlib.sha256(f"{_SHARED_FORMAT}\0{expected}".encode()).hexdigest()
        entry = root / "shared" / key
        if not verified(entry):
            build_atomically(entry, partial(_copy, package=package, files=files, expected=expected))
        copies.update((source, entry / relative) for source, relative in files)
    return copies


def _copy(target: Path, package: Path, files: Files, expected: str) -> None:
    _place(target, ((source, relative, False) for source, relative in files))
    # an edit while it was copied would keep the old contents' key for the new contents
    # (and every asset built from the entry after): refuse it instead
    if files_digest([(target / relative, relative) for _, relative in files]) != expected:
        raise BundlingError(
            f"cannot be bundled for Lambda: a file of {package} changed while it was copied. "
            "Fix: run the synth again once the edit is saved",
            prop="include",
        )


def build_asset(target: Path, deps_dir: Path, files: Files, shared: Mapping[Path, Path]) -> None:
    """The asset of ``files`` with the dependencies of ``deps_dir``, in ``target``; a file
    of ``shared`` (:func:`shared_entries`) is linked from its entry."""
    check_no_shadowing(deps_dir, files)
    # Hard links: the asset shares the deps' bytes instead of copying megabytes.
    shutil.copytree(deps_dir, target, dirs_exist_ok=True, copy_function=link_or_copy)
    _place(  # code last, so it wins over a dependency
        target,
        ((shared.get(source, source), relative, source in shared) for source, relative in files),
    )


def _place(target: Path, files: Iterable[tuple[Path, Path, bool]]) -> None:
    """Each (source, relative, link) of ``files`` at ``target / relative``: linked from a
    cache entry if ``link``, else copied."""
    made: set[Path] = {target}
    for source, relative, link in files:
        destination = target / relative
        _make_directories(destination.parent, made)
        if link:  # (linking never writes through a file there: it fails)
            try:
                link_or_copy(str(source), str(destination))
                continue
            except FileExistsError:  # a dependency's file: ours wins
                pass
        destination.unlink(missing_ok=True)  # never write through a hard link
        (link_or_copy if link else shutil.copy2)(str(source), str(destination))
        if not link:  # (a linked file is an entry's, normalized when it was copied there)
            normalize_mode(destination)


def _make_directories(directory: Path, made: set[Path]) -> None:
    """``directory`` and its missing parents, each ``0o755`` whatever the umask: Lambda
    runs the code as another user, who must list them (as the installed dependencies')."""
    if directory in made:
        return
    _make_directories(directory.parent, made)
    directory.mkdir(exist_ok=True)
    directory.chmod(0o755)
    made.add(directory)
