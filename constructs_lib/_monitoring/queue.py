"""Alarms and widgets of a queue and of dead-letter queues."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, graph
from constructs_lib._words import counted

__all__ = [
    "dead_letter_queue_alarm",
    "dead_letter_queue_widget",
    "queue_alarm",
    "queue_widgets",
    "redrive_alarm",
    "worker_queue_alarms",
]


def worker_queue_alarms(
    scope: Construct,
    queue: sqs.IQueue,
    dead_letter_queue: sqs.IQueue | None,
    receives: int | None,
) -> list[cloudwatch.Alarm]:
    """A QueueWorker's queue alarms: backlog, and its dead-letter queue: the worker's own,
    the one given with an ``existing_queue`` (``receives`` None: unknown), or that of the
    redrive policy of an ``existing_queue`` defined in the app."""
    created = [queue_alarm(scope, queue)]
    known = dead_letter_queue is not None and receives is not None
    redrive = None if known else _redrive_policy(queue)
    if redrive is not None:
        dead_letter_queue, receives = redrive.queue, int(redrive.max_receive_count)
    if dead_letter_queue is not None:
        created.append(redrive_alarm(scope, dead_letter_queue, queue, receives))
    return created


def _redrive_policy(queue: sqs.IQueue) -> sqs.DeadLetterQueue | None:
    """The redrive policy of a queue defined in the app (an imported one has none known)."""
    return getattr(queue, "dead_letter_queue", None)


def redrive_alarm(
    scope: Construct, dead_letter_queue: sqs.IQueue, queue: sqs.IQueue, receives: int | None
) -> cloudwatch.Alarm:
    """A QueueWorker's dead-letter alarm: where the messages are and how to redrive them."""
    # an imported dead-letter queue: its receives and retention are its owner's settings
    failed, kept = (
        (
            counted(receives, "receive"),
            f"kept {_defaults.DEAD_LETTER_RETENTION_DAYS} days",
        )
        if receives is not None
        else ("the receives of the queue's redrive policy", "kept for its retention period")
    )
    return dead_letter_queue_alarm(
        scope,
        dead_letter_queue,
        (
            f"messages failed {failed} and are in the dead-letter queue "
            f"{dead_letter_queue.queue_name} ({kept}). "
            "First: read one (SQS console, the queue, Send and receive messages, Poll) and the "
            "function's log for its error; once fixed, move them back to "
            f"{queue.queue_name}: SQS console, the dead-letter queue, Start DLQ redrive (or aws "
            "sqs start-message-move-task --source-arn <the dead-letter queue's ARN>)"
        ),
    )


def queue_alarm(scope: Construct, queue: sqs.IQueue) -> cloudwatch.Alarm:
    """The oldest message waits too long: the consumer is not keeping up (backlog)."""
    age = _defaults.QUEUE_OLDEST_MESSAGE_SECONDS
    return alarm(
        scope,
        "OldestMessageAlarm",
        queue.metric_approximate_age_of_oldest_message(period=alarm_period(), statistic="Maximum"),
        threshold=age,
        description=f"a message waits >= {age // 60} minutes (backlog). First: the "
        "function's errors and throttles alarms (a failing or throttled consumer), then its "
        "duration and concurrency (max_concurrency) against the queue's incoming rate",
    )


def dead_letter_queue_alarm(
    scope: Construct, queue: sqs.IQueue, description: str
) -> cloudwatch.Alarm:
    """Any message in a dead-letter queue: something was not processed, page at once."""
    return alarm(
        scope,
        "DeadLetterQueueAlarm",
        queue.metric_approximate_number_of_messages_visible(
            period=Duration.minutes(_defaults.DEAD_LETTER_ALARM_PERIOD_MINUTES),
            statistic="Maximum",
        ),
        threshold=_defaults.DEAD_LETTER_MESSAGES_THRESHOLD,
        description=description,
    )


def queue_widgets(
    queue: sqs.IQueue, dead_letter_queue: sqs.IQueue | None
) -> list[cloudwatch.IWidget]:
    redrive = None if dead_letter_queue else _redrive_policy(queue)
    dead_letter_queue = redrive.queue if redrive else dead_letter_queue
    queues = [queue] + ([dead_letter_queue] if dead_letter_queue else [])
    return [
        graph(
            "Queue depth (queue, dead-letter queue)",
            *(q.metric_approximate_number_of_messages_visible(statistic="Maximum") for q in queues),
        ),
        graph(
            "Age of oldest message",
            queue.metric_approximate_age_of_oldest_message(statistic="Maximum"),
        ),
    ]


def dead_letter_queue_widget(queue: sqs.IQueue, title: str, width: int = 24) -> cloudwatch.IWidget:
    return graph(
        title, queue.metric_approximate_number_of_messages_visible(statistic="Maximum"), width=width
    )
