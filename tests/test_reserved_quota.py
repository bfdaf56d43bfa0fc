"""Reserved concurrency past what an account can reserve with Lambda's default quota
(design54): AWS keeps 100 of the account's concurrency in a region unreserved, and the
quota 'Concurrent executions' is 1,000 by default, so 900 in all. A Handler's
reserved_concurrency above that, or the stack's reservations adding up past it, synthesized
and Lambda refused the reservation at deploy. One warning per stack at synth (the quota is
adjustable), on the template's values."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, EventHandler, QueueWorker, ServerlessApi
from constructs_lib._core.reserved_quota import RESERVED_QUOTA_WARNING
from tests.support import echo_handler, new_stack, warnings_of
from tests.test_synth_rechecks import _Set

_QUOTA = (
    ", but Lambda keeps 100 of the account's concurrency in the region unreserved (at most "
    "the quota less 100 can be reserved), and AWS Lambda's quota 'Concurrent executions' is "
    "1000 by default: unless the account's is higher, Lambda refuses the reservation at "
    "deploy (it would leave fewer than 100 unreserved). Fix: {0}, or request a higher "
    "'Concurrent executions' (Service Quotas, AWS Lambda) before deploying. If the account's "
    "quota is higher, acknowledge 'constructs_lib:reservedConcurrencyQuota'. "
    "[ack: constructs_lib:reservedConcurrencyQuota]"
)


def _event_handler(stack: cdk.Stack, reserved: int | None, id: str = "Orders") -> None:
    EventHandler(
        stack,
        id,
        handler=echo_handler(reserved_concurrency=reserved),
        event_pattern={"source": ["acme.orders"]},
    )


def _warnings(stack: cdk.Stack) -> list[str]:
    Template.from_stack(stack)  # synthesized: the check reads the template
    return warnings_of(stack, RESERVED_QUOTA_WARNING)


def test_one_function_reserving_more_than_900_warns() -> None:
    stack = new_stack()
    _event_handler(stack, 901)
    assert _warnings(stack) == [
        "The function Test/Orders/Handler/Function reserves 901 concurrent executions"
        + _QUOTA.format("set its reserved_concurrency to 900 or less")
    ]


def test_the_stack_s_reservations_add_up() -> None:
    # GIVEN two routes' functions and a worker, each within the quota alone
    stack = new_stack()
    ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": echo_handler(reserved_concurrency=400),
            "GET /b": echo_handler(name="B", reserved_concurrency=400),
        },
        auth=ApiAuth.iam(),
    )
    QueueWorker(
        stack, "Worker", handler=echo_handler(reserved_concurrency=200), max_concurrency=200
    )
    # THEN one warning names each function's reservation and the total
    assert _warnings(stack) == [
        "The stack's functions reserve 1000 concurrent executions in all (Test/Api/Handler/"
        "Function 400, Test/Api/B/Function 400, Test/Worker/Handler/Function 200)"
        + _QUOTA.format(
            "set the reservations to 900 or less in all (on the functions that need one)"
        )
    ]


@pytest.mark.parametrize("reserved", [None, 0, 1, 900])
def test_a_reservation_within_the_default_quota_does_not_warn(reserved: int | None) -> None:
    stack = new_stack()
    _event_handler(stack, reserved)
    assert _warnings(stack) == []


def test_each_stack_is_counted_on_its_own() -> None:
    app = cdk.App()
    for name in ("One", "Two"):
        _event_handler(cdk.Stack(app, name), 600)
    assert [_warnings(s) for s in app.node.children if isinstance(s, cdk.Stack)] == [[], []]


def test_an_aspect_s_reservation_is_what_counts() -> None:
    # a platform's Aspect lowering every reservation: the template's value is checked
    stack = new_stack()
    _event_handler(stack, 950)
    cdk.Aspects.of(stack).add(_Set(lambda_.CfnFunction, reserved_concurrent_executions=50))
    assert _warnings(stack) == []


def test_the_warning_is_acknowledged_on_the_stack() -> None:
    stack = new_stack()
    _event_handler(stack, 2000)
    cdk.Annotations.of(stack).acknowledge_warning(
        RESERVED_QUOTA_WARNING, "the account's concurrency quota is 5,000"
    )
    assert _warnings(stack) == []
