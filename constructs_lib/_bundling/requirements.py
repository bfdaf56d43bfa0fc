"""Reading a function's ``requirements.txt`` the way pip does: logical lines with the line
number each starts on, and the lines bundling cannot honour rejected with their number."""

from __future__ import annotations

import re
from pathlib import Path

from constructs_lib.errors import BundlingError

__all__ = ["read_requirements", "requirement_lines"]

# pip's own: a comment starts a line or follows whitespace (``#egg=`` in a URL is no comment)
_COMMENT = re.compile(r"(^|\s+)#.*$")
# Editable installs cannot be bundled at all (nested files, -r and -c, are read by
# .includes, their lines part of the cache key).
_EDITABLE_OPTIONS = ("-e", "--editable")
_VCS = re.compile(r"(?:^|[\s@])(?:git|hg|svn|bzr)\+", re.IGNORECASE)
_FILE_URL = re.compile(r"(?:^|[\s@])file:", re.IGNORECASE)
_FIND_LINKS = re.compile(r"(?:-f|--find-links)(?:\s*=\s*|\s+|(?=[^\s=-]))(?P<location>\S+)")
# Options that lift the command line's --only-binary=:all: (pip applies a file's options
# after it): pip would then build the package from source for this machine's CPU and Python.
# ``--no-binary :none:`` (quoted too: pip splits the line as a shell would) only empties
# the no-binary set (wheels stay required); an ``--only-binary`` list with ``:none:``
# anywhere (``pandas,:none:``) empties its set.
_SOURCE_BUILD = re.compile(
    r"(?:^|\s)(?:--no-binary(?!(?:\s*=\s*|\s+)([\"']?):none:(?:,:none:)*\1(?:\s|$))"
    r"|--only-binary(?:\s*=\s*|\s+)\S*:none:)"
)
_REMOTE = ("https://", "http://")
_ARCHIVE = re.compile(r"\.(?:whl|zip|tar\.gz|tgz|tar\.bz2)$", re.IGNORECASE)


def requirement_lines(text: str, source: str = "requirements.txt") -> list[tuple[int, str]]:
    """(line number, requirement) for each logical line of ``text``, as pip reads it:
    a BOM and CRLF endings ignored, ``\\`` continuations joined (a comment line ends one,
    as in pip), comments and blank lines dropped. A ``BundlingError`` names every line
    that cannot be bundled, with its number and the fix."""
    logical = []
    for number, line in _joined(text.removeprefix("\ufeff").splitlines()):
        line = _COMMENT.sub("", line).strip()
        if line:
            logical.append((number, line))
    problems = [
        f"{source} line {number}: {line!r} {reason}"
        for number, line in logical
        if (reason := _unsupported(line)) is not None
    ]
    if problems:
        raise BundlingError(*problems)
    return logical


def _joined(physical: list[str]) -> list[tuple[int, str]]:
    """pip's ``join_lines``: a line ending in ``\\`` continues on the next one, unless it
    is a comment line; a dangling ``\\`` on the last line is dropped."""
    joined: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(physical, start=1):
        comment = _COMMENT.match(line) is not None
        if not line.endswith("\\") or comment:
            line = " " + line if comment else line
            joined.append((start, "".join([*pending, line])) if pending else (number, line))
            pending = []
        else:
            start = number if not pending else start
            pending.append(line.strip("\\"))
    if pending:
        joined.append((start, "".join(pending)))
    return joined


def _unsupported(line: str) -> str | None:
    """Why bundling cannot install ``line``, with the fix; None when it can."""
    if line.startswith(_EDITABLE_OPTIONS):
        return (
            "is not supported: an editable requirement links the function to a source tree "
            "on this machine, which the function cannot import in AWS. Fix: use a released "
            "version from the package index, or ship the package's import directory with the "
            "function: Handler(include=['libs/shared/shared'])."
        )
    if _VCS.search(line):
        return (
            "is not supported: a VCS requirement must be built from source, and bundling "
            "installs wheels only (no Docker). Fix: use a released version from the "
            "package index, or copy the package into the code directory."
        )
    if _SOURCE_BUILD.search(line):
        return (
            "is not supported: it makes pip build from source on this machine, for its CPU "
            "and Python, not the function's (a native extension Lambda cannot load), and "
            "bundling installs Lambda's wheels only (no Docker). Fix: remove the line and pin "
            "a version that publishes a wheel for the function's platform; a pure-Python "
            "package published only as source: vendor it into the code directory (pip "
            "install --no-deps --target <code directory> <package>); or build the function "
            "as a container image (Handler.from_image)."
        )
    first = line.split(maxsplit=1)[0]
    local = first.startswith((".", "/", "~", "\\")) or (
        "://" not in first and _ARCHIVE.search(first) is not None
    )
    find_links = _FIND_LINKS.match(line)
    if find_links is not None and not find_links["location"].startswith(_REMOTE):
        local = True
    if _FILE_URL.search(line) or local:
        return (
            "is not supported: a local path or file: URL is resolved against the synth's "
            "working directory, and its content is not part of the cache key (an edit "
            "would ship the stale package). Fix: use a released version from the package "
            "index, or ship the package's import directory with the function: "
            "Handler(include=['libs/shared/shared'])."
        )
    return None


def read_requirements(path: Path) -> str:
    """The text of the requirements file ``path``; a BundlingError when it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BundlingError(
            f"{path} is not UTF-8 text (byte {exc.start}: {exc.object[exc.start : exc.end]!r}): "
            "pip reads requirements files as UTF-8. Fix: save it as UTF-8 (project names are "
            "ASCII)"
        ) from None
