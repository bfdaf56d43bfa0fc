"""Four messages made right: a number for QueueWorker's visibility_timeout is told why its
Duration is that long; a fractional batching window is its own problem only; a fraction of
a day is rounded up and fitted into the prop's range; a whole deploy-time list of filters is
named as what filters must be."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib import ConstructError, QueueWorker, StaticSite, StreamWorker
from tests.support import SITE, echo_handler, new_stack

_SIX_TIMES = (
    "at least 6x the handler's 20-second timeout, so a message is not received twice "
    "while a run still works on it"
)


def _problems(build: Any) -> list[tuple[str, str, str]]:
    """(prop, what is wrong, fix) of each problem ``build()`` raises."""
    with pytest.raises(ConstructError) as raised:
        build()
    return [(p.prop, p.message, p.fix) for p in raised.value.problems]


def _worker(**props: Any) -> list[tuple[str, str, str]]:
    stack = new_stack()
    handler = echo_handler(timeout=Duration.seconds(20))
    return _problems(lambda: QueueWorker(stack, "Worker", handler=handler, **props))


# --- 1. visibility_timeout given as a number: the fix says why 120 seconds -----------------


@pytest.mark.parametrize(
    ("given", "fix"),
    [
        pytest.param(
            10,
            f"pass Duration.seconds(120) (10 seconds is under the 120 to 43200 seconds it "
            f"takes: {_SIX_TIMES})",
            id="a number",
        ),
        pytest.param(
            Duration.millis(1500),
            f"pass Duration.seconds(120) (1.5 seconds is under the 120 to 43200 seconds it "
            f"takes: {_SIX_TIMES})",
            id="a fraction of a second",
        ),
        pytest.param(
            "PT10S",
            f"pass Duration.parse('PT2M') ('PT10S' is 10 seconds, under the 120 to 43200 "
            f"seconds it takes: {_SIX_TIMES}), not the text (a value read from a config file, "
            "-c context or an environment variable is text)",
            id="ISO 8601 text",
        ),
    ],
)
def test_a_visibility_timeout_under_six_handler_timeouts_is_told_why(given: Any, fix: str) -> None:
    # GIVEN a 20-second handler, WHEN visibility_timeout is too short and no Duration
    # THEN the fix names 6x the handler's timeout and why
    ((prop, _, told),) = _worker(visibility_timeout=given)
    assert (prop, told) == ("visibility_timeout", fix)


def test_a_number_in_the_range_is_told_its_own_duration() -> None:
    assert _worker(visibility_timeout=200) == [
        ("visibility_timeout", "is 200, an int, not a Duration", "pass Duration.seconds(200)")
    ]


# --- 2. a fractional batching window with a batch above 10: the window's problem only -----


def test_a_fractional_batching_window_is_not_also_a_missing_one() -> None:
    # GIVEN batch_size 100, WHEN the window is 1.5 seconds
    problems = _worker(batch_size=100, max_batching_window=Duration.millis(1500))
    # THEN only the window is wrong (2 seconds fixes the batch size's rule too)
    assert problems == [
        (
            "max_batching_window",
            "is 1.5 seconds; it is set in whole seconds",
            "pass Duration.seconds(2)",
        )
    ]


def test_a_window_under_a_second_still_tells_the_batch_size() -> None:
    problems = _worker(batch_size=100, max_batching_window=Duration.seconds(0))
    assert [prop for prop, _, _ in problems] == ["batch_size"]


# --- 3. a fraction of a day: rounded up, fitted into the prop's range -----------------------


@pytest.mark.parametrize(
    ("prop", "given", "problem"),
    [
        pytest.param(
            "noncurrent_version_expiration",
            Duration.hours(30),
            ("is 1.25 days; S3 lifecycle rules count whole days", "pass Duration.days(2)"),
            id="1.25 days: 2, not 1",
        ),
        pytest.param(
            "noncurrent_version_expiration",
            Duration.hours(12),
            ("is 0.5 days; S3 lifecycle rules count whole days", "pass Duration.days(1)"),
            id="half a day: 1",
        ),
        pytest.param(
            "noncurrent_version_expiration",
            Duration.hours(3650 * 24 + 20),
            (
                "is 3650.83 days; S3 lifecycle rules count whole days",
                "pass Duration.days(3650) (3650.83 days is over the 1 to 3650 days it takes)",
            ),
            id="over the range: its end",
        ),
        pytest.param(
            "access_log_retention",
            Duration.hours(3653 * 24 + 1),
            (
                "is 3653.04 days; S3 lifecycle rules count whole days",
                "pass Duration.days(3653) (3653.04 days is over the 1 to 3653 days it takes)",
            ),
            id="access logs over the range: its end",
        ),
    ],
)
def test_a_fraction_of_a_day_is_told_a_day_count_the_range_takes(
    prop: str, given: Duration, problem: tuple[str, str]
) -> None:
    stack = new_stack()
    problems = _problems(lambda: StaticSite(stack, "Site", source=SITE, **{prop: given}))
    assert problems == [(prop, *problem)]


# --- 4. filters given as a whole deploy-time list --------------------------------------------


def _stream_worker(filters: Any) -> list[tuple[str, str, str]]:
    stack = new_stack()
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_IMAGE,
    )
    patterns = cdk.CfnParameter(stack, "Patterns", type="CommaDelimitedList")
    given = filters(patterns) if callable(filters) else filters
    return _problems(
        lambda: StreamWorker(stack, "Worker", handler=echo_handler(), table=table, filters=given)
    )


_EXAMPLE = 'lambda_.FilterCriteria.filter({"eventName": lambda_.FilterRule.is_equal("INSERT")})'


@pytest.mark.parametrize(
    "whole",
    [
        pytest.param(lambda p: p.value_as_list, id="a list token"),
        pytest.param(lambda p: tuple(p.value_as_list), id="as a tuple"),
    ],
)
def test_a_whole_deploy_time_filter_list_is_named_as_filter_patterns(whole: Any) -> None:
    assert _stream_worker(whole) == [
        (
            "filters",
            "is a deploy-time list (Ref Patterns); it must be a list of filter patterns "
            "(dicts): a deploy-time list holds text known only at deploy, and the library "
            "builds from each item at synth",
            f"pass [{_EXAMPLE}]",
        )
    ]


def test_filters_of_another_type_are_told_filter_patterns() -> None:
    assert _stream_worker(None) == [
        (
            "filters",
            "is None; it must be a list of filter patterns (dicts)",
            f"pass [{_EXAMPLE}], or leave filters out (every record)",
        )
    ]
