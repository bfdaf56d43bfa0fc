"""What a data team's ingestion pipeline (S3 -> QueueWorker -> table -> StreamWorker ->
bus -> EventHandler, a nightly ScheduledJob, an IAM API; two stages, installed from the
wheel) set wrong and the library let through: each rule asserted by its message."""

from __future__ import annotations

import json

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match

from constructs_lib import BucketEvents, ConstructError, QueueWorker, StreamWorker
from tests.support import echo_handler, new_stack
from tests.template_support import event_source_mappings


def landing_queue(
    stack: cdk.Stack, *, kept: Duration, dead_letter_kept: Duration | None, fifo: bool = False
) -> sqs.Queue:
    """The team's own queue (S3 notifies it, a worker consumes it) and its dead-letter queue."""
    dead_letter = sqs.Queue(
        stack, "LandingDlq", enforce_ssl=True, retention_period=dead_letter_kept, fifo=fifo
    )
    return sqs.Queue(
        stack,
        "Landing",
        enforce_ssl=True,
        fifo=fifo,
        retention_period=kept,
        visibility_timeout=Duration.seconds(60),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=3),
    )


@pytest.mark.parametrize(
    ("dead_letter_kept", "shown"),
    [(Duration.days(1), "86400 seconds"), (None, "345600 seconds (SQS's default")],
)
def test_an_existing_queues_dead_letter_queue_keeping_less_than_it_is_refused(
    dead_letter_kept: Duration | None, shown: str
) -> None:
    # GIVEN the team's queue keeping messages 7 days and its dead-letter queue less (one
    # day, or SQS's default 4 days: retention_period left out)
    stack = new_stack()
    queue = landing_queue(stack, kept=Duration.days(7), dead_letter_kept=dead_letter_kept)
    # WHEN a QueueWorker consumes it
    # THEN a ConstructError names existing_queue: a standard queue's message keeps its first
    # arrival's time in the dead-letter queue, so one that waited longer is deleted there
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Ingest", handler=echo_handler(), existing_queue=queue)
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/Ingest", "existing_queue")
    assert f"its dead-letter queue Test/LandingDlq keeps a message {shown}" in problem.message
    assert "shorter than the queue's 604800 seconds" in problem.message
    assert problem.fix.startswith(
        "set the dead-letter queue's retention_period to at least Duration.seconds(604800)"
    )


@pytest.mark.parametrize(
    ("kept", "dead_letter_kept", "fifo"),
    [
        (Duration.days(4), Duration.days(14), False),  # longer: as the worker's own
        (Duration.days(4), None, False),  # both SQS's default
        (Duration.days(7), Duration.days(1), True),  # FIFO: the retention starts again
    ],
)
def test_an_existing_queues_dead_letter_queue_keeping_as_long_passes(
    kept: Duration, dead_letter_kept: Duration | None, fifo: bool
) -> None:
    stack = new_stack()
    queue = landing_queue(stack, kept=kept, dead_letter_kept=dead_letter_kept, fifo=fifo)
    worker = QueueWorker(stack, "Ingest", handler=echo_handler(), existing_queue=queue, fifo=fifo)
    # THEN the worker consumes the team's queue
    (mapping,) = event_source_mappings(worker)
    assert mapping["event_source_arn"] == stack.resolve(queue.queue_arn)


def readings_worker(stack: cdk.Stack, dead_letter_queue: sqs.IQueue) -> StreamWorker:
    table = dynamodb.TableV2(
        stack,
        "Readings",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE,
    )
    return StreamWorker(
        stack,
        "Changes",
        handler=echo_handler(),
        table=table,
        existing_dead_letter_queue=dead_letter_queue,
    )


STREAM_RETENTION = "constructs_lib:streamPointersExpireFirst"


def test_a_stream_dead_letter_queue_keeping_less_than_the_stream_warns() -> None:
    # GIVEN the team's dead-letter queue for skipped batches, kept one hour
    stack = new_stack()
    queue = sqs.Queue(stack, "Skipped", enforce_ssl=True, retention_period=Duration.hours(1))
    # WHEN a StreamWorker sends the pointers of skipped batches there
    readings_worker(stack, queue)
    # THEN a warning says the pointers are gone while the stream still holds the records
    warnings = Annotations.from_stack(stack).find_warning(
        "/Test/Changes", Match.string_like_regexp("existing_dead_letter_queue")
    )
    (warning,) = [w.entry.data for w in warnings]
    assert warning.startswith(
        "`existing_dead_letter_queue` is the queue Test/Skipped, which keeps a message 3600 "
        "seconds, less than the 86400 seconds (24 hours) the table's stream keeps each record"
    )
    assert "Fix: set its retention_period to at least Duration.hours(24)" in warning
    assert f"acknowledge '{STREAM_RETENTION}'" in warning


@pytest.mark.parametrize("kept", [Duration.hours(24), Duration.days(14), None])
def test_a_stream_dead_letter_queue_keeping_a_day_or_more_does_not_warn(
    kept: Duration | None,
) -> None:
    stack = new_stack()
    readings_worker(stack, sqs.Queue(stack, "Skipped", enforce_ssl=True, retention_period=kept))
    warnings = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(STREAM_RETENTION)
    )
    assert warnings == []


def readings_table(stack: cdk.Stack, *, v2: bool = True) -> dynamodb.ITable:
    """The team's table: a reading per sensor (pk) and time (sk), its stream new images."""
    keys = {
        "partition_key": dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        "sort_key": dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
    }
    if v2:
        return dynamodb.TableV2(
            stack, "Readings", dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE, **keys
        )
    return dynamodb.Table(stack, "Readings", stream=dynamodb.StreamViewType.NEW_IMAGE, **keys)


@pytest.mark.parametrize("v2", [True, False])
def test_a_filter_on_keys_naming_an_attribute_that_is_no_key_is_refused(v2: bool) -> None:
    # GIVEN a filter meant for the partner's readings, on dynamodb.Keys, where only the
    # table's key attributes (pk, sk) are: partner is in the images only
    stack = new_stack()
    filters = [lambda_.FilterCriteria.filter({"dynamodb": {"Keys": {"partner": {"S": ["acme"]}}}})]
    # WHEN a StreamWorker reads the table with it
    # THEN a ConstructError names the filter: no record's Keys has it, every record dropped
    with pytest.raises(ConstructError) as raised:
        StreamWorker(
            stack,
            "Changes",
            handler=echo_handler(),
            table=readings_table(stack, v2=v2),
            filters=filters,
        )
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/Changes", "filters[0]")
    assert problem.message == (
        "matches dynamodb.Keys.partner, which is no key attribute of the table Test/Readings "
        "(its keys: pk, sk): a record's Keys holds those only, so Lambda drops every record"
    )
    assert problem.fix == (
        "change the filter to match dynamodb.NewImage.partner (the item's other attributes "
        "are in its images), or a key attribute: pk, sk"
    )


@pytest.mark.parametrize(
    "pattern",
    [
        {"dynamodb": {"Keys": {"pk": {"S": [{"prefix": "acme#"}]}}}},
        {"dynamodb": {"Keys": {"sk": {"S": ["t"]}}, "NewImage": {"partner": {"S": ["acme"]}}}},
        {"$or": [{"dynamodb": {"Keys": {"pk": {"S": ["a"]}}}}, {"eventName": ["REMOVE"]}]},
    ],
)
def test_a_filter_on_the_key_attributes_passes(pattern: dict[str, object]) -> None:
    stack = new_stack()
    worker = StreamWorker(
        stack,
        "Changes",
        handler=echo_handler(),
        table=readings_table(stack),
        filters=[lambda_.FilterCriteria.filter(pattern)],
    )
    # THEN the stream's mapping filters with the pattern as given
    (mapping,) = event_source_mappings(worker)
    (written,) = mapping["filter_criteria"]["filters"]
    assert json.loads(written["pattern"]) == pattern


def test_a_filter_on_keys_of_an_imported_table_is_not_checked() -> None:
    # an import's keys are unknown here
    stack = new_stack()
    table = dynamodb.Table.from_table_attributes(
        stack,
        "Readings",
        table_name="readings",
        table_stream_arn="arn:aws:dynamodb:us-east-1:111122223333:table/readings/stream/2026-01-01T00:00:00.000",
    )
    worker = StreamWorker(
        stack,
        "Changes",
        handler=echo_handler(),
        table=table,
        filters=[lambda_.FilterCriteria.filter({"dynamodb": {"Keys": {"partner": {"S": ["a"]}}}})],
    )
    # THEN the import's stream is read with the filter as given
    (mapping,) = event_source_mappings(worker)
    assert mapping["event_source_arn"] == table.table_stream_arn
    (written,) = mapping["filter_criteria"]["filters"]
    assert json.loads(written["pattern"]) == {"dynamodb": {"Keys": {"partner": {"S": ["a"]}}}}


NOTIFICATION_SIZE = "constructs_lib:messageSizeBelowNotifications"


def landing_worker(stack: cdk.Stack, size: cdk.Size | None) -> QueueWorker:
    bucket = s3.Bucket(stack, "Landing", enforce_ssl=True)
    return QueueWorker(
        stack,
        "Ingest",
        handler=echo_handler(),
        sources=[BucketEvents(bucket, prefix="incoming/")],
        max_message_size=size,
    )


def test_a_message_size_s3_notifications_may_not_fit_warns() -> None:
    # GIVEN a team sizing the queue for its rows (1 KiB), WHEN S3 notifies it
    stack = new_stack()
    landing_worker(stack, cdk.Size.kibibytes(1))
    # THEN a warning says the notifications of long keys do not fit, and what to set
    warnings = Annotations.from_stack(stack).find_warning(
        "/Test/Ingest", Match.string_like_regexp("max_message_size")
    )
    (warning,) = [w.entry.data for w in warnings]
    assert warning.startswith(
        "`max_message_size` is 1024 bytes, and `sources` has S3 send this queue its event "
        "notifications:"
    )
    assert "Fix: pass max_message_size=Size.kibibytes(8) or more" in warning
    assert f"acknowledge '{NOTIFICATION_SIZE}'" in warning


@pytest.mark.parametrize("size", [None, cdk.Size.kibibytes(8), cdk.Size.kibibytes(256)])
def test_a_message_size_notifications_fit_in_does_not_warn(size: cdk.Size | None) -> None:
    stack = new_stack()
    landing_worker(stack, size)
    warnings = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(NOTIFICATION_SIZE)
    )
    assert warnings == []


def test_a_small_message_size_without_sources_does_not_warn() -> None:
    stack = new_stack()
    QueueWorker(stack, "Rows", handler=echo_handler(), max_message_size=cdk.Size.kibibytes(1))
    assert (
        Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(NOTIFICATION_SIZE))
        == []
    )
