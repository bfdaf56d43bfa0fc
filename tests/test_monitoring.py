"""Monitoring: alarms with the right metrics and thresholds, and one dashboard per stack."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Monitoring,
    QueueWorker,
    ServerlessApi,
    StaticSite,
)
from tests.support import SITE, echo_handler, new_stack, warnings_of


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
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    assert len(alarms) == 4  # the worker's, each read below
    for alarm in alarms.values():
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


def test_assigning_the_alarm_topic_sets_it_as_set_alarm_topic_does() -> None:
    # Proves (API review): Monitoring.of(stack).alarm_topic = topic was a plain attribute:
    # the constructs made before it never created their alarms (the synth warning then
    # told the user to do what they had done), and the topic was not checked
    stack = new_stack()
    QueueWorker(stack, "Before", handler=echo_handler())
    topic = sns.Topic(stack, "Topic", enforce_ssl=True)
    # WHEN the user assigns the topic
    Monitoring.of(stack).alarm_topic = topic
    QueueWorker(stack, "After", handler=echo_handler())
    # THEN every alarm, before and after, notifies it
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    assert len(alarms) == 8
    actions = [a["Properties"]["AlarmActions"] for a in alarms.values()]
    assert all(len(notified) == 1 for notified in actions)
    # AND another topic is refused as with set_alarm_topic
    with pytest.raises(ConstructError, match=r"`alarm_topic` is already set"):
        Monitoring.of(stack).alarm_topic = sns.Topic(stack, "Other")


def test_assigning_the_dashboard_is_a_construct_error() -> None:
    # Proves (API review): monitoring.dashboard = Dashboard(...) replaced the attribute
    # only: the library's rows never reached the user's dashboard, silently
    stack = new_stack()
    monitoring = Monitoring(stack)
    with pytest.raises(ConstructError) as raised:
        monitoring.dashboard = cloudwatch.Dashboard(stack, "Mine")
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Monitoring: `dashboard` is assigned the "
        "aws_cloudwatch.Dashboard 'Test/Mine': the stack's dashboard is the library's. "
        "Fix: call enable_dashboard() (or "
        "Monitoring(stack, dashboard=True)) and add your widgets with add_section(title, "
        "widgets)"
    )
    assert monitoring.dashboard is None


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


def test_a_static_site_outside_us_east_1_gets_a_warning_instead_of_an_alarm_never_firing() -> None:
    # Proves (user trial): a StaticSite in a stack in eu-west-1 got a 5xx-rate alarm that
    # could never fire (CloudFront's metrics are in us-east-1 only) and a dashboard whose
    # CloudFront graphs read eu-west-1 (empty), without a word
    for region, alarms in (("eu-west-1", 0), ("us-east-1", 1)):
        stack = cdk.Stack(
            cdk.App(), "Test", env=cdk.Environment(account="123456789012", region=region)
        )
        Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"), dashboard=True)
        site = StaticSite(stack, "Site", source=SITE)
        template = Template.from_stack(stack)
        assert len(site.alarms) == alarms
        template.resource_count_is("AWS::CloudWatch::Alarm", alarms)
        warnings = Annotations.from_stack(stack).find_warning(
            "/Test/Site", Match.string_like_regexp("no 5xx-rate alarm for this site")
        )
        assert len(warnings) == 1 - alarms
        # AND its fix keeps a deployed site where it is (moving it replaces its buckets and
        # distribution): an alarm from a stack in us-east-1 comes first (upgrade34)
        for warning in warnings:
            text = str(warning.entry.data)
            assert (
                "Fix: create an alarm on the distribution's 5xxErrorRate (Region=Global) in a "
                "stack of yours in us-east-1"
            ) in text
            assert "a deployed site moved to another stack gets new buckets" in text
        # AND the dashboard's CloudFront metrics (requests, 4xx, 5xx) are read in us-east-1
        (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
        body = json.dumps(dashboard["Properties"]["DashboardBody"])
        assert body.count('\\"region\\":\\"us-east-1\\"') == 3, body


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


@pytest.mark.parametrize("how", ["an earlier dashboard=True", "the context key"])
def test_dashboard_false_on_a_stack_with_a_dashboard_is_a_construct_error(how: str) -> None:
    # Proves (user trial): Monitoring(stack, dashboard=False) after dashboard=True was
    # silently ignored: the stack kept its dashboard ($3/month beyond the free three)
    if how == "the context key":
        stack = cdk.Stack(cdk.App(context={"constructs_lib:dashboard": "true"}), "Test")
        Monitoring.of(stack)
    else:
        stack = new_stack()
        Monitoring(stack, dashboard=True)
    with pytest.raises(
        ConstructError,
        match=r"Test/Monitoring: `dashboard` is False, but the stack already has a dashboard "
        r"\(from an earlier Monitoring\(\.\.\., dashboard=True\) or the app's "
        r"constructs_lib:dashboard context\), which stays\. Fix: drop dashboard=False",
    ):
        Monitoring(stack, dashboard=False)
    # AND without a dashboard, False is what the stack has: no error
    Monitoring(new_stack(), dashboard=False)


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


def _alarm_in(stack: cdk.Stack, id: str = "Alarm") -> cloudwatch.Alarm:
    metric = cloudwatch.Metric(namespace="Shop", metric_name="Orders")
    return cloudwatch.Alarm(stack, id, metric=metric, threshold=1, evaluation_periods=1)


_ARN = "arn:aws:sns:us-east-1:123456789012:ops"
#: Monitoring's methods given wrong values after construction -> the prop and the message.
_WRONG_VALUES: dict[str, tuple[Callable[[cdk.Stack, Any], object], str]] = {
    "topic as a string": (lambda s, m: m.set_alarm_topic(_ARN), r"`topic` is 'arn:aws:sns"),
    "no topic": (lambda s, m: m.set_alarm_topic(None), r"`topic` is None\. Fix"),
    "one widget, no list": (
        lambda s, m: m.add_section("Orders", cloudwatch.TextWidget(markdown="x")),
        # Proves (user trial): named as a user wrote it, not by its repr '<...object at 0x..>'
        r"`widgets` is an aws_cloudwatch\.TextWidget, not a list of widgets",
    ),
    # Proves: a section title that is no text was accepted and drawn as "### 3", "### None"
    "a section title that is a number": (
        lambda s, m: m.add_section(3, []),
        r"`title` is 3, an int; it is the section's heading. Fix: pass a heading",
    ),
    "no section title": (
        lambda s, m: m.add_section(None, []),
        r"`title` is None; it is the section's heading",
    ),
    "an empty section title": (lambda s, m: m.add_section(" ", []), r"`title` is empty"),
    "a deploy-time section title": (
        lambda s, m: m.add_section(cdk.Fn.import_value("Title"), []),
        r'`title` is a deploy-time value \(Fn::ImportValue "Title"\); it is',
    ),
    "a string among widgets": (
        lambda s, m: m.add_section("Orders", ["graph"]),
        r"`widgets` is a list holding 'graph', a str",
    ),
    "a function building no widgets": (
        lambda s, m: (m.add_section("Orders", lambda: None), m.enable_dashboard()),
        r"`widgets` returns None, not a list of widgets",
    ),
    "one alarm, no list": (
        lambda s, m: m.add_alarms(_alarm_in(s)),
        r"`alarms` is the aws_cloudwatch\.Alarm 'Test/Alarm', not a list",
    ),
    "an imported alarm": (
        lambda s, m: m.add_alarms([cloudwatch.Alarm.from_alarm_name(s, "Imported", "x")]),
        r"`alarms` is a list whose item 0 .*an imported alarm, which takes no actions",
    ),
    "another stack's alarm": (
        lambda s, m: m.add_alarms([_alarm_in(cdk.Stack(s.node.scope, "Other"))]),
        r"`alarms` is a list holding the alarm Other/Alarm of another stack. Fix: .*"
        r"Monitoring.of\(that_stack\)",
    ),
    "a topic as a string for alarms": (
        lambda s, m: m.add_alarms([_alarm_in(s)], topic=_ARN),
        r"`topic` is 'arn:aws:sns",
    ),
    "an alarm factory returning no list": (
        lambda s, m: m.register("Job", widgets=list, alarms=lambda: None, enabled=True, topic=None),
        r"`alarms` returns None, not a list",
    ),
    "enabled as a string": (
        lambda s, m: m.register("Job", widgets=list, alarms=list, enabled="yes", topic=None),
        r"`enabled` is 'yes', a str",
    ),
    # Proves (sweep28): followers= given the alarms themselves raised a bare TypeError
    # ('list' object is not callable) once the alarms were created, or nothing while they
    # waited for a topic; a factory returning None raised one too
    "followers as a list of alarms": (
        lambda s, m: m.register(
            "Job", widgets=list, alarms=list, enabled=None, topic=None, followers=[_alarm_in(s)]
        ),
        r"`followers` is \[the aws_cloudwatch.Alarm .*\], a list. Fix: pass a function returning",
    ),
    "a followers factory returning no list": (
        lambda s, m: m.register(
            "Job", widgets=list, alarms=list, enabled=True, topic=None, followers=lambda: None
        ),
        r"`followers` returns None, not a list",
    ),
}


@pytest.mark.parametrize("case", _WRONG_VALUES)
def test_monitoring_methods_name_a_wrong_value(case: str) -> None:
    # Proves (fuzz): these raised a bare TypeError / AttributeError / jsii SerializationError
    # (one widget or alarm without a list, a string topic once alarms notified it), or were
    # silently kept (an imported alarm, another stack's alarm, which cannot notify this
    # stack's topic)
    call, message = _WRONG_VALUES[case]
    stack = new_stack()
    monitoring = Monitoring.of(stack)
    with pytest.raises(ConstructError, match=rf"Test/Monitoring: {message}"):
        call(stack, monitoring)


@pytest.mark.parametrize("scope", [None, "app", cdk.Stage(cdk.App(), "Beta")])
def test_monitoring_of_no_stack_is_a_construct_error(scope: Any) -> None:
    # Proves (fuzz): Monitoring.of(app) raised jsii's "ShouldBeCreatedInStackScope" trace
    scope = cdk.App() if scope == "app" else scope
    with pytest.raises(ConstructError, match=r"`scope` is (in no stack|None, not a construct)"):
        Monitoring.of(scope)


def test_the_same_topic_arn_imported_twice_is_one_topic() -> None:
    # Proves (fuzz): a second import of the stack's topic ARN was "already set to another
    # topic"; the alarms still notify it once
    stack = new_stack()
    QueueWorker(stack, "Worker", handler=echo_handler())
    Monitoring.of(stack).set_alarm_topic(sns.Topic.from_topic_arn(stack, "Ops", _ARN))
    Monitoring.of(stack).set_alarm_topic(sns.Topic.from_topic_arn(stack, "OpsAgain", _ARN))
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    assert alarms and all(a["Properties"]["AlarmActions"] == [_ARN] for a in alarms.values())


def _description(template: Template, prefix: str) -> str:
    """An alarm's description as the on-call engineer reads it, deploy-time names as
    ``<logical id>``."""
    description = _alarm(template, prefix)["AlarmDescription"]
    if isinstance(description, str):
        return description
    return "".join(
        part if isinstance(part, str) else f"<{next(iter(part.values()))}>".replace("'", "")
        for part in description["Fn::Join"][1]
    )


def test_dead_letter_alarms_say_where_the_messages_are_and_how_to_redrive_them() -> None:
    # Proves (user trial): a dead-letter alarm said only "messages failed and were
    # dead-lettered": at 3 a.m. the on-call engineer had to find the queue and learn how to
    # redrive it; a function's error alarm did not say where its log is
    from aws_cdk import aws_events as events

    from constructs_lib import EventHandler, ScheduledJob

    stack = new_stack()
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
    QueueWorker(stack, "Worker", handler=echo_handler(), max_receive_count=3)
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)")
    EventHandler(
        stack, "Events", handler=echo_handler(), event_pattern=events.EventPattern(source=["a"])
    )
    template = Template.from_stack(stack)  # one synth for every alarm below
    worker = _description(template, "WorkerDeadLetterQueueAlarm")
    assert worker.startswith(
        "Test/Worker: messages failed 3 receives and are in the dead-letter queue "
        "<[WorkerDeadLetterQueue"
    )
    assert "move them back to <[WorkerQueue" in worker and "Start DLQ redrive" in worker
    assert "aws sqs start-message-move-task --source-arn" in worker
    job = _description(template, "JobDeadLetterQueueAlarm")
    assert job.startswith("Test/Job: a run did not succeed: it is in the dead-letter queue")
    assert "aws sqs receive-message --queue-url <JobDeadLetterQueue" in job
    assert "run it again (Lambda console, <JobHandlerFunction" in job
    event = _description(template, "EventsDeadLetterQueueAlarm")
    assert "put the event on its bus again" in event and "requestPayload" in event
    errors = _description(template, "WorkerHandlerErrorsAlarm")
    assert "First: its log (Lambda console, <WorkerHandlerFunction" in errors
    assert "requestId" in errors
    throttles = _description(template, "WorkerHandlerThrottlesAlarm")
    assert "the concurrency of <WorkerHandlerFunction" in throttles
    assert "First: the function's errors and throttles alarms" in _description(
        template, "WorkerOldestMessageAlarm"
    )
    assert "First: the job's dead-letter queue" in _description(
        template, "JobFailedInvocationsAlarm"
    )
    api_stack = new_stack()
    Monitoring(api_stack, alarm_topic=sns.Topic(api_stack, "Topic"))
    ServerlessApi(api_stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    api_template = Template.from_stack(api_stack)
    assert "First: the API's access log (JSON lines: status, routeKey" in _description(
        api_template, "ApiServerErrorRateAlarm"
    )
    assert "First: the access log's integrationLatency" in _description(
        api_template, "ApiLatencyAlarm"
    )


def test_an_existing_queue_of_the_app_has_its_dead_letter_queue_watched() -> None:
    # Proves (user trial): QueueWorker(existing_queue=<a queue of the app with a redrive
    # policy>) had no dead-letter alarm and no DLQ on the dashboard: poison messages piled
    # up in its dead-letter queue without paging anyone
    from aws_cdk import aws_sqs as sqs

    stack = new_stack()
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"), dashboard=True)
    poison = sqs.Queue(stack, "Poison", enforce_ssl=True)
    orders = sqs.Queue(
        stack,
        "Orders",
        visibility_timeout=cdk.Duration.minutes(1),
        dead_letter_queue=sqs.DeadLetterQueue(queue=poison, max_receive_count=4),
    )
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=orders)
    assert worker.dead_letter_queue is None  # the attribute stays the worker's own queue
    template = Template.from_stack(stack)
    description = _description(template, "WorkerDeadLetterQueueAlarm")
    assert description.startswith(
        "Test/Worker: messages failed 4 receives and are in the dead-letter queue <[Poison"
    )
    assert "move them back to <[Orders" in description
    (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
    assert '"Poison' in json.dumps(dashboard["Properties"]["DashboardBody"])
    # AND an imported queue (its redrive policy unknown) gets the backlog alarm only
    other = new_stack()
    Monitoring(other, alarm_topic=sns.Topic(other, "Topic"))
    imported = sqs.Queue.from_queue_arn(other, "In", "arn:aws:sqs:eu-west-1:123456789012:in")
    assert (
        len(QueueWorker(other, "Worker", handler=echo_handler(), existing_queue=imported).alarms)
        == 3
    )


def test_a_dashboard_with_nothing_on_it_is_a_warning_to_acknowledge() -> None:
    # Proves (user trial): Monitoring(platform_stack, dashboard=True) in a stack without
    # the library's constructs (or the app-wide constructs_lib:dashboard context, which
    # reaches such stacks too) synthesized an empty dashboard in silence: billed, blank
    app = cdk.App(context={"constructs_lib:dashboard": "true"})
    platform = cdk.Stack(app, "Platform")
    sns.Topic(platform, "Topic")
    Monitoring(platform, dashboard=True)
    assert warnings_of(platform, "emptyDashboard") == [
        "the dashboard Platform/Monitoring/Dashboard has no widgets: the stack has no "
        "construct of the library and no add_section rows, so it shows nothing (and costs "
        "$3/month beyond an account's first three dashboards). Fix: drop dashboard=True for "
        "this stack (with the app context 'constructs_lib:dashboard', pass it to the stacks "
        "that want one instead), or add_section your own widgets; if an empty dashboard is "
        "meant, acknowledge 'constructs_lib:emptyDashboard'. "
        "[ack: constructs_lib:emptyDashboard]"
    ]
    # AND a stack with a construct, or with a section of the user's, gets no warning
    ingest = cdk.Stack(app, "Ingest")
    QueueWorker(ingest, "Worker", handler=echo_handler())
    own = cdk.Stack(app, "Own")
    Monitoring(own).add_section("Ops", [cloudwatch.TextWidget(markdown="# Runbook")])
    assert warnings_of(ingest, "emptyDashboard") == [] and warnings_of(own, "emptyDashboard") == []
