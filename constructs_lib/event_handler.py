"""EventHandler: an EventBridge rule invoking a Lambda function, with nothing lost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

import constructs_lib
from constructs_lib import _defaults, _nag
from constructs_lib._arguments import checked_arguments
from constructs_lib._bucket_event_bridge import watch_s3_event_buckets
from constructs_lib._core import (
    FunctionCore,
    Invocation,
    props_from,
    validated,
)
from constructs_lib._core.alarm_attributes import EventHandlerAlarms
from constructs_lib._core.asynchronous import send_failures_to
from constructs_lib._core.link_apply import link_after
from constructs_lib._core.parts import FunctionParts
from constructs_lib._customer_keys import allow_service
from constructs_lib._dead_letter_retention import warn_of_shorter_retention
from constructs_lib._event_handler_props import EventHandlerProps
from constructs_lib._event_pattern_fields import pattern_fields
from constructs_lib._event_pattern_size import warn_of_size
from constructs_lib._injected_storage import check_dead_letter_size
from constructs_lib._injector_errors import may_inject
from constructs_lib._loaded import LazyModule
from constructs_lib._monitoring.dead_letters import (
    event_dead_letter_alarms,
    event_dead_letter_widgets,
)
from constructs_lib._switched_off import EVENT_HANDLER_SWITCHED_OFF_WARNING, watch_switched_off
from constructs_lib._trigger_cycles import record_source
from constructs_lib._validation import Validator
from constructs_lib.deployment import Deployment
from constructs_lib.handler import Handler
from constructs_lib.links import Link
from constructs_lib.network import Network

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_sns as sns

else:  # imported on first use (typing.get_type_hints): importing this loads none
    sns = LazyModule("aws_sns")
    kms = LazyModule("aws_kms")

__all__ = ["EventHandler", "EventHandlerProps"]


class EventHandler(EventHandlerAlarms, FunctionParts, Construct):
    """An EventBridge rule (default bus or yours) invoking a function's ``live`` alias.

    Default settings: a rule on ``event_bus`` (default: the account's default bus) whose
    target retries a delivery Lambda does not accept (2 retries within 1 hour), then sends
    the event to a dead-letter queue (SQS-managed encryption, TLS-only policy, 14-day
    retention, retained on stack deletion); Lambda retries a failed run (at most 2 times,
    within at most 6 hours), then records the event and its error in the same queue
    (on-failure destination of the ``live`` alias); the function with the library's
    secure defaults. One queue, one alarm: a message there is an event that was not
    handled (another fires when a send there fails: the event is lost). Handlers should
    be idempotent (EventBridge delivers at least once).

    :param handler: the function that handles the events.
    :param event_pattern: the events to handle: an ``events.EventPattern`` with at least
        one field, e.g. ``EventPattern(source=["orders"], detail_type=["OrderStored"])``,
        or the same as a dict in EventBridge's spelling (``{"detail-type": [...]}``).
    :param event_bus: the bus the rule listens on. Default: the account's default bus.
    :param retry_attempts: retries, 0..185: by EventBridge when Lambda does not accept the
        event, and (at most 2) by Lambda when the run fails. Default: 2.
    :param max_event_age: how long to keep retrying, 1 minute..24 hours (Lambda caps the
        run's retries at 6 hours). Default: 1 hour.
    :param dead_letter_queue_key: encrypt the dead-letter queue with this KMS key of the
        stack's region; the function gets its kms:GenerateDataKey and kms:Decrypt, and a
        key created in the app a statement letting EventBridge (for this account's
        rules) send (an imported key's owner adds it: a synth warning spells it out).
        Default: SQS-managed encryption.
    :param enabled: False creates the rule disabled: no event reaches the function until
        it is enabled (events meanwhile are not kept), e.g. while another app's rule still
        handles them. Default: True.
    :param network: run the function in this Network (VPC). Default: no VPC.
    :param alarms: function errors and throttles, any event in the dead-letter queue or
        lost on its way there. True: always; False: never. Default: when they have a
        destination (see Monitoring).
    :param alarm_topic: SNS topic the alarms notify, also a destination. Default: the
        stack's Monitoring topic only.
    :param deployment: ``Deployment.canary(...)`` etc. (see Deployment). Default: the
        scope's ``FunctionDefaults``, else at once.
    """

    dead_letter_queue: Final[sqs.Queue]
    """Where events that were not handled end up (EventBridge and Lambda send here)."""
    function: Final[lambda_.Function]
    """The function (unqualified); the rule invokes :attr:`alias`."""
    alias: Final[lambda_.Alias]
    """The ``live`` alias the rule invokes."""
    rule: Final[events.Rule]
    """The EventBridge rule (L2)."""
    alarms: Final[Sequence[cloudwatch.Alarm]]
    """The construct's alarms: empty with ``alarms=False``, and while they have no
    destination (by default they are created once one is named: ``alarm_topic``, the
    stack's ``Monitoring`` topic or the app's context, also after the construct)."""

    @checked_arguments
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        handler: Handler,
        event_pattern: events.EventPattern | Mapping[str, Any],
        event_bus: events.IEventBus | None = None,
        retry_attempts: int = _defaults.EVENT_RETRY_ATTEMPTS,
        max_event_age: Duration | None = None,
        dead_letter_queue_key: kms.IKey | None = None,
        enabled: bool = True,
        network: Network | None = None,
        alarms: bool | None = None,
        alarm_topic: sns.ITopic | None = None,
        deployment: Deployment | None = None,
    ) -> None:
        props = props_from(EventHandlerProps, locals())
        super().__init__(scope, id)
        self._props = validated(self, props)
        key = props.dead_letter_queue_key
        self.dead_letter_queue = _defaults.dead_letter_queue(self, encryption_key=key)
        _nag.acknowledge(self.dead_letter_queue, _nag.RULE_TARGET_DEAD_LETTER_QUEUE)
        if may_inject(self):  # a message size below the failed events' (an injector's)
            check_dead_letter_size(self.dead_letter_queue, "the EventHandler")
        warn_of_shorter_retention(
            self, self.dead_letter_queue, "EventHandler", "a failed event (its only copy)"
        )
        core = FunctionCore(
            self,
            "Handler",
            handler=props.handler,
            invocation=Invocation.ASYNCHRONOUS,
            network=props.network,
            deployment=props.deployment,
            service_name=self.node.id,
        )
        self.function = core.function
        self.alias = core.alias
        self._expose_parts(core)  # function_role, security_group, deployment_group
        reserved, prop = props.handler.reserved_concurrency, "handler.reserved_concurrency"
        warning = EVENT_HANDLER_SWITCHED_OFF_WARNING
        watch_switched_off(self, reserved, prop, warning, self.function, "EventHandler")
        send_failures_to(
            self.alias,
            self.dead_letter_queue,
            retry_attempts=props.retry_attempts,
            max_event_age=props.event_age,
        )
        self.rule = self._create_rule()
        record_source(self, props.event_bus, "listens on", "event_bus")
        if key is not None:
            _allow_event_bridge(self, key)
        warn_of_size(self.rule, "event_pattern")
        watch_s3_event_buckets(self, pattern_fields(props.event_pattern))
        self.alarms = props.monitor(
            self,
            widgets=lambda: [
                *event_dead_letter_widgets(
                    self.dead_letter_queue, self.function, self.rule, props.event_bus
                ),
                *core.widgets("Handler"),
            ],
            alarms=lambda: [
                *core.alarms(),
                *event_dead_letter_alarms(
                    self, self.dead_letter_queue, self.function, self.rule, props.event_bus
                ),
            ],
        )

    @checked_arguments
    def link(self, *targets: Link | constructs_lib.Linkable) -> None:
        """Links the function to ``targets`` after construction, as ``Handler(links=...)``
        does (grant + environment variable): for links both ways between two constructs,
        one side links after the other exists."""
        link_after(Validator(self), [self.function], targets)

    def _create_rule(self) -> events.Rule:
        props = self._props
        return events.Rule(
            self,
            "Rule",
            event_bus=props.event_bus,
            event_pattern=props.pattern,
            enabled=props.enabled,
            targets=[
                targets.LambdaFunction(
                    self.alias,
                    dead_letter_queue=self.dead_letter_queue,
                    retry_attempts=props.retry_attempts,
                    max_event_age=props.event_age,
                )
            ],
        )


def _allow_event_bridge(scope: Construct, key: kms.IKey) -> None:
    """EventBridge sends an event it could not deliver to the dead-letter queue with its
    own principal, which the key must trust. The statement names the account's rules, not
    this one: the rule names the queue, the queue the key, and a key policy naming the
    rule would close the cycle."""
    stack = Stack.of(scope)
    rules = stack.format_arn(service="events", resource="rule", resource_name="*")
    allow_service(
        scope,
        key,
        "events.amazonaws.com",
        {"ArnLike": {"aws:SourceArn": rules}, "StringEquals": {"aws:SourceAccount": stack.account}},
        "send the events its rules could not deliver to their dead-letter queues",
    )
