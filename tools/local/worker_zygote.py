"""Python function workers forked from one process that has already imported boto3.

Runs in the emulator's venv. ministack starts a Python worker process per function
environment (``python _worker.py``), and each one imported boto3 before its handler ran:
about 0.15 of the 0.2 CPU-seconds a cold start costs here, some twenty times per local
deploy. :func:`start` (called by ``ministack_server.py``) starts a zygote that imports
boto3 once, and routes ministack's worker spawns through a tiny launcher: ministack's
child is still a real process with the same pipes, environment, working directory,
signals and exit status, but the worker itself is forked from the zygote and runs
``_worker.py`` as ``__main__``. A worker whose code or layers bring their own boto3,
botocore or s3transfer is started as before (the zygote's would shadow them), and so is
every worker when the zygote is not there.
"""

from __future__ import annotations

import array
import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import traceback
from typing import Any

ENV = "LOCAL_WORKER_ZYGOTE"
PRELOADED = ("boto3", "botocore", "s3transfer")
_FDS = 3  # the worker's stdin, stdout and stderr


def start(socket_path: str) -> subprocess.Popen[bytes]:
    """Starts the zygote listening on ``socket_path`` and routes ministack's Python
    worker spawns through it."""
    from ministack.core import lambda_runtime

    zygote = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--zygote", socket_path],
        stdin=subprocess.DEVNULL,
    )
    os.environ[ENV] = socket_path
    lambda_runtime.subprocess = _Subprocess()
    return zygote


class _Subprocess:
    """The ``subprocess`` module as ``lambda_runtime`` sees it: a worker spawn that the
    zygote can serve goes through the launcher."""

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    def Popen(self, args: Any, *rest: Any, **kwargs: Any) -> Any:
        if _forkable(args, kwargs):
            args = [sys.executable, "-I", "-S", os.path.abspath(__file__), "--launch", args[1]]
        return subprocess.Popen(args, *rest, **kwargs)


def _forkable(args: Any, kwargs: dict[str, Any]) -> bool:
    if not (
        isinstance(args, list)
        and len(args) == 2
        and args[0] == sys.executable
        and str(args[1]).endswith("_worker.py")
    ):
        return False
    env = kwargs.get("env") or {}
    # the zygote's interpreter was configured by its own PYTHON* variables
    python = {k for k in {*env, *os.environ} if k.startswith("PYTHON")}
    if any(env.get(k) != os.environ.get(k) for k in python):
        return False
    roots = [str(kwargs.get("cwd") or "")]
    for layer in filter(None, env.get("_LAMBDA_LAYERS_DIRS", "").split(os.pathsep)):
        roots += [layer, os.path.join(layer, "python")]
    return not any(os.path.exists(os.path.join(r, name)) for r in roots for name in PRELOADED)


def launch(worker: str) -> None:
    """The process ministack started: hands its stdin, stdout, stderr, environment and
    working directory to the zygote, forwards signals to the forked worker and exits
    with its status. Without a zygote, it becomes the worker itself."""
    path = os.environ.pop(ENV, "")
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:
        os.execv(sys.executable, [sys.executable, worker])
    request = json.dumps({"worker": worker, "cwd": os.getcwd(), "env": dict(os.environ)})
    fds = array.array("i", range(_FDS))
    connection.sendmsg([request.encode() + b"\n"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
    answers = connection.makefile("r")
    pid = int(answers.readline())
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda s, _: os.kill(pid, s))
    status = answers.readline()
    os._exit(int(status) if status.strip() else 1)


def prepare() -> None:
    """What every forked worker inherits: boto3 imported, and the server's loopback guard
    (a function's connections, datagrams and servers stay on this machine)."""
    import boto3.session  # noqa: F401  what every function imports
    import botocore.handlers  # noqa: F401  what _worker.py imports
    import ministack_fixes  # the package in this directory, as for ministack_server.py

    ministack_fixes.apply_loopback_guard()


def serve(socket_path: str) -> None:
    """The zygote: imports boto3, then forks one worker per launcher that connects and
    tells each launcher its worker's pid and, when it ends, its exit status."""
    prepare()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(64)
    running: dict[int, tuple[int, socket.socket]] = {}  # pidfd -> (pid, its launcher)
    while True:
        ready, _, _ = select.select([listener.fileno(), *running], [], [])
        for item in ready:
            if item == listener.fileno():
                connection, _ = listener.accept()
                pid = _fork(connection, listener, running)
                if pid:
                    running[os.pidfd_open(pid)] = (pid, connection)
            else:
                pid, connection = running.pop(item)
                os.close(item)
                _, status = os.waitpid(pid, 0)
                _answer(connection, str(os.waitstatus_to_exitcode(status)))


def _answer(connection: socket.socket, line: str) -> None:
    with contextlib.suppress(OSError):  # the launcher is gone
        connection.sendall(f"{line}\n".encode())


def _fork(
    connection: socket.socket,
    listener: socket.socket,
    running: dict[int, tuple[int, socket.socket]],
) -> int:
    message, ancillary, _, _ = connection.recvmsg(1 << 20, socket.CMSG_SPACE(_FDS * 4))
    fds = array.array("i")
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
    request = json.loads(message)
    pid = os.fork()
    if pid:
        for fd in fds:
            os.close(fd)
        _answer(connection, str(pid))
        return pid
    try:  # the worker
        listener.close()
        for pidfd, (_, other) in running.items():
            os.close(pidfd)
            other.close()
        connection.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = [request["worker"]]
        sys.path[0] = os.path.dirname(request["worker"])
        import runpy

        runpy.run_path(request["worker"], run_name="__main__")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--launch"]:
        launch(sys.argv[2])
    elif sys.argv[1:2] == ["--zygote"]:
        serve(sys.argv[2])
    else:
        raise SystemExit("usage: worker_zygote.py --zygote SOCKET | --launch WORKER")
