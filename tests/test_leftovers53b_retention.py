"""Leftovers of this session's helpers (leftovers53b), QueueWorker's retention at synth:
a platform's Aspect bringing the worker's queue's retention within 15 minutes of its last
receive warns at synth, as the settings given when the worker is built do (the error
re-check existed). Each test of a fix failed before it."""

from __future__ import annotations

import aws_cdk as cdk
import jsii
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import QueueWorker
from tests.support import echo_handler, new_stack, warnings_of

_NEAR = "constructs_lib:retentionNearRetries"


@jsii.implements(cdk.IAspect)
class _QueuesKeep:
    """A platform's Aspect: every queue but the dead-letter ones keeps a message
    ``seconds``."""

    def __init__(self, seconds: int) -> None:
        self._seconds = seconds

    def visit(self, node: IConstruct) -> None:
        path = node.node.path
        if isinstance(node, sqs.CfnQueue) and not ("DeadLetter" in path or "Dlq" in path):
            node.message_retention_period = self._seconds


def test_an_aspect_bringing_the_worker_s_queue_near_its_receives_warns_at_synth() -> None:
    # Proves (leftovers53b): an Aspect cutting the worker's own queue (5 receives of 60 s:
    # 300 s) to 1000 s of retention, 700 s spare, passed in silence: only a retention ending
    # before the receives was re-checked at synth
    stack = new_stack()
    QueueWorker(stack, "Worker", handler=echo_handler())
    cdk.Aspects.of(stack).add(_QueuesKeep(1000))
    Template.from_stack(stack)  # a first synth: the second (Annotations') warns no more
    assert warnings_of(stack, _NEAR) == [
        "`queue` is the queue Test/Worker/Queue, whose redrive policy moves a message after 5 "
        "receives (read at synth): a message that fails every time is received 5 times, each "
        "receive hiding it for the visibility timeout of 60 seconds, so it can move to the "
        "dead-letter queue only 300 seconds after it was sent, and the queue keeps a message "
        "1000 seconds, only 700 seconds more: a failing message that also waits that long in "
        "a backlog (a throttled or paused function) is deleted before it reaches the "
        "dead-letter queue, sooner than the oldest-message alarm fires (15 minutes), so no "
        "alarm tells of it. Something changed it after the QueueWorker was built (an Aspect, "
        "or an escape hatch on its CfnQueue). Fix: leave the worker's queue out of what "
        "changed it, or keep its retention above 1200 seconds; if the queue never has a "
        f"backlog, acknowledge '{_NEAR}'. [ack: {_NEAR}]"
    ]


def test_an_aspect_bringing_an_existing_queue_near_its_receives_warns_at_synth() -> None:
    # an existing_queue with literal values far from its receives when the worker is built
    stack = new_stack()
    dead_letter = sqs.Queue(stack, "JobsDlq", retention_period=cdk.Duration.days(14))
    queue = sqs.Queue(
        stack,
        "Jobs",
        visibility_timeout=cdk.Duration.seconds(60),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=3),
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    cdk.Aspects.of(stack).add(_QueuesKeep(600))  # 420 s spare after 3 receives of 60 s
    (warning,) = warnings_of(stack, _NEAR)
    assert warning.startswith(
        "`existing_queue` is the queue Test/Jobs, whose redrive policy moves a message after "
        "3 receives (read at synth)"
    )
    assert "only 420 seconds more" in warning
    assert "Something changed it after the QueueWorker was built (an Aspect" in warning


def test_settings_as_built_are_warned_of_once_and_enough_spare_is_silent() -> None:
    # GIVEN a queue the worker warns of when built (8 receives of 43150 s in 345600 s)
    stack = new_stack()
    dead_letter = sqs.Queue(stack, "JobsDlq", retention_period=cdk.Duration.days(14))
    queue = sqs.Queue(
        stack,
        "Jobs",
        retention_period=cdk.Duration.seconds(345600),
        visibility_timeout=cdk.Duration.seconds(43150),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=8),
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    # THEN it warns once, as built, not again at synth
    (warning,) = warnings_of(stack, _NEAR)
    assert "(read at synth)" not in warning
    # AND an Aspect leaving 15 minutes or more spare is silent
    other = new_stack()
    QueueWorker(other, "Worker", handler=echo_handler())
    cdk.Aspects.of(other).add(_QueuesKeep(1200))  # 900 s spare
    assert warnings_of(other, _NEAR) == []
