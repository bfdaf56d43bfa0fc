"""`make test`'s pytest part, timed and CPU-counted, for one or more checkouts in alternation.

    .venv/bin/python bench/suite.py [--rounds N] [DIR ...]   (default: this checkout)

Each DIR needs its own ``make setup`` (and ``make emulator`` for the local deploy). The
CPU-seconds count every process of the run (the jsii kernels, the CDK CLI, the emulator,
Chromium) through a cpuacct cgroup (cgroup v1; root) when one can be made; otherwise they
are the reaped children's (``getrusage``), which misses the processes nobody waits for.
Runs of several checkouts alternate, so a noisy machine weighs on each alike.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CPUACCT = Path("/sys/fs/cgroup/cpuacct")
PYTEST = ("-m", "pytest", "-n", "auto", "--dist", "loadgroup", "--no-loadscope-reorder", "-q")


def _cgroup(name: str) -> Path | None:
    """A new cpuacct cgroup, or None where none can be made."""
    group = CPUACCT / name
    try:
        group.mkdir()
    except OSError:
        return None
    return group


def _join(group: Path) -> Callable[[], None]:
    def join() -> None:  # in the child, before exec: it and all it starts are counted
        (group / "tasks").write_text(str(os.getpid()))

    return join


def _drain(group: Path, *, grace: float = 30.0, poll: float = 0.2) -> None:
    """Wait until every process of the run has left ``group``: processes nobody waits
    for (a jsii kernel's Node, given 5 s to exit) outlive pytest, and a cgroup with tasks
    cannot be removed (EBUSY) and has not counted their last CPU yet. After ``grace``
    seconds the stragglers are killed."""
    deadline = time.monotonic() + grace
    while pids := (group / "tasks").read_text().split():
        if time.monotonic() > deadline:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), signal.SIGKILL)
        time.sleep(poll)


def run(checkout: Path, n: int) -> tuple[float, float, str]:
    """One run in ``checkout``: wall seconds, CPU-seconds, pytest's summary line."""
    env = {
        **os.environ,
        "PATH": os.pathsep.join(
            [
                str(checkout / ".venv" / "bin"),
                str(checkout / "node_modules" / ".bin"),
                os.environ.get("PATH", ""),
            ]
        ),
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "CDK_DISABLE_CLI_TELEMETRY": "true",
    }
    group = _cgroup(f"constructs-lib-suite-{os.getpid()}-{n}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(
        [str(checkout / ".venv" / "bin" / "python"), *PYTEST],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=_join(group) if group else None,
        check=False,
    )
    wall = time.monotonic() - started
    if group:
        _drain(group)
        cpu = int((group / "cpuacct.usage").read_text()) / 1e9
        group.rmdir()
    else:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = [line for line in result.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    return wall, cpu, (lines[-1].strip("= ") if lines else f"exit {result.returncode}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkouts", nargs="*", type=Path, default=[ROOT])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    counted = "a cpuacct cgroup" if _cgroup_possible() else "reaped children only"
    print(f"make test's pytest part, {args.rounds} round(s) in alternation; CPU: {counted}")
    results: dict[Path, list[tuple[float, float]]] = {c: [] for c in args.checkouts}
    n = 0
    for round_ in range(1, args.rounds + 1):
        for checkout in args.checkouts:
            n += 1
            wall, cpu, summary = run(checkout.resolve(), n)
            results[checkout].append((wall, cpu))
            print(f"  round {round_} {checkout}: {wall:5.1f} s wall, {cpu:6.1f} CPU-s  ({summary})")
    for checkout, runs in results.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"median {checkout}: {wall:.1f} s wall, {cpu:.1f} CPU-s")
    return 0


def _cgroup_possible() -> bool:
    probe = _cgroup(f"constructs-lib-suite-{os.getpid()}-probe")
    if probe is None:
        return False
    probe.rmdir()
    return True


if __name__ == "__main__":
    sys.exit(main())
