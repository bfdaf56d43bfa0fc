"""``-r other.txt`` and ``-c constraints.txt`` in a function's requirements: each file
they name (relative to the file naming it, as pip reads them) is read here, checked line
by line like ``requirements.txt``, and its lines join the cache key, so an edit of a
shared ``common.txt`` or ``constraints.txt`` reinstalls the dependencies."""

from __future__ import annotations

import re
from pathlib import Path

from constructs_lib._bundling.requirements import read_requirements, requirement_lines
from constructs_lib.errors import BundlingError

__all__ = ["is_include", "resolve_includes"]

_INCLUDE = re.compile(
    r"^(?P<option>-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s=-]))(?P<path>\S+)$"
)


def is_include(line: str) -> bool:
    """Whether ``line`` is a ``-r``/``-c`` line."""
    return _INCLUDE.match(line) is not None


def resolve_includes(
    requirements: list[tuple[int, str]], source: Path
) -> tuple[list[tuple[int, str]], list[list[str]]]:
    """``requirements`` (of the file ``source``) with each ``-r``/``-c`` path made
    absolute (pip reads them from a copy elsewhere), and the cache key's share of every
    file they include, recursively: [its path as written from ``source``'s chain, its
    lines...] per file."""
    key: list[list[str]] = []
    resolved = [
        (number, _absolute(line, source, number, key, [source.resolve()], []))
        for number, line in requirements
    ]
    return resolved, key


def _absolute(
    line: str,
    source: Path,
    number: int,
    key: list[list[str]],
    chain: list[Path],
    written_chain: list[str],
) -> str:
    """``line`` with the path of a ``-r``/``-c`` absolute, its file's lines (and its own
    includes') added to ``key``; ``chain``: the files including it, ``written_chain``
    their paths as written (machine-independent, for the key)."""
    include = _INCLUDE.match(line)
    if include is None:
        return line
    written = include["path"]
    if "://" in written:
        raise BundlingError(
            f"{source} line {number}: {line!r} is not supported: a file fetched from a URL is "
            "not part of the cache key (an edit would ship the stale dependencies). Fix: keep "
            "the file beside requirements.txt (or in the repository) and name its path"
        )
    path = (source.parent / written).resolve()
    if not path.is_file():
        raise BundlingError(
            f"{source} line {number}: {line!r} names {path}, which is not a file. Fix: "
            "name an existing requirements file, relative to the file that includes it"
        )
    if path in chain:
        raise BundlingError(
            f"{source} line {number}: {line!r} includes {path}, which includes it again. "
            "Fix: remove one of the includes"
        )
    lines = requirement_lines(read_requirements(path), str(path))
    entry = " > ".join([*written_chain, f"{include['option']} {written}"])
    key.append([entry, *(text for _, text in lines)])
    for nested_number, nested in lines:
        _absolute(nested, path, nested_number, key, [*chain, path], [*written_chain, written])
    return f"{include['option']} {path}"
