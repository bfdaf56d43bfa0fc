"""A StreamWorker publishing its table's changes to an event bus where an EventHandler
writes into that table again warns, ``constructs_lib:streamWriteLoop``: each item the
handler writes is a record the worker publishes again (flow46: the summary an
EventHandler wrote back synthesized silently, a loop nothing stops). Checked at synth,
whichever is built first; another table, a read, another bus and a worker with filters do
not warn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_lambda as lambda_

from constructs_lib import EventHandler, Link, StreamWorker
from tests.stream_support import ENV, stream_table
from tests.support import echo_handler, warnings_of

LOOP = "constructs_lib:streamWriteLoop"
ROW_STORED = {"source": ["pipeline.ingest"]}


def _pipeline(
    *,
    handler_links: Callable[[dynamodb.Table, cdk.Stack], list[Any]],
    handler_first: bool = False,
    handler_bus: Callable[[events.EventBus, cdk.Stack], events.IEventBus] = lambda bus, s: bus,
    **worker_props: Any,
) -> cdk.Stack:
    stack = cdk.Stack(cdk.App(), "Test", env=ENV)
    table, bus = stream_table(stack, "Rows"), events.EventBus(stack, "Bus")

    def handler() -> None:
        EventHandler(
            stack,
            "Summary",
            event_bus=handler_bus(bus, stack),
            event_pattern=ROW_STORED,
            handler=echo_handler(links=handler_links(table, stack)),
        )

    if handler_first:
        handler()
    StreamWorker(stack, "Publisher", table=table, handler=echo_handler(links=[bus]), **worker_props)
    if not handler_first:
        handler()
    return stack


@pytest.mark.parametrize("handler_first", [False, True], ids=["handler after", "handler first"])
def test_a_handler_on_the_bus_writing_the_table_warns(handler_first: bool) -> None:
    stack = _pipeline(handler_links=lambda t, s: [Link.write(t)], handler_first=handler_first)
    (warning,) = warnings_of(stack, LOOP)
    assert warning.startswith(
        "the function publishes to the event bus Test/Bus, where the EventHandler Test/Summary "
        "writes into Test/Rows (write), the table whose stream this worker reads"
    )
    assert "covers neither DynamoDB streams nor EventBridge" in warning
    assert f"acknowledge '{LOOP}'" in warning


def test_a_write_linked_after_construction_warns_too() -> None:
    stack = cdk.Stack(cdk.App(), "Test", env=ENV)
    table, bus = stream_table(stack, "Rows"), events.EventBus(stack, "Bus")
    StreamWorker(stack, "Publisher", table=table, handler=echo_handler(links=[bus]))
    summary = EventHandler(
        stack, "Summary", event_bus=bus, event_pattern=ROW_STORED, handler=echo_handler()
    )
    summary.link(table)  # read_write
    (warning,) = warnings_of(stack, LOOP)
    assert "writes into Test/Rows (read_write)" in warning


@pytest.mark.parametrize(
    ("handler_links", "handler_bus", "worker_props"),
    [
        pytest.param(lambda t, s: [Link.read(t)], lambda b, s: b, {}, id="a read"),
        pytest.param(
            lambda t, s: [Link.write(stream_table(s, "Other"))],
            lambda b, s: b,
            {},
            id="another table",
        ),
        pytest.param(
            lambda t, s: [Link.write(t)],
            lambda b, s: events.EventBus(s, "Other"),
            {},
            id="another bus",
        ),
        pytest.param(
            lambda t, s: [Link.write(t)],
            lambda b, s: b,
            {
                "filters": [
                    lambda_.FilterCriteria.filter(
                        {"eventName": lambda_.FilterRule.is_equal("INSERT")}
                    )
                ]
            },
            id="a worker with filters",
        ),
    ],
)
def test_what_makes_no_loop_does_not_warn(
    handler_links: Callable[[dynamodb.Table, cdk.Stack], list[Any]],
    handler_bus: Callable[[events.EventBus, cdk.Stack], events.IEventBus],
    worker_props: dict[str, Any],
) -> None:
    stack = _pipeline(handler_links=handler_links, handler_bus=handler_bus, **worker_props)
    assert warnings_of(stack, LOOP) == []


def test_the_warning_is_acknowledged_by_its_id() -> None:
    stack = cdk.Stack(cdk.App(), "Test", env=ENV)
    table, bus = stream_table(stack, "Rows"), events.EventBus(stack, "Bus")
    StreamWorker(stack, "Publisher", table=table, handler=echo_handler(links=[bus]))
    EventHandler(
        stack,
        "Summary",
        event_bus=bus,
        event_pattern=ROW_STORED,
        handler=echo_handler(links=[Link.write(table)]),
    )
    cdk.Annotations.of(stack).acknowledge_warning(LOOP, "the summary handler skips its own rows")
    assert warnings_of(stack, LOOP) == []
