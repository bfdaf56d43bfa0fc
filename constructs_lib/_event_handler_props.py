"""EventHandler's props: their defaults and their rules (the event pattern, the bus it
listens to, the retry policy EventBridge takes, the dead-letter queue's key)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_cdk import Duration
from aws_cdk import aws_events as events

from constructs_lib import _defaults
from constructs_lib._arns import check_imported_arn
from constructs_lib._core import FunctionBackedProps
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._customer_keys import check_key
from constructs_lib._env import check_same_environment
from constructs_lib._event_bus_accounts import warn_of_unadmitted_accounts
from constructs_lib._event_bus_sources import warn_of_service_sources
from constructs_lib._event_pattern_asterisk import warn_of_asterisks
from constructs_lib._event_pattern_fields import check_pattern, event_pattern, pattern_fields
from constructs_lib._event_pattern_whitespace import warn_of_whitespace
from constructs_lib._loaded import LazyModule
from constructs_lib._trigger_cycles import check_source_without_cycle
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

else:  # imported on first use (typing.get_type_hints): importing this loads none
    kms = LazyModule("aws_kms")

__all__ = ["EventHandlerProps"]

# EventBridge's limits for a target's retry policy.
_MAX_RETRY_ATTEMPTS = 185
_EVENT_AGE_SECONDS = (60, 86400)


@dataclass(frozen=True, kw_only=True)
class EventHandlerProps(FunctionBackedProps):
    """EventHandler's props (see :class:`EventHandler` for each one), validated together."""

    handler: Handler
    event_pattern: events.EventPattern | Mapping[str, Any]
    event_bus: events.IEventBus | None = None
    retry_attempts: int = _defaults.EVENT_RETRY_ATTEMPTS
    max_event_age: Duration | None = None
    dead_letter_queue_key: kms.IKey | None = None
    enabled: bool = True

    @property
    def event_age(self) -> Duration:
        """``max_event_age``, else the default (1 hour)."""
        return self.max_event_age or Duration.seconds(_defaults.EVENT_MAX_EVENT_AGE_SECONDS)

    @property
    def pattern(self) -> events.EventPattern:
        """The pattern as an EventPattern (a dict in EventBridge's own spelling is read too),
        ``None`` in a list as EventBridge's ``null`` (through jsii it would be dropped), a
        list field holding operators (``[{"prefix": "aws."}]``) as a list token."""
        return event_pattern(self.event_pattern)

    def validate(self, v: Validator) -> None:
        """Adds every problem of the props to ``v``."""
        super().validate(v)
        check_handler(v, self.handler, "handler", network=self.network)
        check_pattern(v, self.event_pattern)
        check_key(v, self.dead_letter_queue_key, "dead_letter_queue_key", sender="EventBridge")
        if isinstance(self.event_pattern, Mapping | events.EventPattern):
            fields = pattern_fields(self.event_pattern)
            warn_of_service_sources(v, self.event_bus, fields)
            warn_of_unadmitted_accounts(v, self.event_bus, fields)
            warn_of_whitespace(v, fields)
            warn_of_asterisks(v, fields)
        v.check_range(self.retry_attempts, "retry_attempts", 0, _MAX_RETRY_ATTEMPTS, whole=True)
        low, high = _EVENT_AGE_SECONDS
        seconds = v.whole_seconds(self.max_event_age, "max_event_age", within=(low, high))
        v.duration_range(seconds, "max_event_age", low, high)
        if self.event_bus is not None and not check_imported_arn(
            v, self.event_bus, "event_bus", "event bus", "the rule would listen to no bus"
        ):
            return
        check_source_without_cycle(
            v, self.event_bus, "event_bus", "event bus", "EventHandler", "listening on it"
        )
        check_same_environment(
            v,
            self.event_bus,
            "event_bus",
            "a rule listens only to a bus of its own region and account",
            "pass a bus of this stack's region and account (forward events to it with a "
            "rule on the other bus)",
        )
