"""The synth warnings of a stack whose alarms notify nobody: constructs that found no
destination (and so created none), the user's alarms given to ``add_alarms``, and alarms
whose topic (one the app creates) has no subscription in the app; and of a dashboard
with nothing on it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import jsii
from aws_cdk import Annotations, IAspect, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import IConstruct

if TYPE_CHECKING:
    from constructs_lib.monitoring import Monitoring

__all__ = ["EMPTY_DASHBOARD_WARNING", "UNSUBSCRIBED_TOPIC_WARNING", "WarnWithoutDestination"]

_NO_DESTINATION_WARNING = "constructs_lib:alarmsWithoutDestination"
#: The warning of ``add_alarms`` alarms that notify nobody.
_OWN_NO_DESTINATION_WARNING = "constructs_lib:alarmsWithoutDestinationOwn"
#: The warning of alarms notifying a topic of the app that nobody subscribes to.
UNSUBSCRIBED_TOPIC_WARNING = "constructs_lib:alarmTopicWithoutSubscription"
#: The warning of a stack's dashboard without a widget.
EMPTY_DASHBOARD_WARNING = "constructs_lib:emptyDashboard"
#: How many constructs a warning names before "and N more".
_NAMED = 3


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
                _OWN_NO_DESTINATION_WARNING,
                f"add_alarms got alarms that notify nobody ({_first_few(silent)}): the stack "
                "has no alarm topic, so they would page nobody. Fix: pass topic= to add_alarms or "
                f"call Monitoring(stack, alarm_topic=topic), or set the app context "
                f"'{self._context_key}' to a topic ARN or name; if nobody needs to hear of "
                f"them, acknowledge '{_OWN_NO_DESTINATION_WARNING}'.",
            )
        _warn_unsubscribed(monitoring)
        _warn_empty_dashboard(monitoring)
        if not monitoring._pending:
            return
        waiting = [title for title, *_ in monitoring._pending]
        Annotations.of(Stack.of(monitoring)).add_warning_v2(
            _NO_DESTINATION_WARNING,
            f"{len(waiting)} construct(s) created no alarms ({_first_few(waiting)}): they "
            "have no destination, so a failure would page nobody. Fix: pass alarm_topic= to the "
            "construct, call Monitoring(stack, alarm_topic=topic), set the app context "
            f"'{self._context_key}' to a topic ARN or name, or pass alarms=True to create "
            "them without one; to go without alarms, pass alarms=False to the constructs "
            f"(or acknowledge '{_NO_DESTINATION_WARNING}').",
        )


def _first_few(names: list[str]) -> str:
    """The first names of a list, and how many more: a warning stays short for many."""
    shown = names if len(names) <= _NAMED + 1 else names[:_NAMED]
    more = f" and {len(names) - len(shown)} more" if len(shown) < len(names) else ""
    return ", ".join(shown) + more


def _has_actions(monitoring: Monitoring, alarm: cloudwatch.Alarm) -> bool:
    """The alarm notifies a topic of the stack's, or has alarm actions of the user's."""
    if monitoring._topics.notified.get(alarm):
        return True
    actions_ = getattr(alarm.node.default_child, "alarm_actions", None)
    return bool(Stack.of(alarm).resolve(actions_)) if actions_ is not None else False


def _warn_unsubscribed(monitoring: Monitoring) -> None:
    """Alarms notify a topic the app creates without any subscription: nobody is paged
    (imported topics are someone else's, subscribed where they live)."""
    notified = set().union(*monitoring._topics.notified.values())
    if not notified:
        return
    from aws_cdk import aws_sns as sns  # loaded: alarms notify a topic

    topics, subscribed = [], set()
    for node in monitoring.node.root.node.find_all():
        if isinstance(node, sns.Topic) and node.topic_arn in notified:
            topics.append(node)
        elif isinstance(node, sns.CfnSubscription):
            subscribed.add(node.topic_arn)
    unsubscribed = [
        t.node.path
        for t in topics
        if t.topic_arn not in subscribed
        and not getattr(t.node.default_child, "subscription", None)  # CfnTopic's own
    ]
    if unsubscribed:
        Annotations.of(Stack.of(monitoring)).add_warning_v2(
            UNSUBSCRIBED_TOPIC_WARNING,
            f"alarms notify a topic with no subscription in the app "
            f"({', '.join(sorted(unsubscribed))}): an alarm would page nobody. Fix: add "
            "a subscription for the on-call rotation, e.g. "
            "topic.add_subscription(aws_sns_subscriptions.EmailSubscription('oncall@...', "
            "dead_letter_queue=queue)) or an HTTPS endpoint of your paging service; cdk-nag "
            "(enable_checks) wants that dead-letter queue on the subscription, TLS-only "
            "(queue = sqs.Queue(self, 'Undelivered', enforce_ssl=True): AwsSolutions-SQS4 "
            "otherwise), and then reports the queue itself, so acknowledge AwsSolutions-SQS3 and "
            "Serverless-SQSRedrivePolicy on it (the README's Monitoring section shows both); "
            "if the topic is subscribed outside the app, acknowledge "
            f"'{UNSUBSCRIBED_TOPIC_WARNING}'.",
        )


def _warn_empty_dashboard(monitoring: Monitoring) -> None:
    """A dashboard with no widget (a stack without the library's constructs, given one by
    ``dashboard=True`` or the app-wide context key) shows nothing and is billed like any."""
    dashboard = monitoring.dashboard
    if dashboard is None:
        return
    resource = dashboard.node.default_child
    if not isinstance(resource, cloudwatch.CfnDashboard):
        return
    body = Stack.of(dashboard).resolve(resource.dashboard_body)
    if not isinstance(body, str) or json.loads(body).get("widgets"):
        return  # widgets (a resolved body with tokens is a dict: it has some)
    Annotations.of(Stack.of(monitoring)).add_warning_v2(
        EMPTY_DASHBOARD_WARNING,
        f"the dashboard {dashboard.node.path} has no widgets: the stack has no construct "
        "of the library and no add_section rows, so it shows nothing (and costs $3/month "
        "beyond an account's first three dashboards). Fix: drop dashboard=True for this "
        "stack (with the app context 'constructs_lib:dashboard', pass it to the stacks "
        "that want one instead), or add_section your own widgets; if an empty dashboard "
        f"is meant, acknowledge '{EMPTY_DASHBOARD_WARNING}'.",
    )
