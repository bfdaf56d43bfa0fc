"""The app runs in a Python without pip (``uv venv``, ``python -m venv --without-pip``, a
CI image's venv): a code directory's requirements.txt is a BundlingError naming pip and how
to install it, not Python's traceback under a fix about the requirements' lines. Without
requirements, nothing needs pip."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from constructs_lib import BundlingError
from constructs_lib._bundling import lambda_code

# what `python -c <bundling's pip runner>` prints in such a venv
NO_PIP = (
    "Traceback (most recent call last):\n"
    '  File "<string>", line 4, in <module>\n'
    "ModuleNotFoundError: No module named 'pip'\n"
    "ImportError: No module named pip\n"
)


@pytest.fixture
def without_pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """No pip importable; each subprocess.run call recorded (and failing as it would)."""
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pip" else find_spec(name, *a)
    )
    runs: list[Any] = []

    def run(args: Any, **_: Any) -> subprocess.CompletedProcess[str]:
        runs.append(args)
        return subprocess.CompletedProcess(args, 1, "", NO_PIP)

    monkeypatch.setattr(subprocess, "run", run)
    return runs


def _code(root: Path, requirements: str | None) -> Path:
    root.mkdir()
    (root / "app.py").write_text("def handler(event, context):\n    return {}\n")
    if requirements is not None:
        (root / "requirements.txt").write_text(requirements)
    return root


def test_requirements_without_pip_name_pip_and_how_to_install_it(
    tmp_path: Path, without_pip: list[Any]
) -> None:
    code = _code(tmp_path / "handler", "six==1.17.0\n")
    with pytest.raises(BundlingError) as raised:
        lambda_code(code)
    text = str(raised.value)
    assert f"pip, which is not installed in the Python running the app ({sys.executable})" in text
    assert "Fix: install pip into that environment (`python -m ensurepip`" in text
    assert "Traceback" not in text
    assert without_pip == []  # told before pip is run


@pytest.mark.parametrize("requirements", [None, "boto3\n# the runtime has it\n"])
def test_without_requirements_to_install_no_pip_is_needed(
    tmp_path: Path, without_pip: list[Any], requirements: str | None
) -> None:
    code = _code(tmp_path / "handler", requirements)
    assert lambda_code(code) is not None
    assert without_pip == []
