"""QueueWorker: every default as a spec, and every validation rule by its message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import ConstructError, QueueWorker
from constructs_lib._queue_consumers import SWITCHED_OFF_WARNING
from tests.support import (
    FUNCTION_DEFAULTS,
    InStack,
    RuleCase,
    assert_construct_function_parts,
    assert_rule,
    echo_handler,
    in_stack,
    networked_canary_options,
    new_app,
    new_stack,
    rule_cases,
)

HANDLER = echo_handler(timeout=cdk.Duration.seconds(30))


MINE = "arn:aws:sqs:us-east-1:123456789012:mine"
#: an existing standard queue, imported by its ARN
STANDARD_QUEUE = InStack(lambda stack: sqs.Queue.from_queue_arn(stack, "Mine", MINE))


def _worker(**props: Any) -> tuple[QueueWorker, Template]:
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", **in_stack({"handler": HANDLER, **props}, stack))
    return worker, Template.from_stack(stack)


@pytest.fixture(scope="module")
def default() -> tuple[QueueWorker, Template]:
    return _worker()


def _queues(template: Template) -> dict[str, Any]:
    return template.find_resources("AWS::SQS::Queue")


def test_queue_is_encrypted_retained_and_redrives_to_the_dlq(template: Template) -> None:
    template.has_resource(
        "AWS::SQS::Queue",
        {
            "DeletionPolicy": "Retain",
            "Properties": {
                "SqsManagedSseEnabled": True,
                "VisibilityTimeout": 180,  # 6 x 30 s
                "RedrivePolicy": {
                    "deadLetterTargetArn": {
                        "Fn::GetAtt": [Match.string_like_regexp("WorkerDeadLetterQueue"), "Arn"]
                    },
                    "maxReceiveCount": 5,
                },
            },
        },
    )


def test_dead_letter_queue_keeps_messages_14_days(template: Template) -> None:
    template.has_resource(
        "AWS::SQS::Queue",
        {
            "DeletionPolicy": "Retain",
            "Properties": {"SqsManagedSseEnabled": True, "MessageRetentionPeriod": 1209600},
        },
    )


def test_both_queues_deny_non_tls_access(template: Template) -> None:
    policies = template.find_resources("AWS::SQS::QueuePolicy")
    assert len(policies) == 2
    for policy in policies.values():
        (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
        assert statement["Effect"] == "Deny"
        assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_event_source_mapping_invokes_the_live_alias_with_partial_failures(
    template: Template,
) -> None:
    template.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {
            "BatchSize": 10,
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "EventSourceArn": {"Fn::GetAtt": [Match.string_like_regexp("WorkerQueue"), "Arn"]},
        },
    )
    (mapping,) = template.find_resources("AWS::Lambda::EventSourceMapping").values()
    # the qualified name "<function>:live"
    assert json.dumps(mapping["Properties"]["FunctionName"]).endswith('":live"]]}')


def test_function_can_consume_only_its_queue(template: Template) -> None:
    statements = [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "sqs:DeleteMessage" in statement["Action"]
    ]
    assert len(statements) == 1
    assert statements[0]["Resource"] == {"Fn::GetAtt": [_logical_id(template, "Queue"), "Arn"]}


def _logical_id(template: Template, child: str) -> str:
    (logical_id,) = [k for k in _queues(template) if k.startswith(f"Worker{child}")]
    return logical_id


def test_function_has_the_library_defaults(template: Template) -> None:
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            **FUNCTION_DEFAULTS,
            "Timeout": 30,
            "Environment": {
                "Variables": {"QUEUE_URL": {"Ref": Match.string_like_regexp("WorkerQueue")}}
            },
        },
    )


def test_attributes(default: tuple[QueueWorker, Template]) -> None:
    worker, _ = default
    assert worker.queue.node.id == "Queue"
    assert (
        worker.dead_letter_queue is not None
        and worker.dead_letter_queue.node.id == "DeadLetterQueue"
    )
    assert worker.alias.alias_name == "live"
    assert worker.event_source.event_source_mapping_id is not None


@pytest.mark.parametrize("networked_canary", [False, True])
def test_role_security_group_and_deployment_group_are_typed_attributes(
    networked_canary: bool,
) -> None:
    # Proves (API review): the function's role was reachable only as function.role, typed
    # IRole | None (README's acknowledge(worker.function.role, ...) failed mypy --strict),
    # and its security group and CodeDeploy deployment group not at all
    stack = new_stack()
    options = networked_canary_options(stack, networked_canary)
    worker = QueueWorker(stack, "Worker", handler=HANDLER, **options)
    assert_construct_function_parts(worker, networked_canary=networked_canary)
    # AND it is read-only: the function uses what was built, whatever the attribute holds
    with pytest.raises(ConstructError, match=r"Test/Worker: `deployment_group` is assigned None"):
        worker.deployment_group = None


def test_fifo_creates_fifo_queue_and_dlq_with_content_dedup() -> None:
    _, template = _worker(fifo=True)
    queues = _queues(template)
    assert len(queues) == 2
    for queue in queues.values():
        assert queue["Properties"]["FifoQueue"] is True
        assert queue["Properties"]["ContentBasedDeduplication"] is True


def test_batching_options_and_concurrency() -> None:
    _, template = _worker(
        batch_size=100, max_batching_window=cdk.Duration.seconds(5), max_concurrency=3
    )
    template.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {
            "BatchSize": 100,
            "MaximumBatchingWindowInSeconds": 5,
            "ScalingConfig": {"MaximumConcurrency": 3},
        },
    )


def test_a_big_batch_with_a_deploy_time_window_is_the_users_to_size() -> None:
    # Proves (sweep21): batch_size=100 with max_batching_window=Duration.seconds(<a number
    # parameter>), the form the props table documents, was refused as if no window was given
    stack = new_stack()
    window = cdk.CfnParameter(stack, "Window", type="Number").value_as_number
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(),
        batch_size=100,
        max_batching_window=cdk.Duration.seconds(window),
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {"BatchSize": 100, "MaximumBatchingWindowInSeconds": {"Ref": "Window"}},
    )


def test_existing_queue_is_consumed_and_no_queue_is_created() -> None:
    worker, template = _worker(existing_queue=STANDARD_QUEUE)
    template.resource_count_is("AWS::SQS::Queue", 0)
    assert worker.dead_letter_queue is None
    template.has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        {"EventSourceArn": MINE},
    )


def test_an_app_queue_with_sqs_default_visibility_covers_a_30_second_handler() -> None:
    # GIVEN a queue of the app that sets no visibility timeout (SQS's 30 s) and the
    # default test handler (30 s) WHEN a worker consumes it THEN it synthesizes
    stack = new_stack()
    queue = sqs.Queue(stack, "Mine", enforce_ssl=True)
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    Template.from_stack(stack).resource_count_is("AWS::Lambda::EventSourceMapping", 1)


CASES: list[RuleCase] = [
    (
        "batch size",
        {"batch_size": 0},
        r"Test/Worker: `batch_size` is 0; it must be between 1 and 10000",
    ),
    (
        "fifo batch size",
        {"fifo": True, "batch_size": 11},
        r"`batch_size` is 11; it must be between 1 and 10",
    ),
    (
        "big batch needs window",
        {"batch_size": 50},
        r"batches above 10 need max_batching_window of at least 1 second",
    ),
    (
        # Proves (messages review): the fix ended "or batch_size <= 10", which is no Python
        "big batch needs window fix",
        {"batch_size": 50},
        r"Fix: pass max_batching_window=Duration.seconds\(1\) or more, or batch_size=10 or less",
    ),
    (
        "window range",
        {"max_batching_window": cdk.Duration.minutes(6)},
        r"`max_batching_window` is 360 seconds; it must be between 0 and 300",
    ),
    (
        # Proves (messages review): the fix read "pass a value from 0 to 300", and a number is
        # refused
        "window range fix",
        {"max_batching_window": cdk.Duration.minutes(6)},
        r"Fix: pass Duration.seconds\(n\) with n from 0 to 300$",
    ),
    (  # Proves (docs review): a fraction of a second was aws-cdk-lib's jsii error
        "window of a fraction of a second",
        {"max_batching_window": cdk.Duration.millis(500)},
        r"`max_batching_window` is 0.5 seconds; it is set in whole seconds.*"
        r"Duration.seconds\(1\)",
    ),
    (
        "fifo window",
        {"fifo": True, "max_batching_window": cdk.Duration.seconds(1)},
        r"is set on a FIFO queue, which does not support batching windows",
    ),
    (
        # Proves (sweep21): a deploy-time window on a FIFO queue (only a known one was
        # checked) was aws-cdk-lib's raw jsii error "Batching window is not supported for FIFO
        # queues", naming no prop
        "fifo deploy-time window",
        {
            "fifo": True,
            "max_batching_window": cdk.Duration.seconds(cdk.Token.as_number({"Ref": "W"})),
        },
        r"`max_batching_window` is set on a FIFO queue, which does not support batching windows",
    ),
    (
        "concurrency",
        {"max_concurrency": 1},
        r"`max_concurrency` is 1; it must be between 2 and 1000",
    ),
    # Proves (user trial): Handler(reserved_concurrency=2) with max_concurrency=5, or with no
    # max_concurrency at all, synthesized silently: Lambda throttles the event source's
    # batches above the reservation, and they reach the dead-letter queue without running
    (
        "reserved concurrency below max_concurrency",
        {"handler": echo_handler(reserved_concurrency=2), "max_concurrency": 5},
        r"Test/Worker: `max_concurrency` is 5, above handler.reserved_concurrency \(2\): "
        r"Lambda throttles the batches above the reserved concurrency; each goes back to the "
        r"queue as a failed receive.*dead-letter queue after max_receive_count "
        r"receives without having run\. Fix: pass max_concurrency=2 \(at most the reserved "
        r"concurrency\), or raise reserved_concurrency to 5$",
    ),
    (
        "reserved concurrency 1 with max_concurrency",
        {"handler": echo_handler(reserved_concurrency=1), "max_concurrency": 2},
        r"`max_concurrency` is 2, above handler.reserved_concurrency \(1\).*"
        r"Fix: set reserved_concurrency to 2, or drop it \(max_concurrency is 2 at least\); "
        r"to handle one message at a time, pass fifo=True and send every message with the "
        r"same MessageGroupId",
    ),
    (
        "reserved concurrency without max_concurrency",
        {"handler": echo_handler(reserved_concurrency=1)},
        r"Test/Worker: `handler.reserved_concurrency` is 1, but the queue's event source has "
        r"no max_concurrency: it invokes up to 1000 batches at once.*Fix: pass "
        r"max_concurrency=2 to the QueueWorker \(the least an SQS event source takes\) and "
        r"drop reserved_concurrency or raise it to 2; to handle one message at a time, pass "
        r"fifo=True",
    ),
    (  # Proves (review): for a reservation of 1 the fix said "keep it at max_concurrency or
        # more", which no max_concurrency (2 at least) allows
        "reserved concurrency 3 without max_concurrency",
        {"handler": echo_handler(reserved_concurrency=3)},
        r"Fix: pass max_concurrency=3 to the QueueWorker \(its event source then stops reading "
        r"the queue at 3\) and drop reserved_concurrency, or keep it at max_concurrency or more$",
    ),
    ("receive count", {"max_receive_count": 0}, r"`max_receive_count` is 0; it must be between 1"),
    (
        "visibility below 6x",
        {"visibility_timeout": cdk.Duration.seconds(60)},
        # Proves (messages review): the timeout read "(180 s)", every other message "seconds"
        r"`visibility_timeout` is 60 seconds, less than 6x the handler timeout \(180 seconds\).*"
        r"Duration.seconds\(180\)",
    ),
    (  # Proves (docs review): a fraction of a second was aws-cdk-lib's jsii error
        "visibility of a fraction of a second",
        {"visibility_timeout": cdk.Duration.millis(180_500)},
        r"`visibility_timeout` is 180.5 seconds; it is set in whole seconds",
    ),
    (
        "existing queue with visibility",
        {"existing_queue": STANDARD_QUEUE, "visibility_timeout": cdk.Duration.seconds(600)},
        r"`visibility_timeout` is set together with existing_queue",
    ),
    (
        "visibility range",
        {"visibility_timeout": cdk.Duration.hours(13)},
        r"`visibility_timeout` is 46800 seconds; it must be between 0 and 43200 seconds",
    ),
    (
        "existing queue with receive count",
        {"existing_queue": STANDARD_QUEUE, "max_receive_count": 3},
        r"`max_receive_count` is set together with existing_queue",
    ),
    (
        "existing queue fifo mismatch",
        {"existing_queue": STANDARD_QUEUE, "fifo": True},
        r"`fifo` is True, but existing_queue is not FIFO",
    ),
    ("handler", {"handler": echo_handler(memory_mib=1)}, r"`handler.memory_mib` is 1 MiB"),
    (
        "existing queue whose visibility timeout is below the function timeout",
        {
            "existing_queue": InStack(
                lambda stack: sqs.Queue(stack, "Mine", visibility_timeout=cdk.Duration.seconds(5))
            )
        },
        r"`existing_queue` has a visibility timeout of 5 seconds, less than the handler "
        r"timeout \(30 seconds\).*at least 180 seconds",
    ),
    # Proves (user trial): a queue of the app that sets no visibility timeout (SQS's
    # default, 30 s) under a 60 s handler synthesized silently; Lambda refuses the event
    # source mapping at deploy ("Queue visibility timeout: 30 seconds is less than Function
    # timeout: 60 seconds").
    (
        "existing queue with SQS's default visibility timeout below the function timeout",
        {
            "existing_queue": InStack(lambda stack: sqs.Queue(stack, "Mine")),
            "handler": echo_handler(timeout=cdk.Duration.seconds(60)),
        },
        r"`existing_queue` has a visibility timeout of 30 seconds \(SQS default: the queue "
        r"sets none\), less than the handler timeout \(60 seconds\).*at least 360 seconds",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_worker, props, message)


def test_function_asset_contains_the_batch_helper(tmp_path: Path) -> None:
    # GIVEN a worker WHEN synthesized THEN its asset ships constructs_lib_runtime
    app = new_app()
    stack = cdk.Stack(app, "Test")
    QueueWorker(stack, "Worker", handler=HANDLER)
    assembly = app.synth()
    assets = [p for p in Path(assembly.directory).glob("asset.*") if (p / "app.py").exists()]
    assert len(assets) == 1
    assert (assets[0] / "constructs_lib_runtime" / "sqs_batch.py").is_file()


def test_a_queue_consumed_by_another_worker_is_a_construct_error() -> None:
    # Proves (user trial): two QueueWorkers with existing_queue=team_queue (or one on
    # another worker's queue) synthesized silently; each function would get an arbitrary
    # share of the messages
    stack = new_stack()
    queue = sqs.Queue(stack, "Team", visibility_timeout=cdk.Duration.minutes(3))
    first = QueueWorker(stack, "Orders", handler=HANDLER, existing_queue=queue)
    for id, taken in (("Billing", queue), ("Audit", first.queue)):
        with pytest.raises(
            ConstructError,
            match=rf"Test/{id}: `existing_queue` is consumed by the QueueWorker Test/Orders "
            r"already: each message would reach only one of the two functions.*"
            r"Fix: handle the messages in one QueueWorker",
        ):
            QueueWorker(stack, id, handler=HANDLER, existing_queue=taken)
    own = QueueWorker(stack, "Own", handler=HANDLER)
    with pytest.raises(ConstructError, match=r"consumed by the QueueWorker Test/Own already"):
        QueueWorker(stack, "Other", handler=HANDLER, existing_queue=own.queue)


def test_a_paused_worker_may_stand_beside_the_queue_s_consumer() -> None:
    # Proves (sweep44): moving a queue's consumer to a new QueueWorker (another stack, a new
    # id) needs the new one deployed paused beside the old, then the two flipped; a worker
    # with enabled=False was refused as a second consumer, though its mapping reads nothing
    stack = new_stack()
    queue = sqs.Queue(stack, "Team", visibility_timeout=cdk.Duration.minutes(3))
    QueueWorker(stack, "Paused", handler=HANDLER, existing_queue=queue, enabled=False)
    QueueWorker(stack, "Current", handler=HANDLER, existing_queue=queue)
    QueueWorker(stack, "Next", handler=HANDLER, existing_queue=queue, enabled=False)
    # AND two enabled ones are still refused
    with pytest.raises(ConstructError, match=r"consumed by the QueueWorker Test/Current"):
        QueueWorker(stack, "Second", handler=HANDLER, existing_queue=queue)


@pytest.mark.parametrize(
    ("reserved", "max_concurrency"), [(5, 5), (10, 3), (0, None), (0, 4), (1000, None)]
)
def test_a_reserved_concurrency_covering_the_event_source_is_kept(
    reserved: int, max_concurrency: int | None
) -> None:
    # GIVEN a reservation at least the event source's concurrency (or 0: switched off)
    # WHEN the worker is built THEN the function keeps it and the event source its cap
    _, template = _worker(
        handler=echo_handler(reserved_concurrency=reserved), max_concurrency=max_concurrency
    )
    template.has_resource_properties(
        "AWS::Lambda::Function", {"ReservedConcurrentExecutions": reserved}
    )
    scaling = {"MaximumConcurrency": max_concurrency} if max_concurrency else Match.absent()
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {"ScalingConfig": scaling})


@pytest.mark.parametrize(
    ("reserved", "enabled", "warned"),
    [(0, True, True), (0, False, False), (1000, True, False), (None, True, False)],
)
def test_a_worker_whose_function_may_never_run_warns_that_the_queue_drains(
    reserved: int | None, enabled: bool, warned: bool
) -> None:
    # Proves (user trial's left-alone list): reserved_concurrency=0, a function's kill
    # switch, synthesized in silence; the queue's event source does not count reserved
    # concurrency, so every batch is throttled and each message reaches the dead-letter
    # queue after max_receive_count receives without having run. A worker created paused
    # (enabled=False) receives nothing: it was told to pass the enabled=False it had (bad44)
    # GIVEN a worker whose handler reserves `reserved`, its event source `enabled`
    worker, _ = _worker(handler=echo_handler(reserved_concurrency=reserved), enabled=enabled)
    # WHEN its warnings are read
    found = [
        str(entry.data)
        for entry in worker.node.metadata
        if entry.type == "aws:cdk:warning" and SWITCHED_OFF_WARNING in str(entry.data)
    ]
    # THEN 0 warns, naming the dead-letter queue and the way to pause that keeps messages
    assert bool(found) == warned
    if warned:
        assert "the function never runs, but the queue's event source still receives" in found[0]
        assert "pass enabled=False instead" in found[0]
        assert f"acknowledge '{SWITCHED_OFF_WARNING}'" in found[0]
