"""``deployment_group.add_alarm``: the user's rollback alarms, checked where they are
added (aws-cdk-lib's own method took anything and failed later, naming no call)."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Deployment, QueueWorker
from tests.support import echo_handler, new_stack

ENV = cdk.Environment(account="111111111111", region="eu-west-1")


def _group(stack: cdk.Stack) -> Any:
    worker = QueueWorker(
        stack, "Worker", handler=echo_handler(), deployment=Deployment.canary(percent=10, minutes=5)
    )
    assert worker.deployment_group is not None
    return worker.deployment_group


def _alarm(stack: cdk.Stack, id: str = "Mine") -> cloudwatch.Alarm:
    metric = cloudwatch.Metric(namespace="Orders", metric_name="Failed")
    return cloudwatch.Alarm(stack, id, metric=metric, threshold=1, evaluation_periods=1)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (lambda stack: None, "`alarm` is None, not a CloudWatch alarm"),
        (lambda stack: "MyAlarm", "`alarm` is 'MyAlarm', a str, not a CloudWatch alarm"),
        (lambda stack: [_alarm(stack)], "a list, not a CloudWatch alarm"),
        (lambda stack: sns.Topic(stack, "Topic"), "aws_sns.Topic 'Test/Topic', not a CloudWatch"),
        (
            lambda stack: cloudwatch.Alarm.from_alarm_arn(
                stack, "Other", "arn:aws:cloudwatch:us-east-1:111111111111:alarm:x"
            ),
            "`alarm` is in region us-east-1, not eu-west-1: CodeDeploy reads the alarms",
        ),
        (
            lambda stack: _alarm(new_stack(env=ENV)),
            "of another cdk.App: a construct can only use resources of its own app",
        ),
    ],
    ids=["none", "name", "list", "topic", "other-region", "other-app"],
)
def test_what_is_not_an_alarm_of_the_groups_environment_is_named(given: Any, message: str) -> None:
    # Proves (bad inputs, round 38): each was a jsii SerializationError, an AttributeError
    # ('Topic' object has no attribute 'alarm_ref'), CannotReferenceAcrossApps at synth,
    # or (another region) a template whose every deployment fails
    stack = new_stack(env=ENV)
    group = _group(stack)
    with pytest.raises(ConstructError) as raised:
        group.add_alarm(given(stack))
    assert "Test/Worker/Handler/Deployment: " in str(raised.value)
    assert message in str(raised.value)


def test_an_eleventh_alarm_is_refused_naming_codedeploys_limit() -> None:
    # Proves (bad inputs, round 38): CodeDeploy takes 10 alarms per deployment group
    # (AlarmsLimitExceededException); the library's rollback alarm counts
    stack = new_stack()
    group = _group(stack)
    for index in range(10 - len(group.rollback_alarms)):
        group.add_alarm(_alarm(stack, f"Mine{index}"))  # up to the limit: accepted
    with pytest.raises(ConstructError, match=r"would be alarm 11 of the deployment group"):
        group.add_alarm(_alarm(stack, "OneTooMany"))


def test_an_alarm_added_after_synthesis_is_refused() -> None:
    # Proves (bad inputs, round 38): FreezeCalledPolicystatementPreviously (a jsii trace)
    stack = new_stack()
    group = _group(stack)
    mine = _alarm(stack)
    Template.from_stack(stack)
    with pytest.raises(ConstructError, match=r"`alarm` comes after its stack 'Test' was"):
        group.add_alarm(mine)


def test_alarms_of_the_groups_environment_join_it_once() -> None:
    # imported by ARN of its own region, a composite, one added twice (CodeDeploy takes
    # each name once): all fine
    stack = new_stack(env=ENV)
    group = _group(stack)
    mine = _alarm(stack)
    imported = cloudwatch.Alarm.from_alarm_arn(
        stack, "Imported", "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:backlog"
    )
    rule = cloudwatch.AlarmRule.from_alarm(mine, cloudwatch.AlarmState.ALARM)
    composite = cloudwatch.CompositeAlarm(stack, "Composite", alarm_rule=rule)
    for alarm in (mine, imported, composite, mine):
        group.add_alarm(alarm)
    (deployment_group,) = (
        Template.from_stack(stack).find_resources("AWS::CodeDeploy::DeploymentGroup").values()
    )
    alarms = deployment_group["Properties"]["AlarmConfiguration"]["Alarms"]
    assert len(alarms) == len(group.rollback_alarms) + 3
    assert "backlog" in json.dumps(alarms)


def test_an_l1_alarm_joins_the_group() -> None:
    # Proves (sweep 38b): refused as "not a CloudWatch alarm", though aws-cdk-lib's
    # add_alarm takes any IAlarmRef, a cloudwatch.CfnAlarm included
    stack = new_stack(env=ENV)
    group = _group(stack)
    l1 = cloudwatch.CfnAlarm(
        stack,
        "L1",
        comparison_operator="GreaterThanThreshold",
        evaluation_periods=1,
        threshold=1,
        metric_name="Failed",
        namespace="Orders",
        period=60,
        statistic="Sum",
    )
    group.add_alarm(l1)
    (deployment_group,) = (
        Template.from_stack(stack).find_resources("AWS::CodeDeploy::DeploymentGroup").values()
    )
    assert "L1" in json.dumps(deployment_group["Properties"]["AlarmConfiguration"]["Alarms"])
