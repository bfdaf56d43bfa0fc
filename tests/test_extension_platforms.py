"""An extension module of the user's own files built for another platform than the
function's (another CPU, macOS, Windows, another Python) is warned of at synth: it ships,
and fails at the import on Lambda. What pip installs for the function is not looked at.

The .so files here are a few bytes: a name, and an ELF or Mach-O header where it counts.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

from constructs_lib import FunctionDefaults
from constructs_lib._bundling.extension_platforms import mismatch
from constructs_lib._bundling.platform import host_platform
from tests.function_warnings import function_warnings
from tests.support import new_app, write_tree

ENTRY = "def handler(event, context):\n    return {}\n"
WARNING = "extensionOfOtherPlatform"

X86_64, AARCH64 = 62, 183
MACH_O = bytes.fromhex("cffaedfe0c000001") + bytes(12)


def elf(machine: int, *, big_endian: bool = False) -> bytes:
    """An ELF header's first 20 bytes: 64-bit, a shared object, for ``machine``."""
    order = "big" if big_endian else "little"
    identity = b"\x7fELF" + bytes([2, 2 if big_endian else 1, 1]) + bytes(9)
    return identity + (3).to_bytes(2, order) + machine.to_bytes(2, order)


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))


def _file(tmp_path: Path, name: str, content: bytes = b"") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "architecture", "found"),
    [
        ("_s.cpython-314-x86_64-linux-gnu.so", b"", "arm64", "Linux x86_64 (cpython-314-x86"),
        ("_s.cpython-314-aarch64-linux-gnu.so", b"", "x86_64", "Linux aarch64 (cpython-314-"),
        ("_s.cpython-314-darwin.so", b"", "arm64", "macOS (cpython-314-darwin)"),
        ("_s.cp314-win_amd64.pyd", b"", "x86_64", "Windows (a .pyd)"),
        (
            "_s.cpython-312-aarch64-linux-gnu.so",
            b"",
            "arm64",
            "CPython 3.12 (cpython-312-aarch64-linux-gnu), and the function runs CPython 3.14",
        ),
        ("_s.cpython-314t-aarch64-linux-gnu.so", b"", "arm64", "CPython 3.14 free-threaded"),
        ("_s.cpython-314-aarch64-linux-musl.so", b"", "arm64", "musl Linux, e.g. Alpine"),
        ("_s.pypy310-pp73-aarch64-linux-gnu.so", b"", "arm64", "PyPy (pypy310-pp73-"),
        ("_s.so", elf(X86_64), "arm64", "Linux x86_64 (its ELF header)"),
        ("_s.abi3.so", elf(X86_64), "arm64", "Linux x86_64 (its ELF header)"),
        ("_s.abi3.so", elf(AARCH64), "x86_64", "Linux aarch64 (its ELF header)"),
        ("libfoo.so", elf(3), "x86_64", "Linux i386 (its ELF header)"),
        ("libfoo.so", elf(21, big_endian=True), "x86_64", "Linux machine 21 (its ELF header)"),
        ("_s.so", MACH_O, "arm64", "macOS (a Mach-O file)"),
        ("_s.abi3.so", MACH_O, "arm64", "macOS (a Mach-O file)"),
    ],
)
def test_an_extension_of_another_platform_is_found(
    tmp_path: Path, name: str, content: bytes, architecture: str, found: str
) -> None:
    assert found in (mismatch(_file(tmp_path, name, content), architecture, "3.14") or "")


@pytest.mark.parametrize(
    ("name", "content", "architecture"),
    [
        ("_s.cpython-314-aarch64-linux-gnu.so", b"", "arm64"),
        ("_s.cpython-314-x86_64-linux-gnu.so", elf(X86_64), "x86_64"),
        ("_s.abi3.so", elf(AARCH64), "arm64"),  # the stable ABI: any CPython 3
        ("_s.abi3.so", elf(X86_64), "x86_64"),
        ("libfoo.so", elf(AARCH64), "arm64"),  # a shared library ctypes loads
        ("_s.cpython-314.so", elf(AARCH64), "arm64"),
        ("libc.so", b"/* GNU ld script */\nGROUP ( libc.so.6 )\n", "arm64"),  # not a binary
        ("empty.so", b"", "arm64"),
        ("lib.so", b"\x7fELF", "arm64"),  # too short to tell
    ],
)
def test_an_extension_of_the_functions_platform_is_not(
    tmp_path: Path, name: str, content: bytes, architecture: str
) -> None:
    assert mismatch(_file(tmp_path, name, content), architecture, "3.14") is None


def _warnings(code: Path, stack: cdk.Stack | None = None, **handler: Any) -> list[str]:
    return function_warnings(WARNING, code, stack, **handler)


def _code(tmp_path: Path, files: dict[str, bytes]) -> Path:
    code = write_tree(tmp_path / "code", {"app.py": ENTRY})
    for name, content in files.items():
        (code / name).parent.mkdir(parents=True, exist_ok=True)
        (code / name).write_bytes(content)
    return code


def test_a_copied_extension_of_another_cpu_is_warned_of(tmp_path: Path) -> None:
    # Proves (assets42): a package copied into the code directory from an x86_64 machine
    # (pydantic_core's .so) shipped in an arm64 function without a word; every invocation
    # failed at the import
    code = _code(
        tmp_path,
        {
            "pydantic_core/__init__.py": b"",
            "pydantic_core/_pydantic_core.cpython-314-x86_64-linux-gnu.so": elf(X86_64),
        },
    )
    (warning,) = _warnings(code)
    assert warning.startswith("/Test/OnOrder/Handler/Function: ")
    assert (
        "pydantic_core/_pydantic_core.cpython-314-x86_64-linux-gnu.so, built for Linux x86_64"
        in warning
    )
    assert "another platform than its own, Linux arm64 (glibc) with CPython 3.14" in warning
    assert f"Fix: list the package that provides them in {code / 'requirements.txt'}" in warning
    assert "acknowledge_warning('constructs_lib:extensionOfOtherPlatform'" in warning


def test_an_included_packages_extension_is_warned_of(tmp_path: Path) -> None:
    shared = tmp_path / "libs" / "fast"
    (shared / "sub").mkdir(parents=True)
    (shared / "__init__.py").write_text("")
    (shared / "sub" / "_speed.cpython-314-darwin.so").write_bytes(MACH_O)
    code = _code(tmp_path, {})
    (warning,) = _warnings(code, include=[shared])
    assert f"{shared / 'sub' / '_speed.cpython-314-darwin.so'}, built for macOS" in warning


def test_the_functions_settings_decide(tmp_path: Path) -> None:
    # GIVEN x86_64 extensions of CPython 3.12
    code = _code(tmp_path, {"_s.cpython-312-x86_64-linux-gnu.so": elf(X86_64)})
    # THEN a function of that platform is not warned of, one of another Python is
    assert _warnings(code, architecture="x86_64", runtime="3.12") == []
    (warning,) = _warnings(code, architecture="x86_64")
    assert "built for CPython 3.12 (cpython-312-x86_64-linux-gnu)" in warning
    # AND a scope's FunctionDefaults count as the Handler's own
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(architecture="x86_64", runtime="3.12")
    assert _warnings(code, stack) == []


def test_bundling_for_the_host_checks_against_the_hosts_platform(tmp_path: Path) -> None:
    # GIVEN an app bundling for the host (a local emulator runs the functions there), and
    # an extension of the host's CPU in a function of the other architecture
    python, architecture = host_platform()
    machine = {"arm64": ("aarch64", AARCH64), "x86_64": ("x86_64", X86_64)}[architecture]
    name = f"_s.cpython-{python.replace('.', '')}-{machine[0]}-linux-gnu.so"
    code = _code(tmp_path, {name: elf(machine[1])})
    other = "x86_64" if architecture == "arm64" else "arm64"
    # THEN it is not warned of there, and is for Lambda
    host = cdk.Stack(new_app(**{"constructs_lib:bundling_platform": "host"}), "Test")
    assert _warnings(code, host, architecture=other) == []
    assert len(_warnings(code, architecture=other)) == 1


def test_many_files_are_counted_not_listed(tmp_path: Path) -> None:
    code = _code(tmp_path, {f"m{i}.cpython-314-darwin.so": b"" for i in range(8)})
    (warning,) = _warnings(code)
    assert "m4.cpython-314-darwin.so, built for macOS (cpython-314-darwin) (and 3 more)" in warning
    assert "m5.cpython" not in warning


@pytest.mark.parametrize(
    "files",
    [
        {},  # pure Python
        {"fast/_s.cpython-314-aarch64-linux-gnu.so": elf(AARCH64)},
        {"fast/_s.abi3.so": elf(AARCH64)},
        {"fast/libhelper.so": elf(AARCH64)},
        # never bundled: a virtual environment, tests, caches
        {"venv/pyvenv.cfg": b"home = /usr/bin\n", "venv/lib/_s.cpython-314-darwin.so": MACH_O},
        {".venv/lib/_s.cpython-314-x86_64-linux-gnu.so": elf(X86_64)},
        {"tests/fixtures/_s.cp314-win_amd64.pyd": b"MZ"},
    ],
    ids=["pure", "right-tag", "abi3", "library", "venv", "dot-venv", "tests"],
)
def test_extensions_the_function_can_load_or_never_holds_are_not_warned_of(
    tmp_path: Path, files: dict[str, bytes]
) -> None:
    assert _warnings(_code(tmp_path, files)) == []


def test_what_pip_installs_is_not_looked_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN requirements whose (faked) install holds an extension whose name pip chose
    # for the function: pip installs the wheel of its platform
    code = _code(tmp_path, {"requirements.txt": b"fast==1.0\n"})

    def fake_pip(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        target = Path(next(a for a in args if a.startswith("--target=")).split("=", 1)[1])
        (target / "fast").mkdir()
        (target / "fast" / "__init__.py").write_text("")
        (target / "fast" / "_s.so").write_bytes(elf(X86_64))  # would be told by its header
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_pip)
    assert _warnings(code) == []


def test_the_warning_can_be_acknowledged(tmp_path: Path) -> None:
    code = _code(tmp_path, {"fixtures/_s.cpython-314-darwin.so": b""})
    assert len(_warnings(code)) == 1
    assert _warnings(code, acknowledged="a fixture the code never loads") == []
