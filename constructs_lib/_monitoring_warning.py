"""The synth warning of a stack whose alarms notify nobody: constructs that found no
destination (and so created none), and the user's alarms given to ``add_alarms``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import jsii
from aws_cdk import Annotations, IAspect, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import IConstruct

if TYPE_CHECKING:
    from constructs_lib.monitoring import Monitoring

__all__ = ["WarnWithoutDestination"]

_NO_DESTINATION_WARNING = "constructs_lib:alarmsWithoutDestination"


@jsii.implements(IAspect)
class WarnWithoutDestination:
    """At synth: a stack's warnings about alarms that notify nobody."""

    def __init__(self, monitoring: Monitoring, context_key: str) -> None:
        self._monitoring = monitoring
        self._context_key = context_key

    def visit(self, node: IConstruct) -> None:
        monitoring = self._monitoring
        if node is not monitoring:
            return
        silent = [a.node.path for a in monitoring._own if not _has_actions(monitoring, a)]
        if silent:
            Annotations.of(Stack.of(monitoring)).add_warning_v2(
                _NO_DESTINATION_WARNING + "Own",
                f"add_alarms got alarms that notify nobody ({', '.join(silent)}): the stack "
                "has no alarm topic. Pass topic= to add_alarms or call Monitoring(stack, "
                f"alarm_topic=topic), or set the app context '{self._context_key}'.",
            )
        if not monitoring._pending:
            return
        Annotations.of(Stack.of(monitoring)).add_warning_v2(
            _NO_DESTINATION_WARNING,
            f"{len(monitoring._pending)} construct(s) created no alarms: they have no "
            "destination. Pass alarm_topic= to the construct, call Monitoring(stack, "
            f"alarm_topic=topic), set the app context '{self._context_key}' to a topic ARN "
            "or name, or pass alarms=True to create them without one.",
        )


def _has_actions(monitoring: Monitoring, alarm: cloudwatch.Alarm) -> bool:
    """The alarm notifies a topic of the stack's, or has alarm actions of the user's."""
    if monitoring._notified.get(alarm.node.path):
        return True
    actions_ = getattr(alarm.node.default_child, "alarm_actions", None)
    return bool(Stack.of(alarm).resolve(actions_)) if actions_ is not None else False
