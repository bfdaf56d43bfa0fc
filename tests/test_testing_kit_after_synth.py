"""A snapshot taken after the app was synthesized and then grown (one pytest fixture's
app, a stack or nested stack added by a later test): a ConstructError naming the call,
what was added and the fix, instead of the kernel's ConstructTreeModifiedAfterSynth trace
(bad inputs, round 39)."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sqs as sqs

from constructs_lib import ConstructError
from constructs_lib.testing import stateful_resources, template_snapshot
from tests.support import new_app


def test_a_stack_snapshot_after_its_app_grew_names_what_was_added() -> None:
    # Proves (bad inputs, round 39): a RuntimeError from the kernel, naming no fix
    app = new_app()
    stack = cdk.Stack(app, "First")
    sqs.Queue(stack, "Queue")
    first = template_snapshot(stack)
    nested = cdk.NestedStack(stack, "Later")
    sqs.Queue(nested, "Queue")
    for call in (template_snapshot, stateful_resources):
        with pytest.raises(ConstructError) as raised:
            call(stack)
        (problem,) = raised.value.problems
        assert problem.path == call.__name__
        assert "synthesized (by an earlier snapshot or Template.from_stack) before" in (
            problem.message
        )
        assert "+First/Later" in problem.message
        assert "give each test its own App" in problem.fix
    assert template_snapshot(first) == first  # a template taken before still works


def test_every_stack_built_before_the_first_snapshot_is_snapshotted() -> None:
    app = new_app()
    stacks = [cdk.Stack(app, name) for name in ("One", "Two")]
    for stack in stacks:
        sqs.Queue(stack, "Queue")
    assert [list(template_snapshot(s)["Resources"]) for s in stacks] == [
        list(template_snapshot(stacks[0])["Resources"])
    ] * 2
