"""Which request bodies an HTTP API hands a function base64-encoded (pure, stdlib only).

API Gateway (payload format 2.0) passes a body on as text only when its media type is
``text/*``, ``application/json``, ``application/xml`` or ``application/javascript``; any
other (a form, ``application/x-www-form-urlencoded``, as Slack and many webhook senders
post, a ``multipart/form-data`` upload, ``application/octet-stream``, an image, and a
structured suffix such as ``application/vnd.api+json`` or ``application/problem+json``,
which is not ``application/json``) arrives base64-encoded with ``isBase64Encoded`` true.
AWS does not list the types; these were observed on HTTP APIs. A request without a
content type (which API Gateway encodes too) is not judged: the caller says with
``binary=``.
"""

from __future__ import annotations

__all__ = ["base64_by_api_gateway"]

_TEXT_TYPES = frozenset({"application/json", "application/xml", "application/javascript"})


def base64_by_api_gateway(content_type: str | None) -> bool | None:
    """True for a content type whose body API Gateway base64-encodes, False for a text
    one, None when not known (no content type, or an empty one)."""
    if content_type is None:
        return None
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not media_type:
        return None
    return not (media_type.startswith("text/") or media_type in _TEXT_TYPES)
