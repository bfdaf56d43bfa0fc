"""How Monitoring makes alarms notify a topic: one SNS action per topic (CloudWatch allowed
to use its key), added to an alarm's alarm and OK actions once, and which alarm notifies
which topics (the warnings of alarms that page nobody read it). The first action of a
topic is where the alarms' stack starts referring to it: a topic of a stack depending on
this one already is refused there, naming who gave it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from constructs_lib._alarm_topic_key import allow_cloudwatch
from constructs_lib._facts import attribute_of
from constructs_lib._trigger_cycles import check_topic_reference

if TYPE_CHECKING:
    from aws_cdk import aws_cloudwatch as cloudwatch
    from aws_cdk import aws_cloudwatch_actions as actions
    from aws_cdk import aws_sns as sns
    from constructs import Construct

__all__ = ["TopicActions"]


class TopicActions:
    """The topics' SNS actions and the topics (ARNs) each alarm notifies."""

    def __init__(self) -> None:
        # The topics each alarm notifies already, by the alarm object (its path would be a
        # round trip to Node per alarm).
        self.notified: dict[cloudwatch.Alarm, set[str]] = {}
        self._actions: dict[sns.ITopic, tuple[str, actions.SnsAction]] = {}  # see notify

    def notifies(self, alarm: cloudwatch.Alarm, topic: sns.ITopic) -> bool:
        """Whether ``alarm`` notifies ``topic`` already (an import of its ARN counts)."""
        known = self._actions.get(topic)
        arn = known[0] if known is not None else attribute_of(topic, "topic_arn")
        return arn in self.notified.get(alarm, ())

    def notify(
        self, alarm: cloudwatch.Alarm, topic: sns.ITopic, given: tuple[Construct, str]
    ) -> None:
        """Adds ``topic`` to ``alarm``'s alarm and OK actions, once; ``given``: the
        construct and prop it came from (as a dependency cycle's ConstructError names it)."""
        # One action per topic, its key's policy amended once: an SnsAction binds to any
        # alarm alike, and each jsii object or property read is a round trip to Node.
        if topic not in self._actions:
            from aws_cdk import aws_cloudwatch_actions as actions  # with an alarm topic only

            check_topic_reference(*given, topic)
            allow_cloudwatch(topic)
            self._actions[topic] = (attribute_of(topic, "topic_arn"), actions.SnsAction(topic))
        arn, action = self._actions[topic]
        notified = self.notified.setdefault(alarm, set())
        if arn in notified:
            return
        notified.add(arn)
        alarm.add_alarm_action(action)
        alarm.add_ok_action(action)
