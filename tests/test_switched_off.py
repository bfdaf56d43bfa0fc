"""A StreamWorker's or a Lambda authorizer's Handler reserved 0 concurrency warns: the
function never runs while the stream is still read (its records skipped unprocessed) or
the API still answered (a 500 for every request behind the authorizer), as QueueWorker's
``queueWorkerSwitchedOff`` does (bad inputs, round 42: both synthesized silently). A
reservation above 0 or none does not warn. So does an API route's, an EventHandler's and a
ScheduledJob's (with allow_overlap=True; else it reserves 1), design54: every request to
the route answered with a 500, every event or run dead-lettered unhandled."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Deployment,
    EventHandler,
    ScheduledJob,
    ServerlessApi,
)
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


# --- an API route's, an EventHandler's and a ScheduledJob's function (design54) ----------


def _route_api(stack: cdk.Stack, reserved: int | None) -> None:
    handler = echo_handler(reserved_concurrency=reserved)
    routes = {"GET /a": handler, "POST /a": handler, "GET /b": echo_handler(name="B")}
    ServerlessApi(stack, "Api", routes=routes, auth=ApiAuth.iam())


def _event_handler(stack: cdk.Stack, reserved: int | None) -> None:
    handler = echo_handler(reserved_concurrency=reserved)
    EventHandler(stack, "Api", handler=handler, event_pattern={"source": ["acme.orders"]})


def _scheduled_job(stack: cdk.Stack, reserved: int | None) -> None:
    handler = echo_handler(reserved_concurrency=reserved)
    ScheduledJob(stack, "Api", handler=handler, schedule="rate(1 hour)", allow_overlap=True)


SWITCHED_OFF = {
    "routeSwitchedOff": (
        _route_api,
        "routes['GET /a'].reserved_concurrency (one function with 'POST /a') is 0: the route's "
        "function never runs: Lambda throttles every invocation, and API Gateway answers "
        "every request to the route with a 500 (it does not pass Lambda's 429 on). Fix: drop "
        "reserved_concurrency=0 (a route that must refuse everyone answers 403 or 503 from its "
        "code; or remove the route). If closing the route this way is meant, acknowledge "
        "'constructs_lib:routeSwitchedOff'.",
    ),
    "eventHandlerSwitchedOff": (
        _event_handler,
        "handler.reserved_concurrency is 0: the function never runs: Lambda throttles each "
        "invocation, keeps the rule's event queued and retries it for up to max_event_age (at "
        "most 6 hours), then sends it to the dead-letter queue, never handled. Fix: pass "
        "enabled=False instead to create the rule disabled (no event reaches the function, and "
        "none is dead-lettered), or drop reserved_concurrency=0. If dead-lettering every event "
        "is meant, acknowledge 'constructs_lib:eventHandlerSwitchedOff'.",
    ),
    "scheduledJobSwitchedOff": (
        _scheduled_job,
        "handler.reserved_concurrency is 0: the function never runs: Lambda throttles each "
        "invocation, keeps the run's event queued and retries it for up to max_event_age (at "
        "most 6 hours), then sends it to the dead-letter queue, never handled. Fix: pass "
        "enabled=False instead to create the schedule disabled (no run starts, and none is "
        "dead-lettered), or drop reserved_concurrency=0. If dead-lettering every run is "
        "meant, acknowledge 'constructs_lib:scheduledJobSwitchedOff'.",
    ),
}


@pytest.mark.parametrize(("warning", "case"), SWITCHED_OFF.items(), ids=list(SWITCHED_OFF))
def test_a_function_reserved_zero_warns_naming_what_callers_get(
    warning: str, case: tuple[Callable[[cdk.Stack, int | None], None], str]
) -> None:
    build, expected = case
    stack = cdk.Stack(cdk.App(), "Test")
    build(stack, 0)
    assert _warnings(stack, warning) == [f"{expected} [ack: constructs_lib:{warning}]"]
    # the one warning of the construct: the template's 0 is not warned of again at synth
    assert len(warnings_of(stack, "SwitchedOff")) == 1


@pytest.mark.parametrize("reserved", [None, 1, 100])
@pytest.mark.parametrize(("warning", "case"), SWITCHED_OFF.items(), ids=list(SWITCHED_OFF))
def test_other_reservations_of_those_functions_do_not_warn(
    warning: str, case: tuple[Callable[[cdk.Stack, int | None], None], str], reserved: int | None
) -> None:
    stack = cdk.Stack(cdk.App(), "Test")
    case[0](stack, reserved)
    assert _warnings(stack, warning) == []


def test_a_scheduled_job_one_run_at_a_time_refuses_zero_as_before() -> None:
    # allow_overlap=False reserves 1: a Handler's 0 is its ConstructError, not the warning
    stack = cdk.Stack(cdk.App(), "Test")
    with pytest.raises(ConstructError, match=r"`handler.reserved_concurrency` is 0, but"):
        ScheduledJob(
            stack, "Job", handler=echo_handler(reserved_concurrency=0), schedule="rate(1 hour)"
        )


@pytest.mark.parametrize("hook_prop", ["pre_traffic", "post_traffic"])
def test_a_deployment_hook_reserved_zero_is_refused(hook_prop: str) -> None:
    # a hook that never runs fails every deployment after CodeDeploy's hour: no kill switch
    # is meant there, so an error (drop the hook instead)
    hook = echo_handler(entry="app.other", reserved_concurrency=0)
    with pytest.raises(ConstructError) as raised:
        EventHandler(
            cdk.Stack(cdk.App(), "Test"),
            "Orders",
            handler=echo_handler(deployment=Deployment.canary(**{hook_prop: hook})),
            event_pattern={"source": ["acme.orders"]},
        )
    assert [(p.path, p.prop, p.message, p.fix) for p in raised.value.problems] == [
        (
            "Test/Orders",
            f"handler.deployment.{hook_prop}.reserved_concurrency",
            "is 0: the hook's function never runs (Lambda throttles every invocation), so "
            "CodeDeploy waits an hour for its status and then fails the deployment and rolls "
            "it back, every time the function is deployed",
            f"drop reserved_concurrency=0 from the {hook_prop} Handler, or drop {hook_prop}= "
            "to deploy without that check",
        )
    ]
