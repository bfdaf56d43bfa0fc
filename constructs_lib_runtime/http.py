"""The request and the response of an API handler (a ServerlessApi route's, a REST API's
or a function URL's), standard library only.

    from constructs_lib_runtime.http import json_body, json_response

    def handler(event, context):
        request = json_body(event)
        if request.error is not None:        # not JSON: a 400 saying why
            return request.error
        return json_response(201, {"id": store(request.value)})

A sender's mistake (a body that is not JSON, not base64 where the event says it is) is
the sender's 4xx, never the handler's exception, which API Gateway answers with a 500.
A mistake in the handler's own code (a status that is no HTTP status, a body that cannot
be JSON) stays an exception: it is the handler's to fix.
"""

from __future__ import annotations

import base64
import json
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, overload

from constructs_lib_runtime._authorizer import (
    AuthorizerContext,
    NoAuthorizerContext,
    authorizer_context,
)
from constructs_lib_runtime._json import json_number, loads
from constructs_lib_runtime._kinds import kind_of

__all__ = [
    "AuthorizerContext",
    "JsonBody",
    "NoAuthorizerContext",
    "authorizer_context",
    "header",
    "json_body",
    "json_response",
    "raw_body",
]

Event = Mapping[str, Any]


def raw_body(event: Event) -> bytes:
    """The request's body as the sender sent it: the bytes a signature is computed over.

    API Gateway and function URLs hand a body they take for text as a string (its UTF-8
    bytes are returned) and any other base64-encoded with ``isBase64Encoded`` true
    (decoded). No body (a GET) is ``b""``. ValueError for a body the event says is base64
    and is not, or a text body holding a lone surrogate (API Gateway sends neither);
    TypeError for an ``isBase64Encoded`` that is no boolean (a hand-built event's
    ``"false"``, which read as true).
    """
    body = _event(event, "raw_body").get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise ValueError(
            f"the event's body is {kind_of(body)}, not a string. Fix: pass the event "
            "as API Gateway sends it (its body a string, or null)"
        )
    if not _base64_encoded(event):
        try:
            return body.encode()
        except UnicodeEncodeError:  # a lone surrogate: "\ud800" in the event's JSON
            raise ValueError(
                "the event's body is not valid Unicode text. Fix: send the body as UTF-8 "
                "text (a surrogate escape of the event's JSON with its pair)"
            ) from None
    try:
        return base64.b64decode(body, validate=True)
    except ValueError:  # binascii.Error, or a non-ASCII character (Python's own words)
        raise ValueError(
            "the event's body is marked isBase64Encoded but is not base64. Fix: encode the "
            "body with base64.b64encode(body).decode(), or set isBase64Encoded to false"
        ) from None


# A str default is what a header absent gives: the value is then a str (typed so, mypy
# --strict takes ``kind: str = header(event, "content-type", "application/json")``)
@overload
def header(event: Event, name: str) -> str | None: ...
@overload
def header(event: Event, name: str, default: str) -> str: ...
@overload
def header(event: Event, name: str, default: str | None) -> str | None: ...
def header(event: Event, name: str, default: str | None = None) -> str | None:
    """The request header ``name`` whatever the case of its name: an HTTP API (payload
    format 2.0) and a function URL send names lower-cased, a REST API as the sender spelt
    them. A header sent twice is one value, joined by commas (as an HTTP API joins it; a
    REST API's ``headers`` keep only the last, its ``multiValueHeaders`` each one, read
    here). The ``Cookie`` header of an HTTP API's request (payload format 2.0), whose
    cookies API Gateway moves into the event's ``cookies``, is those cookies joined by
    ``"; "``, as the header had them. ``default`` when the request has no such header."""
    _event(event, "header")
    if not isinstance(name, str):
        raise TypeError(
            f"header: name is {kind_of(name)}, not a header's name. "
            "Fix: pass it as a str, e.g. header(event, 'x-signature')"
        )
    wanted = name.lower()
    values: list[str] = []
    for field, listed in (("multiValueHeaders", True), ("headers", False)):
        headers = event.get(field)
        if not isinstance(headers, Mapping):  # a REST API's event without headers has None
            continue
        for key, value in headers.items():
            if isinstance(key, str) and key.lower() == wanted:
                values += value if listed and isinstance(value, list) else [value]
        if values:
            break
    values = [value for value in values if isinstance(value, str)]
    cookies = event.get("cookies")
    if not values and wanted == "cookie" and isinstance(cookies, list):
        # payload 2.0 moves the Cookie headers' cookies into a list of their own
        values = [cookie for cookie in cookies if isinstance(cookie, str)]
        return "; ".join(values) if values else default
    return ",".join(values) if values else default


@dataclass(frozen=True)
class JsonBody:
    """A request's body parsed as JSON: ``value``, or ``error``, the 400 response to return
    as it is when the body is missing or not JSON (``value`` is None then)."""

    value: Any
    """The body parsed as JSON; None when it is missing or not JSON (see ``error``)."""
    error: dict[str, Any] | None
    """The 400 response to return as it is when the body is missing or not JSON; else None."""


def json_body(event: Event) -> JsonBody:
    """The request's JSON body (the raw body, base64 honoured, parsed as
    :func:`constructs_lib_runtime.sqs_batch.json_body` parses a record's: ``NaN``,
    ``Infinity``, a number beyond a float's range or of over 4300 digits, a string that is
    not valid Unicode and bodies nested more than 100 levels are refused too), whatever
    its ``content-type`` says. Never raises for what the sender sent: an empty, non-JSON
    or undecodable body gives ``error``, a 400 ``{"message": ...}`` saying why (and, for
    a body sent as another type than JSON, that type) and ending in a ``Fix:`` sentence
    for the sender, and ``value`` None. ``null`` is a value (None), not an error."""
    _event(event, "json_body")
    sent_as, fix = _sent_as(event)
    try:
        raw = raw_body(event)
        if not raw.strip():
            message = f"the request has no body. Fix: {_SEND_JSON}"
            return JsonBody(None, json_response(400, {"message": message}))
        return JsonBody(loads(raw, "the request's body", fix, sent_as=sent_as), None)
    except UnicodeDecodeError:  # the codec's words name no body: the sender's are these
        if not sent_as:
            sent_as, fix = "", "send JSON as UTF-8 text"
        message = f"the request's body is not JSON: it is not UTF-8 text{sent_as}. Fix: {fix}"
        return JsonBody(None, json_response(400, {"message": message}))
    except ValueError as error:  # json's errors say the body, where and the fix
        return JsonBody(None, json_response(400, {"message": str(error)}))


_SEND_JSON = "send the body as JSON, with content-type: application/json"


def _sent_as(event: Event) -> tuple[str, str]:
    """The content type a body that is not JSON was sent as, if not JSON's (a form's
    ``a=1`` says why better than its first character does), or its charset if not
    UTF-8's (JSON's only one), as `` (it was sent as ...)``, and the fix for it."""
    content_type = (header(event, "content-type") or "").lower()
    media_type, _, parameters = (part.strip() for part in content_type.partition(";"))
    charset = parameters.partition("charset=")[2].split(";")[0].strip(' "')
    if media_type and media_type != "application/json" and not media_type.endswith("+json"):
        return f" (it was sent as {media_type[:60]})", "send JSON as application/json"
    if charset and charset not in ("utf-8", "utf8"):
        return f" (it was sent as {charset[:30]})", "send JSON as UTF-8 text, JSON's encoding"
    return "", _SEND_JSON


def json_response(
    status: int = 200, body: object = None, *, headers: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A response with ``body`` as JSON (``content-type: application/json``) for API
    Gateway (HTTP and REST APIs) and function URLs. ``body`` None is no body (a 204's).

    ``headers`` are added (a ``content-type`` of yours wins, whatever its case). A
    ``status`` that is not an int from 100 to 599, a header that is not a string, or a
    body that is not JSON (a set, ``NaN``) is a TypeError or ValueError: the handler's
    mistake, which a test finds.
    """
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise ValueError(
            f"status is {reprlib.repr(status)}, not an HTTP status (an int from 100 to 599). "
            "Fix: pass an int from 100 to 599, e.g. json_response(404, {'message': ...})"
        )
    if headers is not None and not isinstance(headers, Mapping):
        raise TypeError(
            f"json_response: headers is {kind_of(headers)}. "
            "Fix: pass a dict of str to str, e.g. headers={'cache-control': 'no-store'}"
        )
    extra = dict(headers or {})
    for key, value in extra.items():
        # names cut short, as a value is (reprlib): a message names it, it does not copy it
        if not isinstance(key, str):
            raise TypeError(
                f"json_response: headers has the name {reprlib.repr(key)}: names are "
                f"strings. Fix: pass headers={{{reprlib.repr(str(key))}: ...}}"
            )
        if not isinstance(value, str):
            raise TypeError(
                f"headers[{reprlib.repr(key)}] is {kind_of(value)}: names and values "
                "are strings. Fix: pass the value as a str, e.g. "
                f"headers={{{reprlib.repr(key)}: str(value)}}"
            )
    response_headers = {"content-type": "application/json"}
    if any(key.lower() == "content-type" for key in extra):
        response_headers = {}
    response: dict[str, Any] = {"statusCode": status, "headers": response_headers | extra}
    if body is not None:
        try:
            response["body"] = json.dumps(
                body, allow_nan=False, separators=(",", ":"), default=_not_json
            )
        except ValueError as error:  # NaN or Infinity, or a circular reference
            raise ValueError(
                f"json_response: body is not JSON: {error}. Fix: pass a body without NaN or "
                "Infinity (None or a string in their place) and without circular references"
            ) from None
        except TypeError as error:  # a key JSON has no type for (_not_json's own pass)
            if str(error).startswith("json_response"):
                raise
            raise TypeError(
                f"json_response: body has a dict whose {error}. Fix: use str keys, "
                "e.g. {'-'.join(map(str, key)): value}"
            ) from None
    return response


def _base64_encoded(event: Event) -> bool:
    """The event's ``isBase64Encoded``: a JSON boolean from API Gateway and function URLs
    (absent or null: False). Any other value is the event's mistake, not the sender's."""
    flag = event.get("isBase64Encoded")
    if flag is None or isinstance(flag, bool):
        return bool(flag)
    raise TypeError(
        f"the event's isBase64Encoded is {reprlib.repr(flag)} ({kind_of(flag)}), not true "
        "or false: API Gateway and function URLs send a JSON boolean. Fix: write it as a "
        "boolean in "
        "the event (True or False), as constructs_lib_runtime.testing.http_api_event does"
    )


def _event(event: object, call: str) -> Event:
    """``event`` is the mapping Lambda passes the handler (not its body, not None)."""
    if not isinstance(event, Mapping):
        raise TypeError(
            f"{call}: event is {kind_of(event)}, not the event dict Lambda passes "
            "the handler. Fix: pass the handler's first argument, the event, as it is"
        )
    return event


def _not_json(value: object) -> object:
    """``json.dumps``' ``default``: a DynamoDB number (boto3 reads each as a ``Decimal``) as
    the JSON number it equals, so a handler answers an item as it read it; what JSON has
    no type for, or a Decimal no JSON number here holds exactly, told with the fix."""
    if isinstance(value, Decimal):
        number = json_number(value)
        if number is not None:
            return number
        what = "more digits than a JSON number keeps" if value.is_finite() else "no number"
        raise TypeError(
            f"json_response: body holds the Decimal {value}, {what} (a Decimal a float "
            "holds exactly, as DynamoDB's numbers mostly are, is written as that number). "
            "Fix: use str(value) to keep every digit, or float(value) to round it"
        )
    fixes = {
        "datetime": "use value.isoformat()",
        "date": "use value.isoformat()",
        "bytes": "use value.decode() for text, base64.b64encode(value).decode() otherwise",
        "set": "use sorted(value) or list(value)",
        "frozenset": "use sorted(value) or list(value)",
    }
    fix = fixes.get(
        type(value).__name__, "convert it to a str, number, bool, None, list or dict first"
    )
    raise TypeError(
        f"json_response: body holds {kind_of(value)} ({value!r}), which JSON has no type for. "
        f"Fix: {fix}"
    )
