"""Synth, measured side by side: each run a fresh process, as `cdk synth` starts the app.

1. the demo app (6 stacks, cdk-nag) vs an empty CDK app: the jsii start-up floor;
2. the demo's TodoApi stack vs the same resources written by hand with plain aws-cdk-lib
   (``todo_handwritten.py``; the templates are checked identical first): the cost of
   our abstraction.

Variants alternate within each round; the script prints medians and their ratios. The
TodoApi pair is also measured in this one process (a warm jsii kernel, imports done):
the construct work alone, with less noise than process start-up; the summary uses it.

    make bench        # or: .venv/bin/python bench/synth.py
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5
IN_PROCESS_ROUNDS = 25


def _run(variant: str) -> tuple[float, Path]:
    outdir = Path(tempfile.mkdtemp(prefix=f"bench-{variant}-"))
    env = {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
    }
    # As `cdk synth` runs an app: Python keeps each module's bytecode (the warm-up run
    # writes it). A machine that turns that off (PYTHONDONTWRITEBYTECODE) would measure
    # compiling the library's ~130 modules from source in every run instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "_app.py"), variant, str(outdir)],
        check=True,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - start, outdir


def _template(outdir: Path, stack: str) -> dict[str, Any]:
    return json.loads((outdir / f"{stack}.template.json").read_text())  # type: ignore[no-any-return]


def interleaved(variants: tuple[str, ...]) -> dict[str, float]:
    times: dict[str, list[float]] = {v: [] for v in variants}
    for _ in range(ROUNDS):
        for variant in variants:
            times[variant].append(_run(variant)[0])
    return {v: statistics.median(t) for v, t in times.items()}


def in_process() -> dict[str, float]:
    """Median synth of each TodoApi variant in this process, alternating, after a warm-up,
    and the quartiles of each round's ours / hand-written ratio."""
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import aws_cdk as cdk
    from todo_handwritten import HandWrittenTodoApiStack

    from stacks.todo_api_stack import TodoApiStack

    context = json.loads((ROOT / "cdk.json").read_text())["context"]
    variants = {
        "todo-ours": lambda app, id: TodoApiStack(app, id, deployment=None),
        "todo-hand": HandWrittenTodoApiStack,
    }

    def synth(stack: Any) -> float:
        # a collection that happens to fall into one variant's run is noise, not its cost
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            app = cdk.App(outdir=tempfile.mkdtemp(prefix="bench-todo-"), context=context)
            stack(app, "TodoApi")
            app.synth()
            return time.perf_counter() - start
        finally:
            gc.enable()

    for stack in variants.values():
        synth(stack)
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(IN_PROCESS_ROUNDS):
        for name, stack in variants.items():
            times[name].append(synth(stack))
    # each round's pair, run back to back, shares the machine's state at that moment
    ratios = [o / h for o, h in zip(times["todo-ours"], times["todo-hand"], strict=True)]
    low, median, high = statistics.quantiles(ratios, n=4)
    return {
        **{name: statistics.median(t) for name, t in times.items()},
        "ratio": median,
        "ratio_low": low,
        "ratio_high": high,
    }


HAND_WRITTEN_DIFFERS = (
    "bench/todo_handwritten.py no longer builds the template of the demo's TodoApi "
    "(stacks/todo_api_stack.py); differing: {differing}. Fix: change the hand-written stack "
    "the same way (a new route: its function, role, policy, log group, version, alias, "
    "integration, route and permission), so that the bench compares like with like"
)


def differing_resources(hand: dict[str, Any], ours: dict[str, Any]) -> list[str] | None:
    """None when the templates are the same, else the logical ids (or top-level sections)
    that differ."""
    if hand == ours:
        return None
    hand_resources, our_resources = hand.get("Resources", {}), ours.get("Resources", {})
    ids = sorted(
        key
        for key in hand_resources.keys() | our_resources.keys()
        if hand_resources.get(key) != our_resources.get(key)
    )
    sections = sorted(k for k in hand.keys() | ours.keys() if hand.get(k) != ours.get(k))
    return ids or sections


def main() -> dict[str, float]:
    _, ours = _run("todo-ours")  # warm-up (file caches, bytecode) and the identity check
    _, hand = _run("todo-hand")
    _run("demo")  # warm-up: the demo's own modules
    differing = differing_resources(_template(hand, "TodoApi"), _template(ours, "TodoApi"))
    resources = len(_template(ours, "TodoApi")["Resources"])
    if differing is not None:
        raise SystemExit(HAND_WRITTEN_DIFFERS.format(differing=differing))
    medians = interleaved(("empty", "demo", "todo-ours", "todo-hand"))
    floor = medians["demo"] / medians["empty"]
    todo = medians["todo-ours"] / medians["todo-hand"]
    print(f"synth, a fresh process each run, medians of {ROUNDS} interleaved rounds")
    print(f"  empty CDK app (floor)        {medians['empty']:.2f} s")
    print(f"  demo app (6 stacks, cdk-nag) {medians['demo']:.2f} s   demo / floor x{floor:.2f}")
    hand_s, ours_s = medians["todo-hand"], medians["todo-ours"]
    print(f"  TodoApi, hand-written        {hand_s:.2f} s   ({resources} resources, same template)")
    print(f"  TodoApi, constructs_lib      {ours_s:.2f} s   ours / hand-written x{todo:.2f}")
    warm = in_process()
    warm_ratio = warm["ratio"]
    print(f"  in one process, {IN_PROCESS_ROUNDS} alternating rounds (warm kernel), medians:")
    print(f"  TodoApi, hand-written        {warm['todo-hand']:.3f} s")
    ours_warm = warm["todo-ours"]
    print(
        f"  TodoApi, constructs_lib      {ours_warm:.3f} s   ours / hand-written x{warm_ratio:.2f}"
        f" (median of the rounds' ratios; middle half x{warm['ratio_low']:.2f}"
        f"-{warm['ratio_high']:.2f})"
    )
    return {"synth_floor": floor, "todo_ratio": warm_ratio, "todo_process_ratio": todo}


if __name__ == "__main__":
    main()
