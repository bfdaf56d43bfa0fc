"""A StreamWorker's or a Lambda authorizer's Handler reserved 0 concurrency warns: the
function never runs while the stream is still read (its records skipped unprocessed) or
the API still answered (a 500 for every request behind the authorizer), as QueueWorker's
``queueWorkerSwitchedOff`` does (bad inputs, round 42: both synthesized silently). A
reservation above 0 or none does not warn."""

from __future__ import annotations

import aws_cdk as cdk
import pytest

from constructs_lib import ApiAuth, ServerlessApi
from tests.stream_support import build_worker
from tests.support import echo_handler, warnings_of


def _warnings(stack: cdk.Stack, warning: str) -> list[str]:
    return warnings_of(stack, f"constructs_lib:{warning}")


def _authorized_api(reserved: int | None) -> cdk.Stack:
    stack = cdk.Stack(cdk.App(), "Test")
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.function(echo_handler(entry="app.other", reserved_concurrency=reserved)),
    )
    return stack


def test_a_stream_worker_reserved_zero_warns_with_enabled_false_as_the_fix() -> None:
    worker, _ = build_worker(handler=echo_handler(reserved_concurrency=0))
    (warning,) = _warnings(cdk.Stack.of(worker), "streamWorkerSwitchedOff")
    assert warning.startswith(
        "handler.reserved_concurrency is 0: the function never runs, but the event source "
        "mapping still reads the stream"
    )
    assert (
        "Fix: pass enabled=False instead to pause the worker and keep the records in the "
        "stream (24 hours)"
    ) in warning


def test_a_stream_worker_created_paused_is_not_warned_of_reserving_zero() -> None:
    # Proves (sweep247): StreamWorker(enabled=False) with a Handler reserving 0 was told to
    # "pass enabled=False instead": its mapping is created disabled and reads nothing, so
    # no record is throttled or skipped (QueueWorker's paused worker was not warned, sweep44)
    worker, template = build_worker(handler=echo_handler(reserved_concurrency=0), enabled=False)
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {"Enabled": False})
    assert _warnings(cdk.Stack.of(worker), "streamWorkerSwitchedOff") == []


def test_an_authorizer_reserved_zero_warns() -> None:
    (warning,) = _warnings(_authorized_api(0), "authorizerSwitchedOff")
    assert warning.startswith(
        "auth.handler.reserved_concurrency is 0: the authorizer never runs, so API Gateway "
        "answers every request to a route behind it with a 500"
    )
    assert "acknowledge 'constructs_lib:authorizerSwitchedOff'" in warning


@pytest.mark.parametrize("reserved", [None, 1, 100])
def test_other_reservations_do_not_warn(reserved: int | None) -> None:
    worker, _ = build_worker(handler=echo_handler(reserved_concurrency=reserved))
    assert _warnings(cdk.Stack.of(worker), "streamWorkerSwitchedOff") == []
    assert _warnings(_authorized_api(reserved), "authorizerSwitchedOff") == []
