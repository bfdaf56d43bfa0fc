"""Every whole-number prop tells True, 1.5 and "3" the same way: "it must be a whole number"
(a bool is never a number to the library), and a batch size that is neither whole nor
allowed without a window lists both problems in one run (messages54: ``batch_size=True``
said "it must be a number", ``batch_size=10.5`` only the window, the fraction next run)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib import (
    ApiAuth,
    ConstructError,
    EventHandler,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    StreamWorker,
    Throttle,
)
from tests.support import SITE, echo_handler, new_stack


def _stream_worker(stack: Any, **props: Any) -> StreamWorker:
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_IMAGE,
    )
    return StreamWorker(stack, "X", handler=echo_handler(), table=table, **props)


def _api(stack: Any, **props: Any) -> ServerlessApi:
    throttle = Throttle(**props)
    return ServerlessApi(
        stack, "X", routes={"GET /x": echo_handler()}, auth=ApiAuth.iam(), throttling=throttle
    )


_BUILDERS: dict[str, Callable[..., object]] = {
    "EventHandler": lambda s, **p: EventHandler(
        s, "X", handler=echo_handler(), event_pattern={"source": ["app"]}, **p
    ),
    "QueueWorker": lambda s, **p: QueueWorker(s, "X", handler=echo_handler(), **p),
    "ScheduledJob": lambda s, **p: ScheduledJob(
        s, "X", handler=echo_handler(), schedule="rate(1 hour)", **p
    ),
    "StaticSite": lambda s, **p: StaticSite(s, "X", source=SITE, **p),
    "StreamWorker": _stream_worker,
    "Network": lambda s, **p: Network(s, "X", **p),
    "Throttle": _api,
}

# every int prop of the constructs (and Throttle's burst), with the range its fix names
_WHOLE = [
    ("EventHandler", "retry_attempts", "retry_attempts", "0 to 185"),
    ("QueueWorker", "batch_size", "batch_size", "1 to 10000"),
    ("QueueWorker", "max_concurrency", "max_concurrency", "2 to 1000"),
    ("QueueWorker", "max_receive_count", "max_receive_count", "1 to 1000"),
    ("ScheduledJob", "retry_attempts", "retry_attempts", "0 to 185"),
    ("StaticSite", "deployment_memory_mib", "deployment_memory_mib", "128 to 10240"),
    ("StreamWorker", "batch_size", "batch_size", "1 to 10000"),
    ("StreamWorker", "parallelization_factor", "parallelization_factor", "1 to 10"),
    ("StreamWorker", "retry_attempts", "retry_attempts", "0 to 10000"),
    ("Network", "max_azs", "max_azs", "1 to 6"),
    ("Network", "nat_gateways", "nat_gateways", "0 to 6"),
    ("Throttle", "burst", "throttling.burst", "1 to 5000"),
]


@pytest.mark.parametrize(("given", "said"), [(True, "True, a bool"), (1.5, "1.5, a float")])
@pytest.mark.parametrize(("construct", "prop", "named", "within"), _WHOLE)
def test_each_whole_number_prop_says_so(
    construct: str, prop: str, named: str, within: str, given: object, said: str
) -> None:
    with pytest.raises(ConstructError) as raised:
        _BUILDERS[construct](new_stack(), **{prop: given})
    (problem,) = raised.value.problems
    assert (problem.prop, problem.message, problem.fix) == (
        named,
        f"is {said}; it must be a whole number",
        f"pass a whole number from {within}",
    )


@pytest.mark.parametrize(("construct", "prop", "named", "within"), _WHOLE)
def test_a_whole_number_as_text_is_told_as_the_number(
    construct: str, prop: str, named: str, within: str
) -> None:
    low = int(within.split()[0])
    text = str(max(low, 3))  # inside the range: the number it means is the fix
    with pytest.raises(ConstructError) as raised:
        _BUILDERS[construct](new_stack(), **{prop: text})
    (problem,) = raised.value.problems
    assert problem.message == f"is {text!r}, a str; it must be a whole number"
    assert problem.fix.startswith(f"pass {text}, the number, not the text {text!r}")


@pytest.mark.parametrize(("construct", "prop", "named", "within"), _WHOLE)
def test_none_where_no_none_goes_names_the_default(
    construct: str, prop: str, named: str, within: str
) -> None:
    if prop == "max_concurrency":  # None is its default (no limit)
        _BUILDERS[construct](new_stack(), **{prop: None})
        return
    with pytest.raises(ConstructError) as raised:
        _BUILDERS[construct](new_stack(), **{prop: None})
    (problem,) = raised.value.problems
    assert problem.message == "is None; it must be a whole number"
    assert problem.fix.startswith(f"leave {prop} out for its default (")


def test_a_number_prop_takes_no_bool_either() -> None:
    # Throttle.rate is a float: a number, never True
    with pytest.raises(ConstructError) as raised:
        _api(new_stack(), rate=True)
    (problem,) = raised.value.problems
    assert (problem.message, problem.fix) == (
        "is True, a bool; it must be a number",
        "pass a number from 0 to 10000",
    )


def test_a_batch_of_ten_and_a_half_lists_both_problems() -> None:
    # GIVEN a standard queue's batch size above 10, not whole, without a batching window
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=echo_handler(), batch_size=10.5)  # type: ignore[arg-type]
    # THEN both are told at once (the fraction came only after the window was fixed)
    assert str(raised.value) == (
        "2 invalid props:\n"
        "  - Test/Worker: `batch_size` is 10.5, a float; it must be a whole number. Fix: "
        "pass a whole number from 1 to 10000\n"
        "  - Test/Worker: `batch_size` is 10.5; batches above 10 need max_batching_window of "
        "at least 1 second. Fix: pass max_batching_window=Duration.seconds(1) or more, or "
        "batch_size=10 or less"
    )


def test_a_whole_float_batch_is_told_as_its_int_beside_the_window() -> None:
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=echo_handler(), batch_size=12.0)  # type: ignore[arg-type]
    assert [(p.prop, p.fix.split(",")[0]) for p in raised.value.problems] == [
        ("batch_size", "pass 12"),
        ("batch_size", "pass max_batching_window=Duration.seconds(1) or more"),
    ]
