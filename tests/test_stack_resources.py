"""CloudFormation's 500 resources per stack, counted over the whole stack at synth."""

from __future__ import annotations

import re

import aws_cdk as cdk
import pytest
from constructs import Construct

from constructs_lib import ApiAuth, QueueWorker, ServerlessApi, _stack_resources
from constructs_lib._stack_resources import FUNCTIONS_COUNTED, RESOURCES_MAX
from tests.support import echo_handler, new_stack


def _fill(scope: Construct, count: int) -> None:
    """``count`` resources of the user's own (the cheapest CloudFormation has)."""
    for i in range(count):
        cdk.CfnResource(scope, f"Handle{i}", type="AWS::CloudFormation::WaitConditionHandle")


def _resources(stack: cdk.Stack) -> int:
    return sum(isinstance(c, cdk.CfnResource) for c in stack.node.find_all())


def _synth_error(stack: cdk.Stack) -> str | None:
    app = stack.node.root
    assert isinstance(app, cdk.App)
    try:
        app.synth()
    except RuntimeError as error:
        return str(error)
    return None


def test_a_stack_of_many_functions_past_500_resources_names_its_largest_constructs() -> None:
    # Proves (user trial, a large API): an API of 60 routes beside 5 workers and 5 jobs, each
    # within its own limits, made a stack of 613 resources: aws-cdk-lib failed the synth with
    # a count per resource type ("TooManyResourcesInStack"), naming no construct and no fix
    # GIVEN an API of the functions from which the stack is counted, filled with the user's
    # own resources to one more than CloudFormation takes
    stack = new_stack()
    handlers = {f"GET /kind{i}": echo_handler(name=f"Kind{i}") for i in range(FUNCTIONS_COUNTED)}
    ServerlessApi(stack, "Api", routes=handlers, auth=ApiAuth.iam())
    _fill(Construct(stack, "Own"), RESOURCES_MAX + 1 - _resources(stack))
    # WHEN it is synthesized
    error = _synth_error(stack)
    # THEN the synth fails first with the library's message: the count, the largest
    # constructs and how to split the stack
    assert error is not None
    assert "[Test] the stack has 501 resources, and CloudFormation takes at most 500" in error
    assert re.search(r"\(largest: Own \d+, Api \d+\)", error), error
    assert "Fix: move constructs into another stack of the app (workers and jobs" in error
    assert "TooManyResourcesInStack" not in error


@pytest.fixture
def counted_from_one_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts a stack with one of the library's functions (the count, not the threshold,
    is what these tests are about; a stack of 15 functions costs a second)."""
    monkeypatch.setattr(_stack_resources, "FUNCTIONS_COUNTED", 1)


def _worker_and(own: int, *, nested: bool = False, **context: object) -> cdk.Stack:
    stack = new_stack()
    for key, value in context.items():
        stack.node.set_context(key, value)
    QueueWorker(stack, "Worker", handler=echo_handler())
    scope = cdk.NestedStack(stack, "Nested") if nested else Construct(stack, "Own")
    _fill(scope, own - _resources(stack) + (_resources(scope) if nested else 0))
    return stack


@pytest.mark.usefixtures("counted_from_one_function")
@pytest.mark.parametrize(
    ("own", "nested", "context"),
    [
        (RESOURCES_MAX, False, {}),  # at the limit
        (RESOURCES_MAX + 1, True, {}),  # a nested stack's resources are in its template
        (RESOURCES_MAX + 1, False, {_stack_resources.RESOURCE_LIMIT_CONTEXT: 600}),
    ],
    ids=["at-the-limit", "nested", "higher-limit-in-context"],
)
def test_stacks_within_the_limit_synthesize(own: int, nested: bool, context: dict) -> None:
    # GIVEN a stack at CloudFormation's limit, one past it only with a nested stack's
    # resources, or past it under a limit of the user's (aws-cdk-lib's context key)
    stack = _worker_and(own, nested=nested, **context)
    # WHEN it is synthesized THEN it is not refused
    assert _synth_error(stack) is None


@pytest.mark.usefixtures("counted_from_one_function")
def test_a_stack_past_the_limit_is_refused_with_few_functions_when_counted() -> None:
    stack = _worker_and(RESOURCES_MAX + 1)
    error = _synth_error(stack)
    assert error is not None and "the stack has 501 resources" in error, error


def _limit_fix(limit: int) -> str:
    return (
        f"Fix: pass -c @aws-cdk/core:stackResourceLimit={limit} (digits only; CloudFormation "
        "takes at most 500, and 0 turns the check off), or drop the key"
    )


@pytest.mark.usefixtures("counted_from_one_function")
@pytest.mark.parametrize(
    ("value", "read", "limit"),
    [
        ("abc", "as no number (JavaScript's parseInt), and then checks no limit at all", 500),
        ("", "as no number (JavaScript's parseInt), and then checks no limit at all", 500),
        (True, "as no number (JavaScript's parseInt), and then checks no limit at all", 500),
        ("1e3", "as 1 (JavaScript's parseInt, the leading digits)", 1000),
        ("600abc", "as 600 (JavaScript's parseInt, the leading digits)", 600),
        (
            -5,
            "as -5 (JavaScript's parseInt, the leading digits), and then checks no limit at all",
            500,
        ),
    ],
    ids=["text", "empty", "bool", "exponent", "trailing-text", "negative"],
)
def test_a_resource_limit_context_that_is_no_count_fails_the_synth_naming_the_key(
    value: object, read: str, limit: int
) -> None:
    # Proves (papercuts50): `-c @aws-cdk/core:stackResourceLimit=abc` reached a bare int()
    # past 500 resources ("invalid literal for int() with base 10: 'abc'", naming no key),
    # and aws-cdk-lib itself reads it with parseInt: NaN, so its own check is off in silence
    # GIVEN a counted stack one past the limit, with a limit that is no count of resources
    stack = _worker_and(RESOURCES_MAX + 1, **{_stack_resources.RESOURCE_LIMIT_CONTEXT: value})
    # WHEN it is synthesized THEN it fails naming the key, how aws-cdk-lib reads it, the fix
    error = _synth_error(stack)
    assert error is not None
    assert (
        f"[Test] `context '@aws-cdk/core:stackResourceLimit'` is {value!r}, not a number of "
        f"resources (0 or more, digits only): aws-cdk-lib reads it {read}, and the stack has "
        f"501 resources, past CloudFormation's 500. {_limit_fix(limit)}"
    ) in error
    assert "invalid literal" not in error


@pytest.mark.usefixtures("counted_from_one_function")
@pytest.mark.parametrize("value", ["600", " 600 ", 600, 600.0, "0", 0])
def test_a_resource_limit_of_digits_is_taken_as_aws_cdk_lib_takes_it(value: object) -> None:
    # GIVEN a limit above the stack's count (or 0: no check), as -c text or cdk.json's JSON
    stack = _worker_and(RESOURCES_MAX + 1, **{_stack_resources.RESOURCE_LIMIT_CONTEXT: value})
    # THEN it synthesizes
    assert _synth_error(stack) is None
