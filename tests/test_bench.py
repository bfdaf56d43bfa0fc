"""The synth benchmark compares like with like: the hand-written TodoApi in ``bench/``
must stay the same template as the demo's TodoApi built with the library (without its
canary), or ``make bench`` stops with an error."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from aws_cdk.assertions import Template

from stacks.todo_api_stack import TodoApiStack
from tests.support import ROOT, new_app


def _template(build: Any) -> dict[str, Any]:
    return Template.from_stack(build(new_app(), "TodoApi")).to_json()


@pytest.mark.slow
def test_the_hand_written_todo_api_is_the_librarys_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    hand_written = importlib.import_module("todo_handwritten").HandWrittenTodoApiStack
    ours = _template(lambda app, id: TodoApiStack(app, id, deployment=None))
    assert _template(hand_written) == ours
