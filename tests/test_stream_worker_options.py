"""StreamWorker's other options for a user moving a hand-built mapping: the filters'
quota, a tumbling window, a disabled mapping; and the TableV2 tables (of the app,
imported) under cdk-nag."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import StreamWorker
from constructs_lib._nag_rule_ids import LIBRARY_WARNINGS
from tests.stream_support import (
    ENV,
    HANDLER,
    KEY,
    RECOVERY,
    STREAM,
    build_worker,
    mapping_of,
)
from tests.support import (
    CDK_CONTEXT,
    InStack,
    assert_every_problem,
    assert_rule,
    nag_paths,
    warnings_of,
)


def _filters(count: int) -> list[Mapping[str, Any]]:
    return [
        lambda_.FilterCriteria.filter({"dynamodb": {"Keys": {"pk": {"S": [f"o{n}"]}}}})
        for n in range(count)
    ]


def test_five_filters_pass_silently_six_to_ten_warn_of_the_quota() -> None:
    for count, warned in ((5, False), (6, True), (10, True)):
        worker, template = build_worker(filters=_filters(count))
        assert len(mapping_of(template)["FilterCriteria"]["Filters"]) == count
        warnings = warnings_of(cdk.Stack.of(worker), "streamFiltersQuota")
        assert bool(warnings) is warned, count
    assert "filters has 10 filters; Lambda takes 5 per event source mapping unless" in warnings[0]


def test_more_than_ten_filters_are_refused_with_the_numbers() -> None:
    assert_rule(
        build_worker,
        {"filters": _filters(11)},
        r"`filters` has 11 filters; Lambda takes at most 5 per event source mapping, 10 with "
        r"a quota increase\. Fix: merge filters",
    )


def test_a_tumbling_window_and_a_disabled_mapping_reach_the_mapping() -> None:
    for seconds in (0, 900):
        _, template = build_worker(tumbling_window=Duration.seconds(seconds), enabled=False)
        found = mapping_of(template)
        assert (found["TumblingWindowInSeconds"], found["Enabled"]) == (seconds, False)
    # AND by default the mapping is enabled (CloudFormation's default) with no window
    _, template = build_worker()
    assert {"TumblingWindowInSeconds", "Enabled"}.isdisjoint(mapping_of(template))


@pytest.mark.parametrize(
    ("window", "message"),
    [
        (Duration.seconds(901), r"`tumbling_window` is 901 seconds; it must be between 0 and 900"),
        (Duration.minutes(16), r"`tumbling_window` is 960 seconds; it must be between 0 and 900"),
        (Duration.millis(1500), r"`tumbling_window` is 1\.5 seconds; it is set in whole seconds"),
    ],
)
def test_a_tumbling_window_lambda_refuses_is_refused(window: Duration, message: str) -> None:
    assert_rule(build_worker, {"tumbling_window": window}, message)


def test_a_deploy_time_tumbling_window_in_seconds_passes() -> None:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    seconds = cdk.CfnParameter(stack, "Window", type="Number").value_as_number
    table = dynamodb.Table(
        stack, "Orders", partition_key=KEY, stream=dynamodb.StreamViewType.NEW_IMAGE
    )
    StreamWorker(
        stack, "Worker", handler=HANDLER, table=table, tumbling_window=Duration.seconds(seconds)
    )
    assert mapping_of(Template.from_stack(stack))["TumblingWindowInSeconds"] == {"Ref": "Window"}


@pytest.mark.parametrize("kind", ["TableV2", "imported TableV2"])
def test_a_table_v2_with_a_stream_is_read_and_cdk_nag_reports_nothing(
    kind: str, tmp_path: Path
) -> None:
    # GIVEN a TableV2 with a stream, of the app or imported with its stream's ARN
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Sketch", env=ENV)
    table: dynamodb.ITable = (
        dynamodb.TableV2(
            stack,
            "Orders",
            partition_key=KEY,
            dynamo_stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            point_in_time_recovery_specification=RECOVERY,
        )
        if kind == "TableV2"
        else dynamodb.TableV2.from_table_attributes(
            stack, "Orders", table_name="orders", table_stream_arn=STREAM
        )
    )
    StreamWorker(stack, "Worker", handler=HANDLER, table=table, alarms=True)
    # THEN cdk-nag reports nothing
    assert nag_paths(app, tmp_path) == set()
    # AND the mapping reads the table's stream, the function may read that stream only
    template = json.loads((tmp_path / "Sketch.template.json").read_text())
    resources = template["Resources"].values()
    (mapping,) = [r for r in resources if r["Type"] == "AWS::Lambda::EventSourceMapping"]
    arn = mapping["Properties"]["EventSourceArn"]
    if kind == "TableV2":
        (table_id,) = [
            i for i, r in template["Resources"].items() if r["Type"] == "AWS::DynamoDB::GlobalTable"
        ]
        assert arn == {"Fn::GetAtt": [table_id, "StreamArn"]}
    else:
        assert arn == STREAM
    (policy,) = [r for r in resources if r["Type"] == "AWS::IAM::Policy"]
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert [s["Resource"] for s in statements if "dynamodb:GetRecords" in s["Action"]] == [arn]
    # AND ListStreams on '*', as a Table's grant has it: aws-cdk-lib's TableV2 names the
    # stream, which the action takes no resource of, so that statement grants nothing
    assert {"Effect": "Allow", "Action": "dynamodb:ListStreams", "Resource": "*"} in statements


def test_the_new_props_problems_are_reported_with_the_others_at_once() -> None:
    assert_every_problem(
        build_worker,
        {
            "batch_size": 0,
            "filters": _filters(11),
            "tumbling_window": Duration.seconds(901),
            "existing_dead_letter_queue": InStack(
                lambda s: sqs.Queue(s, "Dlq", fifo=True, enforce_ssl=True)
            ),
        },
        "Test/Worker",
        ["batch_size", "tumbling_window", "filters", "existing_dead_letter_queue"],
    )


def test_a_filter_given_twice_is_refused_and_other_filters_of_one_field_pass() -> None:
    # GIVEN the same pattern twice (once with its keys in another order)
    insert = {"eventName": ["INSERT"], "dynamodb": {"Keys": {"pk": {"S": ["o1"]}}}}
    again = {"dynamodb": {"Keys": {"pk": {"S": ["o1"]}}}, "eventName": ["INSERT"]}
    assert_rule(
        build_worker,
        {
            "filters": [
                lambda_.FilterCriteria.filter(p) for p in (insert, {"eventName": ["REMOVE"]}, again)
            ]
        },
        r"`filters\[2\]` is the same pattern as filters\[0\]; a record passes when any "
        r"filter matches, and CloudFormation refuses a filter given twice\. Fix: drop "
        r"filters\[2\]",
    )
    # AND patterns that differ in one value pass
    _, template = build_worker(filters=_filters(3))
    assert len(mapping_of(template)["FilterCriteria"]["Filters"]) == 3


def test_the_quota_warning_is_acknowledged_by_its_id() -> None:
    # GIVEN 6 filters in an account whose quota was raised, the warning acknowledged
    worker, _ = build_worker(filters=_filters(6))
    stack = cdk.Stack.of(worker)
    cdk.Annotations.of(stack).acknowledge_warning(
        "constructs_lib:streamFiltersQuota", "quota raised to 10 for this account"
    )
    # THEN it is gone; the library knows it by name (acknowledge() points to this call)
    assert warnings_of(stack, "streamFiltersQuota") == []
    assert "streamFiltersQuota" in LIBRARY_WARNINGS
