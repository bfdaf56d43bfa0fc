"""EventBridge's quota on the size of a rule's event pattern, checked at synth.

Amazon EventBridge quotas, "Event pattern size: 2048, maximum size of an event pattern in
characters", adjustable: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
A larger pattern passes synth and cdk-nag and fails its stack's deploy half-way.
"""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_events as events

from constructs_lib._quotas import Quota, warn_of_quota

__all__ = ["EVENT_PATTERN_QUOTA", "EVENT_PATTERN_WARNING", "pattern_characters", "warn_of_size"]

#: EventBridge's default quota on an event pattern, in characters (adjustable).
EVENT_PATTERN_QUOTA = 2048
EVENT_PATTERN_WARNING = "constructs_lib:eventPatternSizeQuota"
_QUOTA = Quota(service="Amazon EventBridge", name="Event pattern size", default=EVENT_PATTERN_QUOTA)
# A deploy-time value in a pattern (a bucket's name, at most 63 characters), counted at
# its longest; a pattern's own JSON is counted without whitespace, as its smallest.
_TOKEN_LENGTH = 63


def pattern_characters(rendered: Any) -> int:
    """The characters of a rendered pattern (CloudFormation's JSON: an intrinsic such as
    ``{"Ref": ...}`` is a deploy-time value)."""
    return len(json.dumps(_sized(rendered), separators=(",", ":")))


def _sized(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)).startswith(("Ref", "Fn::")):
            return "x" * _TOKEN_LENGTH
        return {key: _sized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_sized(item) for item in value]
    return value


def warn_of_size(rule: events.Rule, prop: str) -> None:
    """Warns on ``rule``'s parent when its pattern passes EventBridge's default quota (an
    account may have raised it, so not an error)."""
    cfn = rule.node.default_child
    assert isinstance(cfn, events.CfnRule)
    size = pattern_characters(Stack.of(rule).resolve(cfn.event_pattern))
    if size <= EVENT_PATTERN_QUOTA:
        return
    warn_of_quota(
        rule.node.scope or rule,
        EVENT_PATTERN_WARNING,
        f"`{prop}` is {size} characters as EventBridge reads it (without whitespace)",
        _QUOTA,
        fix="list fewer values (a prefix match such as {'prefix': 'orders.'} for many "
        "names), or split the pattern over two EventHandlers",
    )
