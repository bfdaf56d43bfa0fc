"""The runtime helpers name the type of a value they were given in words ("None", "an
int", "a list"), as the library's messages do, never by Python's name of it (messages54:
"header: event is NoneType", "the name 1, a int", "succeeded is None, a NoneType")."""

from __future__ import annotations

import ast
import types
from pathlib import Path
from typing import Any

import pytest

from constructs_lib._words import a_type
from constructs_lib_runtime import deployment_hooks
from constructs_lib_runtime._kinds import kind_of
from constructs_lib_runtime.http import header, json_body
from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.testing import http_api_event, sqs_record

RUNTIME = Path(deployment_hooks.__file__).parent


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "None"),
        (3, "an int"),
        (1.5, "a float"),
        (True, "a bool"),
        ("x", "a str"),
        ([1], "a list"),
        ({"a": 1}, "a dict"),
        ((1,), "a tuple"),
        (b"x", "a bytes object"),
        (len, "a function"),
        (lambda: None, "a function"),
        (str, "a class"),
        (types, "a module"),
        (object(), "an object"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,  # no addresses
)
def test_a_type_is_named_in_words(value: object, words: str) -> None:
    assert kind_of(value) == words
    # as the library's messages name it (the helpers cannot import the library)
    assert a_type(value) == words


def _type_names_in_messages(file: Path) -> list[int]:
    """The lines of ``file`` where an f-string shows ``type(x).__name__``."""
    lines = []
    for node in ast.walk(ast.parse(file.read_text())):
        if not isinstance(node, ast.JoinedStr):
            continue
        for part in node.values:
            value = part.value if isinstance(part, ast.FormattedValue) else None
            if (
                isinstance(value, ast.Attribute)
                and value.attr == "__name__"
                and isinstance(value.value, ast.Call)
                and isinstance(value.value.func, ast.Name)
                and value.value.func.id == "type"
            ):
                lines.append(node.lineno)
    return lines


def test_no_helper_message_shows_a_python_type_name() -> None:
    found = {
        file.name: lines
        for file in sorted(RUNTIME.glob("*.py"))
        if (lines := _type_names_in_messages(file))
    }
    assert found == {}, "use kind_of(value): 'None', 'an int', not 'NoneType', 'int'"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: header(None, "x-sig"), "header: event is None, not the event dict"),
        (lambda: header(http_api_event("GET /a"), 7), "header: name is an int, not a header's"),
        (lambda: json_body(None), "json_body: event is None, not the event dict"),
        (
            lambda: sqs_record("x", message_attributes={1: "a"}),
            "sqs_record: message_attributes has the name 1, an int; names are strings",
        ),
        (
            lambda: process_batch({"Records": []}, None),  # type: ignore[arg-type]
            "process_batch(event, handle): handle is None, not a function",
        ),
    ],
)
def test_a_helper_given_the_wrong_type_names_it_in_words(call: Any, message: str) -> None:
    with pytest.raises(TypeError) as raised:
        call()
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    ("succeeded", "said"), [(None, "None"), (1, "1, an int"), ("false", "'false', a str")]
)
def test_a_hook_outcome_that_is_no_bool_is_named_in_words(succeeded: object, said: str) -> None:
    event = {"DeploymentId": "d-1", "LifecycleEventHookExecutionId": "e-1"}
    with pytest.raises(ValueError) as raised:
        deployment_hooks.report(event, succeeded)  # type: ignore[arg-type]
    assert str(raised.value).startswith(f"report: succeeded is {said}, not True or False")
