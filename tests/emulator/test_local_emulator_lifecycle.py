"""The emulator starts on loopback only, refuses a port in use and never outlives its run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tools.local import emulator


def _gone(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _listening_ports(pid: int) -> set[tuple[str, int]]:
    """(address, port) of the TCP sockets the process group listens on (from /proc)."""
    inodes = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) != pid:
                continue
            for fd in (proc / "fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    listening = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                address, port = fields[1].split(":")
                listening.add((address, int(port, 16)))
    return listening


def test_refuses_a_port_already_in_use(emulator_environment: None) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with (
            pytest.raises(emulator.EmulatorError, match="already in use"),
            emulator.running(port=port),
        ):
            pass


def test_listens_on_loopback_only_and_leaves_nothing_behind(emulator_environment: None) -> None:
    with emulator.running() as em:
        pid, run_dir = em.process.pid, em.run_dir
        listening = _listening_ports(pid)
        assert ("0100007F", em.port) in listening  # 127.0.0.1, little-endian hex
        assert all(address == "0100007F" for address, _ in listening), listening
    assert _gone(pid)
    assert not run_dir.exists()


def test_a_killed_starter_leaves_no_process_and_no_temp_dir(
    emulator_environment: None, tmp_path: Path
) -> None:
    starter = tmp_path / "starter.py"
    starter.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(emulator.ROOT)!r})\n"
        "from tools.local import emulator\n"
        "with emulator.running() as em:\n"
        "    print(em.process.pid, em.run_dir, flush=True)\n"
        "    time.sleep(120)\n"
    )
    process = subprocess.Popen(
        [sys.executable, str(starter)], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert process.stdout is not None
        pid_text, run_dir = process.stdout.readline().split()
        process.send_signal(signal.SIGKILL)  # no cleanup code runs in the starter
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while not (_gone(int(pid_text)) and not Path(run_dir).exists()):
            assert time.monotonic() < deadline, "emulator outlived its starter"
            time.sleep(0.2)
    finally:
        if process.poll() is None:
            process.kill()
