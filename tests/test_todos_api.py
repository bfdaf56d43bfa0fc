"""Todo API handlers against moto DynamoDB: happy paths and every bad input -> 4xx JSON."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import todos_api
from moto import mock_aws


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name, value in {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "TABLE_NAME": "todos",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(todos_api, "_table", None)
    with mock_aws():
        boto3.client("dynamodb").create_table(
            TableName="todos",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield boto3.resource("dynamodb").Table("todos")


def event(
    body: Any = None,
    *,
    todo_id: str | None = None,
    query: dict[str, str] | None = None,
    raw: str | None = None,
    base64_body: bool = False,
) -> dict[str, Any]:
    text = raw if raw is not None else (None if body is None else json.dumps(body))
    if base64_body and text is not None:
        text = base64.b64encode(text.encode()).decode()
    return {
        "version": "2.0",
        "body": text,
        "isBase64Encoded": base64_body,
        "pathParameters": {"id": todo_id} if todo_id is not None else None,
        "queryStringParameters": query,
        "requestContext": {"http": {"method": "GET"}},
    }


def call(fn: Any, ev: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    response = fn(ev, None)
    assert response["headers"]["content-type"] == "application/json"
    body = json.loads(response["body"]) if response["body"] else None
    return response["statusCode"], body, response["headers"]


def create(title: str = "milk", **extra: Any) -> dict[str, Any]:
    status, body, _ = call(todos_api.create_todo, event({"title": title, **extra}))
    assert status == 201
    return body  # type: ignore[no-any-return]


# --- happy paths ---------------------------------------------------------------------------


def test_create_get_update_delete(table: Any) -> None:
    # GIVEN a created todo
    status, todo, headers = call(todos_api.create_todo, event({"title": "  buy milk "}))
    assert status == 201
    assert todo["title"] == "buy milk" and todo["done"] is False
    assert uuid.UUID(todo["id"]).version == 4
    assert headers["location"] == f"/todos/{todo['id']}"
    # WHEN read, updated, deleted THEN each answers as specified
    assert call(todos_api.get_todo, event(todo_id=todo["id"]))[:2] == (200, todo)
    status, updated, _ = call(todos_api.update_todo, event({"done": True}, todo_id=todo["id"]))
    assert status == 200 and updated["done"] is True and "updated_at" in updated
    assert call(todos_api.delete_todo, event(todo_id=todo["id"]))[:2] == (204, None)
    assert call(todos_api.get_todo, event(todo_id=todo["id"]))[0] == 404


def test_base64_body_is_decoded(table: Any) -> None:
    status, todo, _ = call(todos_api.create_todo, event({"title": "b64"}, base64_body=True))
    assert status == 201 and todo["title"] == "b64"


def test_list_paginates_with_an_opaque_token(table: Any) -> None:
    created = {create(f"t{i}")["id"] for i in range(5)}
    seen: list[str] = []
    query: dict[str, str] = {"limit": "2"}
    for _ in range(10):
        status, page, _ = call(todos_api.list_todos, event(query=query))
        assert status == 200 and len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        if not page["next"]:
            break
        query = {"limit": "2", "next": page["next"]}
    assert sorted(seen) == sorted(created)


# --- bad input ------------------------------------------------------------------------------

MISSING = str(uuid.uuid4())
BAD_CREATE = [
    ("no body", event(), 400, "request body is required"),
    ("bad json", event(raw="{not json"), 400, "not valid JSON"),
    ("bad base64", {**event(raw="%%%"), "isBase64Encoded": True}, 400, "not valid JSON"),
    ("array body", event([1, 2]), 400, "must be a JSON object"),
    ("missing title", event({"done": True}), 422, "missing field(s): title"),
    ("title not str", event({"title": True}), 422, "field 'title' must be a str"),
    ("done not bool", event({"title": "a", "done": 1}), 422, "field 'done' must be a bool"),
    ("unknown field", event({"title": "a", "owner": "me"}), 422, "unknown field(s): owner"),
    ("blank title", event({"title": "   "}), 422, "must not be blank"),
    ("long title", event({"title": "x" * 201}), 422, "at most 200 characters"),
]


@pytest.mark.parametrize(
    ("ev", "status", "message"), [c[1:] for c in BAD_CREATE], ids=[c[0] for c in BAD_CREATE]
)
def test_create_rejects_bad_input(
    table: Any, ev: dict[str, Any], status: int, message: str
) -> None:
    code, body, _ = call(todos_api.create_todo, ev)
    assert code == status and message in body["error"]
    assert table.scan()["Count"] == 0


BAD_ID = [
    ("not a uuid", "42"),
    ("uuid1", str(uuid.uuid1())),
    ("missing", None),
]


@pytest.mark.parametrize("todo_id", [c[1] for c in BAD_ID], ids=[c[0] for c in BAD_ID])
@pytest.mark.parametrize("fn", [todos_api.get_todo, todos_api.delete_todo, todos_api.update_todo])
def test_malformed_id_is_400(table: Any, fn: Any, todo_id: str | None) -> None:
    code, body, _ = call(fn, event({"done": True}, todo_id=todo_id))
    assert (code, body) == (400, {"error": "id must be a UUID"})


@pytest.mark.parametrize("fn", [todos_api.get_todo, todos_api.delete_todo, todos_api.update_todo])
def test_unknown_id_is_404(table: Any, fn: Any) -> None:
    code, body, _ = call(fn, event({"done": True}, todo_id=MISSING))
    assert (code, body) == (404, {"error": f"todo {MISSING} not found"})
    assert table.scan()["Count"] == 0  # update did not create it


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "give at least one of"),
        ({"done": "yes"}, "field 'done' must be a bool"),
        ({"id": "x"}, "unknown field(s): id"),
    ],
)
def test_update_rejects_bad_bodies(table: Any, body: Any, message: str) -> None:
    todo = create()
    code, error, _ = call(todos_api.update_todo, event(body, todo_id=todo["id"]))
    assert code == 422 and message in error["error"]


@pytest.mark.parametrize(
    "query",
    [{"limit": "0"}, {"limit": "101"}, {"limit": "ten"}, {"next": "@@@"}, {"next": "e30"}],
    ids=["zero", "too big", "not a number", "garbage token", "token without id"],
)
def test_list_rejects_bad_query(table: Any, query: dict[str, str]) -> None:
    code, body, _ = call(todos_api.list_todos, event(query=query))
    assert code == 400 and ("limit" in body["error"] or "pagination token" in body["error"])


def test_server_failure_is_a_generic_500(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN the table does not exist
    monkeypatch.setenv("TABLE_NAME", "missing-table")
    # THEN a 500 with no detail leaked
    code, body, _ = call(todos_api.get_todo, event(todo_id=MISSING))
    assert (code, body) == (500, {"error": "internal error"})
