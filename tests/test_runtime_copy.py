"""The command the ``imageWithoutRuntimeHelpers`` warning gives (``python -m
constructs_lib.runtime_copy``) copies into an image's build context what a zip function
gets of constructs_lib_runtime: the shipped modules, not the test helpers.

No test here runs pip or docker: no code directory has a requirements.txt.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import aws_cdk as cdk
import pytest

from constructs_lib import Handler, QueueWorker
from constructs_lib._core.function import RUNTIME_PACKAGE
from constructs_lib._library_files import shipped_modules
from tests.support import new_app, warnings_of, write_tree

DOCKERFILE = (
    'FROM amazon/aws-lambda-python:3.14\nCOPY . ${LAMBDA_TASK_ROOT}/\nCMD ["app.handler"]\n'
)
APP = (
    "from constructs_lib_runtime.sqs_batch import json_body\n\n\n"
    "def handler(event, context):\n    return {}\n"
)


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))


def _warnings(code: Path) -> list[str]:
    stack = cdk.Stack(new_app(), "Test")
    QueueWorker(stack, "Worker", handler=Handler.from_image(code), alarms=False)
    return warnings_of(stack, "imageWithoutRuntimeHelpers")


def _copied(code: Path) -> set[str]:
    package = code / RUNTIME_PACKAGE.name
    return {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}


def _run_fix(tmp_path: Path, code: Path) -> None:
    """Runs the command the warning for ``code`` gives, as a user would."""
    (warning,) = _warnings(code)
    command = re.search(r"\((python -m constructs_lib\.runtime_copy .+?): the modules", warning)
    assert command is not None, warning
    argv = shlex.split(command[1])
    subprocess.run([sys.executable, *argv[1:]], check=True, cwd=tmp_path, capture_output=True)


def test_the_warnings_command_copies_the_modules_a_zip_function_gets(tmp_path: Path) -> None:
    # Proves (fix42): the command was a copytree of the whole package, the test helpers
    # (testing and the event builders only it imports) too, which zip functions do not get:
    # a handler importing them passed its tests and failed only on Lambda
    code = write_tree(tmp_path / "my image", {"Dockerfile": DOCKERFILE, "app.py": APP})
    # WHEN the user runs the warning's command
    _run_fix(tmp_path, code)
    # THEN the build context holds exactly the modules a zip function gets
    assert _copied(code) == {f"{m}.py" for m in shipped_modules(RUNTIME_PACKAGE)}
    assert "testing.py" not in _copied(code)
    # AND the image is no longer warned of
    assert _warnings(code) == []


def test_the_command_replaces_an_earlier_copy_of_the_whole_package(tmp_path: Path) -> None:
    # GIVEN a copy the earlier command made (test helpers and caches included)
    code = write_tree(tmp_path / "image", {"Dockerfile": DOCKERFILE, "app.py": APP})
    shutil.copytree(RUNTIME_PACKAGE, code / RUNTIME_PACKAGE.name)
    # WHEN the command runs again (after an upgrade)
    subprocess.run(
        [sys.executable, "-m", "constructs_lib.runtime_copy", str(code)],
        check=True,
        capture_output=True,
    )
    # THEN only the shipped modules are left
    assert _copied(code) == {f"{m}.py" for m in shipped_modules(RUNTIME_PACKAGE)}


def test_the_command_without_a_directory_says_how_to_call_it() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "constructs_lib.runtime_copy"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "usage: python -m constructs_lib.runtime_copy DIRECTORY" in done.stderr
    # AND the command imports neither aws-cdk-lib nor jsii (speed48: it did, through
    # constructs_lib._bundling, and started Node: 3.4 s instead of 0.1 s)
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "constructs_lib._library_files" in imported
    assert not {name for name in imported if name.split(".")[0] in ("aws_cdk", "jsii")}
