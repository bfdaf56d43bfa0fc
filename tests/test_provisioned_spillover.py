"""Provisioned concurrency is watched and not wasted (hooks48 trial): an alarm fires when
traffic keeps spilling past the warm environments (Lambda's
ProvisionedConcurrencySpilloverInvocations of the live alias), only for a Handler with
provisioned concurrency (the defaults' alarms and idle cost are unchanged); a QueueWorker
whose event source can never use all of them warns."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, Monitoring, QueueWorker, ServerlessApi
from tests.support import echo_handler, new_stack, warnings_of

SPILLOVER = "ProvisionedConcurrencySpilloverInvocations"


def _monitored() -> cdk.Stack:
    stack = new_stack()
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
    return stack


def _spillover_alarms(template: Template) -> dict[str, dict[str, Any]]:
    return template.find_resources(
        "AWS::CloudWatch::Alarm", {"Properties": {"MetricName": SPILLOVER}}
    )


def test_a_provisioned_worker_alarms_on_sustained_spillover_of_its_live_alias() -> None:
    # GIVEN a worker keeping 5 environments warm, with an alarm destination
    stack = _monitored()
    worker = QueueWorker(stack, "Worker", handler=echo_handler(provisioned_concurrency=5))
    template = Template.from_stack(stack)
    # THEN one alarm watches the live alias's spillover: any in each of 3 periods in a row
    ((logical_id, alarm),) = _spillover_alarms(template).items()
    properties = alarm["Properties"]
    assert properties["Namespace"] == "AWS/Lambda"
    assert properties["Statistic"] == "Sum"
    assert properties["Period"] == 300
    assert (properties["Threshold"], properties["EvaluationPeriods"]) == (1, 3)
    assert properties["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    function = {"Ref": template.find_resources("AWS::Lambda::Function").popitem()[0]}
    assert properties["Dimensions"] == [
        {"Name": "FunctionName", "Value": function},
        {"Name": "Resource", "Value": {"Fn::Join": ["", [function, ":live"]]}},
    ]
    assert properties["AlarmDescription"].startswith(
        "Test/Worker/Handler: invocations spilled past the 5 provisioned environments "
        "(>= 1 per 5 minutes for 15 minutes)"
    )
    # AND it is named, listed with the others and notifies the topic
    assert worker.provisioned_concurrency_spillover_alarm is not None
    assert worker.provisioned_concurrency_spillover_alarm.node.path.endswith(
        "Handler/ProvisionedConcurrencySpilloverAlarm"
    )
    assert any(a is worker.provisioned_concurrency_spillover_alarm for a in worker.alarms)
    assert logical_id.startswith("WorkerHandlerProvisionedConcurrencySpilloverAlarm")
    (topic,) = template.find_resources("AWS::SNS::Topic")
    assert properties["AlarmActions"] == [{"Ref": topic}]


def test_without_provisioned_concurrency_there_is_no_spillover_alarm() -> None:
    # the default's alarms (and their cost) are unchanged
    stack = _monitored()
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    assert _spillover_alarms(Template.from_stack(stack)) == {}
    assert worker.provisioned_concurrency_spillover_alarm is None


def test_an_api_names_each_provisioned_route_s_spillover_alarm() -> None:
    stack = _monitored()
    api = ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /hot": echo_handler(provisioned_concurrency=2),
            "GET /cold": echo_handler(entry="app.other"),
        },
        auth=ApiAuth.iam(),
    )
    assert len(_spillover_alarms(Template.from_stack(stack))) == 1
    alarms = api.provisioned_concurrency_spillover_alarms
    assert list(alarms) == ["GET /hot"]
    assert any(a is alarms["GET /hot"] for a in api.alarms)


def test_provisioned_environments_above_max_concurrency_warn() -> None:
    stack = new_stack()
    QueueWorker(
        stack, "Worker", handler=echo_handler(provisioned_concurrency=20), max_concurrency=5
    )
    assert warnings_of(stack, "constructs_lib:provisionedAboveMaxConcurrency") == [
        "handler.provisioned_concurrency is 20, above max_concurrency (5), the batches the "
        "queue's event source invokes at once at most: 15 of the provisioned environments are "
        "never used, and each is billed every hour. Fix: set provisioned_concurrency=5 or "
        "less, or raise max_concurrency to 20. If other callers invoke the function's live "
        "alias too, acknowledge 'constructs_lib:provisionedAboveMaxConcurrency'. "
        "[ack: constructs_lib:provisionedAboveMaxConcurrency]"
    ]


def test_provisioned_environments_above_lambda_s_limit_warn_without_max_concurrency() -> None:
    stack = new_stack()
    QueueWorker(stack, "Worker", handler=echo_handler(provisioned_concurrency=1500))
    (warning,) = warnings_of(stack, "constructs_lib:provisionedAboveMaxConcurrency")
    assert warning.startswith(
        "handler.provisioned_concurrency is 1500, above the 1000 batches (Lambda's limit "
        "without max_concurrency) the queue's event source invokes at once at most: 500 of"
    )
    assert "Fix: set provisioned_concurrency=1000 or less. If other" in warning


@pytest.mark.parametrize(
    ("provisioned", "max_concurrency"), [(5, 5), (5, None), (3, 10), (None, 2)]
)
def test_provisioned_environments_the_event_source_can_use_do_not_warn(
    provisioned: int | None, max_concurrency: int | None
) -> None:
    stack = new_stack()
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(provisioned_concurrency=provisioned),
        max_concurrency=max_concurrency,
    )
    assert warnings_of(stack, "constructs_lib:provisionedAboveMaxConcurrency") == []
