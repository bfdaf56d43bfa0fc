"""The synth benchmark compares like with like: the hand-written TodoApi in ``bench/``
must stay the same template as the demo's TodoApi built with the library (without its
canary), or ``make bench`` stops with an error."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

from stacks.todo_api_stack import TodoApiStack

ROOT = Path(__file__).resolve().parent.parent


def _template(build: Any) -> dict[str, Any]:
    context = json.loads((ROOT / "cdk.json").read_text())["context"]
    app = cdk.App(context=context)
    stack = build(app, "TodoApi")
    return app.synth(validate_on_synthesis=False).get_stack_by_name(stack.stack_name).template  # type: ignore[no-any-return]


@pytest.mark.slow
def test_the_hand_written_todo_api_is_the_librarys_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    hand_written = importlib.import_module("todo_handwritten").HandWrittenTodoApiStack
    ours = _template(lambda app, id: TodoApiStack(app, id, deployment=None))
    assert _template(hand_written) == ours
    sys.modules.pop("todo_handwritten", None)
