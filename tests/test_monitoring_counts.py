"""What a dead-letter alarm's description states, as the on-call engineer reads and runs
it: the counts ("1 receive", "1 retry", and a StreamWorker that does not retry says so: its
batch ran once, and "failed 0 retries" read as if it had been retried), and a StreamWorker's
read-back command with every option the CLI requires."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import Monitoring, QueueWorker, StreamWorker
from tests.support import echo_handler, new_stack


@pytest.fixture(scope="module")
def descriptions() -> dict[str, str]:
    # GIVEN workers at the smallest counts, and one at the defaults
    stack = new_stack()
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
    table = dynamodb.Table(
        stack,
        "Orders",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    )
    QueueWorker(stack, "Once", handler=echo_handler(), max_receive_count=1)
    QueueWorker(stack, "Twice", handler=echo_handler(), max_receive_count=2)
    StreamWorker(stack, "NoRetry", handler=echo_handler(), table=table, retry_attempts=0)
    StreamWorker(stack, "OneRetry", handler=echo_handler(), table=table, retry_attempts=1)
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")

    def text(alarm: dict[str, Any]) -> str:
        return json.dumps(alarm["Properties"]["AlarmDescription"])

    return {
        key.split("DeadLetterQueueAlarm")[0]: text(alarm)
        for key, alarm in alarms.items()
        if "DeadLetterQueueAlarm" in key
    }


def test_a_queue_workers_dead_letter_alarm_counts_one_receive_in_the_singular(
    descriptions: dict[str, str],
) -> None:
    assert "messages failed 1 receive and are in the dead-letter queue" in descriptions["Once"]
    assert "messages failed 2 receives and are in" in descriptions["Twice"]


def test_a_stream_worker_without_retries_says_its_batch_was_not_retried(
    descriptions: dict[str, str],
) -> None:
    no_retry = descriptions["NoRetry"]
    assert "stream failed (retry_attempts 0: not retried) or was older than 1 hour" in no_retry
    assert "0 retries" not in no_retry
    assert "stream failed 1 retry or was older than 1 hour" in descriptions["OneRetry"]


def test_a_stream_workers_read_back_command_names_the_stream_and_shard(
    descriptions: dict[str, str],
) -> None:
    # the CLI refuses get-shard-iterator without --stream-arn and --shard-id
    assert (
        "aws dynamodbstreams get-shard-iterator --stream-arn <streamArn> --shard-id <shardId> "
        "--shard-iterator-type AT_SEQUENCE_NUMBER --sequence-number <startSequenceNumber>, "
        "then get-records --shard-iterator <ShardIterator> up to endSequenceNumber"
    ) in descriptions["OneRetry"]
