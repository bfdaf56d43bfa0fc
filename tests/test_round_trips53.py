"""What speed53 answers in Python or reads together instead of asking the jsii kernel one
question at a time, answered as the kernel would: a construct's path, each check's own
properties when a stack's are resolved in one round trip, a value that does not resolve."""

from __future__ import annotations

import re

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import ApiAuth, QueueWorker, ServerlessApi
from constructs_lib._facts import path_of
from tests.support import echo_handler, new_app


def test_a_library_construct_s_path_is_the_one_constructs_writes() -> None:
    # GIVEN a worker and an API in a scope of the user's, ids holding the separators that
    # constructs writes as "--" ("/" of paths, a newline of addresses)
    stack = cdk.Stack(new_app(), "Test")
    tenant = Construct(stack, "Tenant/A")
    worker = QueueWorker(tenant, "Worker/1\nB", handler=echo_handler())
    api = ServerlessApi(
        tenant,
        "Api",
        routes={"GET /a": echo_handler(entry="app.handler")},
        auth=ApiAuth.none(reason="a test's public API"),
    )
    built = [worker, worker.function, worker.alias, worker.queue, worker.dead_letter_queue]
    built += [api, *api.functions.values(), *api.aliases.values()]
    # THEN each path told in Python is the one the kernel has
    assert [path_of(c) for c in built] == [c.node.path for c in built]
    assert path_of(worker.function) == "Test/Tenant--A/Worker--1--B/Handler/Function"


def _two_workers() -> tuple[cdk.App, list[QueueWorker]]:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    return app, [QueueWorker(stack, f"Worker{n}", handler=echo_handler()) for n in range(2)]


def _queue(worker: QueueWorker) -> sqs.CfnQueue:
    queue = worker.queue.node.default_child
    assert isinstance(queue, sqs.CfnQueue)
    return queue


def test_each_check_reads_its_own_resource_of_those_read_together() -> None:
    # GIVEN two workers in one stack, whose resources the checks read in one round trip
    app, workers = _two_workers()
    # WHEN the second worker's queue is changed after it was built
    _queue(workers[1]).visibility_timeout = 1
    # THEN the synth fails on that worker alone, naming its queue
    with pytest.raises(RuntimeError) as raised:
        app.synth()
    message = str(raised.value)
    assert "[Test/Worker1] `visibility_timeout` is 1 seconds in the template (the queue " in (
        message
    )
    assert "Test/Worker1/Queue/Resource" in message
    assert "[Test/Worker0]" not in message


@jsii.implements(cdk.IStableNumberProducer)
class _Unset:
    """A platform's Lazy value that fails when it is resolved."""

    def produce(self) -> int:
        raise ValueError("the platform's delay is not set")


def test_a_value_that_does_not_resolve_fails_the_synth_as_it_did() -> None:
    # GIVEN a worker's queue given a Lazy value that fails, next to another worker's (the
    # stack's reads resolved together fail: each is then resolved alone)
    app, workers = _two_workers()
    _queue(workers[1]).delay_seconds = cdk.Lazy.number(_Unset())
    # THEN the synth fails with that value's error, as when each was resolved alone
    with pytest.raises(RuntimeError, match=re.escape("the platform's delay is not set")):
        app.synth()


def test_a_resolved_synth_after_a_failed_one_reads_every_resource_again() -> None:
    # GIVEN a synth that failed on one worker's queue, then fixed
    app, workers = _two_workers()
    built = _queue(workers[1]).visibility_timeout
    _queue(workers[1]).visibility_timeout = 1
    with pytest.raises(RuntimeError, match="Test/Worker1/Queue/Resource"):
        app.synth()
    _queue(workers[1]).visibility_timeout = built
    # WHEN the first worker's queue is changed instead
    _queue(workers[0]).visibility_timeout = 2
    # THEN the next synth reads both again: the first's is the problem now
    with pytest.raises(RuntimeError) as raised:
        app.synth(force=True)
    assert "[Test/Worker0] `visibility_timeout` is 2 seconds" in str(raised.value)
    assert "[Test/Worker1]" not in str(raised.value)
