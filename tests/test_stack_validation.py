"""The checks at synth of a stack's constructs, run by one validation of the stack
(``constructs_lib/_stack_validation.py``): each construct's problems still go out under its
own path, in the tree's order, and only in the synth that finds them."""

from __future__ import annotations

import collections
import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match
from jsii._kernel.providers import process

from constructs_lib import BucketEvents, EventHandler, Link, QueueWorker, StreamWorker
from constructs_lib.checks import acknowledge
from tests.stream_support import ENV, stream_table
from tests.support import echo_handler, new_app


def _broken_workers() -> tuple[cdk.App, list[tuple[lambda_.CfnFunction, sqs.CfnQueue]]]:
    """Two QueueWorkers whose function's reservation and queue's visibility timeout an
    escape hatch broke after they were built."""
    app = new_app()
    stack = cdk.Stack(app, "Test")
    broken = []
    for id in ("A", "B"):
        worker = QueueWorker(stack, id, handler=echo_handler())
        function, queue = worker.function.node.default_child, worker.queue.node.default_child
        assert isinstance(function, lambda_.CfnFunction) and isinstance(queue, sqs.CfnQueue)
        function.reserved_concurrent_executions = -1
        queue.visibility_timeout = 1
        broken.append((function, queue))
    return app, broken


def _sources(error: RuntimeError) -> list[tuple[str, str]]:
    """Each problem's source path and prop, in the order CDK listed them."""
    return re.findall(r"^  \[([^\]]+)\] `([^`]+)`", str(error), re.MULTILINE)


def test_each_construct_s_problems_go_out_under_its_own_path_in_the_tree_s_order() -> None:
    # Proves (speed54): the worker's re-checks, its visibility check and its function's
    # checks ran in three validations of the worker and of its function (a round trip each to
    # add and to run); run by the stack's one validation, CDK still lists each problem under
    # the construct that found it, a worker before its function, the visibility check after
    # the worker's re-checks, as before.
    app, _ = _broken_workers()
    with pytest.raises(RuntimeError, match="Validation failed") as raised:
        app.synth()
    assert _sources(raised.value) == [
        (path, prop)
        for id in ("A", "B")
        for path, prop in [
            (f"Test/{id}", "reserved_concurrency"),
            (f"Test/{id}", "visibility_timeout"),
            (f"Test/{id}/Handler/Function", "reserved_concurrency"),
        ]
    ]


def test_a_construct_fixed_after_a_failed_synth_says_nothing_in_the_next() -> None:
    # Proves (speed54, false-positive safety of the validation a construct gets once it has
    # problems): it tells the problems of the synth under way only; the other worker's,
    # still broken, are still told.
    app, broken = _broken_workers()
    with pytest.raises(RuntimeError, match="Validation failed"):
        app.synth()
    function, queue = broken[0]
    function.reserved_concurrent_executions = None
    queue.visibility_timeout = 60
    with pytest.raises(RuntimeError, match="Validation failed") as raised:
        app.synth(force=True)
    assert {path for path, _ in _sources(raised.value)} == {"Test/B", "Test/B/Handler/Function"}
    function, queue = broken[1]
    function.reserved_concurrent_executions = None
    queue.visibility_timeout = 60
    assert app.synth(force=True).get_stack_by_name("Test").template["Resources"]


def test_a_stack_of_workers_adds_one_validation_for_all_their_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Proves (speed54): a validation was added to each worker and each function (and two to
    # the stack); now one to the stack and one to the app (which forgets the reads of the
    # synth before), whatever the number of workers.
    added: collections.Counter[str] = collections.Counter()
    send = process._NodeProcess.send

    def counting(self: object, request: object, response_type: object) -> object:
        if getattr(request, "method", None) == "addValidation":
            added["addValidation"] += 1
        return send(self, request, response_type)

    monkeypatch.setattr(process._NodeProcess, "send", counting)
    stack = cdk.Stack(new_app(), "Test")
    for n in range(3):
        QueueWorker(stack, f"Worker{n}", handler=echo_handler())
    assert added["addValidation"] == 2


def _break(worker: QueueWorker) -> None:
    """The worker's function's reservation and queue's visibility timeout broken after it
    was built: problems of its checks at synth."""
    function, queue = worker.function.node.default_child, worker.queue.node.default_child
    assert isinstance(function, lambda_.CfnFunction) and isinstance(queue, sqs.CfnQueue)
    function.reserved_concurrent_executions = -1
    queue.visibility_timeout = 1


def _export_without_recovery(stack: cdk.Stack) -> QueueWorker:
    key = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    first, second = (dynamodb.Table(stack, id, partition_key=key) for id in ("T1", "T2"))
    worker = QueueWorker(stack, "Worker", handler=echo_handler(links=[Link.export(first)]))
    worker.link(Link.export(second))
    return worker


def _sources_of_both_ways(stack: cdk.Stack) -> QueueWorker:
    bucket = s3.Bucket(stack, "B", enforce_ssl=True)
    imported = s3.Bucket.from_bucket_name(stack, "Imp", bucket.bucket_name)
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), sources=[BucketEvents(imported)])
    bucket.enable_event_bridge_notification()  # after the worker: found at synth
    return worker


@pytest.mark.parametrize(
    ("build", "first"),
    [
        (
            _export_without_recovery,
            [("Test/Worker", "handler.links[0]"), ("Test/Worker", "links[0]")],
        ),
        (_sources_of_both_ways, [("Test/Worker", "sources[0]")]),
    ],
    ids=["Link.export without recovery", "sources made both ways"],
)
def test_a_check_that_had_a_validation_of_its_own_is_still_listed_first(
    build: object, first: list[tuple[str, str]]
) -> None:
    # Proves (speed54b): the recovery check of Link.export and the one-way check of a
    # worker's sources were validations of the worker's own, added when it was built (CDK
    # listed their problems before those of its checks at synth); run by the stack's one
    # validation, they are still listed first, each under the worker's path.
    app = new_app()
    stack = cdk.Stack(app, "Test")
    assert callable(build)
    _break(build(stack))
    with pytest.raises(RuntimeError, match="Validation failed") as raised:
        app.synth()
    assert _sources(raised.value) == [
        *first,
        ("Test/Worker", "reserved_concurrency"),
        ("Test/Worker", "visibility_timeout"),
        ("Test/Worker/Handler/Function", "reserved_concurrency"),
    ]


def test_a_check_that_had_a_validation_of_its_own_still_warns_after_the_others() -> None:
    # Proves (speed54b): the bus write-loop check and an acknowledgement's logical-ID check
    # ran when CDK reached the worker, after its checks at synth: run by the stack's one
    # validation, their warnings still come after the switched-off warning, in the order
    # they were added, each on the worker.
    stack = cdk.Stack(new_app(), "Test", env=ENV)
    table, bus = stream_table(stack, "Rows"), events.EventBus(stack, "Bus")
    worker = StreamWorker(stack, "Publisher", table=table, handler=echo_handler(links=[bus]))
    EventHandler(
        stack,
        "Summary",
        event_bus=bus,
        event_pattern={"source": ["pipeline.ingest"]},
        handler=echo_handler(links=[Link.write(table)]),
    )
    acknowledge(worker, "AwsSolutions-IAM5[Resource::<Missing.Arn>/*]", reason="a test's reason")
    function = worker.function.node.default_child
    assert isinstance(function, lambda_.CfnFunction)
    function.reserved_concurrent_executions = 0
    found = Annotations.from_stack(stack).find_warning("/Test/Publisher", Match.any_value())
    assert [re.findall(r"\[ack: ([^\]]+)\]", str(w.entry.data)) for w in found] == [
        ["constructs_lib:streamWorkerSwitchedOff"],
        ["constructs_lib:streamWriteLoop"],
        ["constructs_lib:acknowledgementNamesNoResource"],
    ]
