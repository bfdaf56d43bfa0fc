"""Links both ways between two nested stacks of one parent: the parent's template holds the
two as resources, each given the other's outputs, a circular dependency CloudFormation
refuses at deploy. The synth was clean (aws-cdk-lib does not see it; cfn-lint's E3004
does); the link that closes it is a ConstructError, as between two top-level stacks.
Links between a nested stack and its parent, both ways, stay accepted: CloudFormation
orders the resources, not the stacks."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Handler, QueueWorker
from tests.support import ECHO, cfn_lint, new_app


def _worker(scope: cdk.Stack, id: str, *links: QueueWorker) -> QueueWorker:
    return QueueWorker(scope, id, handler=Handler(code=ECHO, links=list(links)))


def _parent() -> cdk.Stack:
    return cdk.Stack(new_app(), "Parent")


def test_links_both_ways_between_nested_siblings_are_a_construct_error() -> None:
    # GIVEN two nested stacks of one parent, the second's worker linking the first's
    parent = _parent()
    first = _worker(cdk.NestedStack(parent, "Orders"), "Worker")
    second = _worker(cdk.NestedStack(parent, "Reports"), "Worker", first)
    # WHEN the first links back THEN the link closing the cycle is named
    with pytest.raises(ConstructError) as raised:
        first.link(second)
    message = str(raised.value)
    assert (
        "Parent/Orders/Worker: `links[0]` is the queue Parent/Reports/Worker, of stack "
        "Parent/Reports, which already depends on stack Parent/Orders (Parent/Reports/Worker/"
        "Handler/Function links queue Parent/Orders/Worker (send)): links both ways across "
        "stacks are a dependency cycle"
    ) in message
    assert "Fix: link one way only across stacks" in message


def test_links_both_ways_between_stacks_nested_in_two_siblings_are_a_construct_error() -> None:
    # the cycle is between the siblings holding them (each a resource of the parent)
    parent = _parent()
    orders = cdk.NestedStack(parent, "Orders")
    first = _worker(cdk.NestedStack(orders, "Inner"), "Worker")
    second = _worker(cdk.NestedStack(parent, "Reports"), "Worker", first)
    with pytest.raises(ConstructError, match=r"of stack Parent/Reports, which already depends"):
        first.link(second)


@pytest.mark.parametrize("nested_first", [True, False], ids=["nested first", "parent first"])
def test_links_both_ways_between_a_nested_stack_and_its_parent_deploy(nested_first: bool) -> None:
    # GIVEN a worker in the parent and one in its nested stack, linked both ways
    parent = _parent()
    nested = cdk.NestedStack(parent, "Orders")
    if nested_first:
        inner = _worker(nested, "Worker")
        outer = _worker(parent, "Worker", inner)
        inner.link(outer)
    else:
        outer = _worker(parent, "Worker")
        inner = _worker(nested, "Worker", outer)
        outer.link(inner)
    # THEN both templates synthesize without a circular dependency
    for stack in (parent, nested):
        findings = cfn_lint(Template.from_stack(stack).to_json())
        assert not [f for f in findings if f.startswith("E3004")], findings


def test_a_link_one_way_between_nested_siblings_deploys() -> None:
    parent = _parent()
    first = _worker(cdk.NestedStack(parent, "Orders"), "Worker")
    _worker(cdk.NestedStack(parent, "Reports"), "Worker", first)
    assert not cfn_lint(Template.from_stack(parent).to_json())
