"""What one call into the jsii kernel costs, layer by layer, in a process that starts the
kernel as the test processes do (tests/kernel.py: no relay process, no template checks).

    .venv/bin/python bench/jsii_calls.py [--rounds N] [--calls N]

For three calls the suite makes by the thousand (a property, a method with an argument, a
static method), each layer of jsii's Python side is timed on its own, the layers
alternating within each round; printed are the medians of the rounds' per-call wall time
and this thread's CPU time:

- ``line``: the request's JSON line written and the answer's line read, nothing else:
  the transport and the kernel's own work, the floor under any Python-side change;
- ``provider``: jsii's ``ProcessProvider`` with a request object: adds its cattrs
  converter (request to dict, answer to a response object) and the JSON encoder and
  decoder it makes for each line;
- ``kernel``: ``jsii.kernel``: adds the references of the arguments and of the result;
- ``binding``: the method of aws-cdk-lib's generated class: adds typeguard's check of each
  argument and ``typing.cast``.

``provider`` minus ``line`` is the most that any faster Python client could save per call.
The README's Performance section (Tests) has what was measured and tried with it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("line", "provider", "kernel", "binding")


def _calls() -> dict[str, dict[str, Callable[[], object]]]:
    """Per call, one callable per layer, each making that call once (the kernel started)."""
    import aws_cdk as cdk
    import jsii
    from aws_cdk import aws_sqs as sqs
    from jsii._kernel import types

    stack: Any = cdk.Stack(cdk.App(), "Bench")  # Any: jsii's attributes are untyped
    node: Any = sqs.Queue(stack, "Queue").node
    kernel: Any = jsii.kernel
    provider = kernel.provider
    requests = {
        "get Stack.stackName": types.GetRequest(objref=stack.__jsii_ref__, property="stackName"),
        "invoke Node.tryFindChild": types.InvokeRequest(
            objref=node.__jsii_ref__, method="tryFindChild", args=["Resource"]
        ),
        "sinvoke Duration.minutes": types.StaticInvokeRequest(
            fqn="aws-cdk-lib.Duration", method="minutes", args=[5]
        ),
    }
    return {
        "get Stack.stackName": {
            "line": _line(requests["get Stack.stackName"]),
            "provider": lambda: provider.get(requests["get Stack.stackName"]),
            "kernel": lambda: kernel.get(stack, "stackName"),
            "binding": lambda: stack.stack_name,
        },
        "invoke Node.tryFindChild": {
            "line": _line(requests["invoke Node.tryFindChild"]),
            "provider": lambda: provider.invoke(requests["invoke Node.tryFindChild"]),
            "kernel": lambda: kernel.invoke(node, "tryFindChild", ["Resource"]),
            "binding": lambda: node.try_find_child("Resource"),
        },
        "sinvoke Duration.minutes": {
            "line": _line(requests["sinvoke Duration.minutes"]),
            "provider": lambda: provider.sinvoke(requests["sinvoke Duration.minutes"]),
            "kernel": lambda: kernel.sinvoke(cdk.Duration, "minutes", [5]),
            "binding": lambda: cdk.Duration.minutes(5),
        },
    }


def _line(request: object) -> Callable[[], object]:
    """Writes the request's line as jsii's provider would and reads the answer's line."""
    import jsii
    from jsii._kernel.providers import process as jsii_process

    kernel: Any = jsii.kernel
    channel = kernel.provider._process
    line = json.dumps(channel._serializer.unstructure(request), default=jsii_process.jdefault)
    data = line.encode("utf8") + b"\n"
    stdin, stdout = channel._process.stdin, channel._process.stdout

    def call() -> bytes:
        stdin.write(data)
        stdin.flush()
        answer: bytes = stdout.readline()
        return answer

    if b'"ok"' not in call():  # the kernel answered the line (not an error)
        raise SystemExit(f"the kernel did not answer {line} with ok")
    return call


def _time(call: Callable[[], object], n: int) -> tuple[float, float]:
    """Microseconds per call: wall, and this thread's CPU (the kernel's is not in it)."""
    cpu, wall = time.thread_time(), time.perf_counter()
    for _ in range(n):
        call()
    return (time.perf_counter() - wall) / n * 1e6, (time.thread_time() - cpu) / n * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--calls", type=int, default=1000, help="calls per layer and round")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests import kernel

    kernel.start()
    try:
        calls = _calls()
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for round_ in range(args.rounds):
            for name, layers in calls.items():
                order = LAYERS if round_ % 2 == 0 else LAYERS[::-1]
                for layer in order:
                    samples.setdefault((name, layer), []).append(_time(layers[layer], args.calls))
    finally:
        kernel.remove_assemblies()
    print(f"one call into the jsii kernel, by layer: medians of {args.rounds} rounds")
    print(f"of {args.calls} calls each, microseconds per call (CPU: this thread's)")
    for name in calls:
        print(f"  {name}")
        floor = statistics.median(c for _, c in samples[(name, "line")])
        for layer in LAYERS:
            wall = statistics.median(w for w, _ in samples[(name, layer)])
            cpu = statistics.median(c for _, c in samples[(name, layer)])
            extra = cpu - floor
            print(f"    {layer:9s} wall {wall:7.1f}  CPU {cpu:6.1f}  (+{extra:5.1f} over line)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
