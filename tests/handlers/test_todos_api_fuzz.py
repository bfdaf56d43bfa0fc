"""Fuzz of the todo API handlers (seeded, tests/runtime_fuzz.py), against a moto table.

Random HTTP API (payload 2.0) events go to every handler, whatever its route: methods,
paths, ids, query strings, bodies (JSON of every type, not JSON, nested too deeply, huge,
non-Unicode), the base64 flag with invalid base64, content types, fields of a wrong type.
Every answer must be one of the handler's documented statuses, JSON with
``content-type: application/json``, errors ``{"error": <short message>}``; never a 500 or
an exception. Requests built to be valid must succeed.
"""

from __future__ import annotations

import base64
import json
import random
import uuid
from collections.abc import Callable
from typing import Any

import todos_api

from tests.handlers.test_todos_api import UNKNOWN_ID, mocked_table, table
from tests.runtime_fuzz import SEED, base64_text, case, hostile, json_text, mutate, text, value

__all__ = ["mocked_table", "table"]  # fixtures, re-used from the main spec module

EVENTS, VALID_EVENTS = 600, 150
#: The longest error body a client gets (a message, never the request echoed back).
ERROR_MAX = 4096
Handler = Callable[[Any, Any], dict[str, Any]]
HANDLERS: dict[str, tuple[Handler, set[int]]] = {
    "list": (todos_api.list_todos, {200, 400}),
    "get": (todos_api.get_todo, {200, 400, 404}),
    "create": (todos_api.create_todo, {201, 400, 422}),
    "update": (todos_api.update_todo, {200, 400, 404, 422}),
    "delete": (todos_api.delete_todo, {204, 400, 404}),
}
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "get", "")
CONTENT_TYPES = ("application/json", "text/plain", "application/x-www-form-urlencoded", "")


def _todo_id(rng: random.Random, known: list[str]) -> str:
    some = str(uuid.UUID(int=rng.getrandbits(128)))  # any version, mostly not 4
    if rng.random() < 0.5:
        return rng.choice(known) if known and rng.random() < 0.7 else UNKNOWN_ID
    return rng.choice(
        (
            UNKNOWN_ID.upper(),
            "{" + UNKNOWN_ID + "}",
            "urn:uuid:" + UNKNOWN_ID,
            UNKNOWN_ID.replace("-", ""),
            some,
            text(rng),
        )
    )


def _fields(rng: random.Random) -> Any:
    """A create/update body: the todo's fields, some of the wrong type, or anything."""
    if rng.random() < 0.2:
        return value(rng)
    body: dict[str, Any] = {}
    if rng.random() < 0.8:
        body["title"] = rng.choice((text(rng), "  ok  ", "a" * 201, hostile(rng, jsonable=True)))
    if rng.random() < 0.5:
        body["done"] = rng.choice((True, False, 1, "true", None, hostile(rng, jsonable=True)))
    if rng.random() < 0.2:
        body[text(rng)] = value(rng)
    if rng.random() < 0.02:  # many unknown fields, long names
        body.update({f"{text(rng)[:2000]}{n}": n for n in range(rng.choice((50, 5000)))})
    return body


def _body(rng: random.Random) -> tuple[str | None, bool]:
    raw = json.dumps(_fields(rng)) if rng.random() < 0.6 else json_text(rng)
    roll = rng.random()
    if roll < 0.1:
        return None, rng.random() < 0.5
    if roll < 0.25:
        return base64_text(rng, raw), True
    return raw, False


def _query(rng: random.Random) -> dict[str, str] | None:
    if rng.random() < 0.4:
        return None
    query: dict[str, str] = {}
    if rng.random() < 0.6:
        query["limit"] = rng.choice(("1", "100", "101", "0", "-1", " 5", "\u0665", text(rng)))
    if rng.random() < 0.5:
        token = json.dumps(rng.choice(({"id": UNKNOWN_ID}, {"id": text(rng)}, value(rng))))
        query["next"] = rng.choice(
            (base64.urlsafe_b64encode(token.encode()).decode().rstrip("="), text(rng), "=")
        )
    return query


def _event(rng: random.Random, known: list[str]) -> Any:
    method = rng.choice(METHODS)
    todo_id = _todo_id(rng, known) if rng.random() < 0.7 else None
    path = "/todos" if todo_id is None else f"/todos/{todo_id}"
    body, b64 = _body(rng)
    event = {
        "version": "2.0",
        "routeKey": f"{method} {path}",
        "rawPath": path,
        "rawQueryString": "",
        "headers": {"content-type": rng.choice((*CONTENT_TYPES, text(rng)))},
        "requestContext": {"http": {"method": method, "path": path}},
        "pathParameters": None if todo_id is None else {"id": todo_id},
        "queryStringParameters": _query(rng),
        "body": body,
        "isBase64Encoded": b64,
    }
    if rng.random() < 0.1:
        fields = ("requestContext", "pathParameters", "queryStringParameters", "body", "headers")
        return mutate(rng, event, (*fields, "isBase64Encoded"))
    if rng.random() < 0.02:
        return hostile(rng)
    return event


def _answer(name: str, event: Any, index: int) -> tuple[int, Any]:
    handler, statuses = HANDLERS[name]
    response = handler(event, None)
    where = f"case {index}: {name}"
    assert set(response) == {"statusCode", "headers", "body"}, where
    assert response["headers"]["content-type"] == "application/json", where
    status = response["statusCode"]
    assert status in statuses, f"{where} answered {status}: {response['body'][:300]}"
    if status == 204:
        assert response["body"] == "", where
        return status, None
    body = json.loads(response["body"])
    if status >= 400:
        assert set(body) == {"error"} and isinstance(body["error"], str), where
        assert len(response["body"]) <= ERROR_MAX, f"{where}: {len(response['body'])} chars"
    return status, body


def test_every_request_gets_a_documented_answer(table: Any) -> None:
    known: list[str] = []
    for index in range(EVENTS):
        rng = case(SEED, index)
        name = rng.choice(tuple(HANDLERS))
        status, body = _answer(name, _event(rng, known), index)
        if status == 201:
            known.append(body["id"])


def _valid_title(rng: random.Random) -> str:
    title = "".join(rng.choice("aZ09 é😀-_\t") for _ in range(rng.randint(1, 200)))
    return title if title.strip() else title + "x"


def test_valid_requests_succeed(table: Any) -> None:
    known: list[str] = []
    for index in range(VALID_EVENTS):
        rng = case(SEED, index)
        fields: dict[str, Any] = {"title": " " + _valid_title(rng)[:199]}
        if rng.random() < 0.5:
            fields["done"] = rng.random() < 0.5
        raw = json.dumps(fields, ensure_ascii=rng.random() < 0.5)
        b64 = rng.random() < 0.3
        body = base64.b64encode(raw.encode()).decode() if b64 else raw
        event: dict[str, Any] = {"body": body, "isBase64Encoded": b64}
        name = "create" if not known else rng.choice(tuple(HANDLERS))
        if name in ("get", "update", "delete"):
            event["pathParameters"] = {"id": known.pop() if name == "delete" else known[-1]}
        if name == "list":
            event["queryStringParameters"] = {"limit": str(rng.randint(1, 100))}
        status, answer = _answer(name, event, index)
        assert status in (200, 201, 204), f"case {index}: {name} answered {status}: {answer}"
        if name == "create":
            known.append(answer["id"])
            assert answer["title"] == fields["title"].strip()
