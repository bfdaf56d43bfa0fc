"""The handler: a greeting for an HTTP API request, a 400 for anything else."""

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "hello", Path(__file__).parents[2] / "handlers" / "hello" / "hello.py"
)
assert _SPEC is not None and _SPEC.loader is not None
hello = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(hello)


def _call(event: Any) -> tuple[int, dict[str, str]]:
    response = hello.handler(event, None)
    assert response["headers"] == {"content-type": "application/json"}
    return response["statusCode"], json.loads(response["body"])


def test_it_greets_the_name_in_the_path_or_the_world() -> None:
    assert _call({"pathParameters": {"name": "Ada"}}) == (200, {"message": "hello, Ada"})
    assert _call({"pathParameters": None}) == (200, {"message": "hello, world"})
    assert _call({}) == (200, {"message": "hello, world"})


@pytest.mark.parametrize(
    "event", [None, [], "GET /hello", {"pathParameters": "x"}, {"pathParameters": {"name": 1}}]
)
def test_a_malformed_event_is_a_400_not_a_500(event: Any) -> None:
    status, body = _call(event)
    assert status == 400 and "malformed event" in body["error"]
