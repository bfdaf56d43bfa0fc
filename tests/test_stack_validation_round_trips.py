"""What the checks at synth that had a validation of their own per construct (speed54b: a
link's late cdk-nag findings, Link.export's recovery check, a worker's bus write-loop and
bucket-notification checks, an acknowledgement's logical-ID check) cost in round trips to
the jsii kernel, now that the stack's one validation runs them
(``constructs_lib/_stack_validation.py``)."""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from jsii._kernel.providers import process

from constructs_lib import BucketEvents, EventHandler, Link, QueueWorker, StreamWorker
from constructs_lib.checks import acknowledge
from tests.stream_support import ENV, stream_table
from tests.support import echo_handler, new_app

_KEY = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> Iterator[collections.Counter[str]]:
    """The kernel requests made while the test runs, by kind and method."""
    counted: collections.Counter[str] = collections.Counter()
    send = process._NodeProcess.send

    def counting(self: Any, request: Any, response_type: Any) -> Any:
        counted[f"{type(request).__name__} {getattr(request, 'method', '')}"] += 1
        return send(self, request, response_type)

    monkeypatch.setattr(process._NodeProcess, "send", counting)
    yield counted


def _links() -> None:
    """A worker whose Handler links a table, a queue and a bucket (three grants, each
    acknowledged for cdk-nag at synth), one of its acknowledgements naming a resource the
    stack has not."""
    stack = cdk.Stack(new_app(), "Test")
    table = dynamodb.Table(stack, "Table", partition_key=_KEY)
    queue = sqs.Queue(stack, "Queue", enforce_ssl=True)
    bucket = s3.Bucket(stack, "Bucket", enforce_ssl=True)
    worker = QueueWorker(stack, "Worker", handler=echo_handler(links=[table, queue, bucket]))
    acknowledge(worker, "AwsSolutions-IAM5[Resource::<Missing.Arn>/*]", reason="a test's reason")
    Template.from_stack(stack)


def _export() -> None:
    """Link.export of a table with point-in-time recovery, and of a bucket."""
    stack = cdk.Stack(new_app(), "Test")
    recovery = dynamodb.PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True)
    table = dynamodb.Table(
        stack, "Table", partition_key=_KEY, point_in_time_recovery_specification=recovery
    )
    bucket = s3.Bucket(stack, "Bucket", enforce_ssl=True)
    links = [Link.export(table), Link.export(bucket, prefix="exports/")]
    QueueWorker(stack, "Worker", handler=echo_handler(links=links))
    Template.from_stack(stack)


def _bus() -> None:
    """A StreamWorker publishing to a bus, an EventHandler on the bus reading the table."""
    stack = cdk.Stack(new_app(), "Test", env=ENV)
    table, bus = stream_table(stack, "Rows"), events.EventBus(stack, "Bus")
    StreamWorker(stack, "Publisher", table=table, handler=echo_handler(links=[bus]))
    EventHandler(
        stack,
        "Summary",
        event_bus=bus,
        event_pattern={"source": ["pipeline.ingest"]},
        handler=echo_handler(links=[Link.read(table)]),
    )
    Template.from_stack(stack)


def _bucket_events() -> None:
    stack = cdk.Stack(new_app(), "Test")
    bucket = s3.Bucket(stack, "Bucket", enforce_ssl=True)
    QueueWorker(stack, "Worker", handler=echo_handler(), sources=[BucketEvents(bucket)])
    Template.from_stack(stack)


@pytest.mark.parametrize(
    ("build", "budget"),
    # speed54b (a second build and synth in one process, each in all): links 638 -> 616,
    # Link.export 411 -> 395, a bus 433 -> 417, BucketEvents 262 -> 254
    [(_links, 616), (_export, 395), (_bus, 417), (_bucket_events, 254)],
    ids=["links", "Link.export", "EventHandler on a bus", "BucketEvents"],
)
def test_a_stack_s_checks_at_synth_add_one_validation_and_stay_within_their_round_trips(
    requests: collections.Counter[str], build: Callable[[], None], budget: int
) -> None:
    # Proves (speed54b): each grant of a link (its late cdk-nag findings), Link.export's
    # recovery check, a StreamWorker's bus write-loop check, a QueueWorker's check of its
    # sources' notifications (and one more per app forgetting the last walk of the buckets)
    # and each acknowledgement naming a logical ID added a validation of its own (a round
    # trip to add it, one for CDK's call of it at synth): now the stack's one validation
    # runs them, with one more on the app (which forgets the reads of the synth before).
    build()  # the modules loaded, the process's caches of Python values filled
    requests.clear()
    build()
    assert requests["InvokeRequest addValidation"] == 2
    assert sum(requests.values()) <= budget
