"""An ``existing_queue`` defined in the app against the QueueWorker's function timeout:
below the timeout it is refused (a message shows again while its batch runs); below 6x,
what AWS recommends and the worker's own queue gets, it warns,
``constructs_lib:existingQueueShortVisibility``; an imported queue shows no setting."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sqs as sqs

from constructs_lib import ConstructError, QueueWorker
from constructs_lib._existing_queue_visibility import SHORT_VISIBILITY_WARNING
from tests.support import echo_handler, new_stack

TIMEOUT = cdk.Duration.seconds(30)


def _warnings(visibility: cdk.Duration | None) -> list[str]:
    """The worker's short-visibility warnings over a queue of the app of ``visibility``."""
    stack = new_stack()
    queue = sqs.Queue(stack, "Team", visibility_timeout=visibility)
    worker = QueueWorker(
        stack, "Worker", handler=echo_handler(timeout=TIMEOUT), existing_queue=queue
    )
    return [
        str(entry.data)
        for entry in worker.node.metadata
        if entry.type == "aws:cdk:warning" and SHORT_VISIBILITY_WARNING in str(entry.data)
    ]


def test_a_queue_of_the_app_below_six_times_the_timeout_warns() -> None:
    # Proves (gaps49): a team queue of 60 s under a 30 s function synthesized silently;
    # when Lambda retried a throttled batch its messages showed again, each receive
    # counted toward the redrive policy, and messages reached the dead-letter queue unhandled
    (warning,) = _warnings(cdk.Duration.seconds(60))
    assert warning == (
        "existing_queue has a visibility timeout of 60 seconds, less than 6x the handler "
        "timeout (30 seconds, so 180), what AWS recommends and the worker's own queue gets: "
        "when Lambda retries a batch whose invocation was throttled, its messages show again "
        "and are received again, each receive counted toward the redrive policy's "
        "max_receive_count, so a message can reach the dead-letter queue unhandled. Fix: set "
        "the queue's visibility_timeout to at least Duration.seconds(180); if the queue is "
        f"sized for another reason, acknowledge '{SHORT_VISIBILITY_WARNING}'. "
        f"[ack: {SHORT_VISIBILITY_WARNING}]"
    )


def test_sqs_s_default_equal_to_the_timeout_warns_naming_it() -> None:
    # 30 s (SQS's default, the queue sets none) covers a 30 s run once, not 6 times
    (warning,) = _warnings(None)
    assert warning.startswith(
        "existing_queue has a visibility timeout of 30 seconds (SQS default: the queue sets "
        "none), less than 6x the handler timeout (30 seconds, so 180)"
    )


@pytest.mark.parametrize("seconds", [180, 900])
def test_six_times_the_timeout_or_more_does_not_warn(seconds: int) -> None:
    assert _warnings(cdk.Duration.seconds(seconds)) == []


def test_below_the_timeout_is_still_refused() -> None:
    with pytest.raises(ConstructError) as raised:
        _warnings(cdk.Duration.seconds(10))
    assert (
        "Test/Worker: `existing_queue` has a visibility timeout of 10 seconds, less than the "
        "handler timeout (30 seconds): messages would be redelivered while still being "
        "processed. Fix: set the queue's visibility_timeout to at least 180 seconds (6x the "
        "timeout)"
    ) in str(raised.value)


def test_an_imported_queue_shows_no_setting_and_is_left_alone() -> None:
    stack = new_stack()
    queue = sqs.Queue.from_queue_arn(stack, "Team", "arn:aws:sqs:us-east-1:123456789012:team")
    worker = QueueWorker(
        stack, "Worker", handler=echo_handler(timeout=TIMEOUT), existing_queue=queue
    )
    assert not [e for e in worker.node.metadata if SHORT_VISIBILITY_WARNING in str(e.data)]
