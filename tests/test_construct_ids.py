"""Every construct: a taken id, a missing scope or a scope in no stack is a ConstructError
naming the fix (not a jsii trace), and deep construct paths still give valid alarm
descriptions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    ConstructError,
    EventHandler,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
)
from tests.support import SITE, echo_handler, new_stack

BUILDERS: dict[str, Callable[[Any, Any], object]] = {
    "ServerlessApi": lambda scope, id: ServerlessApi(
        scope, id, routes={"GET /a": echo_handler()}, auth=ApiAuth.iam()
    ),
    "QueueWorker": lambda scope, id: QueueWorker(scope, id, handler=echo_handler()),
    "ScheduledJob": lambda scope, id: ScheduledJob(
        scope, id, handler=echo_handler(), schedule="rate(1 hour)"
    ),
    "StaticSite": lambda scope, id: StaticSite(scope, id, source=SITE),
    "Network": lambda scope, id: Network(scope, id),
    "EventHandler": lambda scope, id: EventHandler(
        scope, id, handler=echo_handler(), event_pattern=events.EventPattern(source=["a"])
    ),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_taken_id_is_a_construct_error(name: str) -> None:
    # GIVEN a stack with a construct "Same" WHEN another construct takes the same id
    stack = new_stack()
    Construct(stack, "Same")
    # THEN the error names the id and the fix
    with pytest.raises(ConstructError, match=r"Test: `id` is 'Same', which another construct"):
        BUILDERS[name](stack, "Same")


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_missing_scope_is_a_construct_error(name: str) -> None:
    with pytest.raises(ConstructError, match=r"`scope` is None"):
        BUILDERS[name](None, "Id")


class _NotAConstruct:
    """An object of the user's that is no construct (its repr names its address)."""


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_a_wrong_scope_or_id_is_shown_without_its_repr(name: str) -> None:
    # Proves (messages review): a scope that is no construct was shown as
    # '<tests.test_construct_ids._NotAConstruct object at 0x...>', and the fix ("pass the
    # stack or construct") did not say where
    with pytest.raises(ConstructError) as raised:
        BUILDERS[name](_NotAConstruct(), "Id")
    assert "object at 0x" not in str(raised.value)
    assert "`scope` is " in str(raised.value)
    assert "; it must be a construct. Fix: pass the stack (or a construct in it)" in str(
        raised.value
    )
    # and an id of the wrong type says its type and gives an example
    with pytest.raises(ConstructError, match=r"`id` is 5, an int\. Fix: pass a non-empty "):
        BUILDERS[name](new_stack(), 5)


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.parametrize("where", ["app", "stage"])
def test_a_scope_in_no_stack_is_a_construct_error(name: str, where: str) -> None:
    # GIVEN the App, or a Stage, as the scope (CDK's error: a trace about a CfnResource
    # "created in the scope of a Stack", after part of the construct was built)
    app = cdk.App()
    scope = app if where == "app" else cdk.Stage(app, "Prod")
    path = "(app)" if where == "app" else "Prod"
    # THEN the error names the scope and the fix, before anything is built
    with pytest.raises(ConstructError) as raised:
        BUILDERS[name](scope, "Id")
    assert [(p.path, p.prop) for p in raised.value.problems] == [(path, "scope")]
    assert raised.value.problems[0].fix == (
        f'create a Stack and build the construct in it: {name}(stack, "MyId", ...)'
    )
    assert scope.node.try_find_child("Id") is None


def test_alarm_descriptions_of_deep_paths_fit_cloudwatchs_limit() -> None:
    # GIVEN a worker nested under a very long construct path
    scope: Construct = new_stack()
    for level in range(8):
        scope = Construct(scope, f"Level{level}" + "x" * 150)
    QueueWorker(scope, "Worker", handler=echo_handler(), alarms=True)
    # WHEN synthesized THEN every description is within 1024 characters and ends with
    # what the alarm is about
    alarms = Template.from_stack(cdk.Stack.of(scope)).find_resources("AWS::CloudWatch::Alarm")
    assert len(alarms) == 4  # the worker's: the loop below reads each
    for alarm in alarms.values():
        description = alarm["Properties"]["AlarmDescription"]
        if not isinstance(description, str):  # with deploy-time names: each at its longest
            parts = description["Fn::Join"][1]  # (a queue's is 80 characters at most)
            description = "".join(p if isinstance(p, str) else "q" * 128 for p in parts)
        assert len(description) <= 1024
        assert description.startswith("…") and "Worker" in description
