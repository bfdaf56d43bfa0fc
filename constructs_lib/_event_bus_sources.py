"""AWS services' events matched on a custom event bus: a service (``aws.s3``, ``aws.ec2``)
puts its events on the account's default bus only, so a rule on another bus matching
them fires only for events forwarded to that bus; and an app's own events never carry an
``aws.`` source (EventBridge refuses an app's PutEvents with one, as aws-cdk-lib's own
EventBridgePutEvents task does at synth), so ``aws.expenses`` is no name for them. A
warning, not an error: the user may forward them (a rule on the default bus whose target
is this bus: one in the bus's stack is seen, at synth, when every rule exists)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsii
from aws_cdk import Annotations, Aspects, IAspect, Stack
from aws_cdk import aws_events as events
from constructs import IConstruct

from constructs_lib._jsii import implements, is_unresolved, shown
from constructs_lib._validation import Validator

__all__ = ["AWS_SOURCE_ON_CUSTOM_BUS_WARNING", "warn_of_service_sources"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
AWS_SOURCE_ON_CUSTOM_BUS_WARNING = "constructs_lib:awsSourceOnCustomBus"
_SERVICE = "aws."
# Partner event sources put their events on their own partner bus, never the default one.
_PARTNER = "aws.partner/"


def warn_of_service_sources(v: Validator, bus: object, fields: Mapping[str, Any]) -> None:
    """Warns when ``fields`` (the pattern's) match an AWS service's source on a custom bus."""
    sources = fields.get("source")
    if not _is_custom(bus) or is_unresolved(sources) or not isinstance(sources, list | tuple):
        return
    matched = [text for item in sources if (text := _service_source(item)) is not None]
    if not matched:
        return
    message = (
        f"`event_pattern.source` matches {', '.join(matched)}: AWS services put their events "
        f"on the account's default event bus only, and `event_bus` is {shown(bus)}, so the "
        "rule fires only for events forwarded to it. Fix: leave event_bus out (the rule then "
        "listens on the default bus), or forward them with a rule on the default bus whose "
        "target is this bus (events.Rule(..., targets=[targets.EventBus(bus)]) in the bus's "
        "stack, which silences this warning). If they are the app's own events, rename "
        "their source: EventBridge keeps the 'aws.' prefix for AWS services and refuses an "
        "app's PutEvents with it, so no code of yours can send them to any bus. If they are "
        "forwarded otherwise (from another stack or account, by a pipe), acknowledge "
        f"'{AWS_SOURCE_ON_CUSTOM_BUS_WARNING}'."
    )
    if isinstance(bus, events.EventBus):  # the app's own: a rule of its stack may forward
        Aspects.of(v.scope).add(_UnlessForwarded(v.scope, bus, message))
    else:
        Annotations.of(v.scope).add_warning_v2(AWS_SOURCE_ON_CUSTOM_BUS_WARNING, message)


@jsii.implements(IAspect)
class _UnlessForwarded:
    """At synth, when every rule exists: the warning, unless a rule on the default bus of
    the bus's stack targets it (the fix the warning names, followed)."""

    def __init__(self, scope: IConstruct, bus: events.EventBus, message: str) -> None:
        self._scope, self._bus, self._message = scope, bus, message

    def visit(self, node: IConstruct) -> None:
        if node is self._scope and not _forwarded_to(self._bus):
            Annotations.of(node).add_warning_v2(AWS_SOURCE_ON_CUSTOM_BUS_WARNING, self._message)


def _forwarded_to(bus: events.EventBus) -> bool:
    stack = Stack.of(bus)
    arn = stack.resolve(bus.event_bus_arn)
    for node in stack.node.find_all():
        if not isinstance(node, events.CfnRule) or node.event_bus_name not in (None, "default"):
            continue
        targets = stack.resolve(node.targets)
        if isinstance(targets, list) and any(
            isinstance(t, Mapping) and arn in (t.get("arn"), t.get("Arn")) for t in targets
        ):
            return True
    return False


def _is_custom(bus: object) -> bool:
    """A bus of the app (never the default one), or one imported by a name other than
    'default'; an imported bus whose name is known at deploy only is not told."""
    if isinstance(bus, events.EventBus):
        return True
    if not implements(bus, events.IEventBus):
        return False
    name = getattr(bus, "event_bus_name", None)
    return isinstance(name, str) and not is_unresolved(name) and name != "default"


def _service_source(item: object) -> str | None:
    """``item`` (a source value, or a ``prefix`` operator) shown, if it matches only AWS
    services' sources."""
    if isinstance(item, Mapping):
        if len(item) != 1 or "prefix" not in item:
            return None
        text, prefix = item["prefix"], True
    else:
        text, prefix = item, False
    if not isinstance(text, str) or is_unresolved(text) or not text.startswith(_SERVICE):
        return None
    if text.startswith(_PARTNER) or (prefix and _PARTNER.startswith(text)):
        return None  # a partner's source (a prefix 'aws.' matches those too)
    return repr({"prefix": text} if prefix else text)
