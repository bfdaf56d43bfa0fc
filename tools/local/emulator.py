"""Start and always stop the local AWS emulator (ministack, fixed) on a loopback port.

Runs in the project venv. The emulator itself runs from its own venv
(``.venv/emulator``, ``requirements-emulator.lock``; ministack pins its own botocore),
in its own process session, with a temp dir of its own that is removed when it stops.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
EMULATOR_VENV = ROOT / ".venv" / "emulator"
EMULATOR_PYTHON = EMULATOR_VENV / "bin" / "python"
EMULATOR_STAMP = EMULATOR_VENV / ".installed"
NODE_MODULES = HERE / "node_modules"
ACCOUNT = "123456789012"
REGION = "us-east-1"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_REGION": REGION,
    "AWS_DEFAULT_REGION": REGION,
}
STOP_GRACE_S = 5.0


class EmulatorError(RuntimeError):
    pass


def missing_environment() -> str | None:
    """Why the emulator cannot run here, or None when it can."""
    if not EMULATOR_STAMP.exists() or not EMULATOR_PYTHON.exists():
        return f"emulator venv {EMULATOR_VENV.relative_to(ROOT)} not installed (make emulator)"
    if not (NODE_MODULES / "@aws-sdk" / "client-ec2").is_dir():
        return "tools/local/node_modules not installed (make emulator)"
    return None


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Emulator:
    port: int
    run_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client_environment(self) -> dict[str, str]:
        """What an SDK or the CDK CLI needs to talk to this emulator, and only to it."""
        return {
            **CREDENTIALS,
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": str(self.run_dir / "aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.run_dir / "aws-credentials"),
            "NO_PROXY": "127.0.0.1,localhost",
        }

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _server_environment(port: int, run_dir: Path, jwks_file: Path | None) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(CREDENTIALS)
    env.update(
        {
            # Node 24 of the project venv for the Node custom-resource handlers
            "PATH": os.pathsep.join([str(ROOT / ".venv" / "bin"), env.get("PATH", "")]),
            "NODE_PATH": str(NODE_MODULES),
            "TMPDIR": str(run_dir),
            "S3_DATA_DIR": str(run_dir / "s3"),
            "STATE_DIR": str(run_dir / "state"),
            "GATEWAY_PORT": str(port),
            "BIND_HOST": "127.0.0.1",  # default 0.0.0.0
            "MINISTACK_HOST": "localhost",
            "MINISTACK_ACCOUNT_ID": ACCOUNT,
            "MINISTACK_REGION": REGION,
            "IOT_MTLS_ENABLED": "0",  # else an MQTT listener on 0.0.0.0:8883
            "SFTP_ENABLED": "0",
            "LAMBDA_EXECUTOR": "local",
            "LOG_LEVEL": "WARNING",
            "AWS_EC2_METADATA_DISABLED": "true",
            "NO_PROXY": "*",
            "PYTHONDONTWRITEBYTECODE": "1",
            "LOCAL_EMULATOR_PARENT_PID": str(os.getpid()),
        }
    )
    if jwks_file is not None:
        env["LOCAL_JWKS_FILE"] = str(jwks_file)
    return env


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/_ministack/health", timeout=2
        ) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def running(
    *, port: int | None = None, jwks: str | None = None, start_timeout_s: float = 60
) -> Iterator[Emulator]:
    """The emulator, started on ``port`` (a free one if None) and stopped on exit,
    whatever happens: TERM to its process group, KILL after a grace period, temp dir
    removed. A port already in use is refused, never reused."""
    reason = missing_environment()
    if reason:
        raise EmulatorError(reason)
    port = port or free_port()
    if port_in_use(port):
        raise EmulatorError(
            f"127.0.0.1:{port} is already in use: refusing to start there. Fix: stop what "
            f"listens there (`ss -ltnp 'sport = :{port}'` names it), or leave "
            "DEPLOY_LOCAL_PORT unset (a free port is picked), or set it to a free port"
        )
    run_dir = Path(tempfile.mkdtemp(prefix="constructs-lib-local-"))
    emulator: Emulator | None = None
    try:
        jwks_file = None
        if jwks is not None:
            jwks_file = run_dir / "jwks.json"
            jwks_file.write_text(jwks)
        log = run_dir / "emulator.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [str(EMULATOR_PYTHON), str(HERE / "ministack_server.py")],
                cwd=run_dir,
                env=_server_environment(port, run_dir, jwks_file),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        emulator = Emulator(port, run_dir, process, log)
        deadline = time.monotonic() + start_timeout_s
        while not _ready(port):
            if not emulator.alive():
                raise EmulatorError(f"emulator exited at start:\n{emulator.log_tail()}")
            if time.monotonic() > deadline:
                raise EmulatorError(f"emulator not ready in {start_timeout_s:.0f} s")
            time.sleep(0.2)
        yield emulator
    finally:
        if emulator is not None:
            stop(emulator.process)
        shutil.rmtree(run_dir, ignore_errors=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    """TERM the emulator's process group, KILL it after the grace period."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_GRACE_S)
    # the group may hold function processes even when the server itself exited
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_GRACE_S)
