"""`make deploy-local` inside `make test`: every change proves the demo app still deploys.

Bootstrap, deploy of every demo stack, settings read back, end to end with the deployed
code, update, destroy, only RETAIN resources left (tools/local/deploy_local.py), on the
local emulator, within one time bound.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tools.local import emulator

TIME_BOUND_S = 480  # the run's own bound; the test allows a minute more to stop it


@pytest.mark.deploy_local
def test_the_demo_app_deploys_runs_updates_and_destroys_locally(
    emulator_environment: None,
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.local.deploy_local", "--timeout", str(TIME_BOUND_S)],
        cwd=emulator.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        output, _ = process.communicate(timeout=TIME_BOUND_S + 60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        pytest.fail(f"local deploy did not stop within its time bound:\n{output[-6000:]}")
    print(output)
    assert process.returncode == 0, output[-6000:]
    assert "checks passed, 0 failed" in output
