"""Events whose shape API Gateway never sends: each handler answers them with the
documented 400 ``{"error": ...}``, never a 500 or an exception out of the handler.

A Lambda function URL, a test invoke from the console, a misconfigured integration or a
caller invoking the function directly can all send such events.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
import todos_api

from tests.handlers.test_todos_api import UNKNOWN_ID, call, event, mocked_table, table

__all__ = ["mocked_table", "table"]  # fixtures, re-used from the main spec module

Handler = Callable[[Any, Any], dict[str, Any]]
HANDLERS = {
    "list": (todos_api.list_todos, event()),
    "get": (todos_api.get_todo, event(todo_id=UNKNOWN_ID)),
    "create": (todos_api.create_todo, event("POST", {"title": "a"})),
    "update": (todos_api.update_todo, event("PUT", {"done": True}, todo_id=UNKNOWN_ID)),
    "delete": (todos_api.delete_todo, event("DELETE", todo_id=UNKNOWN_ID)),
}


def _answer(handler: Handler, ev: Any) -> tuple[int, Any]:
    response = handler(ev, None)
    assert set(response) == {"statusCode", "headers", "body"}
    assert response["headers"]["content-type"] == "application/json"
    return response["statusCode"], json.loads(response["body"])


@pytest.mark.parametrize("name", HANDLERS)
@pytest.mark.parametrize("ev", [None, [], "GET /todos", 42, b"{}"], ids=repr)
def test_an_event_that_is_not_an_object_is_400(table: Any, name: str, ev: Any) -> None:
    handler, _ = HANDLERS[name]
    assert _answer(handler, ev) == (400, {"error": "malformed event: it must be a JSON object"})


FIELD_TYPES = [
    ("requestContext", "an object", ["x", [], 1, True]),
    ("pathParameters", "an object", ["x", [UNKNOWN_ID], 1]),
    ("queryStringParameters", "an object", ["limit=5", [["limit", "5"]], 5]),
    ("body", "a string", [{"title": "a"}, ["a"], 5, True]),
    ("isBase64Encoded", "a boolean", ["false", 0, {}]),
]
FIELD_CASES = [
    pytest.param(name, field, value, expected, id=f"{name}-{field}-{value!r}")
    for name in HANDLERS
    for field, expected, values in FIELD_TYPES
    for value in values
]


@pytest.mark.parametrize(("name", "field", "value", "expected"), FIELD_CASES)
def test_a_field_of_the_wrong_type_is_400(
    table: Any, name: str, field: str, value: Any, expected: str
) -> None:
    handler, ev = HANDLERS[name]
    status, body = _answer(handler, {**ev, field: value})
    assert (status, body) == (400, {"error": f"malformed event: '{field}' must be {expected}"})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requestContext", {"http": "GET"}, "'requestContext.http' must be an object"),
        ("requestContext", {"http": ["GET"]}, "'requestContext.http' must be an object"),
        ("pathParameters", {"id": 7}, "'pathParameters' values must be strings"),
        ("pathParameters", {"id": None}, "'pathParameters' values must be strings"),
        ("queryStringParameters", {"limit": 5}, "'queryStringParameters' values must be strings"),
        (
            "queryStringParameters",
            {"next": ["a"]},
            "'queryStringParameters' values must be strings",
        ),
    ],
)
@pytest.mark.parametrize("name", HANDLERS)
def test_a_nested_value_of_the_wrong_type_is_400(
    table: Any, name: str, field: str, value: Any, message: str
) -> None:
    handler, ev = HANDLERS[name]
    assert _answer(handler, {**ev, field: value}) == (400, {"error": f"malformed event: {message}"})


def test_api_gateway_nulls_are_accepted(table: Any) -> None:
    # API Gateway sends null (or leaves out) pathParameters, queryStringParameters and body
    status, body, _ = call(todos_api.list_todos, {**event(), "requestContext": None})
    assert (status, body) == (200, {"items": [], "next": None})
    ev = {k: v for k, v in event().items() if k not in ("requestContext", "isBase64Encoded")}
    assert call(todos_api.list_todos, ev)[0] == 200


def test_a_server_failure_with_odd_request_context_is_still_a_logged_500(
    table: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN a DynamoDB failure and an event with no method or path in its request context
    monkeypatch.setenv("TABLE_NAME", "no-such-table")
    ev = {**event(), "requestContext": {"http": {"method": ["GET"], "path": {"p": 1}}}}
    # WHEN handled THEN the generic 500, and the log line is written (no crash in logging)
    with caplog.at_level(logging.ERROR, logger="todos_api"):
        assert _answer(todos_api.list_todos, ev) == (500, {"error": "internal error"})
    [record] = caplog.records
    line = json.loads(record.getMessage())
    assert (line["method"], line["path"]) == (None, None)
