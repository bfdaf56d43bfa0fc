"""Tags AWS refuses given to a library construct's other resources alone (a worker's queue
or dead-letter queue), or to a construct without a library function (StaticSite, Network):
the synth fails there too, each problem once, and a tag reaching the function as well is
told by the function's check only (left54)."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import Network, QueueWorker, StaticSite
from tests.support import SITE, echo_handler, new_app

FUNCTION = "given by cdk.Tags.of to this function and the resources beside it"


def _failure(stack: cdk.Stack) -> str:
    with pytest.raises(RuntimeError) as failed:
        Template.from_stack(stack)
    return str(failed.value)


def _worker() -> tuple[cdk.App, cdk.Stack, QueueWorker]:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    return app, stack, QueueWorker(stack, "Orders", handler=echo_handler())


def test_a_tag_given_to_the_worker_s_queue_alone_fails_the_synth() -> None:
    # GIVEN a tag with a reserved key on the worker's queue only (not its function)
    _, stack, worker = _worker()
    cdk.Tags.of(worker.queue).add("aws:owner", "orders")
    # THEN the synth fails under the worker, naming the queue
    assert (
        "[Test/Orders] The tag key 'aws:owner' (given by cdk.Tags.of to the queue "
        "Test/Orders/Queue) starts with 'aws:', a prefix AWS reserves for its own tags"
    ) in _failure(stack)


def test_a_tag_given_to_the_dead_letter_queue_alone_fails_the_synth() -> None:
    _, stack, worker = _worker()
    cdk.Tags.of(worker.dead_letter_queue).add("team", "a&b")
    message = _failure(stack)
    assert "The value of the tag 'team' (given by cdk.Tags.of to the dead-letter queue " in (
        message
    )
    assert "holds '&', which AWS refuses in a tag value" in message


def test_a_tag_reaching_the_function_too_is_told_once_by_the_function() -> None:
    app, stack, _ = _worker()
    cdk.Tags.of(app).add("aws:cost-center", "4711")
    message = _failure(stack)
    assert f"[Test/Orders/Handler/Function] The tag key 'aws:cost-center' ({FUNCTION})" in message
    assert message.count("'aws:cost-center'") == 1


def test_more_than_50_tags_on_the_queue_alone_fail() -> None:
    _, stack, worker = _worker()
    for n in range(51):
        cdk.Tags.of(worker.queue).add(f"t{n}", "x")
    message = _failure(stack)
    assert "[Test/Orders] 51 tags reach this queue with its stack's ('t0', 't1', " in message
    assert message.count("tags reach this") == 1


def test_a_static_site_s_tags_are_checked() -> None:
    # GIVEN a site (no library function) tagged as a whole, and its stack's tags
    stack = cdk.Stack(new_app(), "Site", tags={"cost center #": "4711"})
    site = StaticSite(stack, "Web", source=SITE, alarms=False)
    cdk.Tags.of(site).add("aws:owner", "web")
    message = _failure(stack)
    # THEN each is told once, under the site
    assert (
        "[Site/Web] The tag key 'aws:owner' (given by cdk.Tags.of to the bucket Site/Web/"
    ) in message
    assert message.count("'aws:owner'") == 1
    assert "The tag key 'cost center #' (the tags of the stack Site) holds '#'" in message
    assert message.count("'cost center #'") == 1


def test_a_tag_on_the_distribution_alone_is_told_naming_it() -> None:
    stack = cdk.Stack(new_app(), "Site")
    site = StaticSite(stack, "Web", source=SITE, alarms=False)
    cdk.Tags.of(site.distribution).add("k" * 129, "v")
    assert "(given by cdk.Tags.of to the distribution Site/Web/" in _failure(stack)


def test_a_network_s_tags_are_checked() -> None:
    stack = cdk.Stack(new_app(), "Net")
    network = Network(stack, "Network")
    cdk.Tags.of(network).add("aws:zone", "a")
    assert (
        "[Net/Network] The tag key 'aws:zone' (given by cdk.Tags.of to the VPC Net/Network/"
    ) in _failure(stack)


def test_valid_tags_on_every_resource_synthesize() -> None:
    app, stack, worker = _worker()
    site = StaticSite(stack, "Web", source=SITE, alarms=False)
    Network(stack, "Network")
    for scope in (app, worker.queue, worker.dead_letter_queue, site, site.distribution):
        cdk.Tags.of(scope).add("team", "orders")
    Template.from_stack(stack)
