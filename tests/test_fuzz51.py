"""The runtime under bad events (fuzz51): each defect a seeded fuzz of real AWS events
found, as a regression test, and a small seeded fuzz keeping the rule over every public
helper of constructs_lib_runtime and every demo handler: an HTTP handler answers a bad
request with a 4xx and a JSON error, a batch helper reports a bad record (or refuses the
batch with MalformedBatchError before any record runs), and a helper raises only its
documented errors, a custom one with a ``Fix:`` sentence starting with what to do.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable, Iterator
from types import MappingProxyType
from typing import Any

import pytest
import todos_api

from constructs_lib_runtime import (
    bridge_events,
    deployment_hooks,
    http,
    s3_events,
    sns_messages,
    sqs_batch,
    stream_batch,
)
from constructs_lib_runtime import testing as builders
from constructs_lib_runtime.sqs_batch import MalformedBatchError
from tests.runtime_event_mutations import LAMBDA_DEPTH, mutated, nested
from tests.runtime_fuzz import SEED, case
from tests.runtime_helper_contracts import (
    DEMO_EVENT_CALLS,
    KINDS,
    TodoTable,
    broken,
    hello_handler,
    http_answer_broken,
)

CASES = 3000
TARGET = "arn:aws:lambda:us-east-1:123456789012:function:api:7"
HOOK_EVENT = {"DeploymentId": "d-ABCDEF123", "LifecycleEventHookExecutionId": "eyJlIjoiMSJ9"}
BRIDGE = builders.eventbridge_event("shop.orders", "OrderStored", {"order_id": "o-1"})


@pytest.fixture(autouse=True)
def _quiet(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    with caplog.at_level(logging.CRITICAL):  # every failed record logs its traceback
        yield


@pytest.fixture(autouse=True)
def _lambda_recursion_limit() -> Iterator[None]:
    # Python's default, as in Lambda; a test running mypy in this process raised it to 16,384
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


# --- the defects found, each as it was ------------------------------------------------


@pytest.mark.parametrize("resources", [5, 1.5, True, "arn:aws:s3:::b", {"a": 1}, [1], [None]])
def test_bridge_event_refuses_resources_that_are_no_list_of_arns(resources: Any) -> None:
    # Proves: an int was a bare TypeError ('int' object is not iterable), a string read as
    # its characters, an object as its keys, [1] as ('1',)
    with pytest.raises(bridge_events.MalformedBridgeEvent, match=r"resources is .* list of ARNs"):
        bridge_events.bridge_event({**BRIDGE, "resources": resources})


def test_bridge_event_reads_resources_and_takes_none_as_no_resources() -> None:
    arn = "arn:aws:s3:::bucket"
    assert bridge_events.bridge_event({**BRIDGE, "resources": [arn]}).resources == (arn,)
    assert bridge_events.bridge_event({**BRIDGE, "resources": None}).resources == ()


@pytest.mark.parametrize("time", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_bridge_event_refuses_a_time_with_no_instant_in_utc(time: str) -> None:
    # Proves: an offset moving the instant past year 1 or 9999 was a bare OverflowError
    with pytest.raises(bridge_events.MalformedBridgeEvent, match=r"time .* is not EventBridge's"):
        bridge_events.bridge_event({**BRIDGE, "time": time})


def test_authorizer_context_reads_a_lambda_context_nested_as_deep_as_lambda_passes_it() -> None:
    # Proves: the read-only copy recursed twice a level, a RecursionError from ~500 levels
    event = builders.http_api_event("GET /x", authorizer_context={"principalId": "p"})
    event["requestContext"]["authorizer"]["lambda"]["deep"] = nested(LAMBDA_DEPTH, kind="object")
    caller = http.authorizer_context(event)
    deep = caller.context["deep"]
    for _ in range(LAMBDA_DEPTH):
        assert isinstance(deep, MappingProxyType)
        deep = deep["a"]
    assert deep == 1 and caller.principal_id == "p"


def test_authorizer_context_keeps_lists_as_tuples_and_objects_read_only() -> None:
    context = {"principalId": "p", "roles": ["a", {"b": [1, [2]]}], "n": None}
    caller = http.authorizer_context(builders.http_api_event("GET /x", authorizer_context=context))
    assert caller.context["roles"] == ("a", MappingProxyType({"b": (1, (2,))}))
    assert isinstance(caller.context["roles"][1], MappingProxyType)
    assert caller.context["n"] is None


def test_authorizer_context_names_an_unprintable_route_key_briefly() -> None:
    # Proves: the NoAuthorizerContext message's repr of routeKey was a RecursionError
    with pytest.raises(http.NoAuthorizerContext, match=r"the request to \[\[\["):
        http.authorizer_context({"version": "2.0", "routeKey": nested(5000)})


def test_invoke_target_refuses_a_payload_nested_too_deeply_for_json() -> None:
    # Proves: json.dumps' RecursionError escaped, after nothing said what to change
    with pytest.raises(ValueError, match=r"nested too deeply to write as JSON\. Fix: pass"):
        deployment_hooks.invoke_target({"a": nested(5000)}, client=object())


@pytest.mark.parametrize("key", ["%zz", "100%", "a%2", "%%41"])
def test_s3_objects_refuse_a_key_whose_percent_starts_no_escape(key: str) -> None:
    # Proves: the key was decoded as it was ('%zz', '100%'): S3 sends '%' as '%25', so such
    # a key names another object than the one the event was about
    body = json.loads(builders.object_created_body("b", "k", size=1))
    body["Records"][0]["s3"]["object"]["key"] = key
    with pytest.raises(s3_events.MalformedS3Event, match="not URL-encoded UTF-8"):
        list(s3_events.s3_objects(builders.sqs_record(json.dumps(body))))


def test_s3_objects_decode_an_encoded_percent_and_plus() -> None:
    body = builders.object_created_body("b", "100% a+b", size=1)
    assert "100%25+a%2Bb" in body
    [found] = s3_events.s3_objects(builders.sqs_record(body))
    assert found.key == "100% a+b"


@pytest.mark.parametrize(
    ("event", "fix"),
    [
        ({"Records": 1.5}, "pass the event the handler receives (a dict with a Records list)"),
        ({"detail": {}}, "pass the event Lambda sends a StreamWorker's function"),
        ({"Records": [{"dynamodb": {}}]}, "pass the event Lambda sends a StreamWorker's function"),
        (
            builders.sqs_event(builders.sqs_record("{}")),
            "use constructs_lib_runtime.sqs_batch.process_batch for a QueueWorker's records",
        ),
    ],
)
def test_stream_batch_refusals_say_their_fix(event: Any, fix: str) -> None:
    # Proves: stream_batch's MalformedBatchError said what was wrong and no Fix (sqs_batch's
    # did), so its log line left the reader to guess
    with pytest.raises(MalformedBatchError, match=f"Fix: {re.escape(fix)}"):
        stream_batch.process_batch(event, lambda change: None)


@pytest.mark.parametrize(
    ("event", "fix"),
    [
        (
            builders.http_api_event("GET /health"),
            "give the route an auth, or answer error.response",
        ),
        ({"requestContext": {"authorizer": {"iam": {}}}}, "pass the event as API Gateway sends it"),
        ({"requestContext": {}}, "use event['requestContext']['authorizer'] for a REST API's"),
    ],
)
def test_no_authorizer_context_says_its_fix(event: dict[str, Any], fix: str) -> None:
    # Proves: NoAuthorizerContext said why and no Fix
    with pytest.raises(http.NoAuthorizerContext, match=f"Fix: {re.escape(fix)}"):
        http.authorizer_context(event)


@pytest.mark.parametrize("record", [["m-1"], {"messageId": "m-1", "body": {"a": 1}}])
def test_sqs_json_body_says_its_fix_for_what_is_no_sqs_record(record: Any) -> None:
    # Proves: "the record is list, not an SQS record (an object)" said no fix
    with pytest.raises(ValueError, match="Fix: pass each record process_batch hands"):
        sqs_batch.json_body(record)


def test_stream_event_of_a_hand_built_record_in_a_window_names_the_default_stream() -> None:
    # Proves: a record built by hand without eventSourceARN was a bare KeyError with window=
    change = {"eventName": "INSERT", "dynamodb": {"SequenceNumber": "1"}}
    window = ("2026-05-04T09:00:00Z", "2026-05-04T09:01:00Z")
    event = builders.stream_event(change, window=window)
    assert event["Records"] == [change]
    assert event["eventSourceARN"].startswith("arn:aws:dynamodb:")


@pytest.mark.parametrize(
    ("build", "fix"),
    [
        (lambda: builders.sqs_event("m-1"), "Fix: build each record with sqs_record(...)"),
        (lambda: builders.stream_event(5), "Fix: build each record with stream_record(...)"),
        (lambda: builders.stream_record("UPDATE", {"pk": "a"}), "Fix: pass one of them"),
        (
            lambda: builders.stream_record("INSERT", {"pk": "a"}, view_type="ALL"),
            "Fix: pass one of them",
        ),
        (
            lambda: builders.stream_record("MODIFY", {"pk": "a"}, new_image={"pk": "a"}),
            "Fix: pass new_image= and old_image= only",
        ),
        (
            lambda: builders.stream_record(
                "INSERT", {"pk": "a"}, new_image={"pk": "a"}, view_type="KEYS_ONLY"
            ),
            "Fix: leave new_image= and old_image= out",
        ),
    ],
)
def test_a_builder_s_refusal_says_its_fix(build: Callable[[], Any], fix: str) -> None:
    # Proves: these TypeErrors and ValueErrors of the testing builders said no fix
    with pytest.raises((TypeError, ValueError), match=re.escape(fix)):
        build()


HUGE = "x" * 70_000


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: http.raw_body({"body": "{}", "isBase64Encoded": nested(5000)}), TypeError),
        (lambda: http.raw_body({"body": "{}", "isBase64Encoded": HUGE}), TypeError),
        (lambda: next(s3_events.s3_objects(_s3_record(size=HUGE))), s3_events.MalformedS3Event),
        (
            lambda: next(s3_events.s3_objects(_s3_record(size=nested(LAMBDA_DEPTH)))),
            s3_events.MalformedS3Event,
        ),
        (
            lambda: sns_messages.sns_message(_sns_record(Type=HUGE)),
            sns_messages.MalformedSnsMessage,
        ),
        (
            lambda: sns_messages.sns_message(_sns_record(Type="Other", TopicArn=HUGE)),
            sns_messages.MalformedSnsMessage,
        ),
        (lambda: bridge_events.bridge_event({**BRIDGE, "time": HUGE}), ValueError),
        (lambda: bridge_events.bridge_event({**BRIDGE, "id": HUGE}, source="a"), ValueError),
        (lambda: bridge_events.bridge_event({**BRIDGE, "source": HUGE}, source="a"), ValueError),
    ],
)
def test_a_message_names_a_huge_or_deep_value_briefly(
    call: Callable[[], Any], error: type[Exception]
) -> None:
    # Proves: isBase64Encoded nested 5,000 levels was a RecursionError (its repr), and a
    # 70,000-character value (or one nested 900 levels) was copied whole into the message,
    # and so into the log line
    with pytest.raises(error) as raised:
        call()
    assert len(str(raised.value)) < 600, str(raised.value)[:200]


def _s3_record(**object_fields: Any) -> dict[str, Any]:
    body = json.loads(builders.object_created_body("b", "k", size=1))
    body["Records"][0]["s3"]["object"].update(object_fields)
    return builders.sqs_record(json.dumps(body))


def _sns_record(**fields: Any) -> dict[str, Any]:
    envelope = {"Type": "Notification", "MessageId": "m", "TopicArn": "arn", "Message": "hi"}
    return {"messageId": "m-1", "body": json.dumps({**envelope, **fields})}


# --- a small seeded fuzz, so the rule keeps holding -------------------------------------


@pytest.fixture
def _demo(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[Any, Any], Any]]:
    monkeypatch.setattr(todos_api, "table", TodoTable)
    monkeypatch.setenv(deployment_hooks.TARGET_VERSION_VARIABLE, TARGET)
    routes = ("list_todos", "get_todo", "create_todo", "update_todo", "delete_todo")
    return {
        "hello.handler": hello_handler(),
        **{f"todos_api.{r}": getattr(todos_api, r) for r in routes},
    }


def test_every_helper_and_demo_handler_keeps_the_rule_under_mutated_events(
    _demo: dict[str, Callable[[Any, Any], Any]],
) -> None:
    found: dict[str, str] = {}  # the first of each kind of finding, with its case
    for index in range(CASES):
        rng = case(SEED, index)
        kind = list(KINDS)[index % len(KINDS)]
        build, contracts = KINDS[kind]
        event = build(rng)
        if rng.random() < 0.85:
            event = mutated(rng, event)
        where = f"seed {SEED} case {index} ({kind})"
        for contract in contracts:
            if (problem := broken(contract, event)) is not None:
                found.setdefault(f"{contract.name}: {problem[:60]}", f"{where}: {problem}")
        for name, handler in _demo.items() if kind == "http" else ():
            try:
                problem = http_answer_broken(handler(event, None))
            except Exception as error:
                problem = f"raised {type(error).__name__}: {error}"
            if problem is not None:
                found.setdefault(f"{name}: {problem[:60]}", f"{where}: {problem}")
        for name, call, documented in DEMO_EVENT_CALLS.get(kind, ()):
            try:
                call(event)
            except documented:
                pass
            except Exception as error:
                found.setdefault(f"{name}: {type(error).__name__}", f"{where}: {error!r:.300}")
    assert not found, "\n".join(found.values())
