"""An included package's files, listed once per process while its directories are unchanged.

Every function including a shared package lists it (2,000 files: the walk, the checks of
each file and the paths built took a tenth of a second per function). A directory's
modification time changes when an entry is added, removed or renamed in it (an editor's
save included), so the directories a listing looked into, unchanged, give the same
listing (:mod:`.import_scan` keys its scans likewise); a file's contents are not part of
it (the asset's key reads them: :mod:`.digests`). A listing whose directories changed less
than :data:`_RACY_NS` before it started is not remembered: an edit in the same tick of a
coarse clock would keep a directory's time. What it cannot see is a link's target removed
elsewhere: bundling then fails reading the file (``cannot be read``) instead of naming
the broken link.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["forget_listings", "remembered_listing"]

_T = TypeVar("_T")
_RACY_NS = 2_000_000_000
_LIMIT = 1_000  # listings; all dropped beyond (a test suite's thousands of trees)

#: The directories a listing looked into: each one's path, device, inode, modification and
#: change times (a directory replaced by another, its time restored by tar, has a new one).
_Stamp = tuple[tuple[str, int, int, int, int], ...]
_KNOWN: dict[str, tuple[_Stamp, Any]] = {}


def remembered_listing(directory: Path, listing: Callable[[list[str]], _T]) -> _T:
    """``listing(looked_into)`` of ``directory`` (it adds to ``looked_into`` each directory
    whose entries it read), or what it gave last in this process while those directories
    are unchanged."""
    known = _KNOWN.get(str(directory))
    if known is not None and _unchanged(known[0]):
        result: _T = known[1]
        return result
    looked_into: list[str] = []
    started = time.time_ns()
    result = listing(looked_into)
    try:
        stamp = _stamp(looked_into)
    except OSError:  # gone meanwhile: listed again next time
        return result
    if all(mtime < started - _RACY_NS for *_, mtime, _ in stamp):
        if len(_KNOWN) >= _LIMIT:
            _KNOWN.clear()
        _KNOWN[str(directory)] = (stamp, result)
    return result


def forget_listings() -> None:
    """Forgets every listing (for tests comparing with a cold process)."""
    _KNOWN.clear()


def _unchanged(stamp: _Stamp) -> bool:
    try:
        return _stamp(path for path, *_ in stamp) == stamp
    except OSError:
        return False


def _stamp(directories: Iterable[str]) -> _Stamp:
    stamps = []
    for path in directories:
        info = os.stat(path)
        stamps.append((path, info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(stamps)
