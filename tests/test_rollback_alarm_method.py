"""``add_rollback_alarm`` on the construct: a rollback alarm in code that every stage
shares. Proves (hooks48 trial): in a stage deploying all at once ``deployment_group`` is
None, so ``worker.deployment_group.add_alarm(alarm)`` was an AttributeError; the method
adds the alarm to the deployment group(s) when there are some, and otherwise checks it the
same way and adds nothing."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, Deployment, QueueWorker, ServerlessApi
from tests.support import echo_handler, new_stack

ENV = cdk.Environment(account="111111111111", region="eu-west-1")
CANARY = Deployment.canary(percent=10, minutes=5)


def _alarm(stack: cdk.Stack) -> cloudwatch.Alarm:
    metric = cloudwatch.Metric(namespace="Orders", metric_name="Failed")
    return cloudwatch.Alarm(stack, "Mine", metric=metric, threshold=1, evaluation_periods=1)


def _group_alarms(template: Template) -> list[list[Any]]:
    groups = template.find_resources("AWS::CodeDeploy::DeploymentGroup").values()
    return [g["Properties"]["AlarmConfiguration"]["Alarms"] for g in groups]


def _stage(deployment: Deployment) -> tuple[cdk.Stack, QueueWorker]:
    stack = new_stack(env=ENV)
    return stack, QueueWorker(stack, "Worker", handler=echo_handler(), deployment=deployment)


def test_with_a_gradual_deployment_it_joins_the_group_and_its_role_may_read_it() -> None:
    stack, worker = _stage(CANARY)
    mine = _alarm(stack)
    worker.add_rollback_alarm(mine)
    worker.add_rollback_alarm(mine)  # once only: CodeDeploy takes each name once
    template = Template.from_stack(stack)
    ((*_, added),) = _group_alarms(template)
    assert added == {"Name": {"Ref": stack.get_logical_id(mine.node.default_child)}}
    assert len(_group_alarms(template)[0]) == 2  # the library's errors alarm and this one
    policies = template.find_resources("AWS::IAM::Role", {"Properties": {"Description": _DESC}})
    (role,) = policies.values()
    (deploy,) = role["Properties"]["Policies"]
    describe = [s for s in deploy["PolicyDocument"]["Statement"] if "DescribeAlarms" in s["Action"]]
    assert {"Fn::GetAtt": [stack.get_logical_id(mine.node.default_child), "Arn"]} in describe[0][
        "Resource"
    ]


_DESC = "CodeDeploy: shift this function's live alias, read its rollback alarms"


def test_all_at_once_it_adds_nothing_and_raises_nothing() -> None:
    stack, worker = _stage(Deployment.all_at_once())
    assert worker.deployment_group is None
    worker.add_rollback_alarm(_alarm(stack))
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::CodeDeploy::DeploymentGroup", 0)
    template.resource_count_is("AWS::CloudWatch::Alarm", 1)  # the user's own, untouched


@pytest.mark.parametrize("deployment", [CANARY, Deployment.all_at_once()], ids=["canary", "once"])
def test_a_wrong_alarm_is_the_same_error_in_every_stage(deployment: Deployment) -> None:
    # a dev stage (all at once) fails where production would: not only in production
    stack, worker = _stage(deployment)
    other = cloudwatch.Alarm.from_alarm_arn(
        stack, "Other", "arn:aws:cloudwatch:us-east-1:111111111111:alarm:x"
    )
    with pytest.raises(ConstructError) as raised:
        worker.add_rollback_alarm(other)
    (problem,) = raised.value.problems
    assert problem.prop == "alarm"
    assert problem.message.startswith("is in region us-east-1, not eu-west-1: CodeDeploy")
    assert problem.fix == "pass an alarm of this stack's region and account"


def test_an_api_adds_it_to_the_groups_of_the_routes_given() -> None:
    stack = new_stack(env=ENV)
    api = ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": echo_handler(),
            "GET /b": echo_handler(),  # the same Handler: one function, one group
            "GET /c": echo_handler(entry="app.other"),
        },
        auth=ApiAuth.iam(),
        deployment=CANARY,
    )
    api.add_rollback_alarm(_alarm(stack), routes=["GET /a", "GET /b"])
    counts = sorted(len(alarms) for alarms in _group_alarms(Template.from_stack(stack)))
    assert counts == [2, 3]  # errors + latency; and the user's alarm on GET /a's group


def test_an_api_without_routes_given_adds_it_to_every_group() -> None:
    stack = new_stack(env=ENV)
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(), "GET /c": echo_handler(entry="app.other")},
        auth=ApiAuth.iam(),
        deployment=CANARY,
    )
    api.add_rollback_alarm(_alarm(stack))
    assert [len(a) for a in _group_alarms(Template.from_stack(stack))] == [3, 3]


@pytest.mark.parametrize("routes", [[], "GET /a", ["GET /a", 3]], ids=["empty", "str", "not-str"])
def test_an_api_names_routes_that_are_not_its_own(routes: Any) -> None:
    stack = new_stack(env=ENV)
    api = ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    with pytest.raises(ConstructError) as raised:
        api.add_rollback_alarm(_alarm(stack), routes=routes)
    (problem,) = raised.value.problems
    assert (problem.prop, problem.fix) == ("routes", "pass some of 'GET /a', or leave routes out")
    assert problem.message == (
        "is empty: the alarm would roll back no deployment"
        if routes == []
        else f"is {routes!r}, not a list of this API's route keys"
    )


def test_an_api_names_each_unknown_route_key_and_the_nearest_known_one() -> None:
    # Proves (papercuts348): `routes=("GET /a", "GET /nope")` quoted the whole tuple, so a
    # long list hid which key was misspelt; each unknown key is named by its index now
    stack = new_stack(env=ENV)
    routes = {"GET /orders": echo_handler(), "POST /orders": echo_handler(entry="app.other")}
    api = ServerlessApi(stack, "Api", routes=routes, auth=ApiAuth.iam())
    with pytest.raises(ConstructError) as raised:
        api.add_rollback_alarm(_alarm(stack), routes=("GET /orders", "GET /order", "PUT /orders"))
    assert [(p.prop, p.message, p.fix) for p in raised.value.problems] == [
        (
            "routes[1]",
            "is 'GET /order', not a route key of this API",
            "change it to 'GET /orders' (the nearest route key), or drop it",
        ),
        (
            "routes[2]",
            "is 'PUT /orders', not a route key of this API",
            "change it to 'POST /orders' (the nearest route key), or drop it",
        ),
    ]
    assert "Api" in str(raised.value)
