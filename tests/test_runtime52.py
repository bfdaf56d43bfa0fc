"""Runtime helpers' papercuts (runtime52): a JSON body's errors say the sender's fix (their
types kept), the batch helpers read any number a test's stand-in context answers, the
deployment hook's answer is typed, a payload format 1.0 event is told a misconfiguration,
and what a seeded fuzz round found.
"""

from __future__ import annotations

import gc
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from constructs_lib_runtime import (
    deployment_hooks,
    http,
    s3_events,
    sns_messages,
    sqs_batch,
    stream_batch,
)
from constructs_lib_runtime.testing import (
    http_api_event,
    object_created_body,
    sqs_event,
    sqs_record,
    stream_event,
    stream_record,
)
from tests.message_rules import VERBS

ROUTE = "POST /orders"

# --- 1. a JSON body's errors end in the sender's fix, their types kept -------------------

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


# --- 2. a test's stand-in context: any number it answers, or the fix ---------------------


def _context(*answers: object) -> SimpleNamespace:
    """A stand-in whose get_remaining_time_in_millis() answers each of ``answers`` in turn
    (the last one from then on)."""
    left = list(answers)
    return SimpleNamespace(
        get_remaining_time_in_millis=lambda: left.pop(0) if len(left) > 1 else left[0]
    )


def _three_records() -> dict[str, Any]:
    return sqs_event(*(sqs_record("{}", message_id=f"m{n}") for n in range(3)))


@pytest.mark.parametrize(
    "answer",
    [10**400, 2**70, float("inf"), None, "3000", -(10**400), float("-inf"), -5],
    ids=["huge int", "big int", "inf", "None", "str", "huge negative", "-inf", "negative"],
)
def test_a_stand_in_answering_a_huge_or_odd_number_runs_every_record(answer: object) -> None:
    # Proves: 10**400 (an int no float holds) was an OverflowError from process_batch
    # before any record ran; the rest kept their documented reading: no deadline
    done: list[str] = []
    response = sqs_batch.process_batch(
        _three_records(), lambda record: done.append(record["messageId"]), _context(answer)
    )
    assert (done, response) == (["m0", "m1", "m2"], {"batchItemFailures": []})


@pytest.mark.parametrize("answer", [float("-inf"), -(10**400), -5, 0.0])
def test_no_time_left_during_the_batch_reports_the_rest_with_remaining_ms_zero(
    answer: object, caplog: pytest.LogCaptureFixture
) -> None:
    # Proves: -inf (or an int no float holds) in the batch was an OverflowError from the
    # log line's int(remaining), after the first record ran: the whole batch came back
    done: list[str] = []
    with caplog.at_level(logging.WARNING):
        response = sqs_batch.process_batch(
            _three_records(),
            lambda record: done.append(record["messageId"]),
            _context(60_000, answer),
        )
    assert done == ["m0"]
    assert response == {"batchItemFailures": [{"itemIdentifier": "m1"}, {"itemIdentifier": "m2"}]}
    [line] = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert line.remainingMs == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("batch", ["sqs", "stream"])
def test_a_stand_in_answering_in_turn_is_logged_with_the_time_that_stopped_the_batch(
    batch: str, caplog: pytest.LogCaptureFixture
) -> None:
    # Proves (a local fuzz of stand-in contexts, seed 5252): the log line asked the
    # context again, and a Mock-like stand-in answering in turn (no time left, then None)
    # gave inf there: int(inf) was an OverflowError after the first record had run
    context = _context(60_000, 100, None)
    with caplog.at_level(logging.WARNING):
        if batch == "sqs":
            response = sqs_batch.process_batch(_three_records(), lambda record: None, context)
        else:
            changes = [
                stream_record("INSERT", {"pk": f"k{n}"}, new_image={"pk": f"k{n}"})
                for n in range(3)
            ]
            response = stream_batch.process_batch(
                stream_event(*changes), lambda record: None, context
            )
    # the records not run (a stream's batch is retried from its first one not run)
    assert len(response["batchItemFailures"]) == (2 if batch == "sqs" else 1)
    [line] = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert line.remainingMs == 100  # type: ignore[attr-defined]


def test_a_stand_in_answering_a_float_keeps_the_deadline() -> None:
    # 1.5 ms left: the first record runs (as always), the others would not finish
    done: list[str] = []
    response = sqs_batch.process_batch(
        _three_records(), lambda record: done.append(record["messageId"]), _context(1.5)
    )
    assert done == ["m0"]
    assert [item["itemIdentifier"] for item in response["batchItemFailures"]] == ["m1", "m2"]


class _Raising:
    def get_remaining_time_in_millis(self) -> int:
        raise RuntimeError("not configured")


class _TakingAnArgument:
    def get_remaining_time_in_millis(self, unit: str) -> int:
        return 3000


@pytest.mark.parametrize("context", [_Raising(), _TakingAnArgument()], ids=["raises", "arg"])
@pytest.mark.parametrize(
    ("batch", "event"),
    [
        (sqs_batch, sqs_event(sqs_record("{}"))),
        (stream_batch, stream_event(stream_record("INSERT", {"pk": "k"}, new_image={"pk": "k"}))),
    ],
    ids=["sqs", "stream"],
)
def test_a_stand_in_whose_method_fails_is_a_type_error_saying_the_fix_before_any_record(
    context: object, batch: Any, event: dict[str, Any]
) -> None:
    # Proves: its own exception (RuntimeError, a TypeError about a missing argument)
    # escaped process_batch, naming neither the context nor what to give it
    done: list[object] = []
    with pytest.raises(TypeError) as raised:
        batch.process_batch(event, done.append, context)
    message = str(raised.value)
    assert message.startswith(
        "process_batch(event, handle, context): context.get_remaining_time_in_millis() raised "
    )
    assert message.endswith(
        "Fix: give a test's stand-in context a get_remaining_time_in_millis() that takes no "
        "argument and returns the milliseconds left (an int), or pass no context"
    )
    assert done == []


# --- 3. invoke_target's answer, typed -----------------------------------------------------


class _Lambda:
    def invoke(self, **_: object) -> dict[str, Any]:
        from io import BytesIO

        return {"StatusCode": 200, "Payload": BytesIO(b'{"statusCode": 200}')}


def test_invoke_target_answers_the_same_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:api:7"
    monkeypatch.setenv(deployment_hooks.TARGET_VERSION_VARIABLE, arn)
    answer = deployment_hooks.invoke_target({"rawPath": "/health"}, client=_Lambda())
    assert type(answer) is dict
    assert answer == {"status_code": 200, "function_error": None, "payload": {"statusCode": 200}}
    assert deployment_hooks.InvokeAnswer.__required_keys__ == frozenset(answer)


def test_mypy_strict_sees_invoke_targets_keys(tmp_path: Path) -> None:
    # Proves: the answer was dict[str, Any]: a misspelt key and a str taken for the status
    # passed mypy --strict and failed in the hook, at deploy
    from mypy import api

    source = tmp_path / "hook.py"
    source.write_text(
        "from constructs_lib_runtime.deployment_hooks import invoke_target\n\n"
        "def check(target: str) -> None:\n"
        "    answer = invoke_target({'rawPath': '/health'})\n"
        "    status: int = answer['status_code']\n"
        "    error: str | None = answer['function_error']\n"
        "    reply = answer['status']\n"
        "    label: str = answer['status_code']\n"
    )
    thresholds = gc.get_threshold()  # mypy tunes the collector for its own process
    try:
        out, err, status = api.run(
            ["--strict", "--no-incremental", f"--cache-dir={tmp_path / 'cache'}", str(source)]
        )
    finally:
        gc.set_threshold(*thresholds)
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1, out + err
    assert [line.split(":")[1] for line in errors] == ["7", "8"], out + err
    assert '"InvokeAnswer" has no key "status"' in errors[0]
    assert 'has type "int", variable has type "str"' in errors[1]


# --- 4. payload format 1.0: read by the data helpers, refused by authorizer_context -------

#: AWS's sample of an HTTP API's event in payload format 1.0 (the HTTP API developer
#: guide's "Payload format version"), with a JWT authorizer's claims where 1.0 puts them.
V1 = {
    "version": "1.0",
    "resource": "/orders/{id}",
    "path": "/orders/o-1",
    "httpMethod": "POST",
    "headers": {"Content-Type": "application/json", "X-Tag": "b", "Cookie": "a=1; b=2"},
    "multiValueHeaders": {
        "Content-Type": ["application/json"],
        "X-Tag": ["a", "b"],
        "Cookie": ["a=1; b=2"],
    },
    "queryStringParameters": None,
    "multiValueQueryStringParameters": None,
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "id",
        "authorizer": {"claims": {"sub": "u-1"}, "scopes": ["orders/write"]},
        "httpMethod": "POST",
        "identity": {"sourceIp": "192.0.2.1"},
        "path": "/orders/o-1",
        "resourcePath": "/orders/{id}",
        "stage": "$default",
    },
    "pathParameters": {"id": "o-1"},
    "stageVariables": None,
    "body": '{"n": 1}',
    "isBase64Encoded": False,
}


def test_the_data_helpers_read_a_payload_1_0_request_as_sent() -> None:
    # body and isBase64Encoded are the same in both formats; 1.0 keeps each header's
    # values in multiValueHeaders and the Cookie header in the headers
    assert http.json_body(V1) == http.JsonBody({"n": 1}, None)
    assert http.raw_body(V1) == b'{"n": 1}'
    assert http.header(V1, "x-tag") == "a,b"
    assert http.header(V1, "cookie") == "a=1; b=2"


def test_authorizer_context_tells_a_payload_1_0_event_a_misconfiguration() -> None:
    # Proves: it was told "not an HTTP API's (payload format 2.0). Fix: use
    # event['requestContext']['authorizer'] for a REST API's request", naming "the route":
    # an HTTP API route set to 1.0 is no REST API, and every caller got the 401
    with pytest.raises(http.NoAuthorizerContext) as raised:
        http.authorizer_context(V1)
    assert str(raised.value) == (
        "the request to 'POST /orders/{id}' has no JWT, Lambda or IAM authorizer context: "
        'the event is payload format 1.0 (version "1.0"): the route\'s integration was set '
        "to 1.0, where a ServerlessApi's routes send 2.0, and a 1.0 event's authorizer passes "
        "its caller elsewhere. Fix: set the integration's payload format version to 2.0, "
        "aws-cdk-lib's HttpLambdaIntegration default (payload_format_version="
        "PayloadFormatVersion.VERSION_2_0), as a ServerlessApi's routes have it"
    )
    assert raised.value.response["statusCode"] == 401


def test_authorizer_context_names_a_rest_api_requests_route() -> None:
    rest = {key: value for key, value in V1.items() if key != "version"}  # REST has none
    with pytest.raises(http.NoAuthorizerContext, match=re.escape("'POST /orders/{id}'")) as raised:
        http.authorizer_context(rest)
    assert str(raised.value).endswith(
        "Fix: use event['requestContext']['authorizer'] for a REST API's request"
    )


# --- 5. found by a seeded fuzz round (seed 52052, 60,000 cases) ---------------------------


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


def _s3_object() -> s3_events.S3Object:
    [found] = s3_events.s3_objects(sqs_record(object_created_body("b", "k", size=1)))
    return found


@pytest.mark.parametrize(
    ("call", "error", "fix"),
    [
        (
            lambda: http.json_response("x" * 70_000),
            ValueError,
            "pass an int from 100 to 599, e.g. json_response(404, {'message': ...})",
        ),
        (
            lambda: http.json_response(200, None, headers={"x-n": None}),
            TypeError,
            "pass the value as a str, e.g. headers={'x-n': str(value)}",
        ),
        (
            lambda: http.json_response(200, {"total": float("inf")}),
            ValueError,
            "pass a body without NaN or Infinity (None or a string in their place) and "
            "without circular references",
        ),
        (
            lambda: s3_events.for_each_s3_object(None),  # type: ignore[arg-type]
            TypeError,
            "pass the function that handles one object, e.g. for_each_s3_object(handle_upload)",
        ),
        (
            lambda: _s3_object().later_than(-(2**63)),  # type: ignore[arg-type]
            TypeError,
            "pass the S3Object of another event on that key (one s3_objects gave), e.g. "
            "found.later_than(stored)",
        ),
    ],
    ids=["status", "header value", "NaN body", "for_each handle", "later_than"],
)
def test_a_handlers_own_mistake_says_its_fix_briefly(
    call: Callable[[], object], error: type[Exception], fix: str
) -> None:
    # Proves (a local fuzz of the helpers' arguments, seed 5200): these said what was wrong
    # and no fix, and a status of 70,000 characters was copied whole into the message
    with pytest.raises(error) as raised:
        call()
    assert str(raised.value).endswith(f"Fix: {fix}")
    assert len(str(raised.value)) < 400


def test_every_fix_above_starts_with_an_instruction() -> None:
    fixes = [message.partition("Fix: ")[2] for _, _, message in REFUSED]
    assert all(fix.split(" ", 1)[0] in VERBS for fix in fixes), fixes
