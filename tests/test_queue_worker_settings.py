"""QueueWorker(max_message_size=..., fifo_high_throughput=..., enabled=...): SQS's
MaximumMessageSize (1 KiB..1 MiB, the dead-letter queue as large) and FIFO high throughput
(deduplication and the quota per message group, together), each refused where it cannot
apply; a worker created paused."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Size
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import ConstructError, QueueWorker
from constructs_lib._queue_consumers import SWITCHED_OFF_WARNING
from tests.support import (
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    in_stack,
    new_stack,
    rule_cases,
)

HANDLER = echo_handler(timeout=cdk.Duration.seconds(30))
MINE = InStack(
    lambda stack: sqs.Queue.from_queue_arn(stack, "Mine", "arn:aws:sqs:us-east-1:1:mine")
)
MINE_FIFO = InStack(
    lambda stack: sqs.Queue.from_queue_arn(stack, "Mine", "arn:aws:sqs:us-east-1:1:mine.fifo")
)


def _worker(**props: Any) -> QueueWorker:
    stack = new_stack()
    return QueueWorker(stack, "Worker", **in_stack({"handler": HANDLER, **props}, stack))


def _queue_properties(worker: QueueWorker) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Properties of the worker's queue and of its dead-letter queue."""
    stack = cdk.Stack.of(worker)
    resources = Template.from_stack(stack).to_json()["Resources"]

    def properties(queue: sqs.IQueue | None) -> dict[str, Any]:
        assert queue is not None
        resource = queue.node.default_child
        assert isinstance(resource, cdk.CfnResource)
        return resources[stack.get_logical_id(resource)]["Properties"]

    return properties(worker.queue), properties(worker.dead_letter_queue)


_SETTINGS = ("MaximumMessageSize", "DeduplicationScope", "FifoThroughputLimit")


@pytest.mark.parametrize("fifo", [False, True])
def test_left_out_the_queues_set_none_of_them(fifo: bool) -> None:
    queue, dead_letter_queue = _queue_properties(_worker(fifo=fifo))
    for properties in (queue, dead_letter_queue):
        assert not set(_SETTINGS) & set(properties)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (Size.kibibytes(1), 1024),  # SQS's lowest
        (Size.kibibytes(256), 262144),
        (Size.mebibytes(1), 1048576),  # SQS's highest since 2025
        (Size.bytes(2000), 2000),
    ],
)
def test_max_message_size_sets_the_queue_and_the_dead_letter_queue(
    size: Size, expected: int
) -> None:
    # GIVEN a worker whose messages may be as large as `size`
    queue, dead_letter_queue = _queue_properties(_worker(max_message_size=size))
    # THEN the queue takes them, and its dead-letter queue too (a message it is sent fits)
    assert queue["MaximumMessageSize"] == expected
    assert dead_letter_queue["MaximumMessageSize"] == expected


def test_a_deploy_time_size_is_passed_through() -> None:
    size = Size.bytes(cdk.Token.as_number(cdk.Fn.import_value("MessageBytes")))
    queue, dead_letter_queue = _queue_properties(_worker(max_message_size=size))
    assert queue["MaximumMessageSize"] == {"Fn::ImportValue": "MessageBytes"}
    assert dead_letter_queue["MaximumMessageSize"] == {"Fn::ImportValue": "MessageBytes"}


def test_a_deploy_time_size_in_kibibytes_is_refused_naming_size_bytes() -> None:
    # Proves (sweep38c): Size.kibibytes(<token>) failed with a raw jsii
    # MustBeSizeSpecifiedSize: aws-cdk-lib converts no token's unit to SQS's bytes
    size = Size.kibibytes(cdk.Token.as_number(cdk.Fn.import_value("MessageKiB")))
    assert_rule(
        _worker,
        {"max_message_size": size},
        r"Test/Worker: `max_message_size` is a deploy-time size in another unit than bytes.*"
        r"Fix: pass the value in bytes: Size.bytes\(",
    )


def test_fifo_high_throughput_sets_both_settings_on_the_queue() -> None:
    # GIVEN a FIFO worker in high throughput mode
    queue, dead_letter_queue = _queue_properties(_worker(fifo=True, fifo_high_throughput=True))
    # THEN the queue has both settings SQS needs together
    assert queue["DeduplicationScope"] == "messageGroup"
    assert queue["FifoThroughputLimit"] == "perMessageGroupId"
    assert queue["FifoQueue"] is True
    # AND the dead-letter queue stays FIFO (as SQS requires) with the normal quota
    assert dead_letter_queue["FifoQueue"] is True
    assert "DeduplicationScope" not in dead_letter_queue


def test_both_settings_together() -> None:
    size = Size.kibibytes(512)
    queue, dead_letter_queue = _queue_properties(
        _worker(fifo=True, fifo_high_throughput=True, max_message_size=size)
    )
    assert queue["MaximumMessageSize"] == dead_letter_queue["MaximumMessageSize"] == 524288
    assert queue["FifoThroughputLimit"] == "perMessageGroupId"


CASES: list[RuleCase] = [
    (
        "below 1 KiB",
        {"max_message_size": Size.bytes(1023)},
        r"`max_message_size` is 1023 bytes; SQS takes 1 KiB \(1024 bytes\) up to 1 MiB "
        r"\(1048576 bytes\)\. Fix: pass Size\.kibibytes\(1\) up to Size\.mebibytes\(1\)",
    ),
    (
        "above 1 MiB",
        {"max_message_size": Size.kibibytes(1025)},
        r"`max_message_size` is 1049600 bytes; SQS takes 1 KiB",
    ),
    (
        "part of a byte",
        {"max_message_size": Size.kibibytes(1.0005)},
        r"`max_message_size` is 1024\.51 bytes; SQS takes a whole number of bytes\. "
        r"Fix: pass Size\.bytes\(1024\)",
    ),
    (
        "a number of bytes",
        {"max_message_size": 262144},
        r"`max_message_size` is 262144, an int.*Fix: pass Size\.kibibytes\(256\) "
        r"\(= 262144 bytes\)",
    ),
    (
        "a number of KiB",
        {"max_message_size": 256},
        r"`max_message_size` is 256, an int.*Fix: pass Size\.bytes\(256\), or "
        r"Size\.kibibytes\(256\) if you meant KiB",
    ),
    (
        "with an existing queue",
        {"existing_queue": MINE, "max_message_size": Size.kibibytes(256)},
        r"`max_message_size` is set together with existing_queue, whose settings are its "
        r"owner's\. Fix: set max_message_size_bytes on your queue",
    ),
    (
        "high throughput on a standard queue",
        {"fifo_high_throughput": True},
        r"`fifo_high_throughput` is True on a standard queue: high throughput is a mode of "
        r"FIFO queues.*Fix: pass fifo=True too, or drop fifo_high_throughput",
    ),
    (
        "a deploy-time object as high throughput on a standard queue",
        {"fifo_high_throughput": cdk.Fn.get_att("Limits", "Value")},
        r"^1 invalid prop:\n  - Test/Worker: `fifo_high_throughput` is a deploy-time value "
        r"\(Fn::GetAtt Limits\.Value\) as an object, not encoded as a string, number or list; "
        r"it must be True or False\. Fix: pass True or False$",
    ),
    (
        "a deploy-time object as fifo, with a batching window and 100 messages a batch",
        {
            "fifo": cdk.Fn.get_att("Limits", "Value"),
            "batch_size": 100,
            "max_batching_window": cdk.Duration.seconds(5),
        },
        r"^1 invalid prop:\n  - Test/Worker: `fifo` is a deploy-time value \(Fn::GetAtt "
        r"Limits\.Value\) as an object, not encoded as a string, number or list; it must be "
        r"True or False\. Fix: pass True or False$",
    ),
    (
        "high throughput with an existing FIFO queue",
        {"existing_queue": MINE_FIFO, "fifo": True, "fifo_high_throughput": True},
        r"`fifo_high_throughput` is set together with existing_queue, whose settings are "
        r"its owner's\. Fix: set deduplication_scope=sqs\.DeduplicationScope\.MESSAGE_GROUP "
        r"and fifo_throughput_limit=sqs\.FifoThroughputLimit\.PER_MESSAGE_GROUP_ID on your "
        r"queue",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_worker, props, message)


def test_every_problem_is_listed_at_once() -> None:
    assert_every_problem(
        _worker,
        {"max_message_size": Size.bytes(10), "fifo_high_throughput": True},
        "Test/Worker",
        ["max_message_size", "fifo_high_throughput"],
    )


THEIRS = InStack(
    lambda stack: sqs.Queue.from_queue_arn(
        stack, "Theirs", "arn:aws:sqs:us-east-1:111111111111:orders-svc-FulfilmentQueue-AbC1"
    )
)


@pytest.mark.parametrize("queue", [None, THEIRS], ids=["own queue", "existing queue"])
def test_a_worker_created_paused_has_its_mapping_disabled(queue: InStack | None) -> None:
    # Proves (migrate44): a SAM SQS event's `Enabled: false` had no prop (StreamWorker and
    # ScheduledJob have `enabled`), and the reserved-concurrency warning sent users to the
    # CLI to pause a worker; moving off an app that still consumes the queue needs it
    # GIVEN a worker created paused
    worker = _worker(enabled=False, existing_queue=queue)
    # THEN its event source mapping is disabled, the rest unchanged
    template = Template.from_stack(cdk.Stack.of(worker))
    template.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {"Enabled": False, "FunctionResponseTypes": ["ReportBatchItemFailures"]},
    )


def test_a_worker_paused_with_its_function_switched_off_is_not_told_the_queue_drains() -> None:
    # Proves (sweep44): reserved_concurrency=0 warned that the event source throttles every
    # batch into the dead-letter queue, and told to pass enabled=False, also to a worker
    # created paused: its mapping receives nothing, so nothing drains
    for enabled, warned in ((False, False), (True, True)):
        worker = _worker(enabled=enabled, handler=echo_handler(reserved_concurrency=0))
        warnings = [
            str(entry.data)
            for entry in worker.node.metadata
            if entry.type == "aws:cdk:warning" and SWITCHED_OFF_WARNING in str(entry.data)
        ]
        assert bool(warnings) == warned


def test_a_worker_enabled_keeps_lambda_s_default_out_of_the_template() -> None:
    for worker in (_worker(), _worker(enabled=True)):
        template = Template.from_stack(cdk.Stack.of(worker))
        template.has_resource_properties(
            "AWS::Lambda::EventSourceMapping", {"Enabled": Match.absent()}
        )


def test_enabled_is_a_bool() -> None:
    # "false", SAM's spelling in a template, would be a truthy string
    with pytest.raises(ConstructError) as raised:
        _worker(enabled="false")
    assert [(p.path, p.prop) for p in raised.value.problems] == [("Test/Worker", "enabled")]
