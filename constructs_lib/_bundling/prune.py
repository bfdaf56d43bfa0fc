"""What ``pip install --target`` leaves behind that a function never uses.

Pruned before the deps entry's digest is recorded, so the cache verifies (and every asset
hard-links) the pruned tree:

- pip's install bookkeeping in ``*.dist-info/`` (``RECORD``, ``INSTALLER``, ``REQUESTED``,
  ``direct_url.json``); ``METADATA``, licences and ``entry_points.txt`` stay, so
  ``importlib.metadata.version()`` and entry points still work;
- the console scripts pip generates into ``bin/``: their ``#!`` line is this machine's
  interpreter path, useless on Lambda and different on every machine;
- bytecode (``__pycache__/``, and a ``.pyc`` next to its ``.py``; a sourceless ``.pyc`` is
  the module itself and stays);
- each top-level package's own test suite: a directory named exactly ``tests`` or ``test``
  directly inside it (``numpy.testing``-like modules are not touched).

File modes are normalized (``0o644``, ``0o755`` for directories and executables), so the
same requirements give the same bytes whatever the umask of the machine that installed them.
"""

from __future__ import annotations

import csv
import os
import shutil
import stat
from pathlib import Path

__all__ = ["PACKAGE_TEST_DIRS", "PIP_RECORDS", "normalize_mode", "prune"]

PIP_RECORDS = ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json")
PACKAGE_TEST_DIRS = ("tests", "test")

# pip installs a --target into a temporary home scheme (``<home>/lib/python``), so RECORD
# names the scripts it generated ``../../bin/<name>``; they land in ``<target>/bin/``.
_SCRIPT_PREFIX = "../../bin/"


def prune(target: Path) -> None:
    """Removes the above from a ``pip install --target`` directory, in place."""
    dist_infos = [path for path in target.glob("*.dist-info") if _real_dir(path)]
    _remove_generated_scripts(target, dist_infos)  # reads RECORD: before it goes
    for dist_info in dist_infos:
        for name in PIP_RECORDS:
            (dist_info / name).unlink(missing_ok=True)
    for package in target.iterdir():
        if _real_dir(package) and not package.name.endswith((".dist-info", ".data")):
            for name in PACKAGE_TEST_DIRS:
                if _real_dir(package / name):
                    shutil.rmtree(package / name)
    _remove_bytecode_and_normalize_modes(target)


def _remove_generated_scripts(target: Path, dist_infos: list[Path]) -> None:
    scripts = target / "bin"
    if not _real_dir(scripts):
        return
    for dist_info in dist_infos:
        try:
            with (dist_info / "RECORD").open(encoding="utf-8", newline="") as record:
                rows = list(csv.reader(record))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
        for row in rows:
            path = row[0] if row else ""
            name = path.removeprefix(_SCRIPT_PREFIX)
            if name != path and name and "/" not in name:
                (scripts / name).unlink(missing_ok=True)
    if not any(scripts.iterdir()):
        scripts.rmdir()


def _remove_bytecode_and_normalize_modes(target: Path) -> None:
    for directory, subdirs, filenames in os.walk(target):
        here = Path(directory)
        for name in [d for d in subdirs if d == "__pycache__" and _real_dir(here / d)]:
            shutil.rmtree(here / name)
            subdirs.remove(name)
        for name in subdirs:
            if not (here / name).is_symlink():
                (here / name).chmod(0o755)
        for name in filenames:
            path = here / name
            if name.endswith(".pyc") and (here / name[:-1]).is_file():
                path.unlink()
            elif not path.is_symlink():
                normalize_mode(path)


def normalize_mode(path: Path) -> None:
    """``0o755`` for an executable file, else ``0o644``: the same bytes on every machine,
    and readable by the user Lambda runs the code as (a checkout made under umask 077
    would ship files only their owner may read, and the function fail to import them)."""
    executable = path.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    path.chmod(0o755 if executable else 0o644)


def _real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()
