"""The bundling cache: where entries live, how they are built without ever being seen
half-written, and how each one is checked against the digest recorded when it was built."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from constructs_lib._bundling.digests import content_digest, linked
from constructs_lib.errors import BundlingError

__all__ = [
    "build_atomically",
    "cache_root",
    "digest_file",
    "link_or_copy",
    "tree_digest",
    "unwritable",
    "verified",
]


def cache_root() -> Path:
    """Where installed dependencies and built assets are cached."""
    explicit = os.environ.get("CONSTRUCTS_LIB_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "constructs_lib"


def digest_file(entry: Path) -> Path:
    """The sidecar holding ``entry``'s content digest: ``<entry>.sha256`` beside it."""
    return entry.with_name(entry.name + ".sha256")


def tree_digest(root: Path, sizes: dict[str, int] | None = None) -> str:
    """SHA-256 over every path below ``root``: its kind, permission bits and content
    (a symlink's target, not followed); each file's content read once per process while
    it is unchanged (:mod:`.digests`: the assets sharing an entry's files hash them once).
    ``sizes``: given, gets the bytes of the regular files below each top-level entry."""
    digest = hashlib.sha256()
    top = os.fspath(root)
    paths: list[tuple[str, str]] = []  # (path relative to root, as posix; the path)
    for directory, subdirs, filenames in os.walk(top):  # symlinked dirs are not followed
        relative = os.path.relpath(directory, top).replace(os.sep, "/")
        prefix = "" if relative == "." else f"{relative}/"
        paths.extend((prefix + name, os.path.join(directory, name)) for name in subdirs)
        paths.extend((prefix + name, os.path.join(directory, name)) for name in filenames)
    for relative, path in sorted(paths):
        info = os.lstat(path)
        header = f"{relative}\0{stat.S_IMODE(info.st_mode):o}\0"
        if stat.S_ISLNK(info.st_mode):
            digest.update(f"L{header}{os.readlink(path)}\0".encode())
        elif stat.S_ISDIR(info.st_mode):
            digest.update(f"D{header}".encode())
        elif stat.S_ISREG(info.st_mode):
            digest.update(f"F{header}{content_digest(path, info).hex()}\0".encode())
            if sizes is not None:  # (Lambda's size limit: one walk instead of two)
                top = relative.split("/", 1)[0]
                sizes[top] = sizes.get(top, 0) + info.st_size
        else:  # a fifo, socket or device never belongs in an asset
            digest.update(f"X{header}\0".encode())
    return digest.hexdigest()


def verified(entry: Path, sizes: dict[str, int] | None = None) -> bool:
    """True if ``entry`` is a directory whose content matches its recorded digest (its
    files' ``sizes`` gathered as :func:`tree_digest` does).

    An entry without a digest (built before digests existed, or interrupted between the
    two renames of :func:`build_atomically`), with a different one (edited in the cache)
    or unreadable is not trusted: the caller rebuilds it. This guards against accidental
    edits and partial writes, not against someone who can rewrite the digest file too.
    """
    try:
        if entry.is_symlink() or not entry.is_dir():
            return False
        expected = digest_file(entry).read_text(encoding="ascii").strip()
        return len(expected) == 64 and tree_digest(entry, sizes) == expected
    except (OSError, UnicodeDecodeError):
        return False


def build_atomically(final: Path, build: Callable[[Path], None]) -> None:
    """Build ``final`` in a temporary sibling, record its digest, then rename it into place.

    The digest file is written (atomically) before the entry is renamed into place, so a
    finished entry is verifiable the moment it appears; any interruption leaves an entry
    that :func:`verified` rejects, never one that is trusted. An existing untrusted
    ``final`` is moved aside and deleted; a trusted one (another synth, a parallel test
    worker, finished it while this one built) is kept: that synth may be copying from it.
    """
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        made = tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    except OSError as error:  # a read-only HOME in CI: say where and how, not a trace
        raise unwritable(error) from error
    temporary = Path(made)
    try:
        temporary.chmod(0o755)  # mkdtemp makes it 0700; keep the asset readable like any dir
        build(temporary)
        digest = tree_digest(temporary)
        for _ in range(3):
            if verified(final):
                return  # finished meanwhile by another synth, which may be reading it
            _write_atomically(digest_file(final), digest + "\n")
            _discard(final)
            try:
                os.replace(temporary, final)
                return
            except OSError:
                if not final.is_dir():
                    raise
                if tree_digest(final) == digest:
                    return  # another synth finished the same entry first: just as good
        raise OSError(f"could not move the rebuilt cache entry into place: {final}")
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def unwritable(error: OSError) -> BundlingError:
    """The BundlingError of a cache directory this process cannot create or write in."""
    return BundlingError(
        f"the bundling cache cannot be written at {error.filename} ({error.strerror}): it "
        "holds the installed dependencies and the built asset. Fix: set "
        "CONSTRUCTS_LIB_CACHE_DIR (or XDG_CACHE_HOME) to a writable directory, in CI one "
        "kept between runs"
    )


def _discard(entry: Path) -> None:
    """Moves an existing (untrusted) ``entry`` aside, then deletes it."""
    if entry.is_symlink() or entry.is_file():
        entry.unlink(missing_ok=True)
        return
    if not entry.exists():
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", suffix=".stale", dir=entry.parent))
    try:
        os.replace(entry, aside)  # rename(2) may replace an empty directory
    except FileNotFoundError:
        pass  # someone else discarded it first
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="ascii") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def link_or_copy(source: str, destination: str) -> object:
    """``destination`` a hard link to ``source``, else a copy of it; FileExistsError if
    there is a file (a copy over it would write through any link to it)."""
    try:
        before = os.stat(source)
        os.link(source, destination)
    except FileExistsError:
        raise
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, destination)
    else:
        linked(before, destination)  # the link changed only its change time: still known
    return destination
