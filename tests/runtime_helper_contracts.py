"""What each public runtime helper and demo handler may do with a bad event (fuzz51), as
calls the seeded fuzz in tests/test_fuzz51.py makes: each returns normally, raises one
of the errors it documents (a custom one saying its fix), or answers an HTTP request with
a 4xx JSON error. ``broken(...)`` says what a call did against that, or None.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import order_events
import report_job
from botocore.exceptions import ClientError

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
from tests.message_rules import VERBS
from tests.runtime_fuzz import base64_text, json_text

Call = Callable[[Any], object]
_FIX = re.compile(r"Fix: (\S+)")


@dataclass(frozen=True)
class Contract:
    """A call on a (mutated) event and the exceptions it documents."""

    name: str
    call: Call
    #: the errors it may raise, each saying its fix (a JSON body's ValueError too, since
    #: runtime52)
    documented: tuple[type[BaseException], ...]


def broken(contract: Contract, event: Any) -> str | None:
    """What ``contract.call(event)`` did against the contract; None when it kept it."""
    try:
        contract.call(event)
    except contract.documented as error:
        found = _FIX.search(str(error))
        if found is None or found[1] not in VERBS:
            return f"{type(error).__name__} without a Fix sentence: {str(error)[:300]}"
        if len(str(error)) > 3000:
            return f"{type(error).__name__} of {len(str(error))} characters: {str(error)[:200]}"
    except Exception as error:
        return f"undocumented {type(error).__name__}: {str(error)[:300]}"
    return None


def http_answer_broken(response: object) -> str | None:
    """What an HTTP handler's answer does against the rule (4xx JSON error, never 5xx)."""
    if not isinstance(response, Mapping) or not isinstance(response.get("statusCode"), int):
        return f"no response: {response!r:.200}"
    status, body = response["statusCode"], response.get("body") or ""
    if status >= 500:
        return f"answered {status}: {body[:200]}"
    if (response.get("headers") or {}).get("content-type") != "application/json":
        return f"answered {status} without content-type: application/json"
    if status >= 400:
        parsed = json.loads(body) if body else None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("error"), str):
            return f"answered {status} with no JSON error: {body[:200]}"
    return None


# --- the events the calls start from (the builders' real shapes), by kind --------------


def http_event(rng: random.Random) -> dict[str, Any]:
    route = rng.choice(("GET /todos", "POST /todos", "PUT /todos/{id}", "GET /hello/{name}"))
    kind = rng.choice(("application/json", "text/plain", "application/x-www-form-urlencoded"))
    parameters = None
    if "{" in route:
        name = route.rpartition("{")[2].rstrip("}")
        value = rng.choice(("2f1e2f2b-8b9a-4c1e-9a2b-3c4d5e6f7a8b", "a/b", "%", "é", "x y"))
        parameters = {name: value}
    event = builders.http_api_event(
        route,
        headers={"content-type": kind, "cookie": "a=1; a=2", "x-a": "1"},
        path_parameters=parameters,
        claims={"sub": "u-1", "scope": "todos/read"} if rng.random() < 0.5 else None,
    )
    # set by hand: the builder refuses what no client sends (a lone surrogate, over 6 MiB)
    body = json_text(rng)
    if rng.random() < 0.2:
        event |= {"body": base64_text(rng, body), "isBase64Encoded": True}
    elif route.startswith(("POST", "PUT")) or rng.random() < 0.2:
        event["body"] = body
    return event


def sqs_event(rng: random.Random) -> dict[str, Any]:
    bodies = (
        builders.object_created_body("b", "incoming/a b+c%.csv", size=3),
        builders.s3_test_event_body("b"),
        json.dumps({"Type": "Notification", "MessageId": "m", "TopicArn": "t", "Message": "{}"}),
        json.dumps({"order_id": "o-1", "customer": "c", "items": [{"sku": "s", "quantity": 1}]}),
    )
    records = [builders.sqs_record(rng.choice(bodies), f"m-{n}") for n in range(rng.randint(0, 10))]
    return builders.sqs_event(*records) if records else {"Records": []}


def stream_event(rng: random.Random) -> dict[str, Any]:
    changes = [
        builders.stream_record("INSERT", {"pk": f"o-{n}"}, new_image={"pk": f"o-{n}", "n": n})
        for n in range(rng.choice((1, 3)))
    ]
    return builders.stream_event(*changes)


def bridge_event(rng: random.Random) -> dict[str, Any]:
    return builders.eventbridge_event(
        "shop.orders", "OrderStored", {"order_id": "o-1"}, resources=["arn:aws:s3:::b"]
    )


def hook_event(rng: random.Random) -> dict[str, Any]:
    return {"DeploymentId": "d-ABCDEF123", "LifecycleEventHookExecutionId": "eyJlIjoiMSJ9"}


# --- the calls -----------------------------------------------------------------------


class _CodeDeploy:
    def put_lifecycle_event_hook_execution_status(self, **_: object) -> None:
        pass


class _Lambda:
    def invoke(self, **_: object) -> dict[str, Any]:
        return {"StatusCode": 200, "Payload": io.BytesIO(b'{"statusCode": 200}')}


def _sqs_batch(handle: Callable[[Any], object]) -> Call:
    def call(event: Any) -> None:
        answer = sqs_batch.process_batch(event, handle)
        ids = {record["messageId"] for record in event.get("Records", [])}
        assert {failure["itemIdentifier"] for failure in answer["batchItemFailures"]} <= ids

    return call


@dataclass(frozen=True)
class _Detail:
    order_id: str


def _bridge(event: Any) -> None:
    bridge_events.bridge_event(event, source="shop.orders").detail_as(_Detail)


def _stream(event: Any) -> None:
    stream_batch.process_batch(event, lambda change: change["dynamodb"]["NewImage"]["n"]["N"])


def _sns(record: Any) -> None:
    message = sns_messages.sns_message(record)
    with contextlib.suppress(ValueError):  # a message that is not JSON: json()'s error
        message.json()


def _sns_json(record: Any) -> None:
    """The message's JSON, when the record holds a message (json()'s errors say the fix)."""
    try:
        message = sns_messages.sns_message(record)
    except sns_messages.MalformedSnsMessage:  # sns_message's contract, above
        return
    message.json()


def _json_body_400(event: Any) -> None:
    """json_body's 400, raised as its message: the sender reads the same Fix sentence."""
    request = http.json_body(event)
    if request.error is not None:
        raise ValueError(json.loads(request.error["body"])["message"])


def _records(call: Call) -> Call:
    """``call`` on each record of the event (the helpers taking one record)."""

    def each(event: Any) -> None:
        records = event.get("Records") if isinstance(event, Mapping) else None
        for record in records if isinstance(records, list) else [event]:
            call(record)

    return each


HTTP = [
    Contract("http.json_body", _json_body_400, (TypeError, ValueError)),
    Contract("http.raw_body", http.raw_body, (ValueError, TypeError)),
    Contract("http.header", lambda event: http.header(event, "cookie"), (TypeError,)),
    Contract(
        "http.authorizer_context", http.authorizer_context, (http.NoAuthorizerContext, TypeError)
    ),
]
SQS = [
    Contract(
        "sqs_batch.process_batch",
        _sqs_batch(sqs_batch.json_body),
        (sqs_batch.MalformedBatchError,),
    ),
    Contract("sns_messages.sns_message", _records(_sns), (sns_messages.MalformedSnsMessage,)),
    Contract(
        "s3_events.for_each_s3_object",
        _sqs_batch(s3_events.for_each_s3_object(lambda found: found.key)),
        (sqs_batch.MalformedBatchError,),
    ),
    Contract(
        "s3_events.s3_objects",
        _records(lambda record: list(s3_events.s3_objects(record))),
        (s3_events.MalformedS3Event,),
    ),
    Contract("sqs_batch.json_body", _records(sqs_batch.json_body), (ValueError,)),
    Contract("sns_messages.SnsMessage.json", _records(_sns_json), (ValueError,)),
]
STREAM = [Contract("stream_batch.process_batch", _stream, (sqs_batch.MalformedBatchError,))]
BRIDGE = [Contract("bridge_events.bridge_event", _bridge, (bridge_events.MalformedBridgeEvent,))]
HOOKS = [
    Contract(
        "deployment_hooks.run_hook",
        lambda event: deployment_hooks.run_hook(event, lambda target: None, client=_CodeDeploy()),
        (ValueError,),
    ),
    Contract(
        "deployment_hooks.invoke_target",
        lambda event: deployment_hooks.invoke_target(event, client=_Lambda()),
        (ValueError,),
    ),
]

#: The kinds of event, each with the calls made on its mutations.
KINDS: dict[str, tuple[Callable[[random.Random], dict[str, Any]], list[Contract]]] = {
    "http": (http_event, HTTP),
    "sqs": (sqs_event, SQS),
    "stream": (stream_event, STREAM),
    "bridge": (bridge_event, BRIDGE),
    "hook": (hook_event, HOOKS),
}


# --- the demo's handlers ---------------------------------------------------------------


class TodoTable:
    """The todo table's calls, none reaching AWS: what is fuzzed is the request's reading."""

    name = "todos"

    def scan(self, **_: object) -> dict[str, Any]:
        return {"Items": []}

    def get_item(self, **_: object) -> dict[str, Any]:
        return {}

    def put_item(self, **_: object) -> dict[str, Any]:
        return {}

    def update_item(self, **_: object) -> dict[str, Any]:
        error = {"Error": {"Code": "ConditionalCheckFailedException", "Message": "no"}}
        raise ClientError(error, "UpdateItem")  # type: ignore[arg-type]

    delete_item = update_item


def hello_handler() -> Callable[[Any, Any], dict[str, Any]]:
    """The hello example app's handler (its own directory, not on the tests' path)."""
    path = Path(__file__).parents[1] / "examples/hello_api/handlers/hello/hello.py"
    spec = importlib.util.spec_from_file_location("fuzz51_hello", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.handler  # type: ignore[no-any-return]


#: The demo's handlers of other events, each with the error it documents for a bad one.
DEMO_EVENT_CALLS: dict[str, list[tuple[str, Callable[[Any], Any], type[Exception]]]] = {
    "bridge": [("order_events.order_id_of", order_events.order_id_of, order_events.InvalidEvent)],
    "hook": [
        (
            "report_job.parse_request",
            report_job.parse_request,
            report_job.InvalidReportRequest,
        )
    ],
}


__all__ = [
    "DEMO_EVENT_CALLS",
    "KINDS",
    "Contract",
    "TodoTable",
    "broken",
    "hello_handler",
    "http_answer_broken",
]
