"""tools/local/worker_zygote.py: which of ministack's worker spawns it forks from its
zygote (boto3 already imported) and which it leaves to a fresh interpreter. The local
deploy (test_local_deploy.py) and the Powertools canary run their functions through it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from tools.local import worker_zygote


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
