"""Bad calls of the public methods users make after construction (methods53): each was
silent, or failed later with a jsii trace or Python's TypeError; each is now a
ConstructError (the runtime's helpers: their documented ValueError) naming the method, the
argument and the fix, or does what the call says.

The calls that were already right (wrong types, other apps, after synthesis, twice) are
in the sweep's table, not here; these are the ones it fixed.
"""

from __future__ import annotations

import re
from typing import Any, cast

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, Deployment, Monitoring, QueueWorker, ServerlessApi
from constructs_lib_runtime import deployment_hooks
from constructs_lib_runtime.deployment_hooks import TARGET_VERSION_VARIABLE
from tests.support import echo_handler, new_stack, raised


def _alarm(stack: cdk.Stack, id: str = "Alarm") -> cloudwatch.Alarm:
    metric = cloudwatch.Metric(namespace="Shop", metric_name="Orders")
    return metric.create_alarm(stack, id, threshold=1, evaluation_periods=1)


def _topic(stack: cdk.Stack, id: str = "Ops") -> sns.Topic:
    return sns.Topic(stack, id, enforce_ssl=True)


def _api(stack: cdk.Stack, **handler: Any) -> ServerlessApi:
    routes = {
        "GET /orders": echo_handler(**handler),
        "POST /orders": echo_handler(entry="app.other", **handler),
    }
    return ServerlessApi(stack, "Api", routes=routes, auth=ApiAuth.iam())


def _actions(stack: cdk.Stack, alarm: cloudwatch.Alarm) -> object:
    """The alarm's AlarmActions in the stack's template."""
    logical_id = stack.get_logical_id(cast(cdk.CfnElement, alarm.node.default_child))
    resource = Template.from_stack(stack).to_json()["Resources"][logical_id]
    return resource["Properties"].get("AlarmActions")


# grant_invoke ----------------------------------------------------------------------------


def test_a_grant_after_the_app_synthesized_is_refused() -> None:
    # Proves (methods53): the grant was taken in silence, in no template, and the next
    # Template.from_stack or app.synth() failed with ConstructTreeModifiedAfterSynth
    stack = new_stack()
    api = _api(stack)
    role = iam.Role(stack, "Client", assumed_by=iam.AccountRootPrincipal())
    Template.from_stack(stack)
    (problem,) = raised(lambda: api.grant_invoke(role, "POST /orders")).problems
    assert (problem.path, problem.prop) == ("Test/Api", "grant_invoke")
    assert problem.message.startswith("is called on an app synthesized already (by app.synth()")
    assert problem.fix.startswith("call grant_invoke(...) before anything synthesizes the app")


# Monitoring.add_alarms --------------------------------------------------------------------


def test_an_alarm_listed_twice_in_one_call_is_refused() -> None:
    # Proves (methods53): Monitoring.alarms and the alarm status row listed it twice
    stack = new_stack()
    alarm, other = _alarm(stack), _alarm(stack, "Other")
    error = raised(lambda: Monitoring.of(stack).add_alarms([alarm, other, alarm]))
    assert [(p.prop, p.message, p.fix) for p in error.problems] == [
        (
            "alarms[2]",
            "repeats `alarms[0]`: the alarm Test/Alarm",
            "list each alarm once (was another alarm meant?)",
        )
    ]
    assert list(Monitoring.of(stack).alarms) == []


def test_an_alarm_added_again_with_a_topic_notifies_it() -> None:
    # Proves (methods53): the second call dropped the alarm as registered already, and
    # the topic with it: the alarm notified nobody, in silence
    stack = new_stack()
    alarm, topic = _alarm(stack), _topic(stack)
    Monitoring.of(stack).add_alarms([alarm])
    Monitoring.of(stack).add_alarms([alarm], topic)
    assert list(Monitoring.of(stack).alarms) == [alarm]
    assert _actions(stack, alarm) == [stack.resolve(topic.topic_arn)]


def test_a_construct_s_alarms_added_with_a_topic_are_listed_once() -> None:
    # Proves (methods53): Monitoring.alarms held each of the worker's alarms twice (8 for 4)
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), alarms=True)
    topic = _topic(stack)
    Monitoring.of(stack).add_alarms(list(worker.alarms), topic)
    assert len(Monitoring.of(stack).alarms) == len(worker.alarms) == 4
    assert all(
        _actions(stack, alarm) == [stack.resolve(topic.topic_arn)] for alarm in worker.alarms
    )


def test_the_same_call_again_after_synthesis_changes_nothing_and_a_new_topic_is_refused() -> None:
    # an Aspect adding its alarms runs at each synthesis: the same call stays allowed (the
    # topic's import by its ARN too); a topic the alarm did not notify would be in no template
    stack = new_stack()
    alarm, topic = _alarm(stack), _topic(stack)
    Monitoring.of(stack).add_alarms([alarm], topic)
    Template.from_stack(stack)
    Monitoring.of(stack).add_alarms([alarm], topic)
    Monitoring.of(stack).add_alarms(
        [alarm], sns.Topic.from_topic_arn(stack, "Same", topic.topic_arn)
    )
    other = sns.Topic.from_topic_arn(stack, "Other", "arn:aws:sns:us-east-1:111111111111:pager")
    (problem,) = raised(lambda: Monitoring.of(stack).add_alarms([alarm], other)).problems
    assert problem.prop == "add_alarms"
    assert problem.message.startswith("comes after its stack 'Test' was synthesized")


# Monitoring.add_section -------------------------------------------------------------------


def test_a_widget_in_two_sections_is_refused_naming_the_first() -> None:
    # Proves (methods53): CDK places a widget object once (its last place): the first
    # section's row was left empty and the widget drawn in the second
    stack = new_stack()
    widget = cloudwatch.TextWidget(markdown="on call: #ops")
    monitoring = Monitoring(stack, dashboard=True)
    monitoring.add_section("Orders", [widget])
    (problem,) = raised(lambda: monitoring.add_section("Payments", [widget])).problems
    assert (problem.path, problem.prop) == ("Test/Monitoring", "widgets[0]")
    assert problem.message == (
        "is an aws_cloudwatch.TextWidget, placed in the section 'Orders' already: a widget "
        "object has one place on the dashboard, so the section 'Payments' would draw it "
        "over the first one and leave a hole there"
    )
    assert problem.fix.startswith("create a widget for each place")


def test_a_widget_twice_in_one_section_is_refused_when_the_dashboard_is_built() -> None:
    stack = new_stack()
    widget = cloudwatch.TextWidget(markdown="x")
    Monitoring.of(stack).add_section("Orders", lambda: [widget, widget])
    (problem,) = raised(Monitoring.of(stack).enable_dashboard).problems
    assert problem.prop == "widgets[1]"
    assert "placed in the section 'Orders' already" in problem.message


def test_a_function_building_each_section_s_widgets_places_each_once() -> None:
    stack = new_stack()
    for title in ("Orders", "Payments"):
        Monitoring.of(stack).add_section(title, lambda: [cloudwatch.TextWidget(markdown="x")])
    Monitoring.of(stack).enable_dashboard()
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Dashboard", 1)


@pytest.mark.parametrize(
    ("build", "parameters"),
    [(lambda stack: [], "stack"), (lambda *, stack: [], "stack")],
    ids=["positional", "keyword-only"],
)
def test_a_row_function_taking_an_argument_is_refused_when_it_is_given(
    build: Any, parameters: str
) -> None:
    # Proves (methods53): Python's TypeError ("missing 1 required positional argument")
    # once the dashboard was built, naming neither the section nor the fix
    stack = new_stack()
    (problem,) = raised(lambda: Monitoring.of(stack).add_section("Orders", build)).problems
    assert (problem.prop, problem.message) == (
        "widgets",
        f"is a function taking ({parameters}): the dashboard calls it without arguments, "
        "once it exists",
    )


# routes= of ServerlessApi.link and add_rollback_alarm -------------------------------------


def test_link_names_each_unknown_or_repeated_route_key_by_its_index() -> None:
    # Proves (methods53): link quoted the whole list ("is ['GET /orders', 'GET /order',
    # 'GET /orders'], not a list of this API's route keys") and took a repeat in silence
    stack = new_stack()
    api = _api(stack)
    error = raised(
        lambda: api.link(_topic(stack), routes=["GET /orders", "GET /order", "GET /orders"])
    )
    assert [(p.prop, p.message, p.fix) for p in error.problems] == [
        (
            "routes[1]",
            "is 'GET /order', not a route key of this API",
            "change it to 'GET /orders' (the nearest route key), or drop it",
        ),
        (
            "routes[2]",
            "repeats `routes[0]` ('GET /orders')",
            "list each route key once (was another route meant?)",
        ),
    ]


def test_a_rollback_alarm_s_repeated_route_key_is_refused() -> None:
    stack = new_stack()
    api = _api(stack, deployment=Deployment.canary())
    alarm = _alarm(stack)
    call = lambda: api.add_rollback_alarm(alarm, routes=["POST /orders", "POST /orders"])  # noqa: E731
    (problem,) = raised(call).problems
    assert (problem.prop, problem.message) == ("routes[1]", "repeats `routes[0]` ('POST /orders')")


# deployment_hooks.run_hook ----------------------------------------------------------------


class _CodeDeploy:
    def __init__(self) -> None:
        self.statuses: list[str] = []

    def put_lifecycle_event_hook_execution_status(self, **call: Any) -> None:
        self.statuses.append(call["status"])


EVENT = {"DeploymentId": "d-ABC", "LifecycleEventHookExecutionId": "hook-1"}


async def _async_check(target: str) -> None:
    raise AssertionError(target)  # never runs: run_hook calls it synchronously


@pytest.mark.parametrize(
    ("check", "said"),
    [
        (_async_check, "run_hook: check is an async function, whose body would never run"),
        (lambda: None, "run_hook: check takes (), not one target"),
    ],
    ids=["async", "no-argument"],
)
def test_a_hook_check_that_cannot_run_is_refused_before_anything_is_reported(
    check: Any, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (methods53): an async check reported every deployment Succeeded without
    # checking anything; one taking no target reported every deployment Failed
    monkeypatch.setenv(
        TARGET_VERSION_VARIABLE, "arn:aws:lambda:eu-west-1:111111111111:function:f:7"
    )
    codedeploy = _CodeDeploy()
    with pytest.raises(ValueError, match=re.escape(said)) as caught:
        deployment_hooks.run_hook(EVENT, check, client=codedeploy)
    assert "Fix: " in str(caught.value)
    assert codedeploy.statuses == []


def test_a_check_returning_a_coroutine_reports_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    # a lambda hiding an async function: its work never ran, so the hook is no success
    monkeypatch.setenv(
        TARGET_VERSION_VARIABLE, "arn:aws:lambda:eu-west-1:111111111111:function:f:7"
    )
    codedeploy = _CodeDeploy()
    ok = deployment_hooks.run_hook(EVENT, lambda target: _async_check(target), client=codedeploy)
    assert (ok, codedeploy.statuses) == (False, ["Failed"])
