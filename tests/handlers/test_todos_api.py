"""Specs of the todo API handlers, run against a moto DynamoDB table.

Every response is JSON with ``content-type: application/json``; bad client input is a 4xx
with ``{"error": message}``, never a 500.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest
import todos_api
from moto import mock_aws

from tests.moto_support import fake_aws

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
UNKNOWN_ID = "3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60"
HANDLERS_WITH_ID = [todos_api.get_todo, todos_api.update_todo, todos_api.delete_todo]


@pytest.fixture(scope="module")
def mocked_table() -> Iterator[Any]:
    """The todo table in a mocked us-east-1, made once per module (boto3 setup is slow)."""
    with pytest.MonkeyPatch.context() as patch:
        fake_aws(patch, AWS_SESSION_TOKEN="testing", TABLE_NAME="todos")
        patch.setattr(todos_api, "_table", None)  # no boto3 resource from outside the mock
        with mock_aws():
            boto3.client("dynamodb").create_table(
                TableName="todos",
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
            yield boto3.resource("dynamodb").Table("todos")


@pytest.fixture
def table(mocked_table: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """An empty todo table, named by TABLE_NAME."""
    monkeypatch.setenv("TABLE_NAME", "todos")
    with mocked_table.batch_writer() as batch:
        for key in mocked_table.scan(ProjectionExpression="id")["Items"]:
            batch.delete_item(Key=key)
    return mocked_table


def event(
    method: str = "GET",
    body: Any = None,
    *,
    todo_id: str | None = None,
    query: dict[str, str] | None = None,
    raw: str | None = None,
    b64: bool = False,
) -> dict[str, Any]:
    """An HTTP API (payload 2.0) event: ``body`` is JSON-encoded, ``raw`` sent as is."""
    text = raw if raw is not None else None if body is None else json.dumps(body)
    if b64 and text is not None and raw is None:
        text = base64.b64encode(text.encode()).decode()
    path = "/todos" if todo_id is None else f"/todos/{todo_id}"
    return {
        "version": "2.0",
        "rawPath": path,
        "body": text,
        "isBase64Encoded": b64,
        "pathParameters": None if todo_id is None else {"id": todo_id},
        "queryStringParameters": query,
        "requestContext": {"http": {"method": method, "path": path}},
    }


def call(handler: Handler, ev: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    """Status, decoded JSON body (None when empty) and headers; checks the common shape."""
    response = handler(ev, None)
    assert set(response) == {"statusCode", "headers", "body"}
    assert response["headers"]["content-type"] == "application/json"
    assert isinstance(response["body"], str)
    body = json.loads(response["body"]) if response["body"] else None
    return response["statusCode"], body, response["headers"]


def create(title: str = "buy milk", **fields: Any) -> dict[str, Any]:
    status, todo, _ = call(todos_api.create_todo, event("POST", {"title": title, **fields}))
    assert status == 201
    return todo  # type: ignore[no-any-return]


def b64_of_json(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def is_utc_timestamp(text: str) -> bool:
    return text.endswith("Z") and datetime.fromisoformat(text).utcoffset() == timedelta(0)


# --- happy paths ---------------------------------------------------------------------------


def test_crud_happy_path(table: Any) -> None:
    # GIVEN an empty table
    # WHEN a todo is created
    status, todo, headers = call(todos_api.create_todo, event("POST", {"title": "  buy milk "}))
    # THEN 201, a server-made uuid4 id, a trimmed title, done=false, a UTC time, a location
    assert status == 201
    assert set(todo) == {"id", "title", "done", "created_at"}
    assert uuid.UUID(todo["id"]).version == 4
    assert (todo["title"], todo["done"]) == ("buy milk", False)
    assert is_utc_timestamp(todo["created_at"])
    assert headers["location"] == f"/todos/{todo['id']}"

    # WHEN read and listed THEN the same item comes back
    assert call(todos_api.get_todo, event(todo_id=todo["id"]))[:2] == (200, todo)
    assert call(todos_api.list_todos, event())[:2] == (200, {"items": [todo], "next": None})

    # WHEN both fields are updated THEN the new item is returned, with updated_at
    change = {"title": "buy oat milk", "done": True}
    status, updated, _ = call(todos_api.update_todo, event("PUT", change, todo_id=todo["id"]))
    assert status == 200
    assert updated == {**todo, **change, "updated_at": updated["updated_at"]}
    assert is_utc_timestamp(updated["updated_at"])
    assert call(todos_api.get_todo, event(todo_id=todo["id"]))[:2] == (200, updated)

    # WHEN deleted THEN 204 with an empty body, and the todo is gone
    response = todos_api.delete_todo(event("DELETE", todo_id=todo["id"]), None)
    assert (response["statusCode"], response["body"]) == (204, "")
    assert response["headers"]["content-type"] == "application/json"
    missing = {"error": f"todo {todo['id']} not found"}
    assert call(todos_api.get_todo, event(todo_id=todo["id"]))[:2] == (404, missing)
    assert call(todos_api.delete_todo, event("DELETE", todo_id=todo["id"]))[:2] == (404, missing)


def test_create_accepts_done_and_a_200_character_title(table: Any) -> None:
    # GIVEN a title of exactly the maximum length and done=true
    title = "é" * 200
    # WHEN created THEN both are kept as sent
    todo = create(title, done=True)
    assert (todo["title"], todo["done"]) == (title, True)


def test_update_changes_only_the_given_field(table: Any) -> None:
    # GIVEN a todo
    todo = create("walk the dog")
    # WHEN only done is sent THEN the title is unchanged
    status, updated, _ = call(
        todos_api.update_todo, event("PUT", {"done": True}, todo_id=todo["id"])
    )
    assert status == 200
    assert (updated["title"], updated["done"]) == ("walk the dog", True)


def test_base64_encoded_bodies_are_decoded(table: Any) -> None:
    # GIVEN bodies sent base64-encoded by API Gateway
    status, todo, _ = call(todos_api.create_todo, event("POST", {"title": "café ☕"}, b64=True))
    # THEN they are read as the JSON they encode
    assert (status, todo["title"]) == (201, "café ☕")
    ev = event("PUT", {"done": True}, todo_id=todo["id"], b64=True)
    assert call(todos_api.update_todo, ev)[1]["done"] is True


def test_a_body_with_a_byte_order_mark_is_read_whether_or_not_it_came_base64_encoded(
    table: Any,
) -> None:
    # Proves (fuzz45): API Gateway base64-encodes a body by its content type, and the same
    # bytes were a todo base64-encoded and a 400 ("not valid JSON") as text
    sent = '\ufeff{"title": "from a BOM-writing client"}'
    for ev in (
        event("POST", raw=sent),
        event("POST", raw=base64.b64encode(sent.encode()).decode(), b64=True),
    ):
        status, todo, _ = call(todos_api.create_todo, ev)
        assert (status, todo["title"]) == (201, "from a BOM-writing client")
    assert call(todos_api.create_todo, event("POST", raw="\ufeff"))[:2] == (
        400,
        {"error": NOT_JSON},
    )


def test_ids_are_accepted_in_upper_case(table: Any) -> None:
    # GIVEN a todo WHEN fetched by its upper-case id THEN it is found
    todo = create()
    assert call(todos_api.get_todo, event(todo_id=todo["id"].upper()))[:2] == (200, todo)


def test_list_paginates_with_an_opaque_token(table: Any) -> None:
    # GIVEN more todos than one page holds
    created = {create(f"todo {i}")["id"] for i in range(7)}
    # WHEN pages of 3 are followed through `next`
    seen: list[str] = []
    query = {"limit": "3"}
    for _ in range(10):
        status, page, _ = call(todos_api.list_todos, event(query=query))
        assert status == 200 and len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        if page["next"] is None:
            break
        query = {"limit": "3", "next": page["next"]}
    # THEN every todo is listed exactly once, over at least three pages
    assert sorted(seen) == sorted(created)
    assert len(seen) == 7


def test_list_defaults_to_pages_of_25(table: Any) -> None:
    # GIVEN 26 todos
    for i in range(26):
        create(f"todo {i}")
    # WHEN listed without a limit THEN 25 come back, with a token for the rest
    status, page, _ = call(todos_api.list_todos, event())
    assert (status, len(page["items"])) == (200, 25)
    _, rest, _ = call(todos_api.list_todos, event(query={"next": page["next"]}))
    assert len(rest["items"]) == 1


def test_list_of_an_empty_table(table: Any) -> None:
    assert call(todos_api.list_todos, event(query={"limit": "100"}))[:2] == (
        200,
        {"items": [], "next": None},
    )


# --- bad input -----------------------------------------------------------------------------

NOT_JSON = "request body is not valid JSON"
NOT_OBJECT = "request body must be a JSON object"

# (case id, event, status, error message) for POST /todos
BAD_CREATES = [
    ("no body", event("POST"), 400, "request body is required"),
    ("empty body", event("POST", raw=""), 400, "request body is required"),
    ("malformed JSON", event("POST", raw='{"title": '), 400, NOT_JSON),
    ("trailing garbage", event("POST", raw='{"title": "a"} x'), 400, NOT_JSON),
    ("bad base64", event("POST", raw="%%%", b64=True), 400, "request body is not valid base64"),
    ("base64 of non-UTF-8", event("POST", raw="/w==", b64=True), 400, NOT_JSON),
    ("base64 of non-JSON", event("POST", raw="aGk=", b64=True), 400, NOT_JSON),
    (
        "deep nesting, balanced",
        event("POST", raw="[" * 100_000 + "]" * 100_000),
        400,
        "request body is nested too deeply",
    ),
    ("array body", event("POST", [{"title": "a"}]), 400, NOT_OBJECT),
    ("string body", event("POST", "buy milk"), 400, NOT_OBJECT),
    ("null body", event("POST", raw="null"), 400, NOT_OBJECT),
    ("missing title", event("POST", {"done": True}), 422, "missing field(s): title"),
    ("empty object", event("POST", {}), 422, "missing field(s): title"),
    ("title true", event("POST", {"title": True}), 422, "field 'title' must be a string"),
    ("title number", event("POST", {"title": 1}), 422, "field 'title' must be a string"),
    ("title null", event("POST", {"title": None}), 422, "field 'title' must be a string"),
    ("title list", event("POST", {"title": ["a"]}), 422, "field 'title' must be a string"),
    ("done 1", event("POST", {"title": "a", "done": 1}), 422, "field 'done' must be a boolean"),
    ("done 0", event("POST", {"title": "a", "done": 0}), 422, "field 'done' must be a boolean"),
    (
        "done string",
        event("POST", {"title": "a", "done": "true"}),
        422,
        "field 'done' must be a boolean",
    ),
    (
        "done null",
        event("POST", {"title": "a", "done": None}),
        422,
        "field 'done' must be a boolean",
    ),
    ("unknown field", event("POST", {"title": "a", "owner": "me"}), 422, "unknown field(s): owner"),
    ("client id", event("POST", {"title": "a", "id": UNKNOWN_ID}), 422, "unknown field(s): id"),
    ("empty title", event("POST", {"title": ""}), 422, "field 'title' must not be blank"),
    ("blank title", event("POST", {"title": " \t\n "}), 422, "field 'title' must not be blank"),
    (
        "201-character title",
        event("POST", {"title": "x" * 201}),
        422,
        "field 'title' must be at most 200 characters",
    ),
    (
        "lone surrogate",
        event("POST", raw='{"title": "\\ud800"}'),
        422,
        "field 'title' must be valid Unicode",
    ),
]


@pytest.mark.parametrize(
    ("ev", "status", "message"), [c[1:] for c in BAD_CREATES], ids=[c[0] for c in BAD_CREATES]
)
def test_create_rejects_bad_input(
    table: Any, ev: dict[str, Any], status: int, message: str
) -> None:
    # WHEN a bad body is posted THEN the status and message say why, and nothing is stored
    assert call(todos_api.create_todo, ev)[:2] == (status, {"error": message})
    assert table.scan()["Count"] == 0


def test_unknown_fields_are_named_without_echoing_the_request(table: Any) -> None:
    # Proves (fuzz): every unknown field name was joined into the message in full: 300 000
    # emoji in a 1.2 MB request came back as a 3.6 MB error (escaped JSON), and a request
    # of 2 MB would exceed Lambda's 6 MB response limit, which API Gateway answers with 500
    names = {"😀" * 300_000: 1, **{f"extra{n}": n for n in range(10)}}
    status, body, _ = call(todos_api.create_todo, event("POST", {"title": "a", **names}))
    assert (status, body) == (
        422,
        {"error": "unknown field(s): extra0, extra1, extra2, extra3, extra4 and 6 more"},
    )
    status, body, _ = call(todos_api.create_todo, event("POST", {"title": "a", "x" * 31: 1}))
    assert (status, body) == (422, {"error": f"unknown field(s): {'x' * 27}..."})
    assert table.scan()["Count"] == 0


# (case id, body or raw text, status, error message) for PUT /todos/{id}
BAD_UPDATES = [
    ("no body", None, 400, "request body is required"),
    ("malformed JSON", "{", 400, NOT_JSON),
    ("array body", "[]", 400, NOT_OBJECT),
    ("empty object", {}, 422, "give at least one of: title, done"),
    ("unknown field", {"done": True, "priority": 1}, 422, "unknown field(s): priority"),
    ("id in body", {"id": UNKNOWN_ID}, 422, "unknown field(s): id"),
    ("created_at in body", {"created_at": "x"}, 422, "unknown field(s): created_at"),
    ("title true", {"title": True}, 422, "field 'title' must be a string"),
    ("done 1", {"done": 1}, 422, "field 'done' must be a boolean"),
    ("done string", {"done": "yes"}, 422, "field 'done' must be a boolean"),
    ("blank title", {"title": "  "}, 422, "field 'title' must not be blank"),
    ("long title", {"title": "x" * 201}, 422, "field 'title' must be at most 200 characters"),
]


@pytest.mark.parametrize(
    ("body", "status", "message"), [c[1:] for c in BAD_UPDATES], ids=[c[0] for c in BAD_UPDATES]
)
def test_update_rejects_bad_input(table: Any, body: Any, status: int, message: str) -> None:
    # GIVEN a todo
    todo = create()
    # WHEN a bad body is put
    raw = body if isinstance(body, str) else None
    ev = event("PUT", None if raw else body, todo_id=todo["id"], raw=raw)
    # THEN the status and message say why, and the todo is unchanged
    assert call(todos_api.update_todo, ev)[:2] == (status, {"error": message})
    assert call(todos_api.get_todo, event(todo_id=todo["id"]))[1] == todo


BAD_IDS = [
    ("not a uuid", "42"),
    ("empty", ""),
    ("uuid1", "c232ab00-9414-11ec-b3c8-9f68deced846"),
    ("nil uuid", "00000000-0000-0000-0000-000000000000"),
    ("uuid4 without dashes", UNKNOWN_ID.replace("-", "")),
    ("uuid4 in braces", "{" + UNKNOWN_ID + "}"),
    ("uuid4 urn", "urn:uuid:" + UNKNOWN_ID),
    ("uuid4 with a suffix", UNKNOWN_ID + "x"),
    ("no path parameter", None),
]


@pytest.mark.parametrize("todo_id", [c[1] for c in BAD_IDS], ids=[c[0] for c in BAD_IDS])
@pytest.mark.parametrize("handler", HANDLERS_WITH_ID, ids=lambda h: h.__name__)
def test_malformed_id_is_400(table: Any, handler: Handler, todo_id: str | None) -> None:
    # WHEN the id in the path is not a version 4 UUID THEN 400, whatever the body
    ev = event("PUT", {"done": True}, todo_id=todo_id)
    assert call(handler, ev)[:2] == (400, {"error": "id must be a version 4 UUID"})


@pytest.mark.parametrize("handler", HANDLERS_WITH_ID, ids=lambda h: h.__name__)
def test_unknown_id_is_404(table: Any, handler: Handler) -> None:
    # GIVEN a well-formed id that is not in the table
    # WHEN read, updated or deleted THEN 404, and an update does not create it
    ev = event("PUT", {"done": True}, todo_id=UNKNOWN_ID)
    assert call(handler, ev)[:2] == (404, {"error": f"todo {UNKNOWN_ID} not found"})
    assert table.scan()["Count"] == 0


BAD_LIMIT = "limit must be an integer from 1 to 100"
BAD_TOKEN = "next is not a valid pagination token"
BAD_QUERIES = [
    ("limit 0", {"limit": "0"}, BAD_LIMIT),
    ("limit 101", {"limit": "101"}, BAD_LIMIT),
    ("limit negative", {"limit": "-1"}, BAD_LIMIT),
    ("limit empty", {"limit": ""}, BAD_LIMIT),
    ("limit word", {"limit": "ten"}, BAD_LIMIT),
    ("limit decimal", {"limit": "2.5"}, BAD_LIMIT),
    ("limit repeated", {"limit": "2,3"}, BAD_LIMIT),
    ("limit superscript", {"limit": "²"}, BAD_LIMIT),
    ("limit 5000 digits", {"limit": "9" * 5000}, BAD_LIMIT),
    ("next not base64", {"next": "@@@"}, BAD_TOKEN),
    ("next not JSON", {"next": "aGk"}, BAD_TOKEN),
    ("next JSON list", {"next": b64_of_json([UNKNOWN_ID])}, BAD_TOKEN),
    ("next without id", {"next": b64_of_json({})}, BAD_TOKEN),
    ("next with empty id", {"next": b64_of_json({"id": ""})}, BAD_TOKEN),
    ("next with non-uuid id", {"next": b64_of_json({"id": "x"})}, BAD_TOKEN),
    ("next with numeric id", {"next": b64_of_json({"id": 1})}, BAD_TOKEN),
    ("next with extra key", {"next": b64_of_json({"id": UNKNOWN_ID, "x": 1})}, BAD_TOKEN),
    ("next too long", {"next": "A" * 5000}, BAD_TOKEN),
]


@pytest.mark.parametrize(
    ("query", "message"), [c[1:] for c in BAD_QUERIES], ids=[c[0] for c in BAD_QUERIES]
)
def test_list_rejects_bad_query(table: Any, query: dict[str, str], message: str) -> None:
    # GIVEN a todo WHEN listed with a bad limit or token THEN 400 saying which
    create()
    assert call(todos_api.list_todos, event(query=query))[:2] == (400, {"error": message})


# --- server failures -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handler", "ev"),
    [
        (todos_api.list_todos, event()),
        (todos_api.get_todo, event(todo_id=UNKNOWN_ID)),
        (todos_api.create_todo, event("POST", {"title": "a"})),
        (todos_api.update_todo, event("PUT", {"done": True}, todo_id=UNKNOWN_ID)),
        (todos_api.delete_todo, event("DELETE", todo_id=UNKNOWN_ID)),
    ],
    ids=["list", "get", "create", "update", "delete"],
)
def test_dynamodb_failure_is_a_logged_generic_500(
    table: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    handler: Handler,
    ev: dict[str, Any],
) -> None:
    # GIVEN TABLE_NAME names a table that does not exist
    monkeypatch.setenv("TABLE_NAME", "no-such-table")
    # WHEN any handler runs
    with caplog.at_level(logging.ERROR, logger="todos_api"):
        status, body, _ = call(handler, ev)
    # THEN 500 with a generic message, and one structured log line with the traceback
    assert (status, body) == (500, {"error": "internal error"})
    [record] = caplog.records
    line = json.loads(record.getMessage())
    assert line["handler"] == handler.__name__
    assert line["error"] == "ResourceNotFoundException"
    assert line["path"] == ev["requestContext"]["http"]["path"]
    assert record.exc_info is not None
