"""One synth in a fresh process, as `cdk synth` runs an app: ``python bench/_app.py VARIANT
OUTDIR``. Variants: ``empty`` (an App with one empty stack: the jsii start-up floor),
``demo`` (the demo app, cdk-nag included), ``todo-ours``, ``todo-hand``."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def main(variant: str, outdir: str) -> None:
    import aws_cdk as cdk

    context = json.loads((ROOT / "cdk.json").read_text())["context"]
    app = cdk.App(outdir=outdir, context=context)
    if variant == "empty":
        cdk.Stack(app, "Empty")
    elif variant == "demo":
        from stacks import build_demo_app

        build_demo_app(app)
    elif variant == "todo-ours":
        from stacks.todo_api_stack import TodoApiStack

        TodoApiStack(app, "TodoApi", deployment=None)  # as hand-written: no canary
    elif variant == "todo-hand":
        from todo_handwritten import HandWrittenTodoApiStack

        HandWrittenTodoApiStack(app, "TodoApi")
    else:
        raise SystemExit(f"unknown variant {variant!r}")
    with contextlib.suppress(RuntimeError):  # cdk-nag findings fail after the templates
        app.synth()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
