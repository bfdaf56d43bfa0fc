"""A SAM function's ``Events:`` map given as ``routes`` (``{"ListOrders": {"Type":
"HttpApi", "Properties": {"Path": "/orders", "Method": "get"}}}``): the event's name is no
route key and its value no Handler. The fix is the route it describes. Pure logic, no
aws_cdk import."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["sam_event_fix"]

# SAM's API event types: an HTTP API's, and a REST API's (whose routes move too)
_API_EVENTS = ("HttpApi", "Api")


def sam_event_fix(value: object) -> str | None:
    """``write {'GET /orders': Handler(...)}`` when ``value`` is a SAM API event with its
    ``Path`` and ``Method``; else None."""
    if not isinstance(value, Mapping) or value.get("Type") not in _API_EVENTS:
        return None
    properties = value.get("Properties")
    if not isinstance(properties, Mapping):
        return None
    path, method = properties.get("Path"), properties.get("Method")
    if not isinstance(path, str) or not isinstance(method, str):
        return None
    method = "ANY" if method.lower() == "any" else method.upper()
    return (
        f"write {{'{method} {path}': Handler(code=..., entry=...)}}: a route's key is the "
        f"event's Method and Path, its value the function's Handler (SAM's Events: map is "
        "not written here)"
    )
