"""An ``alarm_topic`` of another account: CloudWatch notifies another account's SNS topic of
the alarm's region once that topic's policy lets ``cloudwatch.amazonaws.com`` publish (a
central monitoring account's topic), so one imported by its ARN is taken, a construct's
and Monitoring's alike (it was refused: "an alarm notifies only a topic of its own region
and account"). Another region stays refused, and so does a topic created in a stack of
another account (no ARN a reference across accounts could use)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Handler, Monitoring, QueueWorker
from tests.support import CDK_CONTEXT, ECHO

HERE, CENTRAL = "111111111111", "222222222222"
CENTRAL_TOPIC = f"arn:aws:sns:us-east-1:{CENTRAL}:alarms"
H = Handler(code=ECHO)


def _stack(app: cdk.App | None = None, account: str = HERE, name: str = "Test") -> cdk.Stack:
    app = app or cdk.App(context=CDK_CONTEXT)
    return cdk.Stack(app, name, env=cdk.Environment(account=account, region="us-east-1"))


def _actions(stack: cdk.Stack) -> list[tuple[Any, Any]]:
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    assert alarms
    return [
        (a["Properties"]["AlarmActions"], a["Properties"]["OKActions"]) for a in alarms.values()
    ]


def test_a_construct_s_alarm_topic_of_another_account_is_notified() -> None:
    # GIVEN a worker whose alarm topic is the central monitoring account's, in its region
    stack = _stack()
    topic = sns.Topic.from_topic_arn(stack, "Central", CENTRAL_TOPIC)
    QueueWorker(stack, "Worker", handler=H, alarm_topic=topic)
    # THEN every alarm notifies it, in alarm and back to OK
    assert set(map(repr, _actions(stack))) == {repr(([CENTRAL_TOPIC], [CENTRAL_TOPIC]))}


def test_the_stack_s_monitoring_topic_of_another_account_is_notified() -> None:
    stack = _stack()
    Monitoring(stack, alarm_topic=sns.Topic.from_topic_arn(stack, "Central", CENTRAL_TOPIC))
    QueueWorker(stack, "Worker", handler=H)
    assert set(map(repr, _actions(stack))) == {repr(([CENTRAL_TOPIC], [CENTRAL_TOPIC]))}


def test_another_account_s_topic_of_another_region_is_refused() -> None:
    stack = _stack()
    arn = f"arn:aws:sns:eu-west-1:{CENTRAL}:alarms"
    with pytest.raises(ConstructError) as raised:
        QueueWorker(
            stack, "Worker", handler=H, alarm_topic=sns.Topic.from_topic_arn(stack, "T", arn)
        )
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/Worker", "alarm_topic")
    assert problem.message == (
        f"is in region eu-west-1, not us-east-1 and account {CENTRAL}, not {HERE}: an alarm "
        "notifies only a topic of its own region (of another account: imported by its ARN)"
    )
    assert problem.fix == (
        "pass a topic of this stack's region (one topic per region); another account's as "
        "sns.Topic.from_topic_arn(self, 'Alarms', 'arn:aws:sns:<this region>:<its account>:"
        "<name>'), whose policy lets cloudwatch.amazonaws.com publish"
    )


def test_a_topic_created_in_a_stack_of_another_account_is_refused() -> None:
    # GIVEN the central account's topic created by a stack of the same app
    app = cdk.App(context=CDK_CONTEXT)
    central, here = _stack(app, CENTRAL, "Central"), _stack(app)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(here, "Worker", handler=H, alarm_topic=sns.Topic(central, "Alarms"))
    # THEN the fix is to import it by its ARN
    (problem,) = raised.value.problems
    assert problem.message.startswith(f"is in account {CENTRAL}, not {HERE}: an alarm notifies")
    assert "sns.Topic.from_topic_arn(self, 'Alarms'" in problem.fix
