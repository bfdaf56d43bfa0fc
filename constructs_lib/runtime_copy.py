"""``python -m constructs_lib.runtime_copy DIRECTORY``: copies into ``DIRECTORY`` (a
container image's build context) the modules of ``constructs_lib_runtime`` a zip function
gets, for an image whose code imports them (the library puts them into zip functions
only). The test helpers stay out, as from a zip function's asset: a handler importing them
would pass its tests and fail only on Lambda (:mod:`constructs_lib._library_files`).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import constructs_lib_runtime
from constructs_lib._library_files import library_files

__all__ = ["copy_runtime", "main"]


def copy_runtime(directory: str | os.PathLike[str]) -> Path:
    """Copies the shipped modules to ``directory/constructs_lib_runtime``, replacing an
    earlier copy (an upgrade may drop a module, and a copy of the whole package held the
    test helpers); returns the copy's path."""
    package = Path(constructs_lib_runtime.__file__).parent
    target = Path(directory) / package.name
    if target.exists():
        shutil.rmtree(target)
    for source, path in library_files(package):
        destination = Path(directory) / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m constructs_lib.runtime_copy DIRECTORY``: copies the runtime helpers
    into DIRECTORY; returns the exit status (2 without exactly one argument).

    :param argv: the arguments after the program's name. Default: ``sys.argv[1:]``.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 1:
        print("usage: python -m constructs_lib.runtime_copy DIRECTORY", file=sys.stderr)
        return 2
    print(f"copied the runtime helpers to {copy_runtime(args[0])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
