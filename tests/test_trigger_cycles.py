"""A StreamWorker's table or an EventHandler's bus in a stack that depends on the
construct's stack already is a ConstructError naming the prop and the way back (flow46: a
storage stack's nightly job publishing to the events stack's bus, whose StreamWorker read
the storage stack's table, failed the synth with aws-cdk-lib's DependencyCycle trace,
naming no prop). The reference is noted, so a link made later that closes the ring is one
too; references one way across stacks still synthesize."""

from __future__ import annotations

import re
from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_sns as sns

from constructs_lib import ConstructError, EventHandler, QueueWorker, StreamWorker
from tests.support import echo_handler, new_app

PATTERN = {"source": ["pipeline.ingest"]}


def _stacks() -> tuple[cdk.Stack, cdk.Stack]:
    app = new_app()
    return cdk.Stack(app, "Storage"), cdk.Stack(app, "Events")


def _table(stack: cdk.Stack) -> dynamodb.TableV2:
    return dynamodb.TableV2(
        stack,
        "Rows",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        dynamo_stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    )


def test_a_stream_worker_closing_a_cycle_is_named() -> None:
    # GIVEN the storage stack's worker publishing to the events stack's bus
    storage, events_stack = _stacks()
    table, bus = _table(storage), events.EventBus(events_stack, "Bus")
    QueueWorker(storage, "Nightly", handler=echo_handler(links=[bus]))
    # THEN a worker in the events stack reading the storage table's stream is refused
    with pytest.raises(ConstructError) as raised:
        StreamWorker(events_stack, "Publisher", table=table, handler=echo_handler())
    assert (
        "Events/Publisher: `table` is the table Storage/Rows, of stack Storage, which already "
        "depends on stack Events (Storage/Nightly/Handler/Function links event bus Events/Bus "
        "(publish)): a StreamWorker reading its stream from here makes a dependency cycle"
    ) in str(raised.value)
    assert "Fix: keep references between the two stacks one way" in str(raised.value)


@pytest.mark.parametrize("trigger", ["stream worker", "event handler"])
def test_a_link_made_later_closing_the_cycle_is_named(trigger: str) -> None:
    storage, events_stack = _stacks()
    if trigger == "stream worker":
        StreamWorker(events_stack, "Trigger", table=_table(storage), handler=echo_handler())
        how = "reads the stream of Storage/Rows"
    else:
        bus = events.EventBus(storage, "Bus")
        EventHandler(
            events_stack, "Trigger", event_bus=bus, event_pattern=PATTERN, handler=echo_handler()
        )
        how = "listens on Storage/Bus"
    target = QueueWorker(events_stack, "Target", handler=echo_handler())
    with pytest.raises(ConstructError, match=re.escape(f"(Events/Trigger {how})")):
        QueueWorker(storage, "Nightly", handler=echo_handler(links=[target]))


def test_references_one_way_synthesize() -> None:
    # GIVEN the table and the bus in the storage stack, everything reading them elsewhere
    storage, events_stack = _stacks()
    table, bus = _table(storage), events.EventBus(storage, "Bus")
    StreamWorker(events_stack, "Publisher", table=table, handler=echo_handler(links=[bus]))
    EventHandler(
        events_stack, "Summary", event_bus=bus, event_pattern=PATTERN, handler=echo_handler()
    )
    QueueWorker(events_stack, "Nightly", handler=echo_handler(links=[bus, table]))
    # THEN both stacks synthesize, the events stack after the storage stack
    app = storage.node.root
    assert isinstance(app, cdk.App)
    assembly = app.synth()
    assert {stack.stack_name for stack in assembly.stacks} == {"Storage", "Events"}
    assert [d.node.path for d in events_stack.dependencies] == ["Storage"]


def _event_handler(storage: cdk.Stack, here: cdk.Stack) -> None:
    bus = events.EventBus(storage, "Bus")
    EventHandler(here, "Trigger", event_bus=bus, event_pattern=PATTERN, handler=echo_handler())


def _alarm_topic(storage: cdk.Stack, here: cdk.Stack) -> None:
    topic = sns.Topic(storage, "Bus")
    QueueWorker(here, "Trigger", handler=echo_handler(), alarm_topic=topic)


@pytest.mark.parametrize(
    ("build", "problem", "fix"),
    [
        (
            _event_handler,
            "`event_bus` is the event bus Storage/Bus, of stack Storage, which already depends "
            "on stack Events (Storage/Nightly/Handler/Function links queue Events/Target "
            "(send)): an EventHandler listening on it from here makes a dependency cycle",
            "Fix: keep references between the two stacks one way: build the EventHandler in "
            "the stack of the event bus",
        ),
        (
            _alarm_topic,
            "`alarm_topic` is the topic Storage/Bus, of stack Storage, which already depends "
            "on stack Events (Storage/Nightly/Handler/Function links queue Events/Target "
            "(send)): an alarm notifying it from here makes a dependency cycle",
            "Fix: keep references between the two stacks one way: give the alarm topic a "
            "stack of its own",
        ),
    ],
    ids=["event bus", "alarm topic"],
)
def test_a_bus_or_topic_closing_a_cycle_is_named(
    build: Callable[[cdk.Stack, cdk.Stack], None], problem: str, fix: str
) -> None:
    # GIVEN the storage stack's job sending to a worker of the events stack
    storage, events_stack = _stacks()
    target = QueueWorker(events_stack, "Target", handler=echo_handler())
    QueueWorker(storage, "Nightly", handler=echo_handler(links=[target]))
    # THEN a construct of the events stack using the storage stack's bus or topic is refused
    with pytest.raises(ConstructError) as raised:
        build(storage, events_stack)
    assert f"Events/Trigger: {problem}" in str(raised.value)
    assert fix in str(raised.value)


def test_an_alarm_topic_of_a_stack_one_way_synthesizes() -> None:
    app = new_app()
    ops, storage = cdk.Stack(app, "Ops"), cdk.Stack(app, "Storage")
    topic = sns.Topic(ops, "Alarms")
    QueueWorker(storage, "Worker", handler=echo_handler(), alarm_topic=topic)
    app.synth()
    assert [d.node.path for d in storage.dependencies] == ["Ops"]
