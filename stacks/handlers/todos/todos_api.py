"""Lambda handlers of the demo todo API (API Gateway HTTP API, payload format 2.0).

Status codes: 400 for a malformed request (bad JSON, body not an object, bad query
parameter, malformed id), 422 for a well-formed body that breaks the schema (missing
field, wrong type, unknown field, blank or too long title), 404 for an unknown id, 500
only for a server-side failure, with a generic body. Every body is JSON; errors are
``{"error": "<message>"}``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

import boto3
from botocore.exceptions import ClientError

logger = logging.getLogger()
logger.setLevel(logging.INFO)

TITLE_MAX = 200
LIMIT_DEFAULT, LIMIT_MAX = 25, 100
FIELDS = {"title": str, "done": bool}

Event = dict[str, Any]
Response = dict[str, Any]


class HttpError(Exception):
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


def api(fn: Callable[[Event], Response]) -> Callable[[Event, Any], Response]:
    """Turns HttpError into its 4xx and any other exception into a logged, generic 500."""

    @wraps(fn)
    def wrapper(event: Event, context: Any) -> Response:
        try:
            return fn(event)
        except HttpError as exc:
            return respond(exc.status, {"error": exc.message})
        except Exception:
            logger.exception(json.dumps({"message": "unhandled error", "handler": fn.__name__}))
            return respond(500, {"error": "internal error"})

    return wrapper


# --- request parsing -------------------------------------------------------------------


def _body(event: Event) -> dict[str, Any]:
    raw = event.get("body")
    if raw is None or raw == "":
        raise HttpError(400, "request body is required")
    try:
        if event.get("isBase64Encoded"):
            raw = base64.b64decode(raw, validate=True).decode("utf-8")
        body = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise HttpError(400, "request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise HttpError(400, "request body must be a JSON object")
    return body


def _check_fields(body: dict[str, Any], *, required: tuple[str, ...]) -> dict[str, Any]:
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise HttpError(422, f"unknown field(s): {', '.join(unknown)}")
    missing = [name for name in required if name not in body]
    if missing:
        raise HttpError(422, f"missing field(s): {', '.join(missing)}")
    if not body:
        raise HttpError(422, f"give at least one of: {', '.join(FIELDS)}")
    for name, value in body.items():
        # bool is a subclass of int, and True is not a title: compare types exactly.
        if type(value) is not FIELDS[name]:
            raise HttpError(422, f"field '{name}' must be a {FIELDS[name].__name__}")
    if "title" in body:
        title = body["title"].strip()
        if not title:
            raise HttpError(422, "field 'title' must not be blank")
        if len(title) > TITLE_MAX:
            raise HttpError(422, f"field 'title' must be at most {TITLE_MAX} characters")
        body = {**body, "title": title}
    return body


def _todo_id(event: Event) -> str:
    raw = (event.get("pathParameters") or {}).get("id", "")
    try:
        parsed = uuid.UUID(raw)
    except (ValueError, AttributeError, TypeError):
        raise HttpError(400, "id must be a UUID") from None
    if str(parsed) != raw.lower() or parsed.version != 4:
        raise HttpError(400, "id must be a UUID")
    return str(parsed)


def _query(event: Event) -> tuple[int, dict[str, Any] | None]:
    params = event.get("queryStringParameters") or {}
    limit_raw = params.get("limit", str(LIMIT_DEFAULT))
    if not limit_raw.isdigit() or not 1 <= int(limit_raw) <= LIMIT_MAX:
        raise HttpError(400, f"limit must be an integer from 1 to {LIMIT_MAX}")
    start = None
    if params.get("next"):
        try:
            padded = params["next"] + "=" * (-len(params["next"]) % 4)
            start = json.loads(base64.urlsafe_b64decode(padded))
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise HttpError(400, "next is not a valid pagination token") from None
        if not isinstance(start, dict) or set(start) != {"id"} or not isinstance(start["id"], str):
            raise HttpError(400, "next is not a valid pagination token")
    return int(limit_raw), start


def _token(last_key: dict[str, Any] | None) -> str | None:
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


def _conditional_failure(exc: ClientError) -> bool:
    return exc.response["Error"]["Code"] == "ConditionalCheckFailedException"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- handlers --------------------------------------------------------------------------


@api
def list_todos(event: Event) -> Response:
    limit, start = _query(event)
    kwargs: dict[str, Any] = {"Limit": limit}
    if start:
        kwargs["ExclusiveStartKey"] = start
    page = table().scan(**kwargs)
    return respond(200, {"items": page["Items"], "next": _token(page.get("LastEvaluatedKey"))})


@api
def get_todo(event: Event) -> Response:
    todo_id = _todo_id(event)
    item = table().get_item(Key={"id": todo_id}).get("Item")
    if item is None:
        raise HttpError(404, f"todo {todo_id} not found")
    return respond(200, item)


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
    names = {f"#{k}": k for k in changes}
    values = {f":{k}": v for k, v in changes.items()}
    try:
        result = table().update_item(
            Key={"id": todo_id},
            UpdateExpression="SET " + ", ".join(f"#{k} = :{k}" for k in changes),
            ConditionExpression="attribute_exists(id)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
        )
    except ClientError as exc:
        if _conditional_failure(exc):
            raise HttpError(404, f"todo {todo_id} not found") from None
        raise
    return respond(200, result["Attributes"])


@api
def delete_todo(event: Event) -> Response:
    todo_id = _todo_id(event)
    try:
        table().delete_item(Key={"id": todo_id}, ConditionExpression="attribute_exists(id)")
    except ClientError as exc:
        if _conditional_failure(exc):
            raise HttpError(404, f"todo {todo_id} not found") from None
        raise
    return {"statusCode": 204, "headers": {"content-type": "application/json"}, "body": ""}
