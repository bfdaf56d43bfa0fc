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


#: What each mistake in the command's arguments is told (one line, with the fix).
USAGE = "usage: python -m constructs_lib.runtime_copy DIRECTORY"
_EXAMPLE = "e.g. python -m constructs_lib.runtime_copy handlers/image"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m constructs_lib.runtime_copy DIRECTORY``: copies the runtime helpers
    into DIRECTORY; returns the exit status (0 for ``--help``; 2 for arguments that name
    no existing directory, 1 when the copy fails), each mistake told on one line.

    :param argv: the arguments after the program's name. Default: ``sys.argv[1:]``.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["-h"], ["--help"]):
        print(f"{USAGE}: copies the runtime helpers into an image's build context")
        return 0
    problem = _argument_problem(args)
    if problem is not None:
        print(f"{USAGE}: {problem}", file=sys.stderr)
        return 2
    try:
        copied = copy_runtime(args[0])
    except OSError as error:  # a directory it may not write, a disk full
        reason = error.strerror or type(error).__name__
        print(
            f"runtime_copy: cannot copy into DIRECTORY {args[0]!r} ({reason}: "
            f"{error.filename or args[0]}): pass a directory you can write to",
            file=sys.stderr,
        )
        return 1
    print(f"copied the runtime helpers to {copied}")
    return 0


def _argument_problem(args: list[str]) -> str | None:
    """What is wrong with the command's arguments, and the fix; None when they name one
    existing directory (a typo would otherwise create a new one the image never reads)."""
    if len(args) != 1:
        given = f"{len(args)} were given ({' '.join(args)})" if args else "none was given"
        return (
            f"DIRECTORY, one argument, is required, and {given}: pass the image's build "
            f"context, {_EXAMPLE}"
        )
    directory = args[0]
    if directory.startswith("-"):
        return (
            f"DIRECTORY is {directory!r}, an option this command does not take: pass the "
            f"image's build context, {_EXAMPLE} (./{directory} for a directory of that name)"
        )
    if not Path(directory).is_dir():
        what = "a file" if Path(directory).exists() else "no existing directory"
        return (
            f"DIRECTORY {directory!r} is {what}: pass the image's build context, the "
            f"directory holding its Dockerfile ({_EXAMPLE})"
        )
    return None


if __name__ == "__main__":
    raise SystemExit(main())
