"""S3 events through EventBridge (an EventHandler whose pattern matches ``aws.s3``): S3
sends a bucket's events to the default bus only when the bucket has EventBridge
notifications turned on (``s3.Bucket(..., event_bridge_enabled=True)`` or
``bucket.enable_event_bridge_notification()``); otherwise the rule is deployed and never
matches. aws-cdk-lib turns them on through its stack-wide ``BucketNotificationsHandler``,
whose cdk-nag finding (and redundant DependsOn) the library handles as for ``BucketEvents``.

A bucket the pattern names must send its events when the EventHandler is created (a
ConstructError then, as for every bad input, rather than a failure at synth). The handler
may still come later (the bucket of an "every bucket" pattern created after the
EventHandler): it is acknowledged at synth then.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import jsii
from aws_cdk import AspectPriority, Aspects, CfnResource, IAspect, Stack
from aws_cdk import aws_s3 as s3
from constructs import Construct, IConstruct

from constructs_lib._bucket_notifications import imports_of
from constructs_lib._cdk_internals import acknowledge_notifications_handler
from constructs_lib._identity_map import IdentityMap
from constructs_lib._injected_helpers import check_notifications_handler_name
from constructs_lib._injector_errors import may_inject
from constructs_lib._jsii import is_unresolved, same_jsii_object
from constructs_lib._validation import Validator

__all__ = ["check_s3_event_buckets", "watch_s3_event_buckets"]

_S3_SOURCE = "aws.s3"


def check_s3_event_buckets(v: Validator, fields: Mapping[str, Any], prop: str) -> None:
    """Each app bucket an S3 pattern names (``detail.bucket.name`` or ``resources``) sends
    its events to EventBridge; else the rule would never match."""
    for where, bucket in _named_buckets(v.scope, fields, prop):
        v.check(
            _sends_to_event_bridge(bucket),
            where,
            f"names the bucket {bucket.node.path}, which does not send its events to "
            "EventBridge, so the rule would never match",
            "create it with s3.Bucket(..., event_bridge_enabled=True) (or call "
            "bucket.enable_event_bridge_notification() before the EventHandler), or "
            "deliver its events to a QueueWorker with sources=[BucketEvents(bucket)]",
        )


def watch_s3_event_buckets(scope: Construct, fields: Mapping[str, Any]) -> None:
    """For an S3 pattern: the notifications handler of each named bucket's stack and of
    ``scope``'s acknowledged now; for a pattern that may match buckets created later (of
    every bucket, or naming others than the app's buckets so far), at synth if it comes
    later."""
    if not _is_s3_pattern(fields):
        return
    stacks = {Stack.of(scope).node.path: Stack.of(scope)}
    named = list(_named_buckets(scope, fields, ""))
    for _, bucket in named:
        stacks.setdefault(Stack.of(bucket).node.path, Stack.of(bucket))
    # A pattern of app buckets only matches none created later: their handlers exist (they
    # send to EventBridge, see check_s3_event_buckets), so no Aspect visits every construct
    # of a stack at synth for one that never comes.
    later = not named or len(named) < len(_bucket_values(fields, ""))
    for stack in stacks.values():
        handled = acknowledge_notifications_handler(stack)
        if handled and may_inject(scope):  # a name an injector gave the handler's role
            check_notifications_handler_name(stack)
        if handled or not later:
            continue
        if stack not in _LATE_HANDLERS:
            handler = _LateHandler(stack)
            _LATE_HANDLERS.set(stack, handler)
            Aspects.of(stack).add(handler, priority=AspectPriority.MUTATING)


@jsii.implements(IAspect)
class _LateHandler:
    """Acknowledges a stack's notifications handler created after the EventHandler, when
    synth visits the stack: before anything below it (cdk-nag 2's Aspects included)."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack

    def visit(self, node: IConstruct) -> None:
        # Called for every construct of the stack: no kernel call unless it is the stack.
        if same_jsii_object(node, self._stack):
            acknowledge_notifications_handler(self._stack)


#: The stacks whose notifications handler is acknowledged at synth (one Aspect each), by
#: identity (IdentityMap says why).
_LATE_HANDLERS: IdentityMap[_LateHandler] = IdentityMap()


def _is_s3_pattern(fields: Mapping[str, Any]) -> bool:
    source = fields.get("source")
    return isinstance(source, list | tuple) and _S3_SOURCE in source


def _named_buckets(
    scope: Construct, fields: Mapping[str, Any], prop: str
) -> Iterator[tuple[str, s3.Bucket]]:
    """(where in the pattern, bucket) for each value that is an app bucket's name or ARN."""
    if not _is_s3_pattern(fields):
        return
    tokens = [
        (where, value) for where, value in _bucket_values(fields, prop) if is_unresolved(value)
    ]
    if not tokens:
        return
    buckets = [c for c in scope.node.root.node.find_all() if isinstance(c, s3.Bucket)]
    for where, value in tokens:
        for candidate in buckets:
            if value in (candidate.bucket_name, candidate.bucket_arn):
                yield where, candidate
                break


def _bucket_values(fields: Mapping[str, Any], prop: str) -> list[tuple[str, Any]]:
    """(where in the pattern, value) of each bucket name or ARN the pattern matches; none
    when it matches every bucket's events."""
    named: list[tuple[str, Any]] = []
    detail = fields.get("detail")
    bucket = detail.get("bucket") if isinstance(detail, Mapping) else None
    names = bucket.get("name") if isinstance(bucket, Mapping) else None
    if isinstance(names, list | tuple):
        named += [(f"{prop}.detail['bucket']['name'][{i}]", n) for i, n in enumerate(names)]
    resources = fields.get("resources")
    if isinstance(resources, list | tuple):
        named += [(f"{prop}.resources[{i}]", r) for i, r in enumerate(resources)]
    return named


def _sends_to_event_bridge(bucket: s3.Bucket) -> bool:
    """The bucket's own notifications turn EventBridge on, or an import's of it (one
    bucket: what keeps the bucket's own resource from deleting the imports' notifications,
    see ``_bucket_notifications``)."""
    return _event_bridge_on(bucket) or any(map(_event_bridge_on, imports_of(bucket)))


def _event_bridge_on(bucket: s3.IBucket) -> bool:
    notifications = bucket.node.try_find_child("Notifications")
    resource = notifications.node.try_find_child("Resource") if notifications else None
    if not isinstance(resource, CfnResource):
        return False
    properties = Stack.of(resource).resolve(jsii.get(resource, "cfnProperties"))
    configuration = properties.get("NotificationConfiguration") or {}
    return "EventBridgeConfiguration" in json.dumps(configuration)
