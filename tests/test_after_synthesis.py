"""Calls that change a stack CDK has synthesized already: CDK keeps that synthesis, so what
they add would be in no template, and the next synthesis failed with a jsii trace
(``ConstructTreeModifiedAfterSynth``) naming neither the call nor the fix. Each is a
ConstructError naming the call; what changes nothing, and a stack built later, stay
allowed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sns as sns
from aws_cdk import pipelines
from aws_cdk.assertions import Annotations, Template
from constructs import IConstruct

from constructs_lib import ConstructError, Monitoring, Network, QueueWorker
from tests.support import echo_handler, new_stack

LATE = r"comes after its stack 'Test' was synthesized \(by app.synth\(\)"


def _topic(stack: cdk.Stack, id: str = "Ops") -> sns.Topic:
    return sns.Topic(stack, id, enforce_ssl=True)


def _worker(stack: cdk.Stack, id: str = "Worker") -> QueueWorker:
    return QueueWorker(stack, id, handler=echo_handler())


def _dashboard_section(stack: cdk.Stack) -> None:
    Monitoring.of(stack).add_section("Ops", [cloudwatch.TextWidget(markdown="on call")])


def _stack_with_worker() -> cdk.Stack:
    stack = new_stack()
    _worker(stack)
    return stack


def _stack_with_network() -> cdk.Stack:
    stack = new_stack()
    Network(stack, "Net")
    return stack


def _stack_with_alarm() -> cdk.Stack:
    stack = _stack_with_worker()
    metric = cloudwatch.Metric(namespace="Shop", metric_name="Orders")
    metric.create_alarm(stack, "Alarm", threshold=1, evaluation_periods=1)
    return stack


def _stack_with_worker_and_dashboard() -> cdk.Stack:
    stack = _stack_with_worker()
    Monitoring(stack, dashboard=True)
    return stack


# Proves (user trial, bad37): each call after Template.from_stack made the next synthesis
# raise the jsii error
# ConstructTreeModifiedAfterSynth, or (add_section) left the dashboard without the
# section in silence
LATE_CALLS: list[tuple[str, Callable[[], cdk.Stack], Callable[[cdk.Stack], Any], str]] = [
    (
        "a network's endpoint",
        _stack_with_network,
        lambda s: s.node.find_child("Net").endpoint("sns"),
        r"Test/Net: `endpoint` " + LATE + r".*its sns endpoint would be in no template"
        r".*Fix: request it before anything synthesizes the stack",
    ),
    (
        "the alarm topic",
        _stack_with_worker,
        lambda s: Monitoring.of(s).set_alarm_topic(_topic(cdk.Stack(s.node.root, "Ops"))),
        r"Test/Monitoring: `alarm_topic` " + LATE + r".*Fix: set the topic before anything",
    ),
    (
        "the alarm topic given to Monitoring",
        _stack_with_worker,
        lambda s: Monitoring(s, alarm_topic=sns.Topic.from_topic_arn(s, "T", _TOPIC_ARN)),
        r"Test/Monitoring: `alarm_topic` " + LATE,
    ),
    (
        "the dashboard",
        _stack_with_worker,
        lambda s: Monitoring.of(s).enable_dashboard(),
        r".*Fix: set dashboard=True or call enable_dashboard\(\) before anything",
    ),
    (
        "a dashboard section",
        _stack_with_worker_and_dashboard,
        _dashboard_section,
        r"Test/Monitoring/Dashboard: `add_section` " + LATE + r".*the section 'Ops' would be",
    ),
    (
        "the user's alarms",
        _stack_with_alarm,
        lambda s: Monitoring.of(s).add_alarms([s.node.find_child("Alarm")]),
        r"Test/Monitoring: `add_alarms` " + LATE + r".*Fix: add them before anything",
    ),
]

_TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:ops"


@pytest.mark.parametrize(
    ("build", "late", "message"),
    [pytest.param(build, late, message, id=id) for id, build, late, message in LATE_CALLS],
)
def test_a_change_after_synthesis_is_refused_by_name(
    build: Callable[[], cdk.Stack], late: Callable[[cdk.Stack], Any], message: str
) -> None:
    # GIVEN a stack synthesized once (as a test's Template.from_stack does)
    stack = build()
    Template.from_stack(stack)
    # WHEN a call would add to it THEN a ConstructError names the call and the fix
    with pytest.raises(ConstructError, match=message):
        late(stack)


def test_what_changes_nothing_after_synthesis_stays_allowed() -> None:
    # GIVEN a stack with a worker, a network endpoint, the stack's topic and dashboard
    stack = new_stack()
    topic = _topic(stack)
    network = Network(stack, "Net")
    endpoint = network.endpoint("sns")
    _worker(stack)
    monitoring = Monitoring(stack, alarm_topic=topic, dashboard=True)
    before = Template.from_stack(stack).to_json()
    # WHEN the same things are asked for again after synthesis
    assert network.endpoint("sns") is endpoint
    monitoring.set_alarm_topic(topic)
    assert monitoring.enable_dashboard() is monitoring.dashboard
    assert Monitoring.of(stack) is monitoring
    monitoring.add_alarms([])
    # THEN nothing is refused and the template is the one synthesized
    assert Template.from_stack(stack).to_json() == before


def test_a_stack_built_after_a_forced_synthesis_of_its_app_gets_everything() -> None:
    # GIVEN an app synthesized by Annotations.from_stack (a forced synthesis, after which
    # CDK lets the app grow), and another app never synthesized
    first = _stack_with_worker()
    Annotations.from_stack(first)
    Template.from_stack(_stack_with_worker())
    # WHEN a new stack of the first app gets a worker, an endpoint, a topic and a dashboard
    stack = cdk.Stack(first.node.root, "Later")
    _worker(stack)
    Network(stack, "Net").endpoint("sns")
    Monitoring(stack, alarm_topic=_topic(stack), dashboard=True)
    _dashboard_section(stack)
    # THEN nothing is refused and its template has them
    Annotations.from_stack(stack)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::CloudWatch::Dashboard", 1)
    template.resource_count_is("AWS::EC2::VPCEndpoint", 3)  # sns; the S3, DynamoDB gateways
    template.resource_count_is("AWS::CloudWatch::Alarm", 4)


def test_a_construct_built_after_a_forced_synthesis_of_its_stack_is_cdk_s_to_judge() -> None:
    # GIVEN a stack with a worker and a dashboard, synthesized by Annotations.from_stack
    stack = _stack_with_worker_and_dashboard()
    Annotations.from_stack(stack)
    # WHEN another worker is built in it (its dashboard section comes with it)
    _worker(stack, "Later")
    # THEN the library refuses nothing: the next forced synthesis has both workers
    Annotations.from_stack(stack)
    Template.from_stack(stack).resource_count_is("AWS::Lambda::Function", 2)


def test_a_change_after_a_pipeline_s_add_stage_names_add_stage(tmp_path: Path) -> None:
    # Proves (sweep37b): the message blamed app.synth(), template_snapshot(...) or
    # Template.from_stack(...), none of which a CDK Pipelines app calls before: its
    # pipeline.add_stage(stage) synthesized the stage
    env = cdk.Environment(account="111111111111", region="eu-west-1")
    app = cdk.App(outdir=str(tmp_path))
    source = pipelines.CodePipelineSource.git_hub("team/app", "main")
    pipeline = pipelines.CodePipeline(
        cdk.Stack(app, "Tooling", env=env),
        "Pipeline",
        synth=pipelines.ShellStep("Synth", input=source, commands=["cdk synth"]),
    )
    stack = cdk.Stack(cdk.Stage(app, "Dev", env=env), "Service")
    worker = _worker(stack)
    pipeline.add_stage(stack.node.scope)  # type: ignore[arg-type]
    # WHEN the stage's stack gets a topic, or the worker a link, afterwards
    # THEN each names add_stage and where to build instead
    by = r"\(by pipeline\.add_stage\(stage\), which synthesizes the stage it is given"
    with pytest.raises(ConstructError, match=r"`alarm_topic` comes after .*" + by) as late:
        Monitoring(stack, alarm_topic=_topic(stack))
    assert "(in a stage's constructor, before pipeline.add_stage(stage))" in str(late.value)
    with pytest.raises(ConstructError, match=r"`link` is called on .*" + by):
        worker.link(_topic(stack, "Other"))
    # a stack of the app itself keeps naming the app's synthesis
    stack = _stack_with_worker()
    Template.from_stack(stack)
    with pytest.raises(ConstructError, match=LATE + r".*a test synthesizes once its app"):
        Monitoring(stack, alarm_topic=_topic(stack))


@jsii.implements(cdk.IAspect)
class _Runbooks:
    """A team's Aspect: a section and an alarm of its own for each worker, as Aspects
    run: again at each synthesis (its alarm created once, as construct ids require)."""

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, QueueWorker):
            monitoring = Monitoring.of(node)
            monitoring.add_section(f"Runbook {node.node.id}", [cloudwatch.TextWidget(markdown="")])
            alarm = node.node.try_find_child("Backlog")
            if alarm is None:
                metric = cloudwatch.Metric(namespace="Shop", metric_name=node.node.id)
                alarm = metric.create_alarm(node, "Backlog", threshold=1, evaluation_periods=1)
            monitoring.add_alarms([alarm])  # type: ignore[list-item]


def test_an_aspect_s_calls_again_at_the_next_synthesis_change_nothing(tmp_path: Path) -> None:
    # Proves (sweep37b): app.synth(), Template.from_stack, then Annotations.from_stack(stack)
    # (which forces a synthesis: the Aspects run again) failed that synthesis with
    # "`add_section` comes after its stack 'Test' was synthesized", then add_alarms's
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test")
    _worker(stack)
    Monitoring(stack, dashboard=True)
    cdk.Aspects.of(app).add(_Runbooks())
    app.synth()
    template = Template.from_stack(stack)
    Annotations.from_stack(stack)  # a forced synthesis: the Aspects run again
    # THEN the dashboard has the section once, and the alarm's status row once
    body = json.dumps(template.find_resources("AWS::CloudWatch::Dashboard"))
    assert body.count("Runbook Worker") == 1
    alarm = stack.node.find_child("Worker").node.find_child("Backlog").node.default_child
    backlog = stack.get_logical_id(alarm)  # type: ignore[arg-type]
    assert body.count(backlog) == 1
    # a section of another title, or another alarm, is still refused
    with pytest.raises(ConstructError, match="`add_section` comes after"):
        _dashboard_section(stack)


def test_a_section_of_a_synthesized_title_with_other_widgets_is_refused() -> None:
    # Proves (fix38): the second add_section of a title already on the synthesized dashboard
    # was skipped in silence whatever its widgets, so the new ones were in no template
    stack = _stack_with_worker_and_dashboard()
    queue = stack.node.find_child("Worker").queue  # type: ignore[attr-defined]

    def section(text: str) -> list[cloudwatch.IWidget]:  # new widget objects at each call
        metric = queue.metric_approximate_number_of_messages_visible()
        return [cloudwatch.TextWidget(markdown=text), cloudwatch.GraphWidget(left=[metric])]

    monitoring = Monitoring.of(stack)
    monitoring.add_section("Ops", section("on call"))
    monitoring.add_section("Queue", lambda: section("backlog"))
    before = Template.from_stack(stack).to_json()
    # WHEN the same sections come again, as an Aspect's run at the next synthesis adds them
    monitoring.add_section("Ops", section("on call"))
    monitoring.add_section("Queue", lambda: section("backlog"))
    # THEN nothing changes
    assert Template.from_stack(stack).to_json() == before
    # BUT a title of them with other widgets gets the after-synthesis ConstructError
    for title, widgets in (("Ops", section("off call")), ("Queue", lambda: section("late"))):
        with pytest.raises(
            ConstructError,
            match=rf"`add_section` {LATE}.*the section '{title}' \(other widgets than the "
            r"synthesized section of that title\) would be in no template",
        ):
            monitoring.add_section(title, widgets)
