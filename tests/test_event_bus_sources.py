"""An EventHandler on a custom event bus matching AWS services' events (``aws.s3``), which
the services put on the default bus only: a warning naming the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets

from constructs_lib import EventHandler, Handler
from constructs_lib._event_bus_sources import AWS_SOURCE_ON_CUSTOM_BUS_WARNING
from tests.support import new_stack, warnings_of

HANDLER = Handler(code=Path(__file__).parent / "fixtures" / "handlers" / "echo")


def _handler(bus: Any, source: list[Any], *, acknowledged: bool = False) -> cdk.Stack:
    stack = new_stack()
    handler = EventHandler(
        stack,
        "OnUpload",
        handler=HANDLER,
        event_bus=bus(stack) if bus else None,
        event_pattern={"source": source},
    )
    if acknowledged:
        cdk.Annotations.of(handler).acknowledge_warning(
            AWS_SOURCE_ON_CUSTOM_BUS_WARNING, "a rule on the default bus forwards them"
        )
    return stack


def _custom(stack: cdk.Stack) -> events.IEventBus:
    return events.EventBus(stack, "Bus")


def _imported(name: str) -> Any:
    return lambda stack: events.EventBus.from_event_bus_name(stack, "Imported", name)


@pytest.mark.parametrize(
    ("bus", "source", "shown"),
    [
        (_custom, ["aws.s3"], "'aws.s3'"),
        (_custom, ["orders", "aws.ec2"], "'aws.ec2'"),
        (_custom, [{"prefix": "aws.s"}], "{'prefix': 'aws.s'}"),
        (_imported("team-bus"), ["aws.s3"], "'aws.s3'"),
    ],
)
def test_an_aws_source_on_a_custom_bus_warns(bus: Any, source: list[Any], shown: str) -> None:
    # Proves (fix37): the rule synthesized silently and never fired (S3 puts its events on
    # the default bus only)
    # GIVEN a handler on a custom bus matching an AWS service's events
    stack = _handler(bus, source)
    # THEN one warning names the source, the bus and the fix
    (warning,) = warnings_of(stack, AWS_SOURCE_ON_CUSTOM_BUS_WARNING)
    assert f"`event_pattern.source` matches {shown}: AWS services put their events" in warning
    assert "Fix: leave event_bus out" in warning and "targets.EventBus(bus)" in warning


@pytest.mark.parametrize(
    ("bus", "source"),
    [
        (None, ["aws.s3"]),  # the default bus
        (_imported("default"), ["aws.s3"]),
        (_custom, ["orders", "aws-like.s3"]),
        (_custom, ["aws.partner/example.com/123/orders"]),  # a partner bus's own source
        (_custom, [{"prefix": "aws."}]),  # partners' sources too
        (_imported(cdk.Token.as_string({"Ref": "BusName"})), ["aws.s3"]),  # unknown at synth
    ],
)
def test_other_buses_and_sources_do_not_warn(bus: Any, source: list[Any]) -> None:
    assert warnings_of(_handler(bus, source), AWS_SOURCE_ON_CUSTOM_BUS_WARNING) == []


def test_the_warning_can_be_acknowledged() -> None:
    # GIVEN the user forwards the events to the bus, and says so
    stack = _handler(_custom, ["aws.s3"], acknowledged=True)
    # THEN no warning is left
    assert warnings_of(stack, AWS_SOURCE_ON_CUSTOM_BUS_WARNING) == []


def _forwarding(target: str, *, on_default: bool = True) -> cdk.Stack:
    """A handler on a custom bus matching aws.s3, and then a rule whose target is
    ``target`` ("bus": the handler's, "other": another bus), on the default bus or not."""
    stack = new_stack()
    bus = events.EventBus(stack, "Bus")
    EventHandler(
        stack, "OnUpload", handler=HANDLER, event_bus=bus, event_pattern={"source": ["aws.s3"]}
    )
    events.Rule(
        stack,
        "Forward",
        event_bus=None if on_default else bus,
        event_pattern=events.EventPattern(source=["aws.s3"]),
        targets=[targets.EventBus(bus if target == "bus" else events.EventBus(stack, "Other"))],
    )
    return stack


def test_events_forwarded_by_a_rule_of_the_stack_do_not_warn() -> None:
    # Proves (sweep37): following the warning's own fix (a rule on the default bus
    # targeting this bus, created after the handler) still warned
    assert warnings_of(_forwarding("bus"), AWS_SOURCE_ON_CUSTOM_BUS_WARNING) == []


@pytest.mark.parametrize(
    ("target", "on_default"), [("other", True), ("bus", False)], ids=["other-bus", "not-default"]
)
def test_a_rule_forwarding_elsewhere_or_from_elsewhere_still_warns(
    target: str, on_default: bool
) -> None:
    (warning,) = warnings_of(
        _forwarding(target, on_default=on_default), AWS_SOURCE_ON_CUSTOM_BUS_WARNING
    )
    assert "AWS services put their events on the account's default event bus only" in warning
