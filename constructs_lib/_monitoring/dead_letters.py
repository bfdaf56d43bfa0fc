"""The dead-letter alarms of the constructs whose failures have no source queue to go back
to (EventHandler, ScheduledJob; StreamWorker's lost batches): one when something is in the
queue, one when it could not even be put there (the event, run or batch is then lost), and
the dashboard graphs of both, reading what the alarms read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, graph
from constructs_lib._monitoring.queue import dead_letter_queue_alarm, dead_letter_queue_widget

if TYPE_CHECKING:  # each construct loads only its own trigger's module
    from aws_cdk import aws_events as events
    from aws_cdk import aws_scheduler as scheduler

__all__ = [
    "LOST_RECORDS_AGAIN",
    "dead_letter_widgets",
    "event_dead_letter_alarms",
    "event_dead_letter_widgets",
    "job_dead_letter_alarms",
    "job_dead_letter_widgets",
    "stream_lost_batches_alarm",
    "stream_lost_sends",
]

#: The name EventBridge gives the account's default bus; its rules' metrics have no
#: EventBusName dimension (a custom bus's have one).
_DEFAULT_BUS = "default"
#: How to find a lost batch's records (a StreamWorker's): no message names the batch's shard,
#: and the log line of a failed record has its sequenceNumber and keys only. describe-stream
#: lists the shards with their sequence number ranges, and the shards written at the same
#: time (one per partition) have overlapping ranges: the record's shard is the one among
#: those whose AT_SEQUENCE_NUMBER read starts with that record.
LOST_RECORDS_AGAIN = (
    "find each failed record in the function's log (sequenceNumber, keys; no shard id): of "
    "the shards aws dynamodbstreams describe-stream lists (several may span it), the one "
    "whose get-shard-iterator AT_SEQUENCE_NUMBER read starts with it holds it; process it "
    "again while the stream keeps it (24 hours)"
)
#: What Lambda counts when it could not send to a destination: an asynchronous
#: invocation's, and a DynamoDB or Kinesis event source mapping's on-failure destination
#: (AWS Lambda Developer Guide, "Types of metrics for Lambda functions").
_LAMBDA_UNDELIVERED = "DestinationDeliveryFailures"


def _event_lost_sends(
    function: lambda_.IFunction, rule: events.Rule, bus: events.IEventBus | None
) -> cloudwatch.IMetric:
    """An EventHandler's failed sends to its dead-letter queue: its rule's and Lambda's."""
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
    return _with_lambdas(function, undelivered)


def _job_lost_sends(
    function: lambda_.IFunction, group: scheduler.ScheduleGroup
) -> cloudwatch.IMetric:
    """A ScheduledJob's failed sends to its dead-letter queue: Scheduler's and Lambda's.
    Not Scheduler's ``InvocationsSentToDeadLetterCount_Truncated_MessageSizeExceeded``: that
    message arrived (the dead-letter alarm fires), its copy of the schedule's payload cut
    short, which the schedule holds whole."""
    return _with_lambdas(
        function, group.metric_failed_to_be_sent_to_dlq(period=_period(), statistic="Sum")
    )


def stream_lost_sends(function: lambda_.IFunction) -> cloudwatch.IMetric:
    """A StreamWorker's failed sends to its dead-letter queue: its event source mapping's
    on-failure destination, which Lambda alone sends to."""
    return _lambdas(function)


def _lambdas(function: lambda_.IFunction) -> cloudwatch.Metric:
    return function.metric(_LAMBDA_UNDELIVERED, period=_period(), statistic="Sum")


def _with_lambdas(
    function: lambda_.IFunction, undelivered: cloudwatch.IMetric
) -> cloudwatch.MathExpression:
    """The sender's and Lambda's failed sends, summed: one alarm reading both (billed per
    metric, as two alarms would be), since the cause and the fix are the same: the queue,
    its policy or its key."""
    return cloudwatch.MathExpression(
        expression="SUM([undelivered, unrecorded])",
        using_metrics={"undelivered": undelivered, "unrecorded": _lambdas(function)},
        period=_period(),
        label="sends to the dead-letter queue that failed",
    )


def dead_letter_widgets(
    queue: sqs.IQueue, what: str, lost_sends: cloudwatch.IMetric, lost: str
) -> list[cloudwatch.IWidget]:
    """The dead-letter queue's depth (``what`` it holds) beside the failed sends to it
    (``lost``), each what its alarm reads, so the on-call engineer sees what alarmed."""
    return [
        dead_letter_queue_widget(queue, f"Dead-letter queue depth ({what})", width=12),
        graph(f"Failed sends to the dead-letter queue ({lost})", lost_sends),
    ]


def event_dead_letter_widgets(
    queue: sqs.IQueue,
    function: lambda_.IFunction,
    rule: events.Rule,
    bus: events.IEventBus | None,
) -> list[cloudwatch.IWidget]:
    return dead_letter_widgets(
        queue, "events not handled", _event_lost_sends(function, rule, bus), "events lost"
    )


def job_dead_letter_widgets(
    queue: sqs.IQueue, function: lambda_.IFunction, group: scheduler.ScheduleGroup
) -> list[cloudwatch.IWidget]:
    return dead_letter_widgets(
        queue, "runs that did not succeed", _job_lost_sends(function, group), "runs lost"
    )


def event_dead_letter_alarms(
    scope: Construct,
    dead_letter_queue: sqs.IQueue,
    function: lambda_.IFunction,
    rule: events.Rule,
    bus: events.IEventBus | None,
) -> list[cloudwatch.Alarm]:
    """An EventHandler's: an event in its dead-letter queue, and an event lost."""
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
            _event_lost_sends(function, rule, bus),
            "events were lost: EventBridge (InvocationsFailedToBeSentToDlq of the rule) or "
            f"Lambda ({_LAMBDA_UNDELIVERED} of {function.function_name})",
            dead_letter_queue,
            "so they are nowhere",
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
            _job_lost_sends(function, group),
            "runs were lost: EventBridge Scheduler (InvocationsFailedToBeSentToDeadLetterCount "
            f"of the schedule group) or Lambda ({_LAMBDA_UNDELIVERED} of "
            f"{function.function_name})",
            dead_letter_queue,
            "so they are nowhere",
            again("that function", "the schedule's payload"),
        ),
    ]


def stream_lost_batches_alarm(
    scope: Construct, dead_letter_queue: sqs.IQueue, function: lambda_.IFunction
) -> cloudwatch.Alarm:
    """A StreamWorker's: a skipped batch whose pointers never reached its dead-letter queue
    (the dead-letter alarm stays silent, and nothing says where its records are)."""
    return _lost(
        scope,
        stream_lost_sends(function),
        "batches were lost: skipped, but Lambda (the event source mapping's sends, "
        f"{_LAMBDA_UNDELIVERED} of {function.function_name})",
        dead_letter_queue,
        "so no message says where their records are",
        LOST_RECORDS_AGAIN,
    )


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
    lost_sends: cloudwatch.IMetric,
    senders: str,
    queue: sqs.IQueue,
    gone: str,
    again: str,
) -> cloudwatch.Alarm:
    """Any failed send to the dead-letter queue (``lost_sends``, read by ``senders``): what
    is lost is ``gone``; what to check first (the queue, its policy or its key: the same
    for every sender) and ``again``, what to do once fixed."""
    return alarm(
        scope,
        "DeadLetterDeliveryAlarm",
        lost_sends,
        threshold=_defaults.DEAD_LETTER_MESSAGES_THRESHOLD,
        description=f"{senders} could not send them to the dead-letter queue "
        f"{queue.queue_name}, {gone}. First: that the queue exists, its policy "
        "and, with dead_letter_queue_key, the key's policy and state (the senders need "
        "kms:GenerateDataKey and kms:Decrypt; a disabled or deleted key refuses every send); "
        f"once fixed, {again}",
    )


def _period() -> Duration:
    # as the dead-letter queue's alarm: every event counts, page at once
    return Duration.minutes(_defaults.DEAD_LETTER_ALARM_PERIOD_MINUTES)
