"""Third round of injector follow-ups: what a property injector
(``cdk.PropertyInjectors.of(scope).add(...)``) may change in a QueueWorker's dead-letter
queue against its queue, in the library's roles under ``iam.Role.customize_roles`` and
in their trust conditions, in the library's lifecycle rules, in the names of aws-cdk-lib's
own helpers below the library's constructs, and in a StaticSite's minimum TLS version.
What the construct relies on is a ConstructError naming the resource, the property and
the fix; what does not break it passes and is in the template."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration, Size
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import QueueWorker
from tests.support import echo_handler, raised, warnings_of
from tests.test_injectors53b import _only
from tests.test_trial53 import Blueprint, Props, _set, _stack_with

_SKIP = "Fix: leave it out of the props your property injector returns"


def _worker(stack: cdk.Stack, **props: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False, **props)


def _queues(stack: cdk.Stack) -> dict[str, dict[str, Any]]:
    """The worker's queues' properties, by construct id (``Queue``, ``DeadLetterQueue``)."""
    found = Template.from_stack(stack).find_resources("AWS::SQS::Queue")
    return {
        "DeadLetterQueue" if "DeadLetter" in k else "Queue": v["Properties"]
        for k, v in found.items()
    }


# --- 1. a QueueWorker's dead-letter queue against its queue --------------------------------


def test_a_dead_letter_queue_smaller_than_its_queue_is_refused() -> None:
    # GIVEN an injector lowering the dead-letter queue's largest message below the queue's
    # (SQS's default, 1 MiB, as the worker names none)
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(maxMessageSizeBytes=65536)))
    )
    # THEN building the worker is refused at the dead-letter queue: a failing message
    # larger than that cannot be kept there
    assert str(raised(lambda: _worker(stack))) == (
        "1 invalid prop:\n  - Test/Worker/DeadLetterQueue: `max_message_size_bytes` is 65536: "
        "a property injector of sqs.Queue (cdk.PropertyInjectors) returned "
        "maxMessageSizeBytes=65536 for the QueueWorker's dead-letter queue, below its "
        "queue's 1048576 (Test/Worker/Queue): SQS refuses a message larger than a queue's "
        "MaximumMessageSize and documents no exception for the messages a redrive policy "
        "moves, so a failing message of more than 65536 bytes is never kept there to read "
        "or redrive. Fix: leave it out of the props your property injector returns for the "
        "library's resources (return original_props unchanged when any(type(s).__module__"
        ".startswith('constructs_lib') for s in scope.node.scopes)), or return 1048576 or "
        "more (the queue's size)"
    )


def test_a_dead_letter_queue_smaller_than_the_workers_max_message_size_is_refused() -> None:
    # GIVEN a worker taking 512 KiB messages and an injector giving its dead-letter queue 256
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(maxMessageSizeBytes=262144)))
    )
    # THEN the queue's size is the one compared
    message = str(raised(lambda: _worker(stack, max_message_size=Size.kibibytes(512))))
    assert "below its queue's 524288 (Test/Worker/Queue)" in message


def test_one_message_size_for_every_queue_passes() -> None:
    # GIVEN a platform's blueprint giving every queue 256 KiB messages
    stack = _stack_with(Blueprint(sqs.Queue, _set(maxMessageSizeBytes=262144)))
    # WHEN a worker is built
    _worker(stack)
    # THEN both queues take 256 KiB: the dead-letter queue keeps whatever the queue took
    queues = _queues(stack)
    assert queues["Queue"]["MaximumMessageSize"] == 262144
    assert queues["DeadLetterQueue"]["MaximumMessageSize"] == 262144


def test_a_dead_letter_queue_keeping_messages_shorter_than_its_queue_is_refused() -> None:
    # GIVEN an injector giving the dead-letter queue one day (the queue keeps SQS's 4 days)
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(retentionPeriod=Duration.days(1))))
    )
    # THEN building the worker is refused as the queues are created, naming the injector
    # (the check at synth named an Aspect or an escape hatch)
    assert str(raised(lambda: _worker(stack))) == (
        "1 invalid prop:\n  - Test/Worker/DeadLetterQueue: `retention_period` is 86400 "
        "seconds: a property injector of sqs.Queue (cdk.PropertyInjectors) returned a "
        "shorter retentionPeriod for the QueueWorker's dead-letter queue than its queue's "
        "(345600 seconds, Test/Worker/Queue): SQS counts a standard queue's message's "
        "retention from when it was first sent, so a message that reaches the dead-letter "
        "queue after 86400 seconds in the queue is deleted on arrival, never seen nor "
        "redriven. Fix: leave it out of the props your property injector returns for the "
        "library's resources (return original_props unchanged when any(type(s).__module__"
        ".startswith('constructs_lib') for s in scope.node.scopes)), or return a "
        "retentionPeriod of at least the queue's (the library keeps 14 days there, SQS's "
        "longest)"
    )


def test_a_queue_kept_longer_than_its_dead_letter_queue_is_refused() -> None:
    # GIVEN an injector giving the worker's queue 14 days and its dead-letter queue 7
    def retention(props: Props, scope: Construct, id: str) -> Props:
        days = 14 if id == "Queue" else 7
        return {**props, "retentionPeriod": Duration.days(days)}

    stack = _stack_with(Blueprint(sqs.Queue, retention))
    # THEN it is refused: a message failing after 7 days in the queue is lost on arrival
    message = str(raised(lambda: _worker(stack)))
    assert "`retention_period` is 604800 seconds" in message
    assert "than its queue's (1209600 seconds, Test/Worker/Queue)" in message


def test_one_retention_for_every_queue_passes_with_the_dead_letter_warning() -> None:
    # GIVEN a platform's blueprint keeping every queue's messages 7 days
    stack = _stack_with(Blueprint(sqs.Queue, _set(retentionPeriod=Duration.days(7))))
    # WHEN a worker is built
    _worker(stack)
    # THEN both keep 7 days, and the worker warns that its dead-letter queue keeps a failed
    # message shorter than the 14 days its alarm says
    queues = _queues(stack)
    assert queues["Queue"]["MessageRetentionPeriod"] == 604800
    assert queues["DeadLetterQueue"]["MessageRetentionPeriod"] == 604800
    assert warnings_of(stack, "constructs_lib:deadLetterRetentionShortened")


def test_a_fifo_dead_letter_queue_kept_shorter_passes() -> None:
    # GIVEN a FIFO worker and an injector giving its dead-letter queue one day: a FIFO
    # queue's message starts its retention again in the dead-letter queue
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(retentionPeriod=Duration.days(1))))
    )
    _worker(stack, fifo=True)
    # THEN it passes, with the injector's retention in the template
    assert _queues(stack)["DeadLetterQueue"]["MessageRetentionPeriod"] == 86400


@pytest.mark.parametrize("size", [524288, 1048576])
def test_a_dead_letter_queue_larger_than_its_queue_passes(size: int) -> None:
    # GIVEN a worker taking 256 KiB messages and an injector giving its dead-letter queue more
    stack = _stack_with(
        Blueprint(sqs.Queue, _only("DeadLetterQueue", _set(maxMessageSizeBytes=size)))
    )
    _worker(stack, max_message_size=Size.kibibytes(256))
    # THEN it passes: the dead-letter queue keeps every message the queue took
    assert _queues(stack)["DeadLetterQueue"]["MaximumMessageSize"] == size
