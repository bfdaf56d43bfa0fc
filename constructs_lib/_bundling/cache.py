"""The bundling cache: where entries live and how they are built without ever being seen
half-written."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["build_atomically", "cache_root", "link_or_copy"]


def cache_root() -> Path:
    """Where installed dependencies and built assets are cached."""
    explicit = os.environ.get("CONSTRUCTS_LIB_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "constructs_lib"


def build_atomically(final: Path, build: Callable[[Path], None]) -> None:
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


def link_or_copy(source: str, destination: str) -> object:
    try:
        os.link(source, destination)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, destination)
    return destination
