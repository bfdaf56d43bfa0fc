"""The warnings a function's files draw at synth (an EventHandler's function of a code
directory), for the tests of the warnings about what its asset holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk.assertions import Annotations, Match

from constructs_lib import EventHandler, Handler
from tests.support import new_app


def function_warnings(
    warning: str,
    code: Path,
    stack: cdk.Stack | None = None,
    *,
    acknowledged: str | None = None,
    **handler: Any,
) -> list[str]:
    """The warnings ``constructs_lib:<warning>`` of an EventHandler's function of ``code``
    (``handler``: more Handler settings), each as ``<path>: <message>``; ``acknowledged``:
    acknowledged on the function with that reason first."""
    stack = stack or cdk.Stack(new_app(), "Test")
    construct = EventHandler(
        stack,
        "OnOrder",
        handler=Handler(code=code, **handler),
        event_pattern={"source": ["app.orders"]},
        alarms=False,
    )
    if acknowledged is not None:
        cdk.Annotations.of(construct.function).acknowledge_warning(
            f"constructs_lib:{warning}", acknowledged
        )
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    return [f"{w.id}: {w.entry.data}" for w in found if warning in str(w.entry.data)]
