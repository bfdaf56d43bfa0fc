"""What the JSON helpers hand a handler is JSON a handler can store and echo: a request's
body (``http.json_body``) and a record's (``sqs_batch.json_body``) parse into values JSON
has (no infinity from ``1e400``), whose strings are valid Unicode (no lone surrogate from
``"\\ud800"``), or into the sender's 400 / the record's ValueError, worded by the helper,
never by Python's exception text. Seeded (tests/runtime_fuzz.py), with the legitimate
inputs of the same shapes that must still pass.
"""

from __future__ import annotations

import base64
import json
import random
import re
from typing import Any

import pytest

from constructs_lib_runtime import sqs_batch
from constructs_lib_runtime.http import json_body, json_response
from constructs_lib_runtime.testing import http_api_event
from tests.runtime_fuzz import SEED, case, json_text, value

ROUTE = "POST /orders"
BODIES = 600

#: The words of Python's exceptions that must never reach a client: a codec's error, the
#: integer limit's advice, a decoder's position in characters.
PYTHON_WORDS = ("codec", "sys.", "Exceeds the limit", "(char ", "Traceback", "surrogates not")


def _nested(levels: int) -> list[Any]:
    """A list ``levels`` deep (``[[]]`` is two)."""
    nested: list[Any] = []
    for _ in range(levels - 1):
        nested = [nested]
    return nested


# Bodies a sender may send that sit at the edges the helpers refuse beyond
LEGITIMATE = [
    ('{"amount": 1.7976931348623157e308}', {"amount": 1.7976931348623157e308}),
    ('{"amount": -1e-400}', {"amount": -0.0}),  # underflows to zero, as every parser does
    ("[" + "9" * 4300 + "]", [int("9" * 4300)]),
    ('{"face": "\\ud83d\\ude00"}', {"face": "😀"}),  # an escaped pair is one character
    ('{"path": "C:\\\\ud800"}', {"path": "C:\\ud800"}),  # a backslash, then text
    ('{"e": "\\u00e9", "n": 1E+2}', {"e": "é", "n": 100.0}),
    ('\ufeff{"bom": true}', {"bom": True}),  # a request's UTF-8 byte order mark
    ("[" * 100 + "]" * 100, _nested(100)),
    # brackets in strings, escaped quotes and backslashes are no nesting
    (
        '[{"s": "' + "[{" * 300 + '\\"", "t": "\\\\", "u": "\\"[["}]',
        [{"s": "[{" * 300 + '"', "t": "\\", "u": '"[['}],
    ),
]


@pytest.mark.parametrize(("body", "expected"), LEGITIMATE, ids=lambda v: repr(v)[:30])
def test_a_body_at_the_edges_is_still_parsed_by_both_helpers(body: str, expected: Any) -> None:
    request = json_body(http_api_event(ROUTE, body))
    assert (request.value, request.error) == (expected, None)
    assert json_body(http_api_event(ROUTE, body.encode(), binary=True)).value == expected
    # Proves (fuzz45): a record's body with a byte order mark was "not JSON" (dead-lettered)
    assert sqs_batch.json_body({"messageId": "m", "body": body}) == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" + "1" * 4301 + "]", "has a number of more than 4300 digits"),
        ('{"total": 1e400}', "has the number 1e400, beyond the range of a float"),
        ("[1E+" + "9" * 40 + "]", "has the number 1E+999999999999999999999999..., beyond"),
        ('{"name": "\\udc00"}', "is not valid Unicode: it holds a surrogate without its pair"),
        ('{"a": ["x", {"\\uD83D": 1}]}', "is not valid Unicode: it holds a surrogate"),
        ('"\\\\\\ud83d\\ude00\\ud83d"', "is not valid Unicode: it holds a surrogate"),
        # Proves (fuzz45): 101 to about 990 levels parsed, and boto3's serializer (past
        # about 330) or json_response failed on them: a RecursionError, the sender's 500
        ("[" * 101 + "]" * 101, "is nested too deeply (more than 100 levels)"),
        ('{"a":' * 150 + "1" + "}" * 150, "is nested too deeply (more than 100 levels)"),
    ],
)
def test_a_record_body_json_cannot_carry_is_a_value_error_naming_the_record(
    body: str, message: str
) -> None:
    # Proves (fuzz45): 1e400 came back as infinity (a handler storing it failed later,
    # writing it raised), "\\udc00" as a string no UTF-8 text holds, and a long number as
    # Python's "Exceeds the limit (4300 digits) ... sys.set_int_max_str_digits()"
    with pytest.raises(ValueError, match=f"^the record's body {re.escape(message)}"):
        sqs_batch.json_body({"messageId": "m", "body": body})


def _body(rng: random.Random) -> str:
    """A request or record body: the shared fuzz's, or JSON with hostile numbers and
    escapes put into it."""
    roll = rng.random()
    if roll < 0.6:
        return json_text(rng)
    number = rng.choice(("1e400", "-1E309", "1e-400", "9" * rng.choice((10, 4300, 4301)), "0.5"))
    escape = rng.choice(("\\ud800", "\\uDFFF", "\\ud83d\\ude00", "\\\\ud800", "\\u00e9", "x"))
    inner = json.dumps(value(rng))  # NaN and Infinity too, which both refuse
    return rng.choice(
        (
            f'{{"n": {number}, "s": "{escape}", "v": {inner}}}',
            f'[{inner}, "{escape}", {number}]',
            f'{{"{escape}": {number}}}',
        )
    )


def _clean(parsed: Any) -> bool:
    """Whether ``parsed`` is JSON a handler can echo and store: finite numbers, strings of
    valid Unicode (keys too)."""
    try:
        text = json.dumps(parsed, allow_nan=False, ensure_ascii=False)
        text.encode("utf-8")
    except (ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        return False
    return True


def _event(body: str, *, binary: bool) -> dict[str, Any]:
    """An HTTP API's event of ``body``, which may hold what the builder refuses (a lone
    surrogate: Lambda decodes the event's "\\ud800" into one)."""
    if binary:
        encoded = base64.b64encode(body.encode("utf-8", "surrogatepass")).decode()
        return http_api_event(ROUTE, "{}") | {"body": encoded, "isBase64Encoded": True}
    return http_api_event(ROUTE, "{}") | {"body": body}


def test_a_request_body_is_clean_json_or_the_senders_400_in_the_helpers_words() -> None:
    for index in range(BODIES):
        body = _body(case(SEED, index))
        request = json_body(_event(body, binary=case(SEED, index).random() < 0.5))
        if request.error is None:
            assert _clean(request.value), f"case {index}: {body[:80]!r}"
            json_response(200, request.value)  # the handler can echo it
            continue
        assert request.error["statusCode"] == 400, f"case {index}"
        message = json.loads(request.error["body"])["message"]
        assert message.startswith(("the request", "the event's body")), f"case {index}"
        assert not any(word in message for word in PYTHON_WORDS), f"case {index}: {message}"


def test_a_record_body_is_clean_json_or_a_value_error_naming_the_record() -> None:
    for index in range(BODIES):
        body = _body(case(SEED, index))
        try:
            parsed = sqs_batch.json_body({"messageId": "m", "body": body})
        except ValueError as error:
            message = str(error)
            if isinstance(error, json.JSONDecodeError):  # json's own position is the point
                continue
            assert message.startswith("the record's body"), f"case {index}: {message}"
            assert not any(word in message for word in PYTHON_WORDS), f"case {index}"
        else:
            assert _clean(parsed), f"case {index}: {body[:80]!r}"
