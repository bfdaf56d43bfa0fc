"""What the function's Python has, as opposed to the Python running the synth.

A handler module is checked with the synthesizing interpreter (3.11 or newer), but it
runs on the function's runtime (``Handler(runtime=...)``, 3.12 to 3.14): the standard
library's module names and the grammar differ between them, and a check must give the
same answer on every interpreter the library supports.
"""

from __future__ import annotations

import functools
import re
import sys

__all__ = ["newer_syntax", "stdlib_module_names"]

# Top-level standard-library modules added and removed by each version, relative to the
# one before (``sys.stdlib_module_names`` of 3.11, 3.12 and 3.13; What's New in 3.14).
_ADDED: dict[tuple[int, int], frozenset[str]] = {
    (3, 12): frozenset({"_pydatetime", "_pylong", "_sha2"}),
    (3, 13): frozenset(
        {
            "_android_support",
            "_colorize",
            "_interpchannels",
            "_interpqueues",
            "_interpreters",
            "_ios_support",
            "_opcode_metadata",
            "_pyrepl",
            "_suggestions",
            "_sysconfig",
            "_wmi",
        }
    ),
    (3, 14): frozenset({"annotationlib", "compression"}),
}
_REMOVED: dict[tuple[int, int], frozenset[str]] = {
    (3, 12): frozenset(
        {
            "_bootsubprocess",
            "_sha256",
            "_sha512",
            "asynchat",
            "asyncore",
            "distutils",
            "imp",
            "smtpd",
        }
    ),
    # PEP 594's dead batteries, and lib2to3
    (3, 13): frozenset(
        {
            "_crypt",
            "_msi",
            "aifc",
            "audioop",
            "cgi",
            "cgitb",
            "chunk",
            "crypt",
            "imghdr",
            "lib2to3",
            "mailcap",
            "msilib",
            "nis",
            "nntplib",
            "ossaudiodev",
            "pipes",
            "sndhdr",
            "spwd",
            "sunau",
            "telnetlib",
            "uu",
            "xdrlib",
        }
    ),
    (3, 14): frozenset(),
}


def _version(runtime: str) -> tuple[int, int] | None:
    major, _, minor = runtime.partition(".")
    return (int(major), int(minor)) if major.isdigit() and minor.isdigit() else None


# Syntax a version added, recognized on the line an older Python's SyntaxError names.
_SYNTAX: dict[tuple[int, int], tuple[re.Pattern[str], ...]] = {
    (3, 12): (
        re.compile(r"^\s*type\s+\w+\s*(?:\[.*\])?\s*="),  # PEP 695's type statement
        re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+\w+\s*\["),  # PEP 695's generics
        re.compile(r"(?<![\w.])(?:[fF][rR]?|[rR][fF])[\"']"),  # PEP 701's f-strings
    ),
    (3, 13): (),
    (3, 14): (
        re.compile(r"^\s*except\*?\s+[^:()]+,[^:]*:"),  # PEP 758: except A, B:
        re.compile(r"(?<![\w.])(?:[tT][rR]?|[rR][tT])[\"']"),  # PEP 750's t-strings
    ),
}


def newer_syntax(line: str, runtime: str) -> bool:
    """Whether ``line`` uses syntax that a Python newer than this one, up to the function's
    ``runtime``, accepts: this Python's SyntaxError there is no error of the function's."""
    target = _version(runtime)
    host = sys.version_info[:2]
    return target is not None and any(
        pattern.search(line)
        for version, patterns in _SYNTAX.items()
        if host < version <= target
        for pattern in patterns
    )


@functools.cache
def stdlib_module_names(runtime: str) -> frozenset[str]:
    """The top-level standard-library module names of the function's ``runtime`` ("3.14"),
    whatever Python runs the synth (the host's own for a version not in the tables). Each
    function asks twice (its entry's name, its imports: importNotBundled): computed once
    per runtime."""
    names = set(sys.stdlib_module_names)
    host = sys.version_info[:2]
    target = _version(runtime)
    if target is None:
        return frozenset(names)
    for version in sorted(_ADDED):
        if host < version <= target:  # newer than the host: apply the change
            names = (names | _ADDED[version]) - _REMOVED[version]
        elif target < version <= host:  # older than the host: undo it
            names = (names | _REMOVED[version]) - _ADDED[version]
    return frozenset(names)
