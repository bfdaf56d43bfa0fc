"""A FIFO topic as the alarm topic (a construct's, Monitoring's, the context's): SNS takes
only messages with a message group ID there, which CloudWatch's alarm notifications have
not, and a FIFO topic delivers only to SQS queues: the alarms synthesized and paged
nobody."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sns as sns

from constructs_lib import ConstructError, Monitoring, QueueWorker
from constructs_lib.monitoring import ALARM_TOPIC_CONTEXT
from tests.support import echo_handler, new_app, new_stack

ENV = cdk.Environment(account="111111111111", region="eu-west-1")
FIFO_ARN = "arn:aws:sns:eu-west-1:111111111111:ops.fifo"


@pytest.mark.parametrize(
    "give",
    [
        lambda s: Monitoring(s, alarm_topic=sns.Topic(s, "Ops", fifo=True, topic_name="o.fifo")),
        lambda s: Monitoring(s, alarm_topic=sns.Topic.from_topic_arn(s, "Ops", FIFO_ARN)),
        lambda s: QueueWorker(
            s,
            "Worker",
            handler=echo_handler(),
            alarm_topic=sns.Topic.from_topic_arn(s, "Ops", FIFO_ARN),
        ),
    ],
    ids=["monitoring-created", "monitoring-imported", "construct"],
)
def test_a_fifo_alarm_topic_is_refused(give: Callable[[cdk.Stack], object]) -> None:
    # Proves (bad inputs, round 38): each synthesized, and no alarm reached anyone
    with pytest.raises(
        ConstructError, match=r"`alarm_topic` is the aws_sns.\w+ 'Test/Ops', a FIFO"
    ):
        give(new_stack(env=ENV))


@pytest.mark.parametrize("topic", ["ops.fifo", FIFO_ARN], ids=["name", "arn"])
def test_a_fifo_context_topic_is_refused(topic: str) -> None:
    stack = cdk.Stack(new_app(**{ALARM_TOPIC_CONTEXT: topic}), "Test", env=ENV)
    with pytest.raises(ConstructError, match=r"a FIFO topic: SNS takes only messages with"):
        QueueWorker(stack, "Worker", handler=echo_handler())


def test_a_standard_topic_is_taken() -> None:
    stack = new_stack(env=ENV)
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Ops"))
    assert QueueWorker(stack, "Worker", handler=echo_handler()).alarms
