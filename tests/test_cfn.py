"""The function's DependsOn: its role's policies and everything added later, never the role."""

from __future__ import annotations

from typing import cast

import aws_cdk as cdk
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import QueueWorker
from tests.support import echo_handler, new_stack


def _logical_id(stack: cdk.Stack, construct: IConstruct) -> str:
    return stack.get_logical_id(cast(cdk.CfnElement, construct.node.default_child))


def test_dependencies_added_after_the_construct_are_kept_and_the_role_is_not() -> None:
    # GIVEN a worker, then a user's dependency of its function on another resource
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    other = sqs.Queue(stack, "Other")
    worker.function.node.add_dependency(other)
    # WHEN synthesized twice (the list is computed on every synth)
    first = Template.from_stack(stack).to_json()
    second = Template.from_stack(stack).to_json()
    # THEN DependsOn names the role's policy and the later dependency, not the role
    depends_on = first["Resources"][_logical_id(stack, worker.function)]["DependsOn"]
    assert _logical_id(stack, other) in depends_on
    assert _logical_id(stack, cast(IConstruct, worker.function.role)) not in depends_on
    assert any(d.startswith("WorkerHandlerRoleDefaultPolicy") for d in depends_on)
    assert depends_on == sorted(depends_on)
    assert second == first
