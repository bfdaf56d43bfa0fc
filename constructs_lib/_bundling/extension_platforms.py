"""Compiled extension modules of the user's own files (the code directory, shared code it
includes) built for another platform than the function's, which fail at the import.

Lambda's Python loads an extension module only under the suffix of its own build
(``.cpython-314-aarch64-linux-gnu.so``), the stable ABI's (``.abi3.so``) or a bare
``.so``, and only a Linux ELF file of its CPU: a wheel's file copied in from a developer's
x86_64 or macOS environment, or a Windows ``.pyd``, is skipped as no module (ImportError)
or refused by the loader (``wrong ELF class``, ``cannot open shared object file``). The
name's platform tag says which build a file is for; where it has none (a bare ``.so``,
``.abi3.so``: the stable ABI names no CPU), the file's header does. A file neither tells
(a linker script named ``libc.so``, a text file) passes. What bundling installs from
``requirements.txt`` is not looked at: pip installs the wheels of the function's platform.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from constructs_lib._bundling.files import excluded, function_directories

__all__ = ["foreign_extensions", "mismatch"]

#: The CPU in a Linux platform tag (and an ELF header) for each Lambda architecture.
_LINUX_MACHINE = {"arm64": "aarch64", "x86_64": "x86_64"}

# ELF's e_machine values (the System V ABI's list) of CPUs a developer may build on
_ELF_MACHINES = {3: "i386", 40: "32-bit ARM", 62: "x86_64", 183: "aarch64", 243: "RISC-V"}
_MACH_O = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")
_MACH_O_UNIVERSAL = b"\xca\xfe\xba\xbe"

# cpython-312-x86_64-linux-gnu, cpython-313t-aarch64-linux-gnu, cpython-312-darwin,
# pypy310-pp73-x86_64-linux-gnu
_TAG = re.compile(r"(?P<python>cpython|pypy)-?(?P<version>\d+)(?P<flags>[a-z]*)(?:-(?P<rest>.+))?")


def foreign_extensions(
    directories: Sequence[Path], architecture: str, python_version: str
) -> Iterator[tuple[Path, str]]:
    """Each extension module the function would hold from ``directories`` (as bundling
    chooses their files) that would not load on Lambda for ``architecture`` and
    ``python_version`` (``"3.14"``), with what it was built for."""
    for directory in directories:
        for here, filenames in function_directories(directory):
            for name in sorted(filenames):
                path = here / name
                if path.suffix in (".so", ".pyd") and not excluded(name) and path.is_file():
                    found = mismatch(path, architecture, python_version)
                    if found is not None:
                        yield path, found


def mismatch(file: Path, architecture: str, python_version: str) -> str | None:
    """What ``file`` (a ``.so`` or ``.pyd``) was built for when it is not Linux
    ``architecture`` and CPython ``python_version`` (``"a macOS binary"``), else None."""
    if file.suffix == ".pyd":
        return "Windows (a .pyd)"
    machine = _LINUX_MACHINE[architecture]
    tag = file.name.removesuffix(".so").rpartition(".")[2] if file.name.count(".") > 1 else ""
    parsed = _TAG.fullmatch(tag)
    if parsed is None:  # no tag, abi3 or a name of another shape: the header says
        return _binary_mismatch(file, machine)
    if parsed["python"] == "pypy":
        return f"PyPy ({tag})"
    version = f"{parsed['version'][0]}.{parsed['version'][1:]}"
    if version != python_version or parsed["flags"]:
        flags = " free-threaded" if "t" in parsed["flags"] else ""
        return f"CPython {version}{flags} ({tag}), and the function runs CPython {python_version}"
    rest = parsed["rest"]
    if rest is None or rest == f"{machine}-linux-gnu":
        return None if rest else _binary_mismatch(file, machine)
    if rest == "darwin":
        return f"macOS ({tag})"
    if rest.endswith("-linux-gnu"):
        return f"Linux {rest.removesuffix('-linux-gnu')} ({tag})"
    if rest.endswith("-linux-musl"):
        return f"musl Linux, e.g. Alpine ({tag}); Lambda's Linux has glibc"
    return f"{rest} ({tag})"


def _binary_mismatch(file: Path, machine: str) -> str | None:
    """What the header of ``file`` says it was built for, when not Linux ``machine``."""
    try:
        with file.open("rb") as opened:
            head = opened.read(20)
    except OSError:  # unreadable: bundling reports it
        return None
    if head.startswith(_MACH_O) or head.startswith(_MACH_O_UNIVERSAL):
        return "macOS (a Mach-O file)"
    if head.startswith(b"MZ"):
        return "Windows (a PE file)"
    if not head.startswith(b"\x7fELF") or len(head) < 20:
        return None  # no binary it can tell (a linker script, a text file)
    number = int.from_bytes(head[18:20], "little" if head[5] == 1 else "big")
    found = _ELF_MACHINES.get(number, f"machine {number}")
    return None if found == machine else f"Linux {found} (its ELF header)"
