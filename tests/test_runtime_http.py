"""constructs_lib_runtime.http: a handler reads the request as the sender sent it and answers
a sender's bad body with a 400, never a 500 (its exception)."""

from __future__ import annotations

import base64
import datetime
import json

import pytest

from constructs_lib_runtime.http import header, json_body, json_response, raw_body
from constructs_lib_runtime.testing import http_api_event

ROUTE = "POST /webhooks/github"
LONE_SURROGATE = (
    "the request's body is not valid Unicode: it holds a surrogate without its pair (an "
    "escape from \\ud800 to \\udfff alone). Fix: send each surrogate escape with its pair "
    "(json.dumps of a str that encodes to UTF-8 writes them so)"
)
# runtime52: each 400's message ends in the sender's fix (the body's shape, one "message")
SEND_JSON = ". Fix: send the body as JSON, with content-type: application/json"
SEND_A_STRING = ". Fix: send the number as a string"


def _rest_api_event(body: str | None, headers: dict[str, str] | None) -> dict[str, object]:
    """A REST API's (payload 1.0) request: header names as the sender spelt them."""
    return {"httpMethod": "POST", "headers": headers, "body": body, "isBase64Encoded": False}


@pytest.mark.parametrize("binary", [False, True])
def test_the_raw_body_is_the_bytes_sent_whether_or_not_api_gateway_base64_encoded_them(
    binary: bool,
) -> None:
    body = b'{"zen": "Keep it logically awesome.",\n "hook_id": 1}'
    assert raw_body(http_api_event(ROUTE, body, binary=binary)) == body
    binary_body = bytes(range(256))
    assert raw_body(http_api_event(ROUTE, binary_body, binary=True)) == binary_body


def test_a_request_without_a_body_has_an_empty_raw_body() -> None:
    assert raw_body(http_api_event("GET /todos")) == b""
    assert raw_body(_rest_api_event(None, None)) == b""


def test_a_body_marked_base64_that_is_not_is_a_value_error_naming_the_flag() -> None:
    event = http_api_event(ROUTE, "not base64!") | {"isBase64Encoded": True}
    with pytest.raises(ValueError, match="isBase64Encoded but is not base64"):
        raw_body(event)


def test_a_header_is_found_whatever_the_case_of_its_name() -> None:
    # an HTTP API lower-cases the names; a REST API keeps the sender's spelling
    signature = "sha256=abc"
    http_event = http_api_event(ROUTE, "{}", headers={"X-Hub-Signature-256": signature})
    rest_event = _rest_api_event("{}", {"X-Hub-Signature-256": signature})
    for event in (http_event, rest_event):
        assert header(event, "X-Hub-Signature-256") == signature
        assert header(event, "x-hub-signature-256") == signature
        assert header(event, "X-GitHub-Delivery") is None
        assert header(event, "X-GitHub-Delivery", "none") == "none"
    # a REST API's event without headers has None there
    assert header(_rest_api_event("{}", None), "content-type") is None


def test_a_header_sent_in_two_spellings_is_one_value_joined_by_a_comma() -> None:
    event = _rest_api_event("{}", {"Accept": "a", "accept": "b"})
    assert header(event, "ACCEPT") == "a,b"
    assert (
        header(http_api_event(ROUTE, "{}", headers={"Accept": "a", "accept": "b"}), "accept")
        == "a,b"
    )


def test_a_header_a_rest_api_got_twice_is_each_value_not_only_the_last() -> None:
    # Proves: a REST API's headers keep only the last of a repeated header
    # (multiValueHeaders has each), and header() answered only that last one
    event = {
        "httpMethod": "GET",
        "headers": {"X-Forwarded-For": "10.0.0.2"},
        "multiValueHeaders": {"X-Forwarded-For": ["203.0.113.7", "10.0.0.2"]},
        "body": None,
    }
    assert header(event, "x-forwarded-for") == "203.0.113.7,10.0.0.2"
    # a REST API event someone wrote without multiValueHeaders still reads its headers
    assert header(event | {"multiValueHeaders": None}, "X-Forwarded-For") == "10.0.0.2"
    assert header(event, "accept", "*/*") == "*/*"


@pytest.mark.parametrize("binary", [False, True])
def test_a_json_body_is_parsed_from_the_raw_body(binary: bool) -> None:
    request = json_body(http_api_event(ROUTE, '{"id": "é", "n": [1, 2]}', binary=binary))
    assert request.error is None
    assert request.value == {"id": "é", "n": [1, 2]}
    null = json_body(http_api_event(ROUTE, "null"))  # a value, not a missing body
    assert (null.value, null.error) == (None, None)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (None, f"the request has no body{SEND_JSON}"),
        ("  ", f"the request has no body{SEND_JSON}"),
        (
            "{",
            "the request's body is not JSON: Expecting property name enclosed in double "
            f"quotes at line 1, column 2{SEND_JSON}",
        ),
        (
            '{"amount": NaN}',
            "the request's body is not JSON: NaN is not a JSON number. Fix: send null or a "
            "string in its place (Python's json.dumps writes it unless allow_nan=False)",
        ),
        (
            "[" * 100_000,
            "the request's body is nested too deeply (more than 100 levels). Fix: send JSON "
            "nested at most 100 levels deep",
        ),
        (
            b"\xff\xfe\xfa",
            "the request's body is not JSON: it is not UTF-8 text. Fix: send JSON as UTF-8 text",
        ),
        # Proves (fuzz45): json's own message ends in "at" ("at at line 1"), a huge number
        # was Python's exception text (naming sys.set_int_max_str_digits), 1e400 was parsed
        # as infinity (echoing it was a 500), a lone surrogate was the codec's error text
        # or a string no UTF-8 text, DynamoDB or S3 takes
        (
            '{"a": "\x01"}',
            f"the request's body is not JSON: Invalid control character at line 1, column 8"
            f"{SEND_JSON}",
        ),
        (
            '{"a": "b',
            "the request's body is not JSON: Unterminated string starting at line 1, column 7"
            f"{SEND_JSON}",
        ),
        (
            "[" + "9" * 5000 + "]",
            "the request's body has a number of more than 4300 digits, which Python does not "
            f"read{SEND_A_STRING}",
        ),
        (
            '{"amount": -1e400}',
            "the request's body has the number -1e400, beyond the range of a float (about "
            "1.8e308). Fix: send the number as a string, or one within that range",
        ),
        ('{"name": "\\ud83d"}', LONE_SURROGATE),
        ('{"\\udfff": 1}', LONE_SURROGATE),
    ],
)
def test_a_body_that_is_not_json_is_a_400_with_a_json_message_never_an_exception(
    body: str | bytes | None, message: str
) -> None:
    request = json_body(http_api_event(ROUTE, body, binary=isinstance(body, bytes)))
    assert request.value is None
    assert request.error == {
        "statusCode": 400,
        "headers": {"content-type": "application/json"},
        "body": json.dumps({"message": message}, separators=(",", ":")),
    }


def test_a_body_marked_base64_that_is_not_is_a_400_too() -> None:
    event = http_api_event(ROUTE, "{}") | {"isBase64Encoded": True, "body": "{}!"}
    request = json_body(event)
    assert request.error is not None and request.error["statusCode"] == 400
    assert "not base64" in json.loads(request.error["body"])["message"]


def test_a_json_response_has_its_status_body_and_headers() -> None:
    response = json_response(201, {"id": "a"}, headers={"location": "/todos/a"})
    assert response == {
        "statusCode": 201,
        "headers": {"content-type": "application/json", "location": "/todos/a"},
        "body": '{"id":"a"}',
    }
    assert json_response(204) == {
        "statusCode": 204,
        "headers": {"content-type": "application/json"},
    }
    # a content type of the handler's own wins, whatever its case
    problem = json_response(
        422, {"title": "x"}, headers={"Content-Type": "application/problem+json"}
    )
    assert problem["headers"] == {"Content-Type": "application/problem+json"}
    # it round-trips through the body a client reads
    assert json.loads(json_response(200, [1, "é"])["body"]) == [1, "é"]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: json_response(99), ValueError, "status is 99, not an HTTP status"),
        (lambda: json_response(True), ValueError, "status is True"),
        (lambda: json_response("200"), ValueError, "status is '200'"),  # type: ignore[arg-type]
        (lambda: json_response(200, {1, 2}), TypeError, r"body holds a set .* sorted\(value\)"),
        (lambda: json_response(200, float("nan")), ValueError, "body is not JSON: Out of range"),
        (lambda: json_response(200, headers={"x-n": 1}), TypeError, r"headers\['x-n'\] is an int"),  # type: ignore[dict-item]
    ],
)
def test_a_handlers_own_mistake_in_a_response_is_an_exception_its_test_finds(
    call: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]


def test_an_http_api_base64_body_round_trips_to_the_same_bytes_as_the_sender_signed() -> None:
    body = "é".encode() + b"\x00"
    event = http_api_event(ROUTE, body, binary=True)
    assert event["body"] == base64.b64encode(body).decode()
    assert raw_body(event) == body


@pytest.mark.parametrize(
    ("body", "fix"),
    [
        ([datetime.datetime(2026, 5, 4, 9)], r"datetime .* Fix: use value\.isoformat\(\)"),
        ({"day": datetime.date(2026, 5, 4)}, r"date .* Fix: use value\.isoformat\(\)"),
        (b"signed", r"bytes .* Fix: use value\.decode\(\)"),
        ({"item": object()}, "object .* Fix: convert it to a str, number"),
        ({(2026, 5): "may"}, "dict whose keys must be str, int, float, bool or None, not tuple"),
    ],
)
def test_a_body_json_cannot_carry_names_the_body_its_value_and_the_conversion(
    body: object, fix: str
) -> None:
    # json's own message named neither the body nor what to do (a DynamoDB item's Decimals
    # are written as numbers: tests/test_trial54.py)
    with pytest.raises(TypeError, match=f"json_response: body (holds an?|has an?) {fix}"):
        json_response(200, body)


def test_the_types_json_has_still_make_a_body() -> None:
    body = {"n": 1, "f": 1.5, "ok": True, "none": None, "list": [1, "a"], "t": ("x",)}
    assert json.loads(json_response(200, body)["body"])["t"] == ["x"]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: header(http_api_event(ROUTE), 123), "header: name is an int"),
        (lambda: header(http_api_event(ROUTE), None), "header: name is None"),
        (lambda: header(http_api_event(ROUTE), b"x-sig"), "header: name is a bytes object"),
        (lambda: header(None, "x-sig"), "header: event is None"),
        (lambda: raw_body(None), "raw_body: event is None"),
        (lambda: json_body('{"a": 1}'), "json_body: event is a str"),
        (lambda: json_response(200, headers=[("a", "b")]), "json_response: headers is a list"),
        (lambda: json_response(200, headers={None: "b"}), "headers has the name None"),
    ],
)
def test_a_wrong_argument_to_a_request_or_response_helper_is_a_type_error_naming_it(
    call: object, match: str
) -> None:
    # these were AttributeErrors ('int' object has no attribute 'lower'), or silence
    with pytest.raises(TypeError, match=match):
        call()  # type: ignore[operator]
