"""Runtime helpers' papercuts (runtime52): a JSON body's errors (an SQS record's, an SNS
message's, an HTTP request's 400) say the sender's fix, their types kept, and a base64 body
with a character no base64 holds (a seeded fuzz round's find) is the documented error.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from constructs_lib_runtime import (
    http,
    sns_messages,
    sqs_batch,
)
from constructs_lib_runtime.testing import http_api_event
from tests.message_rules import VERBS

ROUTE = "POST /orders"

# --- a JSON body's errors end in the sender's fix, their types kept -------------------

#: (body, error type, the message after "the record's body "), one of each refusal.
REFUSED = [
    (
        "x",
        json.JSONDecodeError,
        "is not JSON: Expecting value at line 1, column 1. Fix: send the message body as JSON "
        "text (json.dumps(value) in the producer)",
    ),
    (
        '{"a": NaN}',
        ValueError,
        "is not JSON: NaN is not a JSON number. Fix: send null or a string in its place "
        "(Python's json.dumps writes it unless allow_nan=False)",
    ),
    (
        '{"total": 1e400}',
        ValueError,
        "has the number 1e400, beyond the range of a float (about 1.8e308). Fix: send the "
        "number as a string, or one within that range",
    ),
    (
        "[" + "9" * 4301 + "]",
        ValueError,
        "has a number of more than 4300 digits, which Python does not read. Fix: send the "
        "number as a string",
    ),
    (
        "[" * 101 + "]" * 101,
        ValueError,
        "is nested too deeply (more than 100 levels). Fix: send JSON nested at most 100 "
        "levels deep",
    ),
    (
        '{"name": "\\ud800"}',
        ValueError,
        "is not valid Unicode: it holds a surrogate without its pair (an escape from \\ud800 "
        "to \\udfff alone). Fix: send each surrogate escape with its pair (json.dumps of a "
        "str that encodes to UTF-8 writes them so)",
    ),
]


@pytest.mark.parametrize(("body", "kind", "message"), REFUSED)
def test_a_record_body_json_refuses_says_the_senders_fix(
    body: str, kind: type[ValueError], message: str
) -> None:
    # Proves: each said what was wrong and no fix ("Expecting value: line 1 column 1 (char
    # 0)", json's own words, named not even the body), unlike every other runtime error
    with pytest.raises(ValueError) as raised:
        sqs_batch.json_body({"messageId": "m-1", "body": body})
    assert type(raised.value) is kind  # code catches json.JSONDecodeError by its type
    assert str(raised.value) == f"the record's body {message}"


def test_json_s_own_error_keeps_its_type_and_fields() -> None:
    with pytest.raises(json.JSONDecodeError) as raised:
        sqs_batch.json_body({"messageId": "m-1", "body": '{"a": 1,}'})
    error = raised.value
    assert (error.msg, error.lineno, error.colno, error.pos) == (
        "Expecting property name enclosed in double quotes",
        1,
        9,
        8,
    )
    assert str(error).endswith(
        "Fix: send the message body as JSON text (json.dumps(value) in the producer)"
    )


def test_a_record_body_of_bytes_no_json_encoding_reads_is_a_unicode_error_saying_the_fix() -> None:
    with pytest.raises(UnicodeDecodeError) as raised:
        sqs_batch.json_body({"messageId": "m-1", "body": b"\xff\xfe\xff"})
    assert str(raised.value).endswith(
        ": the record's body is not UTF-8 text. Fix: send JSON as UTF-8 text"
    )


@pytest.mark.parametrize(("body", "kind", "message"), REFUSED)
def test_an_sns_message_json_refuses_says_the_publishers_fix(
    body: str, kind: type[ValueError], message: str
) -> None:
    with pytest.raises(ValueError) as raised:
        sns_messages.SnsMessage(message=body).json()
    assert type(raised.value) is kind
    text = str(raised.value)
    assert text.startswith("the SNS message ") and "Fix: send " in text
    if kind is json.JSONDecodeError:
        assert text.endswith(
            "Fix: send the message as JSON text (json.dumps(value) in the publisher), or read "
            ".message for a message that is not JSON"
        )
    else:
        assert text == f"the SNS message {message}"


def _message_of_400(event: dict[str, Any]) -> str:
    request = http.json_body(event)
    assert request.value is None and request.error is not None
    assert request.error["statusCode"] == 400
    body = json.loads(request.error["body"])
    assert list(body) == ["message"]  # the shape clients parse: one "message", as before
    return str(body["message"])


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            http_api_event(ROUTE),
            "the request has no body. Fix: send the body as JSON, with content-type: "
            "application/json",
        ),
        (
            http_api_event(ROUTE, "x"),
            "the request's body is not JSON: Expecting value at line 1, column 1. Fix: send "
            "the body as JSON, with content-type: application/json",
        ),
        (
            http_api_event(
                ROUTE, "a=1", headers={"content-type": "application/x-www-form-urlencoded"}
            ),
            "the request's body is not JSON: Expecting value at line 1, column 1 (it was sent "
            "as application/x-www-form-urlencoded). Fix: send JSON as application/json",
        ),
        (
            http_api_event(
                ROUTE,
                b'{"a": "\xe9"}',
                headers={"content-type": "application/json; charset=latin-1"},
                binary=True,
            ),
            "the request's body is not JSON: it is not UTF-8 text (it was sent as latin-1). "
            "Fix: send JSON as UTF-8 text, JSON's encoding",
        ),
        (
            http_api_event(ROUTE, b"\xff\xfe\xfa", binary=True),
            "the request's body is not JSON: it is not UTF-8 text. Fix: send JSON as UTF-8 text",
        ),
        (
            http_api_event(ROUTE, "{}") | {"isBase64Encoded": True, "body": "{}!"},
            "the event's body is marked isBase64Encoded but is not base64. Fix: encode the "
            "body with base64.b64encode(body).decode(), or set isBase64Encoded to false",
        ),
    ],
    ids=["no body", "not JSON", "a form", "latin-1", "not UTF-8", "not base64"],
)
def test_a_requests_400_says_the_fix_in_its_one_message(
    event: dict[str, Any], message: str
) -> None:
    # Proves: the 400's message said why and no fix ("the request has no body", "...
    # (it was sent as latin-1; JSON is UTF-8)")
    assert _message_of_400(event) == message


@pytest.mark.parametrize(("body", "kind", "message"), REFUSED[1:])
def test_a_requests_400_for_json_it_cannot_carry_says_the_values_fix(
    body: str, kind: type[ValueError], message: str
) -> None:
    assert _message_of_400(http_api_event(ROUTE, body)) == f"the request's body {message}"


# --- found by a seeded fuzz round (seed 52052, 60,000 cases) ------------------------------


@pytest.mark.parametrize("body", ["é", "{}\u00e9", "\u200b"])
def test_a_base64_body_with_a_non_ascii_character_is_the_documented_error(body: str) -> None:
    # Proves: raw_body raised Python's "string argument should contain only ASCII
    # characters" (a ValueError base64 raises besides binascii.Error), and json_body
    # answered the sender a 400 of those words, naming no body and no fix
    event = http_api_event(ROUTE, "{}") | {"isBase64Encoded": True, "body": body}
    marked = "the event's body is marked isBase64Encoded but is not base64. Fix: encode "
    with pytest.raises(ValueError, match=f"^{re.escape(marked)}"):
        http.raw_body(event)
    assert _message_of_400(event).startswith(marked)


def test_every_fix_above_starts_with_an_instruction() -> None:
    fixes = [message.partition("Fix: ")[2] for _, _, message in REFUSED]
    assert all(fix.split(" ", 1)[0] in VERBS for fix in fixes), fixes
