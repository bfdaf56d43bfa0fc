"""Each file's SHA-256, read once per process while the file's stat says it is unchanged.

Bundling hashes the same bytes many times: a shared package included by 20 functions is
part of 20 asset keys, and its copy in the cache part of 20 assets verified on every synth
(2,000 files: 80,000 reads per synth). A file is known here by its device, inode, size and
modification time: an edit (in place, or an editor's write-and-rename) changes one of them,
so the next look reads the file again, and hard links (the asset sharing a cache entry's
files) are one file, read once. As git's index, a file modified less than
:data:`_RACY_NS` before it was read is not remembered: an edit in the same tick of a coarse
clock (a second on some file systems) would keep its modification time. What it does not
guard against is someone restoring a file's size and modification time on purpose, which
the next process, starting empty, sees.
"""

from __future__ import annotations

import hashlib
import os
import time

__all__ = ["content_digest", "forget_digests"]

#: A file younger than this when read is read again next time (racy: see above).
_RACY_NS = 2_000_000_000
#: Dropped all at once beyond this many files (a test suite's thousands of trees).
_LIMIT = 200_000

_Key = tuple[int, int, int, int]
_KNOWN: dict[_Key, bytes] = {}


def content_digest(path: str | os.PathLike[str]) -> bytes:
    """The SHA-256 of the file at ``path`` (links followed), read only if unknown."""
    info = os.stat(path)
    known = _KNOWN.get(_key(info))
    return known if known is not None else _read(path)


def forget_digests() -> None:
    """Forgets every file (for tests comparing with a cold process)."""
    _KNOWN.clear()


def _key(info: os.stat_result) -> _Key:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _read(path: str | os.PathLike[str]) -> bytes:
    started = time.time_ns()
    with open(path, "rb") as file:  # in chunks: a large file need not fit in memory
        before = os.fstat(file.fileno())
        digest = hashlib.file_digest(file, "sha256").digest()
        after = os.fstat(file.fileno())
    # remembered only if nothing wrote to it while it was read, nor just before
    if _key(before) == _key(after) and before.st_mtime_ns < started - _RACY_NS:
        if len(_KNOWN) >= _LIMIT:
            _KNOWN.clear()
        _KNOWN[_key(before)] = digest
    return digest
