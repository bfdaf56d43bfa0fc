"""Runs several ``python ARGS`` commands, one after another, in this one Python process:
each jsii process costs 2.5-3 CPU-s before it does anything (Node, aws-cdk-lib and its
CloudFormation validation engine), so the commands share one.

Run by tests/installed.py as ``python -E -s one_process.py SPEC.json`` in a venv with the
built wheel. SPEC is a list of steps, each ``{"name", "cwd", "argv", "fresh", "absent",
"append_path", "outdir"}``. Each step runs as ``python ARGV`` would from ``cwd`` (``SCRIPT
ARGS...`` or ``-m MODULE ARGS...``: the script's directory, or ``cwd`` for ``-m``, first on
``sys.path``; ``sys.argv`` as Python sets it) with

- fresh modules: those imported from ``cwd`` or the script's directory, and the packages
  named in ``fresh`` (the wheel's), are removed after the step, so the next step imports
  its own;
- ``absent``: the modules that must not be importable in the step (what the venv lacks),
  checked before it runs; the ones found are reported;
- ``append_path``: directories put at the end of ``sys.path`` before the step, for it and
  the steps after it;
- ``outdir``: where ``$CDK_OUTDIR`` (set when this process starts, which the jsii runtime
  reads then) is moved after the step, so each step's assembly is its own.

Each step's file descriptors 1 and 2 go to ``NAME.stdout`` and ``NAME.stderr`` beside
SPEC, and its exit status (0, ``SystemExit``'s code, or 1 for an exception, whose
traceback goes to its stderr) and the ``absent`` modules found to ``NAME.json``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import runpy
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def _output_to(stdout: Path, stderr: Path) -> Iterator[None]:
    """File descriptors 1 and 2 (Python's and the child processes') into the two files."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with stdout.open("wb") as out, stderr.open("wb") as err:
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def _exit_status(argv: list[str]) -> int:
    """``python *argv`` in this process: its exit status."""
    try:
        if argv[0] == "-m":
            sys.argv = ["-m", *argv[2:]]  # run_module sets argv[0] to the module's file
            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = list(argv)
            runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    except BaseException:  # reported as the command would report it
        traceback.print_exc()
        return 1
    return 0


def _under(module: Any, roots: list[Path]) -> bool:
    file = getattr(module, "__file__", None)
    if not file:
        return False
    path = Path(file).resolve()
    return any(path.is_relative_to(root) for root in roots)


def _run(step: dict[str, Any], here: Path) -> None:
    name, cwd, argv = step["name"], Path(step["cwd"]), list(step["argv"])
    sys.path.extend(step.get("append_path", ()))
    present = [m for m in step.get("absent", ()) if importlib.util.find_spec(m) is not None]
    first = str(cwd) if argv[0] == "-m" else str((cwd / argv[0]).resolve().parent)
    saved_path, saved_argv = list(sys.path), list(sys.argv)
    os.chdir(cwd)
    sys.path.insert(0, first)
    with _output_to(here / f"{name}.stdout", here / f"{name}.stderr"):
        status = _exit_status(argv)
    sys.path[:], sys.argv[:] = saved_path, saved_argv
    roots = [cwd.resolve(), Path(first).resolve()]
    fresh = set(step.get("fresh", ()))
    for key, module in list(sys.modules.items()):
        if key.split(".")[0] in fresh or _under(module, roots):
            del sys.modules[key]
    outdir = os.environ.get("CDK_OUTDIR")
    if step.get("outdir") and outdir and Path(outdir).exists():
        Path(outdir).rename(step["outdir"])
    (here / f"{name}.json").write_text(json.dumps({"returncode": status, "present": present}))


def main() -> None:
    spec = Path(sys.argv[1]).resolve()
    sys.path.pop(0)  # this script's directory: no step sees it
    for step in json.loads(spec.read_text()):
        _run(step, spec.parent)


if __name__ == "__main__":
    main()
