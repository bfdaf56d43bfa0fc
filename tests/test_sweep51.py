"""Valid apps next to the rules this session added (sweep51): each input here
synthesized before the rule and must still pass silently, or get a message that fits."""

from __future__ import annotations

import re

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, QueueWorker, Route, ServerlessApi
from tests.support import echo_handler, new_app, warnings_of

# --- featureFlagText: aws-cdk-lib's context settings under @aws-cdk/ that are no flags


@pytest.mark.parametrize(
    ("key", "text"),
    [
        # -c @aws-cdk/core:stackResourceLimit=0: aws-cdk-lib parseInt()s it, 0 turns the
        # resource limit off, as meant
        ("@aws-cdk/core:stackResourceLimit", "0"),
        ("@aws-cdk/core:bootstrapQualifier", "off"),  # any qualifier text
        ("@aws-cdk/core:assetHashSalt", "0"),  # any salt text
        ("@aws-cdk/core.slowSynthThreshold", "0"),  # milliseconds
    ],
)
def test_a_context_setting_that_is_no_flag_is_silent(key: str, text: str) -> None:
    # GIVEN a setting aws-cdk-lib reads as a number or a text, given as text (as -c does)
    app = new_app(**{key: text})
    stack = cdk.Stack(app, "Test")
    # WHEN the library sets up a stack
    QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)
    # THEN it is not called a feature flag read as on
    assert warnings_of(stack, "featureFlagText") == []


def test_a_resource_limit_of_zero_text_turns_the_limit_off_as_meant() -> None:
    # aws-cdk-lib reads the text "0" as the number 0 (no limit): what was written
    app = new_app(**{"@aws-cdk/core:stackResourceLimit": "1"})
    stack = cdk.Stack(app, "Test")
    cdk.CfnWaitConditionHandle(stack, "A")
    cdk.CfnWaitConditionHandle(stack, "B")
    with pytest.raises(RuntimeError, match="Number of resources"):
        app.synth()
    app = new_app(**{"@aws-cdk/core:stackResourceLimit": "0"})
    stack = cdk.Stack(app, "Test")
    cdk.CfnWaitConditionHandle(stack, "A")
    cdk.CfnWaitConditionHandle(stack, "B")
    app.synth()  # no limit


# --- a number where a QueueWorker's visibility_timeout goes: its fix passes the 6x rule


def _worker(stack: cdk.Stack, visibility_timeout: object) -> QueueWorker:
    return QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(timeout=Duration.seconds(20)),
        alarms=False,
        visibility_timeout=visibility_timeout,
    )


#: why 6x (polish51): the range alone read as arbitrary
_WHY_SIX_TIMES = (
    "at least 6x the handler's 20-second timeout, so a message is not received twice while a "
    "run still works on it"
)


@pytest.mark.parametrize(
    ("given", "fix"),
    [
        (
            10,
            "pass Duration.seconds(120) (10 seconds is under the 120 to 43200 seconds it takes: "
            f"{_WHY_SIX_TIMES})",
        ),
        (
            "30s",
            "pass Duration.seconds(120) (30 seconds is under the 120 to 43200 seconds it takes: "
            f"{_WHY_SIX_TIMES}), not the text (a value read from a config file, -c context or "
            "an environment variable is text)",
        ),
    ],
)
def test_a_number_for_visibility_timeout_is_told_a_duration_the_6x_rule_takes(
    given: object, fix: str
) -> None:
    # GIVEN a handler timing out after 20 seconds (the queue must hide a message 120)
    # WHEN the visibility timeout is a number, or text, not a Duration
    with pytest.raises(ConstructError) as raised:
        _worker(cdk.Stack(new_app(), "Test"), given)
    # THEN the fix names a Duration of at least 6x the timeout
    (problem,) = raised.value.problems
    assert (problem.prop, problem.fix) == ("visibility_timeout", fix)
    # AND the Duration it names is taken
    named = re.match(r"pass Duration\.seconds\((\d+)\)", fix)
    assert named is not None
    seconds = int(named[1])
    stack = cdk.Stack(new_app(), "Test")
    _worker(stack, Duration.seconds(seconds))
    Template.from_stack(stack).has_resource_properties(
        "AWS::SQS::Queue", {"VisibilityTimeout": 120}
    )


def test_a_number_for_visibility_timeout_above_6x_keeps_its_own_fix() -> None:
    with pytest.raises(ConstructError) as raised:
        _worker(cdk.Stack(new_app(), "Test"), 300)
    (problem,) = raised.value.problems
    assert problem.fix == "pass Duration.seconds(300)"


# --- a number where a route's Handler timeout goes: its fix passes the API's 29 seconds


def _api(stack: cdk.Stack, route: object) -> ServerlessApi:
    return ServerlessApi(stack, "Api", alarms=False, routes={"GET /a": route}, auth=ApiAuth.iam())


@pytest.mark.parametrize("route", ["handler", "Route"])
@pytest.mark.parametrize(
    ("given", "fix"),
    [
        (60, "pass Duration.seconds(29) (60 seconds is over the 1 to 29 seconds it takes)"),
        (1000, "pass Duration.seconds(29) (1000 seconds is over the 1 to 29 seconds it takes)"),
        (20, "pass Duration.seconds(20)"),  # within: its own fix, as before
    ],
)
def test_a_number_for_a_route_timeout_is_told_a_duration_the_api_takes(
    route: str, given: object, fix: str
) -> None:
    handler = echo_handler(timeout=given)
    with pytest.raises(ConstructError) as raised:
        _api(cdk.Stack(new_app(), "Test"), Route(handler) if route == "Route" else handler)
    (problem,) = raised.value.problems
    assert (problem.prop, problem.fix) == ("routes['GET /a'].timeout", fix)


def test_the_route_timeout_the_fix_names_is_taken() -> None:
    stack = cdk.Stack(new_app(), "Test")
    _api(stack, echo_handler(timeout=Duration.seconds(29)))
    Template.from_stack(stack).has_resource_properties("AWS::Lambda::Function", {"Timeout": 29})
