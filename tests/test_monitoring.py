"""Monitoring: alarms with the right metrics and thresholds, and one dashboard per stack."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Monitoring,
    QueueWorker,
    ServerlessApi,
    StaticSite,
)
from tests.support import SITE, echo_handler, new_stack


def _build(**props: Any) -> tuple[cdk.Stack, ServerlessApi, QueueWorker]:
    """An API and a worker in a stack with a dashboard (alarms as ``props`` say)."""
    stack = new_stack()
    Monitoring(stack, dashboard=True)
    api = ServerlessApi(
        stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), **props
    )
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), **props)
    return stack, api, worker


@pytest.fixture(scope="module")
def built() -> tuple[Template, ServerlessApi, QueueWorker]:
    stack, api, worker = _build(alarms=True)
    return Template.from_stack(stack), api, worker


def _alarm(template: Template, prefix: str) -> dict[str, Any]:
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    (match,) = [a["Properties"] for k, a in alarms.items() if k.startswith(prefix)]
    return match


def test_function_error_and_throttle_alarms(built: tuple[Template, Any, Any]) -> None:
    template = built[0]
    for prefix, metric in (
        ("ApiHandlerErrorsAlarm", "Errors"),
        ("ApiHandlerThrottlesAlarm", "Throttles"),
        ("WorkerHandlerErrorsAlarm", "Errors"),
    ):
        alarm = _alarm(template, prefix)
        assert alarm["MetricName"] == metric and alarm["Namespace"] == "AWS/Lambda"
        assert alarm["Threshold"] == 1 and alarm["Statistic"] == "Sum" and alarm["Period"] == 300
        assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
        assert alarm["TreatMissingData"] == "notBreaching"


def test_api_5xx_rate_and_p99_latency_alarms(built: tuple[Template, Any, Any]) -> None:
    template = built[0]
    rate = _alarm(template, "ApiServerErrorRateAlarm")
    assert rate["Threshold"] == 5
    expressions = [m.get("Expression") for m in rate["Metrics"]]
    assert "IF(requests > 0, 100 * errors / requests, 0)" in expressions
    names = {m["MetricStat"]["Metric"]["MetricName"] for m in rate["Metrics"] if "MetricStat" in m}
    assert names == {"5xx", "Count"}
    latency = _alarm(template, "ApiLatencyAlarm")
    assert latency["MetricName"] == "Latency" and latency["ExtendedStatistic"] == "p99"
    assert latency["Threshold"] == 2000 and latency["EvaluationPeriods"] == 3


def test_queue_dlq_depth_and_oldest_message_alarms(built: tuple[Template, Any, Any]) -> None:
    template = built[0]
    dlq = _alarm(template, "WorkerDeadLetterQueueAlarm")
    assert dlq["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert dlq["Threshold"] == 1 and dlq["Statistic"] == "Maximum"
    assert "WorkerDeadLetterQueue" in json.dumps(dlq["Dimensions"])
    oldest = _alarm(template, "WorkerOldestMessageAlarm")
    assert oldest["MetricName"] == "ApproximateAgeOfOldestMessage"
    assert oldest["Threshold"] == 900


def test_alarms_are_exposed(built: tuple[Template, ServerlessApi, QueueWorker]) -> None:
    template, api, worker = built
    assert len(api.alarms) == 4 and len(worker.alarms) == 4
    template.resource_count_is("AWS::CloudWatch::Alarm", 8)
    assert Monitoring.of(api).alarms == api.alarms + worker.alarms


def test_dashboard_has_every_constructs_widgets(built: tuple[Template, Any, Any]) -> None:
    template = built[0]
    (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for title in (
        "ServerlessApi Test/Api",
        "Requests, 4xx, 5xx",
        "QueueWorker Test/Worker",
        "Queue depth",
        "Age of oldest message",
        "Handler: invocations, errors, throttles",
    ):
        assert title in body


def test_alarms_false_removes_the_alarms_but_keeps_the_dashboard() -> None:
    stack, api, worker = _build(alarms=False)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::CloudWatch::Alarm", 0)
    template.resource_count_is("AWS::CloudWatch::Dashboard", 1)
    assert api.alarms == [] and worker.alarms == []


def test_alarm_topic_per_construct() -> None:
    stack = new_stack()
    topic = sns.Topic(stack, "Topic")
    QueueWorker(stack, "Worker", handler=echo_handler(), alarm_topic=topic)
    template = Template.from_stack(stack)
    for alarm in template.find_resources("AWS::CloudWatch::Alarm").values():
        assert alarm["Properties"]["AlarmActions"] == [
            {"Ref": stack.get_logical_id(topic.node.default_child)}
        ]  # type: ignore[arg-type]


def test_shared_monitoring_topic_for_the_whole_stack() -> None:
    stack = new_stack()
    topic = sns.Topic(stack, "Topic")
    Monitoring(stack, alarm_topic=topic)
    ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    assert len(alarms) == 4
    assert all(len(a["Properties"]["AlarmActions"]) == 1 for a in alarms.values())
    assert all(len(a["Properties"]["OKActions"]) == 1 for a in alarms.values())


def test_monitoring_of_a_stack_is_one_object_and_takes_a_topic_afterwards() -> None:
    # GIVEN constructs already registered with the stack's Monitoring
    stack = new_stack()
    api = ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    # WHEN the topic is given afterwards THEN it is the same object and every alarm notifies
    topic = sns.Topic(stack, "Topic")
    monitoring = Monitoring(stack, alarm_topic=topic)
    assert monitoring is Monitoring.of(api) is Monitoring(stack)
    assert monitoring.dashboard is Monitoring(stack).dashboard
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    assert len(alarms) == 4
    assert all(len(a["Properties"]["AlarmActions"]) == 1 for a in alarms.values())


def test_a_second_stack_topic_is_a_clear_error() -> None:
    stack = new_stack()
    Monitoring(stack, alarm_topic=sns.Topic(stack, "One"))
    with pytest.raises(ConstructError, match=r"Test/Monitoring: `alarm_topic` is already set"):
        Monitoring(stack, alarm_topic=sns.Topic(stack, "Two"))


def test_static_site_5xx_rate_alarm_on_the_global_cloudfront_metric() -> None:
    stack = new_stack()
    Monitoring(stack, dashboard=True)
    site = StaticSite(stack, "Site", source=SITE, alarms=True)
    template = Template.from_stack(stack)
    alarm = _alarm(template, "SiteServerErrorRateAlarm")
    assert (alarm["Namespace"], alarm["MetricName"]) == ("AWS/CloudFront", "5xxErrorRate")
    assert {d["Name"] for d in alarm["Dimensions"]} == {"DistributionId", "Region"}
    assert alarm["Threshold"] == 5 and alarm["Statistic"] == "Average"
    assert len(site.alarms) == 1
    (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
    assert "StaticSite Test/Site" in json.dumps(dashboard["Properties"]["DashboardBody"])


def test_static_site_alarms_false() -> None:
    stack = new_stack()
    StaticSite(stack, "Site", source=SITE, alarms=False)
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Alarm", 0)


def test_monitoring_takes_no_id_so_a_second_dashboard_cannot_be_made_by_mistake() -> None:
    # GIVEN a stack WHEN Monitoring is given an id (the old trap: a second, unused topic)
    stack = new_stack()
    # THEN synth stops and says how to call it
    with pytest.raises(ConstructError, match=r"`id` is given \('Ops'\).*without an id"):
        Monitoring(stack, "Ops", alarm_topic=sns.Topic(stack, "Topic"))


def test_a_topic_given_twice_is_notified_once() -> None:
    # GIVEN the same topic on a construct and as the stack's Monitoring topic
    stack = new_stack()
    topic = sns.Topic(stack, "Topic")
    QueueWorker(stack, "Worker", handler=echo_handler(), alarm_topic=topic)
    Monitoring(stack, alarm_topic=topic)
    # THEN every alarm lists it once, for alarm and OK
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    assert alarms
    for alarm in alarms.values():
        assert alarm["Properties"]["AlarmActions"] == [
            {"Ref": stack.get_logical_id(topic.node.default_child)}
        ]
        assert len(alarm["Properties"]["OKActions"]) == 1
