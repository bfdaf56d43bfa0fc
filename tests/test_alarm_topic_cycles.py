"""An alarm topic of a stack that depends on the alarms' stack is refused where an alarm
first notifies it (cycles46): ``Monitoring(stack, alarm_topic=topic)`` gave aws-cdk-lib's
DependencyCycle trace at synth, and a construct's own ``alarm_topic`` was refused even
where it creates no alarm (a StaticSite outside us-east-1), so nothing referred to it."""

from __future__ import annotations

import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sns as sns

from constructs_lib import ConstructError, Monitoring, QueueWorker, StaticSite
from tests.support import SITE, echo_handler, new_app

ENV = "111111111111"


def _ring(region: str = "eu-west-1") -> tuple[cdk.App, cdk.Stack, sns.Topic]:
    """The ops stack's topic, and the ops stack's job sending to a worker of the app stack:
    the ops stack depends on the app stack."""
    app = new_app()
    env = cdk.Environment(account=ENV, region=region)
    ops, here = cdk.Stack(app, "Ops", env=env), cdk.Stack(app, "Events", env=env)
    target = QueueWorker(here, "Target", handler=echo_handler(), alarms=False)
    QueueWorker(ops, "Nightly", handler=echo_handler(links=[target]), alarms=False)
    return app, here, sns.Topic(ops, "Alarms")


_MONITORING = re.escape(
    "Events/Monitoring: `alarm_topic` is the topic Ops/Alarms, of stack Ops, which already "
    "depends on stack Events (Ops/Nightly/Handler/Function links queue Events/Target "
    "(send)): an alarm notifying it from here makes a dependency cycle"
)


def test_a_monitoring_topic_notified_by_a_later_alarm_is_named() -> None:
    _, here, topic = _ring()
    Monitoring(here, alarm_topic=topic)  # no alarm yet: nothing refers to the topic
    with pytest.raises(ConstructError, match=_MONITORING):
        QueueWorker(here, "Worker", handler=echo_handler())


def test_a_monitoring_topic_given_after_the_alarms_is_named() -> None:
    _, here, topic = _ring()
    QueueWorker(here, "Worker", handler=echo_handler(), alarms=True)
    with pytest.raises(ConstructError, match=_MONITORING) as raised:
        Monitoring(here, alarm_topic=topic)
    assert "Fix: keep references between the two stacks one way: give the alarm topic" in str(
        raised.value
    )


def test_a_monitoring_topic_no_alarm_notifies_synthesizes() -> None:
    # GIVEN a stack whose constructs have no alarms (the alarm-less worker above)
    app, here, topic = _ring()
    Monitoring(here, alarm_topic=topic)
    # THEN nothing refers to the topic: both stacks synthesize
    assert {s.stack_name for s in app.synth().stacks} == {"Ops", "Events"}


def test_a_link_closing_the_ring_after_an_alarm_notifies_the_topic_is_named() -> None:
    app = new_app()
    ops, here = cdk.Stack(app, "Ops"), cdk.Stack(app, "Events")
    Monitoring(here, alarm_topic=sns.Topic(ops, "Alarms"))
    target = QueueWorker(here, "Target", handler=echo_handler())
    with pytest.raises(ConstructError, match=re.escape("(Events/Monitoring has alarms notifying")):
        QueueWorker(ops, "Nightly", handler=echo_handler(links=[target]), alarms=False)


def test_a_site_without_alarms_outside_us_east_1_synthesizes() -> None:
    # GIVEN a site in eu-west-1: CloudFront's metrics are in us-east-1, so it has no alarm
    app, here, topic = _ring()
    site = StaticSite(here, "Site", source=SITE, alarm_topic=topic)
    # THEN nothing refers to the topic: both stacks synthesize
    assert list(site.alarms) == []
    assert {s.stack_name for s in app.synth().stacks} == {"Ops", "Events"}


def test_a_site_with_its_alarm_in_us_east_1_is_named() -> None:
    _, here, topic = _ring("us-east-1")
    with pytest.raises(ConstructError) as raised:
        StaticSite(here, "Site", source=SITE, alarm_topic=topic)
    assert "Events/Site: `alarm_topic` is the topic Ops/Alarms, of stack Ops" in str(raised.value)


def test_topics_one_way_synthesize() -> None:
    # GIVEN the topic in a stack of its own, used by Monitoring, a construct and add_alarms
    app = new_app()
    ops, here = cdk.Stack(app, "Ops"), cdk.Stack(app, "Events")
    topic = sns.Topic(ops, "Alarms")
    Monitoring(here, alarm_topic=topic)
    worker = QueueWorker(here, "Worker", handler=echo_handler(), alarm_topic=topic)
    Monitoring.of(here).add_alarms([worker.alarms[0]], topic=topic)
    # THEN the app stack depends on the topic's and both synthesize
    app.synth()
    assert [d.node.path for d in here.dependencies] == ["Ops"]
