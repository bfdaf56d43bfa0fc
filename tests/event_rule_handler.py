"""A sketch, not part of the library: what a new trigger construct costs on the shared
core (props dataclass, ``FunctionCore``, its own wiring, ``props.monitor``). Defaults,
cdk-nag acknowledgements, alarms and widgets all come from the library."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults, _nag
from constructs_lib._core import FunctionCore, Invocation
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._core.props import FunctionBackedProps, props_from, validated
from constructs_lib._monitoring.queue import dead_letter_queue_alarm, dead_letter_queue_widget
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler
from constructs_lib.network import Network

__all__ = ["EventRuleHandler", "EventRuleHandlerProps"]

# EventBridge's retries of a delivery Lambda does not accept: the values ScheduledJob
# gives Scheduler (a library construct would name its own in _defaults.values).
RETRY_ATTEMPTS = _defaults.SCHEDULE_RETRY_ATTEMPTS
MAX_EVENT_AGE_SECONDS = _defaults.SCHEDULE_MAX_EVENT_AGE_SECONDS


@dataclass(frozen=True, kw_only=True)
class EventRuleHandlerProps(FunctionBackedProps):
    """EventRuleHandler's props, validated together."""

    handler: Handler
    event_pattern: events.EventPattern
    event_bus: events.IEventBus | None = None

    def validate(self, v: Validator) -> None:
        check_handler(v, self.handler, "handler", network=self.network)
        v.check(
            isinstance(self.event_pattern, events.EventPattern)
            and self.event_pattern != events.EventPattern(),
            "event_pattern",
            "is empty; a rule must match on at least one field",
            "pass e.g. events.EventPattern(source=['aws.s3'], detail_type=['Object Created'])",
        )


class EventRuleHandler(Construct):
    """An EventBridge rule invoking a function's ``live`` alias, with a dead-letter queue.

    EventBridge retries a delivery Lambda does not accept, then sends the event to the
    dead-letter queue; Lambda retries a failed run, then sends its invocation record to
    the same queue (on-failure destination). Alarms: function errors and throttles, any
    dead-lettered event.

    :param handler: the function that handles the events.
    :param event_pattern: the events to handle (at least one field).
    :param event_bus: the bus the rule listens on. Default: the account's default bus.
    ``network``, ``alarms`` and ``alarm_topic``: as for every ``FunctionBackedProps``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        handler: Handler,
        event_pattern: events.EventPattern,
        event_bus: events.IEventBus | None = None,
        network: Network | None = None,
        alarms: bool | None = None,
        alarm_topic: sns.ITopic | None = None,
    ) -> None:
        props = props_from(EventRuleHandlerProps, locals())
        super().__init__(scope, id)
        validated(self, props)
        #: Where events that were not handled end up (EventBridge and Lambda send here).
        self.dead_letter_queue: sqs.Queue = _defaults.dead_letter_queue(self)
        _nag.acknowledge(self.dead_letter_queue, _nag.RULE_TARGET_DEAD_LETTER_QUEUE)
        core = FunctionCore(
            self, "Handler", handler=handler, invocation=Invocation.ASYNCHRONOUS, network=network
        )
        #: The function (unqualified); the rule invokes :attr:`alias`.
        self.function: lambda_.Function = core.function
        #: The ``live`` alias the rule invokes.
        self.alias: lambda_.Alias = core.alias
        self.alias.configure_async_invoke(
            on_failure=destinations.SqsDestination(self.dead_letter_queue)
        )
        #: The EventBridge rule.
        self.rule = events.Rule(
            self,
            "Rule",
            event_bus=props.event_bus,
            event_pattern=props.event_pattern,
            targets=[
                targets.LambdaFunction(
                    self.alias,
                    dead_letter_queue=self.dead_letter_queue,
                    retry_attempts=RETRY_ATTEMPTS,
                    max_event_age=Duration.seconds(MAX_EVENT_AGE_SECONDS),
                )
            ],
        )
        dead_letters = self.dead_letter_queue
        #: The construct's alarms (empty with ``alarms=False``).
        self.alarms: list[cloudwatch.Alarm] = props.monitor(
            self,
            widgets=[
                dead_letter_queue_widget(dead_letters, "Dead-letter queue depth (not handled)"),
                *core.widgets("Handler"),
            ],
            alarms=lambda: [
                *core.alarms(),
                dead_letter_queue_alarm(self, dead_letters, "an event was not handled"),
            ],
        )
