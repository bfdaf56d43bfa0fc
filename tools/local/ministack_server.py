"""Entry point of the local emulator, run by the emulator venv's Python (never by hand:
``tools/local/emulator.py`` starts it with the environment it needs).

Order matters: the loopback guard and every fix are in place before ministack binds its
port. A watchdog ends the whole process group (the server and the function processes it
started) and removes the run's temp dir as soon as the process that started it is gone,
so even a SIGKILLed ``make deploy-local`` leaves nothing running.
"""

from __future__ import annotations

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
    shutil.rmtree(run_dir, ignore_errors=True)
    os.killpg(os.getpgid(0), signal.SIGKILL)


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
