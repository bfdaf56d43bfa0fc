"""Leftovers of this session's helpers (leftovers53b): each reproduced with a small app,
then fixed where its rule lives. Each test failed before its fix."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import IValidation

from constructs_lib import Monitoring
from tests.support import new_app, new_stack, raised

_AFTER_SYNTH = (
    "comes after its stack 'Test' was synthesized (by app.synth(), template_snapshot(...) "
    "or Template.from_stack(...)); CDK keeps that synthesis, so the stack's Monitoring (its "
    "alarm destination and dashboard, made on first use by Monitoring(stack), "
    "Monitoring.of(scope) or the library's first construct in the stack) would be in no "
    "template (and the next one fails with ConstructTreeModifiedAfterSynth)"
)


@pytest.mark.parametrize(
    ("create", "call"),
    [
        (lambda stack: Monitoring(stack, dashboard=True), "Monitoring(scope)"),
        (lambda stack: Monitoring.of(stack), "Monitoring.of(scope)"),
    ],
    ids=["Monitoring(stack)", "Monitoring.of(stack)"],
)
def test_a_monitoring_made_after_its_stack_synthesized_is_refused(create: Any, call: str) -> None:
    # Proves (leftovers53b): the Monitoring was created in the synthesized tree, and the
    # next synth failed with jsii's ConstructTreeModifiedAfterSynth trace, naming no call
    stack = new_stack()
    sqs.Queue(stack, "Queue", enforce_ssl=True)
    before = Template.from_stack(stack).to_json()
    (problem,) = raised(lambda: create(stack)).problems
    assert (problem.path, problem.prop, problem.message) == ("Test/Monitoring", call, _AFTER_SYNTH)
    assert problem.fix == (
        "create the stack's Monitoring and the library's constructs before anything "
        "synthesizes the stack (a test synthesizes once its app is complete)"
    )
    # THEN nothing was added: the app synthesizes again as it did
    assert stack.node.try_find_child("Monitoring") is None
    assert Template.from_stack(stack).to_json() == before


def test_a_monitoring_made_before_the_synth_is_still_found_after_it() -> None:
    stack = new_stack()
    monitoring = Monitoring(stack)
    Template.from_stack(stack)
    assert Monitoring.of(stack) is monitoring is Monitoring(stack)


@jsii.implements(IValidation)
class _FailOnce:
    def __init__(self) -> None:
        self.failed = False

    def validate(self) -> list[str]:
        if self.failed:
            return []
        self.failed = True
        return ["fails the first synth"]


def test_a_monitoring_made_after_a_failed_synth_is_taken() -> None:
    # a synth that failed kept nothing: the next one builds the tree again, with it
    app = new_app()
    stack = cdk.Stack(app, "Test")
    sqs.Queue(stack, "Queue", enforce_ssl=True)
    stack.node.add_validation(_FailOnce())
    with pytest.raises(RuntimeError, match="fails the first synth"):
        app.synth()
    monitoring = Monitoring(stack, dashboard=True)
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Dashboard", 1)
    assert Monitoring.of(stack) is monitoring
