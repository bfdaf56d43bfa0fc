"""constructs_lib_runtime.http as senders send requests: a JSON body whatever content type it
came as, the type named when it is no JSON, a text body no UTF-8 carries, an HTTP API's
cookies read as the Cookie header (payload format 2.0 moves them out of the headers)."""

from __future__ import annotations

import json
import re

import pytest

from constructs_lib_runtime.http import JsonBody, header, json_body, raw_body
from constructs_lib_runtime.testing import http_api_event

ROUTE = "POST /webhooks/github"
NOT_JSON_AT_1 = "the request's body is not JSON: Expecting value at line 1, column 1"
# runtime52: the sender's fix ends each message; a type or charset not JSON's has its own
SEND_JSON = ". Fix: send the body as JSON, with content-type: application/json"


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        # Proves (fuzz45): a form's body was "Expecting value at line 1" and no more
        (
            "application/x-www-form-urlencoded",
            "payload=%7B%7D",
            f"{NOT_JSON_AT_1} (it was sent as application/x-www-form-urlencoded). Fix: send JSON "
            "as application/json",
        ),
        (
            "multipart/form-data; boundary=x",
            "--x",
            f"{NOT_JSON_AT_1} (it was sent as multipart/form-data). Fix: send JSON as "
            "application/json",
        ),
        (
            "application/json; charset=latin-1",
            b'{"a": "\xe9"}',
            "the request's body is not JSON: it is not UTF-8 text (it was sent as latin-1). Fix: "
            "send JSON as UTF-8 text, JSON's encoding",
        ),
        # JSON's own types, none or an empty one: the parser's words alone
        ("application/json; charset=utf-8", "x", NOT_JSON_AT_1 + SEND_JSON),
        ("application/vnd.api+json", "x", NOT_JSON_AT_1 + SEND_JSON),
        ("", "x", NOT_JSON_AT_1 + SEND_JSON),
        (None, "x", NOT_JSON_AT_1 + SEND_JSON),
    ],
)
def test_a_body_that_is_not_json_names_the_type_it_was_sent_as_if_not_jsons(
    content_type: str | None, body: str | bytes, message: str
) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    # a form arrives base64-encoded, as API Gateway hands it over (its content type decides)
    event = http_api_event(ROUTE, body, headers=headers, binary=isinstance(body, bytes) or None)
    request = json_body(event)
    assert request.error is not None
    assert (request.error["statusCode"], json.loads(request.error["body"])) == (
        400,
        {"message": message},
    )


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ],
)
def test_a_json_body_is_read_whatever_type_it_was_sent_as(content_type: str) -> None:
    # curl -d sends a form's type, navigator.sendBeacon text/plain: the JSON is read
    event = http_api_event(ROUTE, '{"a": 1}', headers={"content-type": content_type})
    assert json_body(event) == JsonBody({"a": 1}, None)


def test_a_text_body_holding_a_lone_surrogate_is_a_400_without_the_codecs_words() -> None:
    # Proves (fuzz45): the event's "\ud800" (Lambda's JSON decodes it into the body) was
    # answered with "'utf-8' codec can't encode character..." and raw_body raised that
    event = http_api_event(ROUTE, "{}") | {"body": '{"a": "\ud800"}'}
    unicode = (
        "the event's body is not valid Unicode text. Fix: send the body as UTF-8 text (a "
        "surrogate escape of the event's JSON with its pair)"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(unicode)}$"):
        raw_body(event)
    request = json_body(event)
    assert request.error is not None and request.value is None
    assert request.error["statusCode"] == 400
    assert json.loads(request.error["body"]) == {"message": unicode}


def test_the_cookie_header_of_an_http_api_request_is_its_cookies_as_the_header_had_them() -> None:
    # Proves (fuzz45): header(event, "Cookie") was None for every HTTP API request (payload
    # 2.0 moves the header's cookies into the event's cookies), so a handler reading its
    # session cookie found none, where a REST API's request had it
    event = http_api_event(ROUTE, "{}", headers={"Cookie": "session=s1; theme=dark"})
    assert "cookie" not in event["headers"]
    assert header(event, "Cookie") == "session=s1; theme=dark"
    rest_api = {"httpMethod": "POST", "headers": {"Cookie": "session=s1"}}  # payload 1.0
    assert header(rest_api, "cookie") == "session=s1"
    assert header(http_api_event(ROUTE, "{}"), "cookie", "none") == "none"
    assert header(event | {"cookies": []}, "cookie") is None
    assert header(event | {"cookies": None}, "cookie") is None
