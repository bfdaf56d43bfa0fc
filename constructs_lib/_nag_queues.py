"""QueueWorker's cdk-nag acknowledgements on a queue of the user's: the dead-letter queue
of an ``existing_queue`` defined in the app. cdk-nag reports every queue without a redrive
policy of its own (Serverless-SQSRedrivePolicy), a dead-letter queue too, and a queue that
no queue of its own stack redrives into (AwsSolutions-SQS3 searches that stack only); the
worker knows the queue is the end of its queue's redrive chain, and alarms on it. Kept
apart from ``_nag`` for its size, as ``_nag_streams`` is."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _nag
from constructs_lib._jsii import same_jsii_object
from constructs_lib._words import counted

__all__ = ["acknowledge_existing_dead_letter_queue"]


def acknowledge_existing_dead_letter_queue(
    worker: Construct, queue: sqs.IQueue, *, alarms: bool | None
) -> None:
    """The findings on the dead-letter queue of ``queue`` (the worker's ``existing_queue``)
    when both are queues of the app; an imported queue's are its owner's, and a
    dead-letter queue with a redrive policy of its own has no such finding."""
    redrive = getattr(queue, "dead_letter_queue", None)
    if not isinstance(queue, sqs.Queue) or not isinstance(redrive, sqs.DeadLetterQueue):
        return
    dead_letter_queue = redrive.queue
    if not isinstance(dead_letter_queue, sqs.Queue) or _redriven(dead_letter_queue):
        return
    source = f"the queue {queue.node.path}"
    alarm = (
        "the worker's alarms are off (alarms=False)"
        if alarms is False
        else f"the worker's dead-letter alarm ({worker.node.path}/DeadLetterQueueAlarm) "
        "fires on its first message"
    )
    receives = redrive.max_receive_count
    chain = (
        f"This queue is the dead-letter queue of {source} (its redrive policy, after "
        f"{counted(receives, 'receive')}), which the QueueWorker "
        f"{worker.node.path} consumes"
    )
    rules = [
        (
            "Serverless-SQSRedrivePolicy",
            f"{chain}: the end of that redrive chain, where failed messages wait for "
            f"inspection and redrive, not for another queue; {alarm}.",
        )
    ]
    if not same_jsii_object(Stack.of(dead_letter_queue), Stack.of(queue)):
        rules.append(
            (
                "AwsSolutions-SQS3",
                f"{chain}, of another stack: cdk-nag looks for the queue redriving into a "
                f"queue in that queue's own stack only; {alarm}.",
            )
        )
    _nag.acknowledge(dead_letter_queue, *rules)


def _redriven(queue: sqs.Queue) -> bool:
    """Whether the queue has a redrive policy itself (cdk-nag's rules then pass)."""
    cfn = queue.node.default_child
    return queue.dead_letter_queue is not None or (
        isinstance(cfn, sqs.CfnQueue) and cfn.redrive_policy is not None
    )
