"""A platform's permissions boundary (README "Platform rules"): it reaches every role the
library's constructs make, aws-cdk-lib's helper functions' included, in an app of stages."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template

from tests.support import CDK_CONTEXT, every_kind_of_resource

BOUNDARY = "platform-boundary"


def _stage_with_every_role(app: cdk.App) -> tuple[cdk.Stage, cdk.Stack]:
    """A stage's stack with a function's, a helper's and a custom resource provider's roles."""
    stage = cdk.Stage(app, "Dev")
    stack = cdk.Stack(stage, "Photos")
    every_kind_of_resource(stack)
    return stage, stack


def _boundaries(stack: cdk.Stack) -> dict[str, Any]:
    """Each role's PermissionsBoundary (None without one), by logical ID."""
    roles = Template.from_stack(stack).find_resources("AWS::IAM::Role")
    return {
        logical_id: role["Properties"].get("PermissionsBoundary")
        for logical_id, role in roles.items()
    }


def test_a_boundary_applied_to_a_stage_reaches_every_role_of_its_stacks() -> None:
    # GIVEN an app of stages, the boundary applied to the stage
    stage, stack = _stage_with_every_role(cdk.App(context=CDK_CONTEXT))
    boundary = iam.ManagedPolicy.from_managed_policy_name(stack, "Boundary", BOUNDARY)
    iam.PermissionsBoundary.of(stage).apply(boundary)
    # THEN every role has it: functions', bucket notifications', bucket deployment's and
    # the default security group's custom resource provider's (a plain CfnResource)
    boundaries = _boundaries(stack)
    assert any("CustomResourceProvider" in logical_id for logical_id in boundaries)
    assert any("BucketNotificationsHandler" in logical_id for logical_id in boundaries)
    assert None not in boundaries.values()


def test_the_cdk_json_boundary_reaches_the_stages_stacks() -> None:
    # GIVEN cdk.json's permissionsBoundary key, an app of stages
    context = {**CDK_CONTEXT, "@aws-cdk/core:permissionsBoundary": {"name": BOUNDARY}}
    _, stack = _stage_with_every_role(cdk.App(context=context))
    # THEN every role of the stage's stack has the boundary
    assert None not in _boundaries(stack).values()


def test_a_boundary_applied_to_the_app_does_not_reach_a_stages_roles() -> None:
    # Proves (user trial): the README said PermissionsBoundary.of(app) "reaches every role";
    # in an app of stages (an Aspect stops at a Stage) it reached none, silently. The
    # README now says so and names of(stage) and the cdk.json key.
    # GIVEN an app of stages, the boundary applied to the app
    app = cdk.App(context=CDK_CONTEXT)
    _, stack = _stage_with_every_role(app)
    boundary = iam.ManagedPolicy.from_managed_policy_name(stack, "Boundary", BOUNDARY)
    iam.PermissionsBoundary.of(app).apply(boundary)
    # THEN no role of the stage's stack has it (aws-cdk-lib's behaviour the README warns of)
    assert set(_boundaries(stack).values()) == {None}
