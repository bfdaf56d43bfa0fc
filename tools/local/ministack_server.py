"""Entry point of the local emulator, run by the emulator venv's Python (never by hand:
``tools/local/emulator.py`` starts it with the environment it needs).

Order matters: the loopback guard and every fix are in place before ministack binds its
port. A watchdog ends the whole process group (the server and the function processes it
started) and removes the run's temp dir as soon as the process that started it is gone,
so even a SIGKILLed ``make deploy-local`` leaves nothing running.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ministack_fixes
import worker_zygote  # type: ignore[import-not-found]  # beside this file, as above


def _watch_parent(parent: int, run_dir: str) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    group = os.getpgid(0)
    # The group's other processes first (the zygote binding its socket, functions writing
    # their files): one that wrote into run_dir during its removal left it behind.
    for pid in _group_members(group) - {os.getpid()}:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    for _ in range(50):  # this process's own threads may still write there: until gone
        shutil.rmtree(run_dir, ignore_errors=True)
        if not os.path.exists(run_dir):
            break
        time.sleep(0.1)
    os.killpg(group, signal.SIGKILL)


def _group_members(group: int) -> set[int]:
    members = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if os.getpgid(int(entry)) == group:
                    members.add(int(entry))
    return members


def main() -> None:
    parent = int(os.environ["LOCAL_EMULATOR_PARENT_PID"])
    if os.getppid() != parent:  # the starter is already gone
        raise SystemExit(1)
    threading.Thread(target=_watch_parent, args=(parent, os.environ["TMPDIR"]), daemon=True).start()
    ministack_fixes.apply_loopback_guard()
    ministack_fixes.apply_all()
    from ministack.app import main as ministack_main

    # ministack has read its LOG_LEVEL (at import). Its local executor starts functions
    # with its own environment, where Powertools' Logger would take LOG_LEVEL (the legacy
    # name of POWERTOOLS_LOG_LEVEL) as the function's level: on AWS it is not set.
    os.environ.pop("LOG_LEVEL", None)
    zygote = worker_zygote.start(os.path.join(os.environ["TMPDIR"], "worker-zygote.sock"))
    sys.argv = ["ministack"]
    try:
        ministack_main()  # until SIGTERM (its handler exits)
    finally:  # reaped here: an orphan would outlive the stop, until init reaps it
        zygote.kill()
        zygote.wait(timeout=5)


if __name__ == "__main__":
    main()
