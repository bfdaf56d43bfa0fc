"""Says hello; the whole handler of the example app.

API Gateway sends an event object whose ``pathParameters`` holds strings; anything else
(a direct invoke, a test event) gets a 400 with a JSON error, never a 500.
"""

import json
from typing import Any


def handler(event: Any, context: Any) -> dict[str, Any]:
    name = _name(event)
    if name is None:
        return _answer(400, {"error": "malformed event: expected an HTTP API request"})
    return _answer(200, {"message": f"hello, {name[:64]}"})


def _name(event: Any) -> str | None:
    """The ``{name}`` path parameter ("world" without one); None for a malformed event."""
    if not isinstance(event, dict):
        return None
    params = event.get("pathParameters") or {}
    name = params.get("name", "world") if isinstance(params, dict) else None
    return name if isinstance(name, str) else None


def _answer(status: int, body: dict[str, str]) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(body),
    }
