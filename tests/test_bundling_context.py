"""Which platform a function's dependencies are bundled for: Lambda's, or the host's when
the construct context asks (``constructs_lib:bundling_platform=host``, for the local
emulator) — read from the construct's context, so ``App(context=...)`` and ``cdk.json``
work as well as the CDK CLI's ``-c``."""

from __future__ import annotations

import sys
from pathlib import Path

import aws_cdk as cdk
import pytest

from constructs_lib import Handler, QueueWorker, _defaults
from constructs_lib._bundling.platform import host_platform

HANDLER = "def handler(event, context):\n    return {}\n"


def _bundle_in_app(tmp_path: Path, **context: str) -> None:
    code = tmp_path / "handler"
    code.mkdir()
    (code / "app.py").write_text(HANDLER)
    (code / "requirements.txt").write_text("six==1.17.0\n")
    stack = cdk.Stack(cdk.App(context=context), "Test")
    QueueWorker(stack, "Worker", handler=Handler(code=code))


def _pip_platform(call: list[str]) -> tuple[str, list[str]]:
    version = next(a.split("=", 1)[1] for a in call if a.startswith("--python-version="))
    return version, [a.split("=", 1)[1] for a in call if a.startswith("--platform=")]


def test_without_the_key_dependencies_are_for_lambda(
    tmp_path: Path, fake_pip_cache: list[list[str]]
) -> None:
    _bundle_in_app(tmp_path)
    version, platforms = _pip_platform(fake_pip_cache[0])
    assert version == _defaults.LAMBDA_PYTHON_VERSION
    assert all(tag.endswith("aarch64") for tag in platforms)


@pytest.mark.skipif(sys.platform != "linux", reason="host bundling needs a Linux host")
def test_the_app_context_asks_for_the_hosts_platform(
    tmp_path: Path, fake_pip_cache: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN no CLI context at all, only the App's own context
    monkeypatch.delenv("CDK_CONTEXT_JSON", raising=False)
    _bundle_in_app(tmp_path, **{_defaults.BUNDLING_PLATFORM_CONTEXT_KEY: "host"})
    version, platforms = _pip_platform(fake_pip_cache[0])
    host_version, host_architecture = host_platform()
    assert version == host_version
    machine = {"arm64": "aarch64", "x86_64": "x86_64"}[host_architecture]
    assert platforms and all(tag.endswith(machine) for tag in platforms)
