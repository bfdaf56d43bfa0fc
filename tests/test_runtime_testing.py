"""constructs_lib_runtime.testing: the events a handler's tests build are the ones AWS sends,
and drive the helpers as real ones do."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest

from constructs_lib_runtime.http import raw_body
from constructs_lib_runtime.s3_events import for_each_s3_object, s3_objects
from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.testing import (
    http_api_event,
    object_created_body,
    s3_test_event_body,
    sqs_event,
    sqs_record,
)


def test_an_object_key_is_sent_url_encoded_and_read_back_decoded() -> None:
    # GIVEN a key with a space, a plus sign and a non-ASCII letter
    body = object_created_body("uploads", "in/q1 été+tax.csv", size=3, version_id="v1")
    # THEN the message holds it as S3 sends it, and s3_objects gives it back
    (record,) = json.loads(body)["Records"]
    assert record["s3"]["object"]["key"] == "in/q1+%C3%A9t%C3%A9%2Btax.csv"
    (s3_object,) = s3_objects(sqs_record(body))
    assert (s3_object.key, s3_object.version_id) == ("in/q1 été+tax.csv", "v1")


def test_a_fifo_record_stops_its_group_after_a_failure() -> None:
    # GIVEN records of two message groups of a FIFO queue, the first one failing
    event = sqs_event(
        *(sqs_record(f"{g}{i}", f"{g}{i}", "orders", group_id=g) for i in range(2) for g in "ab")
    )
    assert all(r["eventSourceARN"].endswith(":orders.fifo") for r in event["Records"])
    attempted: list[str] = []

    def handle(record: dict[str, Any]) -> None:
        attempted.append(record["body"])
        if record["body"] == "a0":
            raise ValueError("boom")

    # THEN the group's later record is reported without being attempted
    assert process_batch(event, handle) == {
        "batchItemFailures": [{"itemIdentifier": "a0"}, {"itemIdentifier": "a1"}]
    }
    assert attempted == ["a0", "b0", "b1"]


def test_the_test_event_and_a_standard_record_need_no_group() -> None:
    record = sqs_record(s3_test_event_body("uploads"), "m-7")
    assert "MessageGroupId" not in record["attributes"]
    assert not record["eventSourceARN"].endswith(".fifo")
    seen: list[object] = []
    assert process_batch(sqs_event(record), for_each_s3_object(seen.append)) == {
        "batchItemFailures": []
    }
    assert seen == []


def test_an_http_api_request_has_its_header_names_lower_cased() -> None:
    # GIVEN a webhook's request with headers as GitHub spells them, one name twice
    event = http_api_event(
        "POST /webhooks/github",
        '{"zen": "Design for failure."}',
        headers={
            "X-Hub-Signature-256": "sha256=ab",
            "X-GitHub-Event": "ping",
            "x-github-event": "2",
        },
    )
    # THEN the handler gets them as API Gateway sends them (payload format 2.0)
    assert event["headers"] == {"x-hub-signature-256": "sha256=ab", "x-github-event": "ping,2"}
    assert "X-Hub-Signature-256" not in event["headers"]
    assert (event["version"], event["routeKey"], event["rawPath"]) == (
        "2.0",
        "POST /webhooks/github",
        "/webhooks/github",
    )
    assert event["requestContext"]["http"]["method"] == "POST"
    assert (event["body"], event["isBase64Encoded"]) == ('{"zen": "Design for failure."}', False)


def test_a_request_s_cookies_are_the_event_s_cookies_not_a_header() -> None:
    # Proves (sweep38): a Cookie header stayed in the headers ({"cookie": "session=s1;
    # theme=dark"}), where format 2.0 has none: API Gateway moves each cookie into the
    # event's `cookies`, so a handler reading headers["cookie"] passed its test and found
    # no session in AWS, and one reading event["cookies"] failed its test
    event = http_api_event(
        "GET /me", headers={"Cookie": "session=s1; theme=dark", "Accept": "text/html"}
    )
    assert event["cookies"] == ["session=s1", "theme=dark"]
    assert event["headers"] == {"accept": "text/html"}
    # a request without cookies has no `cookies`, as API Gateway sends it
    assert "cookies" not in http_api_event("GET /me", headers={"Accept": "text/html"})


def test_a_binary_body_is_base64_encoded_and_text_is_kept_as_sent() -> None:
    raw = b"\x00\xff signed bytes"
    binary = http_api_event("POST /hooks", raw, binary=True)
    assert binary["isBase64Encoded"] is True
    assert base64.b64decode(binary["body"]) == raw
    text = http_api_event("POST /hooks", "caf\u00e9\r\n".encode())
    assert (text["body"], text["isBase64Encoded"]) == ("caf\u00e9\r\n", False)
    assert "body" not in http_api_event("GET /hooks")


@pytest.mark.parametrize(
    ("content_type", "encoded"),
    [
        ("application/x-www-form-urlencoded", True),
        ("multipart/form-data; boundary=x", True),
        ("application/octet-stream", True),
        ("image/png", True),
        ("application/json", False),
        ("Application/JSON; charset=utf-8", False),
        ("text/plain", False),
        ("application/xml", False),
        # a structured suffix is not application/json to API Gateway: base64 (sweep249)
        ("application/vnd.api+json", True),
        ("application/problem+json; charset=utf-8", True),
        ("application/soap+xml", True),
        ("application/x-ndjson", True),
        ("application/graphql", True),
        ("text/plain; charset=utf-8", False),
        ("application/javascript", False),
    ],
)
def test_a_body_is_encoded_as_api_gateway_encodes_its_content_type(
    content_type: str, encoded: bool
) -> None:
    # Proves (chat-ops user trial): a Slack command's form body was text in the test
    # event and base64 in AWS, so a handler reading event["body"] passed its test and
    # answered every real command 400
    form = "channel_id=C123&text=standup+at+10"
    event = http_api_event("POST /slack", form, headers={"Content-Type": content_type})
    assert event["isBase64Encoded"] is encoded
    assert (base64.b64decode(event["body"]).decode() if encoded else event["body"]) == form
    assert raw_body(event) == form.encode()
    # without a body nothing is encoded; binary= still says it for a sender without a type
    assert (
        http_api_event("GET /slack", headers={"Content-Type": content_type})["isBase64Encoded"]
        is False
    )
    assert http_api_event("POST /slack", form, binary=True)["isBase64Encoded"] is True


def test_a_route_with_parameters_takes_the_request_s_path() -> None:
    event = http_api_event("GET /orders/{id}", path="/orders/o-1", path_parameters={"id": "o-1"})
    assert (event["rawPath"], event["pathParameters"]) == ("/orders/o-1", {"id": "o-1"})


def test_an_any_or_default_route_takes_the_request_s_method_and_path() -> None:
    event = http_api_event("$default", "{}", method="PUT", path="/hooks/x")
    assert (event["routeKey"], event["rawPath"]) == ("$default", "/hooks/x")
    assert event["requestContext"]["http"]["method"] == "PUT"
    proxied = http_api_event("ANY /hooks/{proxy+}", method="POST", path="/hooks/github")
    assert proxied["requestContext"]["http"] == {
        **proxied["requestContext"]["http"],
        "method": "POST",
        "path": "/hooks/github",
    }


@pytest.mark.parametrize(
    ("route_key", "options", "message"),
    [
        ("/webhooks", {}, "is not 'METHOD /path'"),
        ("post /webhooks", {}, "is not 'METHOD /path'"),
        ("POST webhooks", {}, "is not 'METHOD /path'"),
        ("$default", {"method": "POST"}, "needs its path=..."),
        ("ANY /hooks", {}, "needs its method=..."),
        ("GET /orders/{id}", {}, "needs its path=..."),
        ("$default", {}, "needs its path=... and method=..."),
    ],
)
def test_a_request_needs_what_its_route_key_leaves_open(
    route_key: str, options: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        http_api_event(route_key, **options)


def test_a_token_s_claims_arrive_as_strings_where_a_jwt_authorizer_puts_them() -> None:
    # GIVEN the claims of a Cognito access token, a list and numbers among them
    claims = {
        "sub": "u-1",
        "custom:tenant_id": "acme",
        "cognito:groups": ["admins", "readers"],
        "exp": 1700000000,
        "email_verified": True,
        "scope": "openid saas/admin",
    }
    # WHEN a request behind the authorizer is built with them
    event = http_api_event("GET /api/admin", claims=claims, scopes=["saas/admin"])
    # THEN each is the string API Gateway passes on, in requestContext.authorizer.jwt
    assert event["requestContext"]["authorizer"] == {
        "jwt": {
            "claims": {
                "sub": "u-1",
                "custom:tenant_id": "acme",
                "cognito:groups": "[admins readers]",
                "exp": "1700000000",
                "email_verified": "true",
                "scope": "openid saas/admin",
            },
            "scopes": ["saas/admin"],
        }
    }
    # a route without authorization scopes gets null, a public route no authorizer at all
    assert http_api_event("GET /me", claims={"sub": "u-1"})["requestContext"]["authorizer"] == {
        "jwt": {"claims": {"sub": "u-1"}, "scopes": None}
    }
    assert "authorizer" not in http_api_event("GET /health")["requestContext"]


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"claims": {"address": {"country": "DE"}}}, TypeError, "claim 'address' is a dict"),
        ({"claims": {"sub": "u-1"}, "scopes": "saas/admin"}, TypeError, "pass a list"),
        ({"scopes": ["saas/admin"]}, ValueError, "pass its claims= too"),
    ],
)
def test_claims_api_gateway_would_not_pass_are_refused(
    options: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        http_api_event("GET /me", **options)


def test_a_route_behind_a_lambda_authorizer_gets_its_answers_context() -> None:
    # GIVEN the context an ApiAuth.function authorizer answered with, of every JSON type
    context = {"partner": "acme", "tier": 2, "trusted": True, "scopes": ("orders:read",)}
    # WHEN a request to a route behind it is built
    event = http_api_event("GET /v1/orders", authorizer_context=context)
    # THEN the route reads it in requestContext.authorizer.lambda, as JSON carried it
    assert event["requestContext"]["authorizer"] == {
        "lambda": {"partner": "acme", "tier": 2, "trusted": True, "scopes": ["orders:read"]}
    }
    # an empty context is an answer too (an authorizer that only admits)
    assert http_api_event("GET /v1/orders", authorizer_context={})["requestContext"][
        "authorizer"
    ] == {"lambda": {}}


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"authorizer_context": "acme"}, TypeError, "authorizer_context is a str"),
        ({"authorizer_context": {1: "acme"}}, TypeError, "keys must be strings"),
        ({"authorizer_context": {"seen": {1, 2}}}, TypeError, "cannot be sent as JSON"),
        ({"authorizer_context": {"p": "a"}, "claims": {"sub": "u"}}, ValueError, "one auth"),
        ({"authorizer_context": {"p": "a"}, "scopes": ["x"]}, ValueError, "pass its claims="),
    ],
)
def test_an_authorizer_context_api_gateway_would_not_pass_is_refused(
    options: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        http_api_event("GET /v1/orders", **options)


@pytest.mark.parametrize(
    "body",
    [
        " ",  # one character, SQS's smallest message: blank is a body
        "0",
        "123",
        json.dumps({"id": 1}),
        "caf\u00e9",
        # every edge of SQS's allowed set: tab, LF, CR, #x20-#xD7FF, #xE000-#xFFFD, astral
        "\t\n\r \x7f\ud7ff\ue000\ufffd\U00010000\U0010ffff\U0001f600",
        json.dumps("\ud800\x00"),  # escaped by json.dumps: text SQS takes
    ],
)
def test_an_sqs_body_of_text_is_taken_as_given(body: str) -> None:
    assert sqs_record(body)["body"] == body


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("\ud800", "'\\ud800' (U+D800) at index 0"),  # was a raw UnicodeEncodeError
        ("a\udfff", "(U+DFFF) at index 1"),
        ("\x00", "(U+0000)"),
        ("x\x1f", "(U+001F)"),
        ("\x0b", "(U+000B)"),
        ("\ufffe", "(U+FFFE)"),
        ("\uffff", "(U+FFFF)"),
    ],
)
def test_an_sqs_body_with_a_character_sqs_refuses_is_a_value_error(body: str, shown: str) -> None:
    with pytest.raises(ValueError, match="sqs_record: body holds ") as raised:
        sqs_record(body)
    assert shown in str(raised.value)
    assert "InvalidMessageContents" in str(raised.value)
    assert "Fix: " in str(raised.value) and "body=json.dumps(value)" in str(raised.value)


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: sqs_record(123), TypeError, "sqs_record: body is an int; AWS sends a str"),
        # built a record SQS never delivers: a message has at least one character
        (lambda: sqs_record(""), ValueError, "sqs_record: body is empty; SQS takes a message of"),
        (lambda: sqs_record(b"{}"), TypeError, "Fix: decode it: body=value.decode()"),
        (lambda: sqs_record({"a": 1}), TypeError, "body=json.dumps(value)"),
        (lambda: sqs_record("x", group_id=1), TypeError, "group_id is an int"),
        (lambda: sqs_record("x" * (1024 * 1024 + 1)), ValueError, "SQS takes at most 1048576"),
        (lambda: object_created_body("b", "k", size="3"), TypeError, "size is a str"),
        (lambda: object_created_body("b", "k", size=True), TypeError, "size is a bool"),
        (lambda: object_created_body(1, "k", size=3), TypeError, "bucket is an int"),
        (
            lambda: object_created_body("b", "k", size=3, event_name="s3:ObjectCreated:Put"),
            ValueError,
            "Fix: pass event_name='ObjectCreated:Put'",
        ),
        (lambda: s3_test_event_body(None), TypeError, "bucket is None"),
        (lambda: http_api_event("POST /a", {"a": 1}), TypeError, "body=json.dumps(value)"),
        (lambda: http_api_event("POST /a", b"\xff"), ValueError, "Fix: pass binary=True"),
        (lambda: http_api_event("POST /a", headers={"x-n": 1}), TypeError, "'x-n': '1'"),
        (lambda: http_api_event("POST /a", headers=[("a", "b")]), TypeError, "headers is a list"),
        (lambda: http_api_event("POST /a\n"), ValueError, "is not 'METHOD /path'"),
        (lambda: http_api_event("ANY /a", method="post"), ValueError, "method='POST'"),
        (lambda: http_api_event("GET /a/{id}", path="a/1"), ValueError, "path='/a/1'"),
        (lambda: http_api_event("POST /a", "x", binary=1), TypeError, "binary is an int"),
        (
            lambda: http_api_event(
                "POST /a",
                "a=1",
                headers={"content-type": "application/x-www-form-urlencoded"},
                binary=False,
            ),
            ValueError,
            "binary is False, but API Gateway hands a body sent as "
            "'application/x-www-form-urlencoded' to the function base64-encoded "
            "(isBase64Encoded true), never as text. Fix: leave binary out (the content type "
            "decides) and read the body with raw_body(event)",
        ),
        (lambda: http_api_event("POST /a", "x" * (6 * 2**20 + 1)), ValueError, "Lambda takes"),
    ],
)
def test_an_event_aws_never_sends_is_refused_with_its_fix(
    build: Any, error: type[Exception], message: str
) -> None:
    # Proves (bad inputs, round 39): each was built, and a handler's test ran on an event
    # no delivery looks like (or failed with an AttributeError inside the builder)
    with pytest.raises(error, match=re.escape(message)):
        build()


def test_the_largest_events_aws_sends_are_built() -> None:
    assert len(sqs_record("x" * 1024 * 1024)["body"]) == 1024 * 1024
    event = http_api_event("POST /a", b"\x00" * (4 * 2**20), binary=True)
    assert event["isBase64Encoded"] and len(event["body"]) < 6 * 2**20
    assert (
        http_api_event("ANY /a", method="DELETE", headers={})["requestContext"]["http"]["method"]
        == "DELETE"
    )
    assert (
        json.loads(object_created_body("b", "k", size=0))["Records"][0]["s3"]["object"]["size"] == 0
    )
