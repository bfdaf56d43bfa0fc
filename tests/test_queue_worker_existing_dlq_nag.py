"""QueueWorker(existing_queue=...) of a queue the app defines with its dead-letter queue:
cdk-nag reports that dead-letter queue (Serverless-SQSRedrivePolicy: no redrive policy of its
own; AwsSolutions-SQS3 too in another stack than its queue, its rule searching one stack),
which the worker knows is the end of its queue's redrive chain and alarms on. The library
acknowledges those, with a reason naming the queue and the alarm, as StreamWorker does for
its dead-letter queue; any other queue of the user's keeps its findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_sqs as sqs

from constructs_lib import QueueWorker
from tests.support import CDK_CONTEXT, echo_handler, nag_findings

HANDLER = echo_handler(timeout=cdk.Duration.seconds(30))
ENV = cdk.Environment(account="123456789012", region="eu-west-1")


def _queues(
    stack: cdk.Stack, dlq_stack: cdk.Stack | None = None, receives: int = 4, **dlq: Any
) -> sqs.Queue:
    """The user's queue with its dead-letter queue (in ``dlq_stack``, default the same)."""
    dead_letter_queue = sqs.Queue(dlq_stack or stack, "Dlq", enforce_ssl=True, **dlq)
    return sqs.Queue(
        stack,
        "Orders",
        enforce_ssl=True,
        visibility_timeout=cdk.Duration.seconds(180),
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter_queue, max_receive_count=receives),
    )


def _suppressions(queue: sqs.IQueue) -> list[dict[str, Any]]:
    """The cdk-nag 2 metadata the library wrote on a queue (read after synth)."""
    cfn = queue.node.default_child
    assert isinstance(cfn, sqs.CfnQueue)
    return list((cfn.get_metadata("cdk_nag") or {}).get("rules_to_suppress", []))


def test_the_dead_letter_queue_of_an_existing_queue_of_the_app_gets_no_finding(
    tmp_path: Path,
) -> None:
    # GIVEN a worker of a queue the app defines with its dead-letter queue, one stack
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Orders", env=ENV)
    queue = _queues(stack)
    QueueWorker(stack, "Worker", handler=HANDLER, existing_queue=queue)
    # THEN cdk-nag reports nothing (it reported Serverless-SQSRedrivePolicy on Dlq)
    assert nag_findings(app, tmp_path) == set()
    # AND the reason names the queue and the worker's alarm
    (entry,) = _suppressions(queue.dead_letter_queue.queue)  # type: ignore[union-attr]
    assert entry["id"] == "Serverless-SQSRedrivePolicy"
    assert (
        "dead-letter queue of the queue Orders/Orders (its redrive policy, after 4"
        in (entry["reason"])
    )
    assert "Orders/Worker/DeadLetterQueueAlarm" in entry["reason"]


def test_a_dead_letter_queue_in_another_stack_than_its_queue_gets_no_finding(
    tmp_path: Path,
) -> None:
    # GIVEN the dead-letter queue in a shared stack, the queue and its worker in another
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    shared, orders = cdk.Stack(app, "Shared", env=ENV), cdk.Stack(app, "Orders", env=ENV)
    queue = _queues(orders, shared, receives=1)
    QueueWorker(orders, "Worker", handler=HANDLER, existing_queue=queue, alarms=False)
    # THEN cdk-nag reports nothing (it reported SQS3 too: its rule searches Shared only)
    assert nag_findings(app, tmp_path) == set()
    reasons = {e["id"]: e["reason"] for e in _suppressions(queue.dead_letter_queue.queue)}  # type: ignore[union-attr]
    assert set(reasons) == {"Serverless-SQSRedrivePolicy", "AwsSolutions-SQS3"}
    assert "alarms are off (alarms=False)" in reasons["AwsSolutions-SQS3"]
    assert "(its redrive policy, after 1 receive)" in reasons["AwsSolutions-SQS3"]


def test_queues_the_worker_does_not_know_as_dead_letter_queues_keep_their_findings(
    tmp_path: Path,
) -> None:
    # GIVEN a worker of a queue without a redrive policy, beside a queue no worker uses, and
    # a dead-letter queue with a redrive policy of its own (a chain)
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Orders", env=ENV)
    plain = sqs.Queue(stack, "Plain", enforce_ssl=True)
    QueueWorker(stack, "Plain Worker", handler=HANDLER, existing_queue=plain)
    sqs.Queue(stack, "Unused", enforce_ssl=True)
    last = sqs.Queue(stack, "Last", enforce_ssl=True)
    queue = _queues(stack, dead_letter_queue=sqs.DeadLetterQueue(queue=last, max_receive_count=1))
    QueueWorker(stack, "Worker", handler=HANDLER, existing_queue=queue)
    # THEN cdk-nag's findings on the user's queues stay: the library acknowledges nothing
    findings = nag_findings(app, tmp_path)
    assert {
        ("Serverless-SQSRedrivePolicy", "Orders/Plain/Resource"),
        ("AwsSolutions-SQS3", "Orders/Plain/Resource"),
        ("Serverless-SQSRedrivePolicy", "Orders/Unused/Resource"),
        ("AwsSolutions-SQS3", "Orders/Unused/Resource"),
        ("Serverless-SQSRedrivePolicy", "Orders/Last/Resource"),
    } <= findings
    assert not any(path.startswith("Orders/Dlq") for _rule, path in findings)
    assert _suppressions(queue.dead_letter_queue.queue) == []  # type: ignore[union-attr]
