"""A ScheduledJob's, an EventHandler's, a StreamWorker's and a QueueWorker's own dead-letter
queue, whose retention a platform's Aspect shortened after the construct was built (every
queue kept 1 day, or SQS's default of 4 days by removing it): the alarm still told whoever
it paged that the failure was kept 14 days, and nothing said otherwise (recheck47; only a
QueueWorker's was compared, with its queue's). A warning at synth, on the construct, once;
acknowledged there when a data-retention policy means it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_sqs as sqs

from constructs_lib import EventHandler, QueueWorker, ScheduledJob, StreamWorker
from tests.support import echo_handler
from tests.test_synth_rechecks import _Set, warnings_after

ONE_DAY = _Set(sqs.CfnQueue, message_retention_period=86400)


def _job(stack: cdk.Stack) -> ScheduledJob:
    return ScheduledJob(stack, "C", handler=echo_handler(), schedule="rate(1 hour)")


def _events(stack: cdk.Stack) -> EventHandler:
    pattern = events.EventPattern(source=["orders"], detail_type=["OrderStored"])
    return EventHandler(stack, "C", handler=echo_handler(), event_pattern=pattern)


def _table(stack: cdk.Stack) -> dynamodb.Table:
    return dynamodb.Table(
        stack,
        "Orders",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    )


def _stream(stack: cdk.Stack, **props: Any) -> StreamWorker:
    return StreamWorker(stack, "C", handler=echo_handler(), table=_table(stack), **props)


def _worker(stack: cdk.Stack) -> QueueWorker:
    return QueueWorker(stack, "C", handler=echo_handler())


def _warnings(
    build: Callable[[cdk.Stack], Any], *aspects: _Set, then: Callable[[Any], None] = lambda c: None
) -> list[tuple[str, str]]:
    return warnings_after(build, *aspects, containing="deadLetterRetention", then=then)


CONSTRUCTS = {
    "ScheduledJob": (_job, "a failed run (its payload)"),
    "EventHandler": (_events, "a failed event (its only copy)"),
    "StreamWorker": (_stream, "a failed batch's pointers into the stream"),
    # every queue given one retention: the dead-letter queue's is not below the queue's
    # (no error), but it is below the 14 days the alarm promises
    "QueueWorker": (_worker, "a message every receive of failed (its only copy)"),
}
CASES = pytest.mark.parametrize(("build", "failed"), CONSTRUCTS.values(), ids=list(CONSTRUCTS))


@CASES
def test_a_shortened_dead_letter_retention_warns(
    request: pytest.FixtureRequest, build: Callable[[cdk.Stack], Any], failed: str
) -> None:
    kind = request.node.callspec.id
    assert _warnings(build, ONE_DAY) == [
        (
            "/Test/C",
            "`message_retention_period` is 86400 seconds (1 day) in the template (the "
            f"dead-letter queue Test/C/DeadLetterQueue/Resource), shorter than the 14 days the "
            f"{kind} keeps {failed} there for: its dead-letter alarm tells whoever it pages "
            "that it is kept 14 days, and a failure read later than 86400 seconds after it "
            f"arrived is gone, never sent again. Something changed it after the {kind} was "
            "built (an Aspect, or an escape hatch on its CfnQueue). Fix: leave the "
            f"{kind}'s dead-letter queue out of what changed it (a retention for every "
            "queue); if a shorter retention is meant (a data-retention policy), acknowledge "
            f"'constructs_lib:deadLetterRetentionShortened' on the {kind}. "
            "[ack: constructs_lib:deadLetterRetentionShortened]",
        )
    ]


@CASES
def test_a_removed_retention_is_sqs_s_4_days_and_warns(
    build: Callable[[cdk.Stack], Any], failed: str
) -> None:
    (warning,) = _warnings(build, _Set(sqs.CfnQueue, message_retention_period=None))
    assert warning[1].startswith("`message_retention_period` is 345600 seconds (4 days)")


@CASES
def test_acknowledged_on_the_construct_it_does_not_warn(
    build: Callable[[cdk.Stack], Any], failed: str
) -> None:
    def acknowledge(construct: Any) -> None:
        cdk.Annotations.of(construct).acknowledge_warning(
            "constructs_lib:deadLetterRetentionShortened", "kept 1 day: our data policy"
        )

    assert _warnings(build, ONE_DAY, then=acknowledge) == []


@CASES
@pytest.mark.parametrize(
    "aspect",
    [
        _Set(sqs.CfnQueue, message_retention_period=1209600),  # 14 days set again
        _Set(sqs.CfnQueue, visibility_timeout=60),
        _Set(sqs.CfnQueue, message_retention_period=cdk.Token.as_number(cdk.Fn.ref("Kept"))),
    ],
    ids=["14 days", "another setting", "deploy-time"],
)
def test_other_changes_do_not_warn(
    build: Callable[[cdk.Stack], Any], failed: str, aspect: _Set
) -> None:
    assert _warnings(build, aspect) == []


def test_a_stream_worker_s_existing_dead_letter_queue_keeps_its_own_retention() -> None:
    def build(stack: cdk.Stack) -> StreamWorker:
        mine = sqs.Queue(stack, "Mine", enforce_ssl=True, retention_period=cdk.Duration.days(1))
        return _stream(stack, existing_dead_letter_queue=mine)

    assert _warnings(build, ONE_DAY) == []


def test_a_queue_worker_s_existing_queue_keeps_its_own_dead_letter_retention() -> None:
    def build(stack: cdk.Stack) -> QueueWorker:
        kept = cdk.Duration.days(1)
        dead = sqs.Queue(stack, "Dead", enforce_ssl=True, retention_period=kept)
        mine = sqs.Queue(
            stack,
            "Mine",
            enforce_ssl=True,
            retention_period=kept,
            dead_letter_queue=sqs.DeadLetterQueue(queue=dead, max_receive_count=3),
        )
        return QueueWorker(stack, "C", handler=echo_handler(), existing_queue=mine)

    assert _warnings(build, ONE_DAY) == []
