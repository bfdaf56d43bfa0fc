"""FunctionDefaults(log_retention=...) reaches every log group the library creates, not only
its functions': an API's access logs, a VPC's flow logs, and the logs of aws-cdk-lib's
stack-wide handlers (bucket notifications, bucket deployment, the VPC's default security
group) follow the scope's setting; without one, all keep the library's 30 days."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_logs as logs
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import ApiAuth, FunctionDefaults, Network, ServerlessApi
from tests.support import (
    CDK_CONTEXT,
    echo_handler,
    every_kind_of_resource,
    every_log_group,
    new_app,
    new_stack,
)


def _retention_by_group(template: dict[str, Any]) -> dict[str, object]:
    return {
        logical_id: resource["Properties"].get("RetentionInDays")
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Logs::LogGroup"
    }


@pytest.mark.slow
def test_a_scope_s_log_retention_reaches_every_log_group(tmp_path: Path) -> None:
    # Proves (logs42): with "one year of logs" set on the app, the API's access logs, the
    # flow logs and the groups of aws-cdk-lib's handlers (notifications, bucket deployment,
    # default security group) kept 30 days: only functions' log groups followed the setting.
    # GIVEN one year of logs for every function of the app
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    FunctionDefaults.of(app).set(log_retention=logs.RetentionDays.ONE_YEAR)
    stack = cdk.Stack(app, "Test")
    # WHEN every kind of log group is created
    every_kind_of_resource(stack)
    # THEN the stack stays cdk-nag and cfn-lint clean, and every log group keeps a year
    groups = every_log_group(app, tmp_path)
    assert len(groups) == 7
    assert {properties["RetentionInDays"] for properties in groups.values()} == {365}


def test_without_a_setting_every_log_group_keeps_30_days() -> None:
    stack = new_stack()
    every_kind_of_resource(stack)
    assert set(_retention_by_group(Template.from_stack(stack).to_json()).values()) == {30}


def test_a_duration_and_the_nearest_scope_count() -> None:
    # GIVEN a year on the app, two years (as a Duration) on one group of a stack, and a
    # network and an API inside and outside the group
    app = new_app()
    FunctionDefaults.of(app).set(log_retention=logs.RetentionDays.ONE_YEAR)
    stack = cdk.Stack(app, "Test")
    group = Construct(stack, "Audited")
    FunctionDefaults.of(group).set(log_retention=cdk.Duration.days(731))
    inside, outside = Network(group, "Network"), Network(stack, "Other")
    api = _api(group)
    template = Template.from_stack(stack).to_json()
    retention = _retention_by_group(template)
    # THEN each construct's own groups follow its nearest scope; the stack-wide handler's
    # (the default security group's, shared by both networks) follows the stack's
    assert retention[_id(stack, inside.flow_log_group)] == 731
    assert retention[_id(stack, api.access_log_group)] == 731
    assert retention[_id(stack, outside.flow_log_group)] == 365
    assert retention[_logical_id_of(template, "VpcRestrictDefaultSgHandlerLogs")] == 365


def test_an_access_log_retention_of_the_api_s_own_wins() -> None:
    stack = new_stack()
    FunctionDefaults.of(stack).set(log_retention=logs.RetentionDays.ONE_YEAR)
    api = _api(stack, access_log_retention=logs.RetentionDays.THREE_MONTHS)
    retention = _retention_by_group(Template.from_stack(stack).to_json())
    assert retention[_id(stack, api.access_log_group)] == 90
    # AND the API's function still has the scope's year
    assert retention[_id(stack, next(iter(api.functions.values())).log_group)] == 365


def test_a_setting_after_a_network_still_reaches_its_flow_logs() -> None:
    # GIVEN a Network (no function: FunctionDefaults.set does not refuse a later setting)
    stack = new_stack()
    network = Network(stack, "Network")
    # WHEN the stack's retention is set after it
    FunctionDefaults.of(stack).set(log_retention=logs.RetentionDays.SIX_MONTHS)
    # THEN its flow logs follow it, rather than keeping 30 days silently
    retention = _retention_by_group(Template.from_stack(stack).to_json())
    assert retention[_id(stack, network.flow_log_group)] == 180


def _api(scope: Construct, **props: Any) -> ServerlessApi:
    return ServerlessApi(
        scope, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), **props
    )


def _id(stack: cdk.Stack, group: object) -> str:
    assert isinstance(group, logs.LogGroup)
    resource = group.node.default_child
    assert isinstance(resource, cdk.CfnElement)
    return stack.get_logical_id(resource)


def _logical_id_of(template: dict[str, Any], prefix: str) -> str:
    (found,) = [logical_id for logical_id in template["Resources"] if logical_id.startswith(prefix)]
    return found
