"""Lambda handlers of the demo todo API (API Gateway HTTP API, payload format 2.0).

Routes: ``GET /todos`` -> :func:`list_todos`, ``GET /todos/{id}`` -> :func:`get_todo`,
``POST /todos`` -> :func:`create_todo`, ``PUT /todos/{id}`` -> :func:`update_todo`,
``DELETE /todos/{id}`` -> :func:`delete_todo`. Environment: ``TABLE_NAME``, a DynamoDB
table with the string partition key ``id``.

A todo is ``{"id", "title", "done", "created_at"}`` plus ``updated_at`` once updated;
ids are version 4 UUIDs and times ISO-8601 UTC (``2025-01-31T12:00:00Z``). Titles are
stripped of surrounding whitespace, then must hold 1 to 200 characters.

``GET /todos`` takes ``limit`` (1..100, default 25) and ``next``, the opaque token of the
previous page, and answers ``{"items": [...], "next": token or null}``. Items come in
table (scan) order, not by creation time.

A body's UTF-8 byte order mark is skipped, whether API Gateway passed the body as text or
base64-encoded (which it picks by the request's content type).

Status codes: 400 for a malformed request (no body, body not valid base64/UTF-8/JSON or
nested too deeply, body not a JSON object, malformed id, bad ``limit`` or ``next``, or an
event of a shape API Gateway never sends: not an object, ``requestContext``,
``requestContext.http``, ``pathParameters`` or ``queryStringParameters`` not an object or
with non-string values, ``body`` not a string, ``isBase64Encoded`` not a boolean; absent
or null is fine for each, as API Gateway sends them); 422
for a well-formed body that breaks the schema (missing field, wrong type, unknown field
(the message names the first five, cut to 30 characters), blank, too long or non-Unicode
title, empty update); 404 for an unknown id; 500 only for
a server-side failure, logged and answered with a generic message. Every response has
``content-type: application/json``; errors are ``{"error": "<message>"}``; 204 has an
empty body.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

import boto3
from botocore.exceptions import ClientError

logger = logging.getLogger("todos_api")

TITLE_MAX = 200
LIMIT_DEFAULT, LIMIT_MAX = 25, 100
FIELDS: dict[str, tuple[type, str]] = {"title": (str, "a string"), "done": (bool, "a boolean")}
ITEM_FIELDS = ("id", "title", "done", "created_at", "updated_at")
_LIMIT = re.compile(r"[0-9]{1,3}")  # ASCII digits only: str.isdigit() also accepts "²"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,1024}")

Event = dict[str, Any]
Response = dict[str, Any]


class HttpError(Exception):
    """A client error: answered with ``status`` and ``{"error": message}``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def respond(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Response:
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json", **(headers or {})},
        "body": "" if body is None else json.dumps(body),
    }


def api(fn: Callable[[Event], Response]) -> Callable[[Any, Any], Response]:
    """Turns HttpError into its 4xx and any other exception into a logged, generic 500."""

    @wraps(fn)
    def handler(event: Any, context: Any) -> Response:
        try:
            return fn(_checked_event(event))
        except HttpError as exc:
            return respond(exc.status, {"error": exc.message})
        except Exception as exc:
            method, path = _method_and_path(event)
            log_line = {
                "message": "unhandled error",
                "handler": fn.__name__,
                "method": method,
                "path": path,
                "request_id": getattr(context, "aws_request_id", None),
                "error": type(exc).__name__,
            }
            logger.exception(json.dumps(log_line))
            return respond(500, {"error": "internal error"})

    return handler


# --- request parsing -------------------------------------------------------------------

_OBJECT_FIELDS = ("requestContext", "pathParameters", "queryStringParameters")
_STRING_MAPS = ("pathParameters", "queryStringParameters")


def _checked_event(event: Any) -> Event:
    """``event`` if it has the shape of an HTTP API (payload 2.0) event; else HttpError 400.

    Only what the handlers read is checked; absent or null fields are fine.
    """
    if not isinstance(event, dict):
        raise HttpError(400, "malformed event: it must be a JSON object")
    for name in _OBJECT_FIELDS:
        if event.get(name) is not None and not isinstance(event[name], dict):
            raise HttpError(400, f"malformed event: '{name}' must be an object")
    http = (event.get("requestContext") or {}).get("http")
    if http is not None and not isinstance(http, dict):
        raise HttpError(400, "malformed event: 'requestContext.http' must be an object")
    for name in _STRING_MAPS:
        if not all(isinstance(value, str) for value in (event.get(name) or {}).values()):
            raise HttpError(400, f"malformed event: '{name}' values must be strings")
    if event.get("body") is not None and not isinstance(event["body"], str):
        raise HttpError(400, "malformed event: 'body' must be a string")
    if event.get("isBase64Encoded") is not None and not isinstance(event["isBase64Encoded"], bool):
        raise HttpError(400, "malformed event: 'isBase64Encoded' must be a boolean")
    return event


def _method_and_path(event: Any) -> tuple[str | None, str | None]:
    """The request's method and path for a log line; None where the event lacks them."""
    context = event.get("requestContext") if isinstance(event, dict) else None
    http = context.get("http") if isinstance(context, dict) else None
    if not isinstance(http, dict):
        return None, None
    method, path = http.get("method"), http.get("path")
    return (
        method if isinstance(method, str) else None,
        path if isinstance(path, str) else None,
    )


def _body(event: Event) -> dict[str, Any]:
    raw = event.get("body")
    if raw is None or raw == "":
        raise HttpError(400, "request body is required")
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(raw, validate=True)
        except ValueError:  # binascii.Error
            raise HttpError(400, "request body is not valid base64") from None
    if isinstance(raw, str):  # a UTF-8 byte order mark, as json.loads skips a base64 body's
        raw = raw.removeprefix("\ufeff")
    try:
        body = json.loads(raw)  # bytes: UTF-8/16/32 detected, UnicodeDecodeError otherwise
    except ValueError:  # includes JSONDecodeError and UnicodeDecodeError
        raise HttpError(400, "request body is not valid JSON") from None
    except RecursionError:
        raise HttpError(400, "request body is nested too deeply") from None
    if not isinstance(body, dict):
        raise HttpError(400, "request body must be a JSON object")
    return body


def _check_fields(body: dict[str, Any], *, required: tuple[str, ...]) -> dict[str, Any]:
    """The validated fields of a create (``required=("title",)``) or update body."""
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise HttpError(422, f"unknown field(s): {_names(unknown)}")
    missing = [name for name in required if name not in body]
    if missing:
        raise HttpError(422, f"missing field(s): {', '.join(missing)}")
    if not body:
        raise HttpError(422, f"give at least one of: {', '.join(FIELDS)}")
    for name, value in body.items():
        expected, description = FIELDS[name]
        # bool is a subclass of int: compare types exactly, so True is no title and 1 no bool.
        if type(value) is not expected:
            raise HttpError(422, f"field '{name}' must be {description}")
    if "title" in body:
        title = body["title"].strip()
        if not title:
            raise HttpError(422, "field 'title' must not be blank")
        if len(title) > TITLE_MAX:
            raise HttpError(422, f"field 'title' must be at most {TITLE_MAX} characters")
        try:
            title.encode("utf-8")  # JSON "\ud800" decodes to a lone surrogate
        except UnicodeEncodeError:
            raise HttpError(422, "field 'title' must be valid Unicode") from None
        body = {**body, "title": title}
    return body


def _names(names: list[str], most: int = 5, width: int = 30) -> str:
    """The first ``most`` names, each cut to ``width`` characters: an error message names
    the problem, it does not echo a huge request back (a response over 6 MB is a 500)."""
    shown = [name if len(name) <= width else name[: width - 3] + "..." for name in names[:most]]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(shown) + more


def _uuid4(raw: Any) -> str | None:
    """``raw`` as a canonical (lowercase, dashed) version 4 UUID, or None."""
    if not isinstance(raw, str):
        return None
    try:
        parsed = uuid.UUID(raw)
    except ValueError:
        return None
    # UUID() also takes "{...}", "urn:uuid:..." and bare hex: accept the dashed form only.
    if str(parsed) != raw.lower() or parsed.version != 4:
        return None
    return str(parsed)


def _todo_id(event: Event) -> str:
    todo_id = _uuid4((event.get("pathParameters") or {}).get("id"))
    if todo_id is None:
        raise HttpError(400, "id must be a version 4 UUID")
    return todo_id


def _page_request(event: Event) -> tuple[int, dict[str, str] | None]:
    """``limit`` and ``ExclusiveStartKey`` from the query string."""
    params = event.get("queryStringParameters") or {}
    limit = params.get("limit", str(LIMIT_DEFAULT))
    if not _LIMIT.fullmatch(limit) or not 1 <= int(limit) <= LIMIT_MAX:
        raise HttpError(400, f"limit must be an integer from 1 to {LIMIT_MAX}")
    token = params.get("next")
    if not token:
        return int(limit), None
    start: Any = None
    if _TOKEN.fullmatch(token):
        with contextlib.suppress(ValueError, RecursionError):  # binascii.Error is a ValueError
            start = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    if not isinstance(start, dict) or set(start) != {"id"} or _uuid4(start["id"]) is None:
        raise HttpError(400, "next is not a valid pagination token")
    return int(limit), start


def _page_token(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    return base64.urlsafe_b64encode(json.dumps(last_key).encode()).decode().rstrip("=")


# --- data access -------------------------------------------------------------------------

_table: Any = None


def table() -> Any:
    """The DynamoDB table, created on first use (TABLE_NAME is read at call time)."""
    global _table
    name = os.environ["TABLE_NAME"]
    if _table is None or _table.name != name:
        _table = boto3.resource("dynamodb").Table(name)
    return _table


def _if_exists(todo_id: str, call: Callable[..., Any], **kwargs: Any) -> Any:
    """``call`` with the condition that the todo exists; HttpError 404 when it does not."""
    try:
        return call(Key={"id": todo_id}, ConditionExpression="attribute_exists(id)", **kwargs)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            raise HttpError(404, f"todo {todo_id} not found") from None
        raise


def _public(item: dict[str, Any]) -> dict[str, Any]:
    return {name: item[name] for name in ITEM_FIELDS if name in item}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- handlers --------------------------------------------------------------------------


@api
def list_todos(event: Event) -> Response:
    limit, start = _page_request(event)
    kwargs: dict[str, Any] = {"Limit": limit}
    if start:
        kwargs["ExclusiveStartKey"] = start
    page = table().scan(**kwargs)
    items = [_public(item) for item in page["Items"]]
    return respond(200, {"items": items, "next": _page_token(page.get("LastEvaluatedKey"))})


@api
def get_todo(event: Event) -> Response:
    todo_id = _todo_id(event)
    item = table().get_item(Key={"id": todo_id}).get("Item")
    if item is None:
        raise HttpError(404, f"todo {todo_id} not found")
    return respond(200, _public(item))


@api
def create_todo(event: Event) -> Response:
    body = _check_fields(_body(event), required=("title",))
    item = {
        "id": str(uuid.uuid4()),
        "title": body["title"],
        "done": body.get("done", False),
        "created_at": _now(),
    }
    table().put_item(Item=item, ConditionExpression="attribute_not_exists(id)")
    return respond(201, item, {"location": f"/todos/{item['id']}"})


@api
def update_todo(event: Event) -> Response:
    todo_id = _todo_id(event)
    changes = {**_check_fields(_body(event), required=()), "updated_at": _now()}
    result = _if_exists(
        todo_id,
        table().update_item,
        UpdateExpression="SET " + ", ".join(f"#{name} = :{name}" for name in changes),
        ExpressionAttributeNames={f"#{name}": name for name in changes},
        ExpressionAttributeValues={f":{name}": value for name, value in changes.items()},
        ReturnValues="ALL_NEW",
    )
    return respond(200, _public(result["Attributes"]))


@api
def delete_todo(event: Event) -> Response:
    _if_exists(_todo_id(event), table().delete_item)
    return respond(204)
