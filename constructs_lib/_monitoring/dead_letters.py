"""The dead-letter alarms of the constructs whose failed events and runs have no source
queue to go back to (EventHandler, ScheduledJob): one when something is in the queue, one
when it could not even be put there (the event or run is then lost)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm
from constructs_lib._monitoring.queue import dead_letter_queue_alarm

if TYPE_CHECKING:  # each construct loads only its own trigger's module
    from aws_cdk import aws_events as events
    from aws_cdk import aws_scheduler as scheduler

__all__ = ["event_dead_letter_alarms", "job_dead_letter_alarms"]

#: The name EventBridge gives the account's default bus; its rules' metrics have no
#: EventBusName dimension (a custom bus's have one).
_DEFAULT_BUS = "default"


def event_dead_letter_alarms(
    scope: Construct,
    dead_letter_queue: sqs.IQueue,
    function: lambda_.IFunction,
    rule: events.Rule,
    bus: events.IEventBus | None,
) -> list[cloudwatch.Alarm]:
    """An EventHandler's: an event in its dead-letter queue, and an event lost."""
    dimensions = {"RuleName": rule.rule_name}
    if bus is not None and bus.event_bus_name != _DEFAULT_BUS:
        dimensions["EventBusName"] = bus.event_bus_name
    undelivered = cloudwatch.Metric(
        namespace="AWS/Events",
        metric_name="InvocationsFailedToBeSentToDlq",
        dimensions_map=dimensions,
        statistic="Sum",
        period=_period(),
    )
    return [
        _in_queue(
            scope,
            dead_letter_queue,
            "an event was not handled",
            "the EventBridge rule (it could not invoke the function), the event",
            "put the event on its bus again (aws events put-events --entries with its source, "
            "detail-type and detail)",
        ),
        _lost(
            scope,
            dead_letter_queue,
            function,
            undelivered,
            "EventBridge (InvocationsFailedToBeSentToDlq of the rule)",
            "events were lost",
            "put them on their bus again from where they came from",
        ),
    ]


def job_dead_letter_alarms(
    scope: Construct,
    dead_letter_queue: sqs.IQueue,
    function: lambda_.IFunction,
    group: scheduler.ScheduleGroup,
) -> list[cloudwatch.Alarm]:
    """A ScheduledJob's: a run in its dead-letter queue, and a run lost."""

    def again(which: str, payload: str) -> str:
        return f"run it again (Lambda console, {which}, alias live, Test, with {payload})"

    return [
        _in_queue(
            scope,
            dead_letter_queue,
            "a run did not succeed",
            "EventBridge Scheduler (it could not invoke the function), the schedule's payload",
            again(function.function_name, "the message's payload"),
        ),
        _lost(
            scope,
            dead_letter_queue,
            function,
            group.metric_failed_to_be_sent_to_dlq(period=_period(), statistic="Sum"),
            "EventBridge Scheduler (InvocationsFailedToBeSentToDeadLetterCount of the schedule "
            "group)",
            "runs were lost",
            again("that function", "the schedule's payload"),
        ),
    ]


def _in_queue(
    scope: Construct, queue: sqs.IQueue, what: str, source: str, again: str
) -> cloudwatch.Alarm:
    """``what`` failed: where it is, what the message holds by sender (the construct's own
    ``source`` and Lambda), the command that reads it and what to do once fixed."""
    return dead_letter_queue_alarm(
        scope,
        queue,
        # named once, by its URL in the command (which ends with its name)
        f"{what}: it is in the dead-letter queue, kept "
        f"{_defaults.DEAD_LETTER_RETENTION_DAYS} days (from Lambda, a record: the input under "
        f"requestPayload, the error under responsePayload; from {source}, with ERROR_CODE and "
        "ERROR_MESSAGE attributes). First: read it (aws sqs receive-message --queue-url "
        f"{queue.queue_url} --attribute-names All --message-attribute-names All) and the "
        f"function's log; once fixed, {again}, then delete the message",
    )


def _lost(
    scope: Construct,
    queue: sqs.IQueue,
    function: lambda_.IFunction,
    undelivered: cloudwatch.IMetric,
    sender: str,
    what: str,
    again: str,
) -> cloudwatch.Alarm:
    """The sender's and Lambda's failed sends to the dead-letter queue: one alarm reading
    both (billed per metric, as two alarms would be), since the cause and the fix are the
    same: the queue, its policy or its key."""
    period = _period()
    return alarm(
        scope,
        "DeadLetterDeliveryAlarm",
        cloudwatch.MathExpression(
            expression="SUM([undelivered, unrecorded])",
            using_metrics={
                "undelivered": undelivered,
                "unrecorded": function.metric(
                    "DestinationDeliveryFailures", period=period, statistic="Sum"
                ),
            },
            period=period,
            label="sends to the dead-letter queue that failed",
        ),
        threshold=_defaults.DEAD_LETTER_MESSAGES_THRESHOLD,
        description=f"{what}: {sender} or Lambda (DestinationDeliveryFailures of "
        f"{function.function_name}) could not send them to the dead-letter queue "
        f"{queue.queue_name}, so they are nowhere. First: that the queue exists, its policy "
        "and, with dead_letter_queue_key, the key's policy and state (the senders need "
        "kms:GenerateDataKey and kms:Decrypt; a disabled or deleted key refuses every send); "
        f"once fixed, {again}",
    )


def _period() -> Duration:
    # as the dead-letter queue's alarm: every event counts, page at once
    return Duration.minutes(_defaults.DEAD_LETTER_ALARM_PERIOD_MINUTES)
