"""Each file's SHA-256, read once per process while the file's stat says it is unchanged.

Bundling hashes the same bytes many times: a shared package included by 20 functions is
part of 20 asset keys, and its copy in the cache part of 20 assets verified on every synth
(2,000 files: 80,000 reads per synth). A file is known here by its device, inode, size,
modification and change times: an edit (in place, or an editor's write-and-rename), even
one that restores the modification time (``cp -p``, ``tar``), changes one of them, and a
new file never has an old file's change time, even on its reused inode. Hard links (an
asset sharing a cache entry's files) are one file, read once: the change time a new link
gives it is carried over (:func:`linked`). As git's index, a file modified less than
:data:`_RACY_NS` before it was read is not remembered: an edit in the same tick of a coarse
clock (a second on some file systems) would keep its times.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

__all__ = ["content_digest", "forget_digests", "linked"]

#: A file younger than this when read is read again next time (racy: see above).
_RACY_NS = 2_000_000_000
#: Dropped all at once beyond this many files (a test suite's thousands of trees).
_LIMIT = 200_000

_Key = tuple[int, int, int, int, int]
_KNOWN: dict[_Key, bytes] = {}


def content_digest(path: str | os.PathLike[str], info: os.stat_result | None = None) -> bytes:
    """The SHA-256 of the file at ``path`` (links followed), read only if unknown; ``info``:
    its stat, if the caller has it."""
    known = _KNOWN.get(_key(os.stat(path) if info is None else info))
    return known if known is not None else _read(path)


def forget_digests() -> None:
    """Forgets every file (for tests comparing with a cold process)."""
    _KNOWN.clear()


def linked(before: os.stat_result, link: str | os.PathLike[str]) -> None:
    """Keeps what is known of a file (``before``: its stat) across the hard link ``link``
    just made to it, which changed its change time only (else it is read again)."""
    known = _KNOWN.get(_key(before))
    if known is not None:
        after = os.stat(link)
        if _key(after)[:4] == _key(before)[:4]:
            _KNOWN[_key(after)] = known


def _key(info: os.stat_result) -> _Key:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _read(path: str | os.PathLike[str]) -> bytes:
    started = time.time_ns()
    with Path(path).open("rb") as file:  # in chunks: a large file need not fit in memory
        before = os.fstat(file.fileno())
        digest = hashlib.file_digest(file, "sha256").digest()
        after = os.fstat(file.fileno())
    # remembered only if nothing wrote to it while it was read, nor just before
    if _key(before) == _key(after) and before.st_mtime_ns < started - _RACY_NS:
        if len(_KNOWN) >= _LIMIT:
            _KNOWN.clear()
        _KNOWN[_key(before)] = digest
    return digest
