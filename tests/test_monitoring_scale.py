"""Monitoring at scale: what CloudWatch takes in one dashboard widget."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk.assertions import Template

from constructs_lib import Monitoring
from constructs_lib._dashboard_rows import ALARMS_PER_STATUS_WIDGET
from tests.support import new_stack


def _widgets(stack: cdk.Stack) -> list[dict[str, Any]]:
    """The stack's dashboard widgets, each alarm ARN written as its logical ID."""
    (dashboard,) = Template.from_stack(stack).find_resources("AWS::CloudWatch::Dashboard").values()
    parts = dashboard["Properties"]["DashboardBody"]["Fn::Join"][1]
    body = "".join(p if isinstance(p, str) else p.get("Fn::GetAtt", ["token"])[0] for p in parts)
    return list(json.loads(body)["widgets"])


def test_more_alarms_than_a_status_widget_takes_are_shown_in_several() -> None:
    # Proves (user trial, a large API): 101 alarms of the team's own (one per route), added
    # at once, went into one alarm status widget; CloudWatch takes 1-100 alarms in one, so
    # the dashboard failed the deploy
    # GIVEN a stack with a dashboard and 101 alarms added at once
    stack = new_stack()
    monitoring = Monitoring(stack, dashboard=True)
    metric = cloudwatch.Metric(namespace="Team", metric_name="Orders")
    count = ALARMS_PER_STATUS_WIDGET + 1
    alarms = [
        cloudwatch.Alarm(stack, f"Alarm{i:03d}", metric=metric, threshold=1, evaluation_periods=1)
        for i in range(count)
    ]
    # WHEN they are registered
    monitoring.add_alarms(alarms)
    # THEN two full-width status widgets, one below the other, show every alarm in order
    status = [w for w in _widgets(stack) if w["type"] == "alarm"]
    assert [len(w["properties"]["alarms"]) for w in status] == [100, 1]
    assert [(w["x"], w["y"], w["width"]) for w in status] == [(0, 0, 24), (0, 2, 24)]
    shown = [arn for w in status for arn in w["properties"]["alarms"]]
    assert shown == [stack.get_logical_id(a.node.default_child) for a in alarms]
