"""A reserved concurrency of 0 set after the construct was built: a platform's Aspect (every
function reserved 0, a stage's kill switch) or an escape hatch on the CfnFunction switched
off a QueueWorker's, a StreamWorker's or an API authorizer's function in silence
(recheck47), where a Handler built with reserved_concurrency=0 warns; an API route's, an
EventHandler's and a ScheduledJob's too (design54). The same warning at
synth, once, on the construct, naming the template's value; acknowledged as when built."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Annotations, Match

from constructs_lib import (
    ApiAuth,
    EventHandler,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StreamWorker,
)
from tests.support import echo_handler, new_app
from tests.test_synth_rechecks import _Set, warnings_after

OFF = _Set(lambda_.CfnFunction, reserved_concurrent_executions=0)


def _queue_worker(stack: cdk.Stack, **handler: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", alarms=False, handler=echo_handler(**handler))


def _stream_worker(stack: cdk.Stack, *, enabled: bool = True, **handler: Any) -> StreamWorker:
    table = dynamodb.Table(
        stack,
        "Orders",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    )
    handler_ = echo_handler(**handler)
    return StreamWorker(
        stack, "Worker", alarms=False, handler=handler_, table=table, enabled=enabled
    )


def _api(stack: cdk.Stack, **handler: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Worker",  # one path for every case's messages
        alarms=False,
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.function(echo_handler(entry="app.other", **handler)),
    )


def _route(stack: cdk.Stack, **handler: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Worker",
        alarms=False,
        routes={"GET /a": echo_handler(**handler)},
        auth=ApiAuth.iam(),
    )


def _event_handler(stack: cdk.Stack, **handler: Any) -> EventHandler:
    handler_ = echo_handler(**handler)
    return EventHandler(
        stack, "Worker", alarms=False, handler=handler_, event_pattern={"source": ["acme.orders"]}
    )


def _scheduled_job(stack: cdk.Stack, **handler: Any) -> ScheduledJob:
    handler_ = echo_handler(**handler)
    return ScheduledJob(
        stack, "Worker", alarms=False, handler=handler_, schedule="rate(1 hour)", allow_overlap=True
    )


_ASYNCHRONOUS = (
    "Test/Worker/Handler/Function/Resource): the function never runs: Lambda throttles each "
    "invocation, keeps the {0} queued and retries it for up to max_event_age (at most 6 "
    "hours), then sends it to the dead-letter queue, never handled. Something changed it "
    "after the {1} was built (an Aspect, or an escape hatch on its CfnFunction). Fix: leave "
    "the function out of what changed it; to pause the {2}, pass {1}(enabled=False) instead. "
    "If dead-lettering every {3} is meant, acknowledge 'constructs_lib:{4}'."
)


def _warnings(
    build: Callable[..., object],
    *aspects: _Set,
    then: Callable[[Any], None] = lambda c: None,
    warning: str = "SwitchedOff",
) -> list[tuple[str, str]]:
    """(path, message) of every switched-off warning of the synth (``warning``'s alone
    when given: an Aspect switching every function off switches an authorizer's API's
    route function off too)."""
    return warnings_after(build, *aspects, containing=warning, then=then)


WARNINGS = {
    "QueueWorker": (
        _queue_worker,
        "queueWorkerSwitchedOff",
        "Test/Worker/Handler/Function/Resource): the function never runs, but the queue's "
        "event source still receives every message; each batch is throttled and goes back to "
        "the queue, and after max_receive_count receives each message is in the dead-letter "
        "queue without having been handled. Something changed it after the QueueWorker was "
        "built (an Aspect, or an escape hatch on its CfnFunction). Fix: leave the function out "
        "of what changed it; to pause the worker and keep its messages in the queue, have it "
        "set the event source mapping's enabled to False instead (QueueWorker(enabled=False)). "
        "If draining the queue into the dead-letter queue is meant, acknowledge "
        "'constructs_lib:queueWorkerSwitchedOff'.",
    ),
    "StreamWorker": (
        _stream_worker,
        "streamWorkerSwitchedOff",
        "Test/Worker/Handler/Function/Resource): the function never runs, but the event source "
        "mapping still reads the stream: each batch is throttled and retried until it is "
        "skipped (retry_attempts, max_record_age) into the dead-letter queue, its records "
        "never handled. Something changed it after the StreamWorker was built (an Aspect, or "
        "an escape hatch on its CfnFunction). Fix: leave the function out of what changed it; "
        "to pause the worker and keep the records in the stream (24 hours), pass "
        "StreamWorker(enabled=False) instead. If skipping them is meant, acknowledge "
        "'constructs_lib:streamWorkerSwitchedOff'.",
    ),
    "authorizer": (
        _api,
        "authorizerSwitchedOff",
        "Test/Worker/Authorizer/Function/Resource): the authorizer never runs, so API Gateway "
        "answers every request to a route behind it with a 500 (public routes still answer). "
        "Something changed it after the ServerlessApi was built (an Aspect, or an escape hatch "
        "on its CfnFunction). Fix: leave the function out of what changed it; an authorizer "
        'that must deny everyone returns {"isAuthorized": false}. If closing the API this way '
        "is meant, acknowledge 'constructs_lib:authorizerSwitchedOff'.",
    ),
    "route": (
        _route,
        "routeSwitchedOff",
        "Test/Worker/Handler/Function/Resource): the route's function never runs: Lambda "
        "throttles every invocation, and API Gateway answers every request to the route with "
        "a 500 (it does not pass Lambda's 429 on). Something changed it after the "
        "ServerlessApi was built (an Aspect, or an escape hatch on its CfnFunction). Fix: "
        "leave the function out of what changed it; a route that must refuse everyone "
        "answers 403 or 503 from its code. If closing the route this way is meant, "
        "acknowledge 'constructs_lib:routeSwitchedOff'.",
    ),
    "EventHandler": (
        _event_handler,
        "eventHandlerSwitchedOff",
        _ASYNCHRONOUS.format(
            "rule's event", "EventHandler", "handler", "event", "eventHandlerSwitchedOff"
        ),
    ),
    "ScheduledJob": (
        _scheduled_job,
        "scheduledJobSwitchedOff",
        _ASYNCHRONOUS.format(
            "run's event", "ScheduledJob", "job", "run", "scheduledJobSwitchedOff"
        ),
    ),
}
CASES = pytest.mark.parametrize(
    ("build", "warning", "expected"), WARNINGS.values(), ids=list(WARNINGS)
)


@CASES
def test_an_aspect_switching_the_function_off_warns_as_the_handler_would(
    build: Callable[..., object], warning: str, expected: str
) -> None:
    found = _warnings(build, OFF, warning=warning)
    assert len(found) == 1, found
    path, message = found[0]
    assert path == "/Test/Worker"  # where the Handler's reserved_concurrency=0 warns
    assert message.startswith(
        "`reserved_concurrency` is 0 in the template (the function " + expected
    ), message
    assert message.endswith(f"[ack: constructs_lib:{warning}]")


@CASES
def test_an_escape_hatch_switching_the_function_off_warns(
    build: Callable[..., object], warning: str, expected: str
) -> None:
    def off(construct: Any) -> None:
        function = None
        if isinstance(construct, ServerlessApi):
            function = construct.authorizer_function or construct.functions["GET /a"]
        cfn = (function or construct.function).node.default_child
        cfn.reserved_concurrent_executions = 0

    assert [w for _, w in _warnings(build, then=off)] == [
        f"`reserved_concurrency` is 0 in the template (the function {expected} "
        f"[ack: constructs_lib:{warning}]"
    ]


@CASES
def test_a_handler_built_with_0_warns_once_whatever_the_aspect(
    build: Callable[..., object], warning: str, expected: str
) -> None:
    # the warnings users snapshot (cdk-nag's report, Annotations) do not change: the one of
    # the Handler as built, not a second one at synth
    (found,) = _warnings(lambda s: build(s, reserved_concurrency=0), OFF, warning=warning)
    assert re.match(
        r"(handler|auth\.handler|routes\['GET /a'\])\.reserved_concurrency is 0", found[1]
    ), found


@CASES
def test_the_warning_acknowledged_on_the_construct_is_not_given(
    build: Callable[..., object], warning: str, expected: str
) -> None:
    def acknowledge(construct: Any) -> None:
        cdk.Annotations.of(construct).acknowledge_warning(
            f"constructs_lib:{warning}", "the stage is switched off on purpose"
        )

    assert _warnings(build, OFF, then=acknowledge, warning=warning) == []


@pytest.mark.parametrize(
    ("build", "aspects"),
    [
        (_queue_worker, [_Set(lambda_.CfnFunction, reserved_concurrent_executions=1000)]),
        (_queue_worker, [OFF, _Set(lambda_.CfnEventSourceMapping, enabled=False)]),  # paused
        (lambda s: QueueWorker(s, "W", alarms=False, handler=echo_handler(), enabled=False), [OFF]),
        (_stream_worker, [OFF, _Set(lambda_.CfnEventSourceMapping, enabled=False)]),
        (lambda s: _stream_worker(s, enabled=False), [OFF]),
        (_stream_worker, [_Set(lambda_.CfnFunction, memory_size=1024)]),
        (_api, [_Set(lambda_.CfnFunction, reserved_concurrent_executions=None)]),
        (
            _api,
            [
                _Set(
                    lambda_.CfnFunction,
                    reserved_concurrent_executions=cdk.Token.as_number(cdk.Fn.ref("Off")),
                )
            ],
        ),
    ],
    ids=[
        "a reservation",
        "mapping paused too",
        "built paused",
        "stream mapping paused too",  # sweep247: a StreamWorker paused was told to pause
        "stream built paused",
        "memory",
        "none",
        "deploy-time",
    ],
)
def test_other_changes_do_not_warn(build: Callable[..., object], aspects: list[_Set]) -> None:
    assert _warnings(build, *aspects) == []


def test_the_warning_is_given_once_over_two_synths() -> None:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    _queue_worker(stack)
    cdk.Aspects.of(app).add(OFF)
    app.synth()
    app.synth(force=True)  # validated again: a warning of the same text is not added twice
    found = Annotations.from_stack(stack).find_warning(
        "/Test/Worker", Match.string_like_regexp(".*queueWorkerSwitchedOff.*")
    )
    assert len(found) == 1
    assert re.search(r"Something changed it after the QueueWorker", str(found[0].entry.data))
