"""Alarms and widgets of a queue and of dead-letter queues."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, graph

__all__ = ["dead_letter_queue_alarm", "dead_letter_queue_widget", "queue_alarm", "queue_widgets"]


def queue_alarm(scope: Construct, queue: sqs.IQueue) -> cloudwatch.Alarm:
    """The oldest message waits too long: the consumer is not keeping up (backlog)."""
    age = _defaults.QUEUE_OLDEST_MESSAGE_SECONDS
    return alarm(
        scope,
        "OldestMessageAlarm",
        queue.metric_approximate_age_of_oldest_message(period=alarm_period(), statistic="Maximum"),
        threshold=age,
        description=f"a message waits >= {age // 60} minutes (backlog)",
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


def dead_letter_queue_widget(queue: sqs.IQueue, title: str) -> cloudwatch.IWidget:
    return graph(
        title, queue.metric_approximate_number_of_messages_visible(statistic="Maximum"), width=24
    )
