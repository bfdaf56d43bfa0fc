"""QueueWorker(existing_queue=..., existing_dead_letter_queue=...): an imported queue's
dead-letter queue, which the library cannot see, watched as the worker's own would be."""

from __future__ import annotations

import json
import re
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import Monitoring, QueueWorker
from constructs_lib._existing_dead_letter_queue import NO_REDRIVE_POLICY_WARNING
from tests.support import (
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    in_stack,
    new_stack,
    rule_cases,
    warnings_of,
)

HANDLER = echo_handler(timeout=cdk.Duration.seconds(30))
ARN = "arn:aws:sqs:us-east-1:123456789012:{}"
ENV = cdk.Environment(account="123456789012", region="us-east-1")


def _queue(name: str, id: str | None = None) -> InStack:
    """A queue of this account imported by its ARN (a name ending .fifo: a FIFO queue)."""
    return InStack(lambda stack: sqs.Queue.from_queue_arn(stack, id or name, ARN.format(name)))


def _worker(stack: cdk.Stack | None = None, **props: Any) -> tuple[QueueWorker, Template]:
    stack = stack or new_stack(env=ENV)
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"), dashboard=True)
    worker = QueueWorker(stack, "Worker", **in_stack({"handler": HANDLER, **props}, stack))
    return worker, Template.from_stack(stack)


def _alarm(template: Template, prefix: str) -> dict[str, Any]:
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    (found,) = [a["Properties"] for k, a in alarms.items() if k.startswith(prefix)]
    return found


def test_an_imported_queues_dead_letter_queue_gets_the_workers_alarm_and_graph() -> None:
    # GIVEN an imported queue and its imported dead-letter queue
    worker, template = _worker(
        existing_queue=_queue("uploads"), existing_dead_letter_queue=_queue("uploads-dlq")
    )
    # THEN the dead-letter alarm is the one a created DLQ gets (name, metric, threshold)
    alarm = _alarm(template, "WorkerDeadLetterQueueAlarm")
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["Threshold"] == 1 and alarm["Statistic"] == "Maximum" and alarm["Period"] == 60
    assert alarm["Dimensions"] == [{"Name": "QueueName", "Value": "uploads-dlq"}]
    assert alarm["AlarmDescription"].startswith(
        "Test/Worker: messages failed the receives of the queue's redrive policy and are in "
        "the dead-letter queue uploads-dlq (kept for its retention period)."
    )
    assert "move them back to uploads:" in alarm["AlarmDescription"]
    assert len(worker.alarms) == 4  # errors, throttles, backlog, dead-letter queue
    # AND the dashboard graphs its depth beside the queue's
    (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
    assert "uploads-dlq" in json.dumps(dashboard["Properties"]["DashboardBody"])
    # AND neither queue is created or changed, and the attribute stays the worker's own DLQ
    template.resource_count_is("AWS::SQS::Queue", 0)
    template.resource_count_is("AWS::SQS::QueuePolicy", 0)
    assert worker.dead_letter_queue is None


def test_legitimate_pairs_pass() -> None:
    # a FIFO pair, in an environment-agnostic stack
    worker, _ = _worker(
        new_stack(),
        existing_queue=_queue("jobs.fifo"),
        existing_dead_letter_queue=_queue("jobs-dlq.fifo"),
        fifo=True,
    )
    assert len(worker.alarms) == 4
    # a queue of the app and the dead-letter queue its redrive policy names
    stack = new_stack(env=ENV)
    queue = _queue_with_redrive(stack)
    dlq = queue.dead_letter_queue.queue if queue.dead_letter_queue else None
    worker, template = _worker(stack, existing_queue=queue, existing_dead_letter_queue=dlq)
    description = _alarm(template, "WorkerDeadLetterQueueAlarm")["AlarmDescription"]
    assert "messages failed 4 receives" in json.dumps(description)  # its redrive policy's
    assert warnings_of(stack, NO_REDRIVE_POLICY_WARNING) == []


def test_a_dead_letter_queue_imported_by_a_token_arn_is_of_an_unknown_type() -> None:
    # GIVEN a FIFO queue and its dead-letter queue imported by another stack's export, whose
    # name (.fifo or not) the ARN token hides: aws-cdk-lib answers fifo False for it
    for imported in (
        lambda stack: sqs.Queue.from_queue_arn(stack, "Dlq", cdk.Fn.import_value("DlqArn")),
        lambda stack: sqs.Queue.from_queue_attributes(
            stack, "Dlq", queue_arn=cdk.Fn.import_value("DlqArn")
        ),
    ):
        # THEN the pair passes, and the alarm watches the imported queue
        worker, _ = _worker(
            existing_queue=_queue("jobs.fifo"),
            existing_dead_letter_queue=InStack(imported),
            fifo=True,
        )
        assert len(worker.alarms) == 4


def _queue_with_redrive(stack: cdk.Stack) -> sqs.Queue:
    """A queue of the app whose redrive policy names the app's queue "Poison"."""
    poison = sqs.Queue(stack, "Poison", enforce_ssl=True)
    return sqs.Queue(
        stack,
        "Orders",
        visibility_timeout=cdk.Duration.minutes(3),
        dead_letter_queue=sqs.DeadLetterQueue(queue=poison, max_receive_count=4),
    )


def _rule(props: dict[str, Any]) -> tuple[QueueWorker, Template]:
    return _worker(**props)


CASES: list[RuleCase] = [
    (
        "without existing_queue",
        {"existing_dead_letter_queue": _queue("uploads-dlq")},
        r"Test/Worker: `existing_dead_letter_queue` is set without existing_queue: QueueWorker "
        r"creates its queue and that queue's dead-letter queue.* Fix: pass existing_queue= too",
    ),
    (
        "the queue itself",
        {
            "existing_queue": _queue("uploads"),
            "existing_dead_letter_queue": _queue("uploads", "Again"),
        },
        r"`existing_dead_letter_queue` is existing_queue itself.* Fix: pass the queue that "
        r"existing_queue's redrive policy names",
    ),
    (
        "FIFO for a standard queue",
        {
            "existing_queue": _queue("uploads"),
            "existing_dead_letter_queue": _queue("uploads-dlq.fifo"),
        },
        r"`existing_dead_letter_queue` is a FIFO queue, but existing_queue is a standard queue: "
        r"SQS requires a dead-letter queue of its source queue's type",
    ),
    (
        "FIFO by fifo=True, for a standard queue",  # the ARN a token: the type stated
        {
            "existing_queue": _queue("uploads"),
            "existing_dead_letter_queue": InStack(
                lambda s: sqs.Queue.from_queue_attributes(
                    s, "Dlq", queue_arn=cdk.Fn.import_value("DlqArn"), fifo=True
                )
            ),
        },
        r"`existing_dead_letter_queue` is a FIFO queue, but existing_queue is a standard queue",
    ),
    (
        "standard for a FIFO queue",
        {
            "existing_queue": _queue("jobs.fifo"),
            "existing_dead_letter_queue": _queue("jobs-dlq"),
            "fifo": True,
        },
        r"`existing_dead_letter_queue` is a standard queue, but existing_queue is a FIFO queue",
    ),
    (
        "another region",
        {
            "existing_queue": _queue("uploads"),
            "existing_dead_letter_queue": InStack(
                lambda s: sqs.Queue.from_queue_arn(
                    s, "Dlq", "arn:aws:sqs:eu-west-1:123456789012:uploads-dlq"
                )
            ),
        },
        r"`existing_dead_letter_queue` is in region eu-west-1, not existing_queue's us-east-1: "
        r"SQS keeps a dead-letter queue in its source queue's region and account",
    ),
    (
        "not a queue's ARN",
        {
            "existing_queue": _queue("uploads"),
            "existing_dead_letter_queue": InStack(
                lambda s: sqs.Queue.from_queue_arn(
                    s, "Dlq", "arn:aws:sns:us-east-1:123456789012:uploads-dlq"
                )
            ),
        },
        r"`existing_dead_letter_queue` .*sns",
    ),
    (
        "not the redrive policy's",
        {
            "existing_queue": InStack(_queue_with_redrive),
            "existing_dead_letter_queue": InStack(
                lambda s: sqs.Queue(s, "Other", enforce_ssl=True)
            ),
        },
        r"`existing_dead_letter_queue` is .*Other.*, but existing_queue's redrive policy sends "
        r"its failed messages to .*Poison",
    ),
]


def test_a_redrive_policy_written_on_the_cfn_queue_counts_as_one() -> None:
    stack = new_stack(env=ENV)
    poison = sqs.Queue(stack, "Poison", enforce_ssl=True)
    queue = sqs.Queue(stack, "Orders", visibility_timeout=cdk.Duration.minutes(3))
    cfn = queue.node.default_child
    assert isinstance(cfn, sqs.CfnQueue)
    cfn.redrive_policy = {"deadLetterTargetArn": poison.queue_arn, "maxReceiveCount": 4}
    worker, _ = _worker(stack, existing_queue=queue, existing_dead_letter_queue=poison)
    assert worker.alarms
    assert warnings_of(stack, NO_REDRIVE_POLICY_WARNING) == []


def test_a_queue_of_the_app_without_a_redrive_policy_warns() -> None:
    # GIVEN a queue of the app that shows no redrive policy (it synthesized silently, an
    # alarm on a queue no message reaches)
    stack = new_stack(env=ENV)
    poison = sqs.Queue(stack, "Poison", enforce_ssl=True)
    queue = sqs.Queue(stack, "Orders", visibility_timeout=cdk.Duration.minutes(3))
    _worker(stack, existing_queue=queue, existing_dead_letter_queue=poison)
    # THEN a warning names both queues and the fix
    (warning,) = warnings_of(stack, NO_REDRIVE_POLICY_WARNING)
    assert re.search(
        r"existing_dead_letter_queue is .*Poison.*, but existing_queue .*Orders.* shows no "
        r"redrive policy.* Fix: give existing_queue its dead-letter queue",
        warning,
    )


def test_a_redrive_policy_written_by_an_override_passes() -> None:
    # GIVEN a queue of the app whose redrive policy an escape hatch writes, which aws-cdk-lib
    # keeps where the library cannot read it (bad39b refused the pair)
    for override in (
        lambda cfn, arn: cfn.add_property_override(
            "RedrivePolicy", {"deadLetterTargetArn": arn, "maxReceiveCount": 4}
        ),
        lambda cfn, arn: cfn.add_override("Properties.RedrivePolicy.deadLetterTargetArn", arn),
    ):
        stack = new_stack(env=ENV)
        poison = sqs.Queue(stack, "Poison", enforce_ssl=True)
        queue = sqs.Queue(stack, "Orders", visibility_timeout=cdk.Duration.minutes(3))
        override(queue.node.default_child, poison.queue_arn)
        Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
        worker = QueueWorker(
            stack,
            "Worker",
            handler=HANDLER,
            existing_queue=queue,
            existing_dead_letter_queue=poison,
        )
        cdk.Annotations.of(worker).acknowledge_warning(
            NO_REDRIVE_POLICY_WARNING, "its RedrivePolicy is an override"
        )
        # THEN the worker alarms on it, and the acknowledged warning is gone
        assert len(worker.alarms) == 4
        assert warnings_of(stack, NO_REDRIVE_POLICY_WARNING) == []


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_rule, {"props": props}, message)


def test_every_problem_at_once() -> None:
    assert_every_problem(
        _rule,
        {
            "props": {
                "existing_queue": _queue("uploads"),
                "existing_dead_letter_queue": _queue("uploads-dlq.fifo"),
                "max_receive_count": 3,
            }
        },
        "Test/Worker",
        ["max_receive_count", "existing_dead_letter_queue"],
    )
