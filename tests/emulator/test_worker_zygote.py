"""tools/local/worker_zygote.py: which of ministack's worker spawns it forks from its
zygote (boto3 already imported) and which it leaves to a fresh interpreter. The local
deploy (test_local_deploy.py) and the Powertools canary run their functions through it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tools.local import emulator, worker_zygote


def _spawn(code: Path, **env: str) -> tuple[list[str], dict[str, Any]]:
    worker = code.parent / "_worker.py"
    return [sys.executable, str(worker)], {"cwd": str(code), "env": {**os.environ, **env}}


def test_a_python_worker_is_forked(tmp_path: Path) -> None:
    args, kwargs = _spawn(tmp_path)
    assert worker_zygote._forkable(args, kwargs)


def test_a_node_worker_or_another_command_is_not(tmp_path: Path) -> None:
    _, kwargs = _spawn(tmp_path)
    assert not worker_zygote._forkable(["node", str(tmp_path / "_worker.js")], kwargs)
    assert not worker_zygote._forkable([sys.executable, "-c", "pass"], kwargs)


@pytest.mark.parametrize("package", worker_zygote.PRELOADED)
def test_code_bringing_its_own_aws_sdk_is_not(tmp_path: Path, package: str) -> None:
    # GIVEN a function whose code bundles the package the zygote has imported
    (tmp_path / package).mkdir()
    # THEN its worker starts a fresh interpreter, which imports the function's copy
    assert not worker_zygote._forkable(*_spawn(tmp_path))


@pytest.mark.parametrize("where", ["", "python"])
def test_a_layer_bringing_its_own_aws_sdk_is_not(tmp_path: Path, where: str) -> None:
    layer = tmp_path / "layer_0"
    (layer / where / "botocore").mkdir(parents=True)
    code = tmp_path / "code"
    code.mkdir()
    assert worker_zygote._forkable(*_spawn(code, _LAMBDA_LAYERS_DIRS=str(tmp_path / "none")))
    assert not worker_zygote._forkable(*_spawn(code, _LAMBDA_LAYERS_DIRS=str(layer)))


def test_a_function_setting_a_python_variable_is_not(tmp_path: Path) -> None:
    # the zygote's interpreter was configured by its own PYTHON* variables
    assert not worker_zygote._forkable(*_spawn(tmp_path, PYTHONPATH=str(tmp_path)))


def test_forked_workers_keep_to_loopback(emulator_environment: None) -> None:
    """Proves (user trial): during ``make dev`` the order worker (Powertools' Tracer, whose
    X-Ray emitter sends UDP unbound) held a socket on 0.0.0.0, and function code could
    reach past loopback: the zygote, which every forked worker copies, has the server's
    loopback guard."""
    probe = (
        "import socket, sys\n"
        f"sys.path.insert(0, {str(emulator.HERE)!r})\n"
        "import worker_zygote\n"
        "worker_zygote.prepare()\n"
        "udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "udp.sendto(b'{}', ('127.0.0.1', 2000))\n"
        "print(udp.getsockname()[0])\n"
        "try:\n"
        "    socket.create_connection(('192.0.2.1', 443), timeout=0.5)\n"
        "except OSError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [str(emulator.EMULATOR_PYTHON), "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    address, refusal = result.stdout.splitlines()
    assert address == "127.0.0.1"
    assert "192.0.2.1: not loopback, refused locally" in refusal
