"""A ServerlessApi table's throughput: on-demand caps (a cost guard) on the table and its
global indexes, provisioned capacity (fixed or auto scaled) for an adopted provisioned
table, and the point-in-time recovery period."""

from __future__ import annotations

import contextlib
import importlib
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, AutoScaledCapacity, GlobalIndex, ServerlessApi, TableOptions
from constructs_lib.serverless_api.table import TABLE_THROUGHPUT_WARNING
from tests.support import (
    CDK_CONTEXT,
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    nag_findings,
    report_findings,
    rule_cases,
)
from tests.test_table_options import _api

SCALING_TARGET = "AWS::ApplicationAutoScaling::ScalableTarget"
SCALING_POLICY = "AWS::ApplicationAutoScaling::ScalingPolicy"


def _table(template: Template) -> dict[str, Any]:
    (table,) = template.find_resources("AWS::DynamoDB::Table").values()
    return dict(table["Properties"])


def _index(name: str, **throughput: Any) -> GlobalIndex:
    return GlobalIndex(name, partition_key="owner", **throughput)


def _api_in(app: cdk.App, stack: str, table: TableOptions) -> None:
    ServerlessApi(
        cdk.Stack(app, stack),
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        table=table,
    )


def _target(percent: float) -> TableOptions:
    scaled = AutoScaledCapacity(max_capacity=5, target_utilization_percent=percent)
    return TableOptions(read_capacity=scaled, write_capacity=1)


def _warnings(api: ServerlessApi) -> list[str]:
    return [
        str(entry.data)
        for entry in api.node.metadata
        if entry.type == "aws:cdk:warning" and TABLE_THROUGHPUT_WARNING in str(entry.data)
    ]


def test_the_default_table_is_on_demand_without_caps_or_recovery_period() -> None:
    # the template of every existing app stays as it was (the demo snapshots hold them)
    _, template = _api(table=TableOptions(global_secondary_indexes=[_index("by-owner")]))
    table = _table(template)
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert not {"OnDemandThroughput", "ProvisionedThroughput"} & set(table)
    assert not {"OnDemandThroughput", "ProvisionedThroughput"} & set(
        table["GlobalSecondaryIndexes"][0]
    )
    assert not template.find_resources(SCALING_TARGET)


def test_caps_on_the_table_and_an_index() -> None:
    _, template = _api(
        table=TableOptions(
            max_read_request_units=100,
            max_write_request_units=20,
            global_secondary_indexes=[
                _index(
                    "by-owner", max_read_request_units=500
                ),  # above the table's: DynamoDB takes it
                _index("by-day", max_write_request_units=5),
                _index("uncapped"),
            ],
        )
    )
    table = _table(template)
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["OnDemandThroughput"] == {"MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 20}
    caps = [index.get("OnDemandThroughput") for index in table["GlobalSecondaryIndexes"]]
    assert caps == [{"MaxReadRequestUnits": 500}, {"MaxWriteRequestUnits": 5}, None]


def test_a_read_cap_alone() -> None:
    _, template = _api(table=TableOptions(max_read_request_units=1))
    assert _table(template)["OnDemandThroughput"] == {"MaxReadRequestUnits": 1}


def test_caps_known_at_deploy_time_pass() -> None:
    def table(stack: cdk.Stack) -> TableOptions:
        cap = cdk.Token.as_number(cdk.CfnParameter(stack, "ReadCap", type="Number"))
        return TableOptions(max_read_request_units=cap)

    _, template = _api(table=InStack(table))
    assert _table(template)["OnDemandThroughput"] == {"MaxReadRequestUnits": {"Ref": "ReadCap"}}


def test_a_recovery_period_known_at_deploy_time_is_refused() -> None:
    # aws-cdk-lib reads it at synth: its RangeError (a jsii trace) named no prop
    def table(stack: cdk.Stack) -> TableOptions:
        days = cdk.Token.as_number(cdk.CfnParameter(stack, "Days", type="Number"))
        return TableOptions(recovery_period_in_days=days)

    assert_rule(
        _api,
        {"table": InStack(table)},
        r"`table.recovery_period_in_days` is .*; it must be known at synth: aws-cdk-lib "
        r"checks it at synth\. Fix: pass a number from 1 to 35",
    )


def test_a_fixed_provisioned_table_and_index() -> None:
    _, template = _api(
        table=TableOptions(
            read_capacity=10,
            write_capacity=5,
            global_secondary_indexes=[_index("by-owner", read_capacity=4, write_capacity=2)],
        )
    )
    table = _table(template)
    assert "BillingMode" not in table  # CloudFormation's default: PROVISIONED
    assert table["ProvisionedThroughput"] == {"ReadCapacityUnits": 10, "WriteCapacityUnits": 5}
    (index,) = table["GlobalSecondaryIndexes"]
    assert index["ProvisionedThroughput"] == {"ReadCapacityUnits": 4, "WriteCapacityUnits": 2}
    assert "OnDemandThroughput" not in table
    assert not template.find_resources(SCALING_TARGET)
    # AND point-in-time recovery and deletion protection stay on
    assert table["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table["DeletionProtectionEnabled"] is True


def test_auto_scaled_capacity_starts_from_its_minimum() -> None:
    _, template = _api(
        table=TableOptions(
            read_capacity=AutoScaledCapacity(min_capacity=5, max_capacity=200),
            write_capacity=3,
            global_secondary_indexes=[
                _index(
                    "by-owner",
                    read_capacity=2,
                    write_capacity=AutoScaledCapacity(
                        max_capacity=50, target_utilization_percent=40
                    ),
                )
            ],
        )
    )
    table = _table(template)
    assert table["ProvisionedThroughput"] == {"ReadCapacityUnits": 5, "WriteCapacityUnits": 3}
    (index,) = table["GlobalSecondaryIndexes"]
    assert index["ProvisionedThroughput"] == {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1}
    targets = sorted(
        (
            t["Properties"]["ScalableDimension"],
            t["Properties"]["MinCapacity"],
            t["Properties"]["MaxCapacity"],
        )
        for t in template.find_resources(SCALING_TARGET).values()
    )
    assert targets == [
        ("dynamodb:index:WriteCapacityUnits", 1, 50),
        ("dynamodb:table:ReadCapacityUnits", 5, 200),
    ]
    policies = sorted(
        (
            p["Properties"]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"],
            p["Properties"]["TargetTrackingScalingPolicyConfiguration"][
                "PredefinedMetricSpecification"
            ]["PredefinedMetricType"],
        )
        for p in template.find_resources(SCALING_POLICY).values()
    )
    assert policies == [
        (40, "DynamoDBWriteCapacityUtilization"),
        (70, "DynamoDBReadCapacityUtilization"),
    ]


@pytest.mark.parametrize("target", [20, 90, 55.5])
def test_target_utilization_at_its_bounds_passes(target: float) -> None:
    capacity = AutoScaledCapacity(min_capacity=7, max_capacity=7, target_utilization_percent=target)
    _, template = _api(table=TableOptions(read_capacity=capacity, write_capacity=capacity))
    assert len(template.find_resources(SCALING_POLICY)) == 2


@pytest.mark.parametrize("days", [1, 35])
def test_recovery_period(days: int) -> None:
    _, template = _api(table=TableOptions(recovery_period_in_days=days))
    assert _table(template)["PointInTimeRecoverySpecification"] == {
        "PointInTimeRecoveryEnabled": True,
        "RecoveryPeriodInDays": days,
    }


@pytest.mark.parametrize(
    ("table", "warned"),
    [
        (TableOptions(max_read_request_units=40_000), []),
        (TableOptions(max_write_request_units=40_001), ["`table.max_write_request_units`"]),
        (
            TableOptions(
                read_capacity=AutoScaledCapacity(max_capacity=50_000),
                write_capacity=1,
                global_secondary_indexes=[
                    _index("by-owner", read_capacity=1, write_capacity=40_001)
                ],
            ),
            [
                "`table.read_capacity.max_capacity`",
                "`table.global_secondary_indexes[0].write_capacity`",
            ],
        ),
    ],
    ids=["at-the-quota", "cap-above", "capacity-above"],
)
def test_throughput_above_dynamodbs_default_quota_warns(
    table: TableOptions, warned: list[str]
) -> None:
    # an account may have a higher per-table quota: a warning, not an error
    api, _ = _api(table=table)
    warnings = _warnings(api)
    assert [w.split(" is ", 1)[0] for w in warnings] == warned
    for warning in warnings:
        assert "'Table-level " in warning and "is 40000 by default" in warning


RULES: list[RuleCase] = [
    (
        "cap zero",
        {"table": TableOptions(max_read_request_units=0)},
        r"`table.max_read_request_units` is 0, an int; a cap is a whole number of request "
        r"units per second, at least 1\. Fix: pass e.g\. 100, or None for no cap",
    ),
    (  # DynamoDB's "remove the cap" value in UpdateTable: here it is None
        "cap minus one",
        {"table": TableOptions(max_write_request_units=-1)},
        r"`table.max_write_request_units` is -1, an int; .* or None for no cap",
    ),
    (
        "cap fraction",
        {"table": TableOptions(max_read_request_units=2.5)},  # type: ignore[arg-type]
        r"`table.max_read_request_units` is 2\.5, a float; a cap is a whole number",
    ),
    (
        "cap a bool",
        {"table": TableOptions(max_read_request_units=True)},
        r"`table.max_read_request_units` is True, a bool",
    ),
    (
        "cap a string",
        {"table": TableOptions(max_read_request_units="100")},  # type: ignore[arg-type]
        r"`table.max_read_request_units` is '100', a str",
    ),
    (
        "index cap zero",
        {
            "table": TableOptions(
                global_secondary_indexes=[_index("by-owner", max_read_request_units=0)]
            )
        },
        r"`table.global_secondary_indexes\[0\].max_read_request_units` is 0, an int",
    ),
    (
        "cap on a provisioned table",
        {"table": TableOptions(read_capacity=5, write_capacity=5, max_write_request_units=10)},
        r"`table.max_write_request_units` is set on a provisioned table "
        r"\(read_capacity/write_capacity\): DynamoDB caps only on-demand throughput.* Fix: "
        r"drop it, or drop the table's read_capacity and write_capacity",
    ),
    (
        "cap on an index of a provisioned table",
        {
            "table": TableOptions(
                read_capacity=5,
                write_capacity=5,
                global_secondary_indexes=[
                    _index("by-owner", read_capacity=1, write_capacity=1, max_read_request_units=9)
                ],
            )
        },
        r"`table.global_secondary_indexes\[0\].max_read_request_units` is set on an index of "
        r"a provisioned table",
    ),
    (
        "read capacity alone",
        {"table": TableOptions(read_capacity=5)},
        r"`table.write_capacity` is none, and table.read_capacity is provisioned: .* Fix: give "
        r"table.write_capacity the capacity units the table has \(describe-table shows them\)",
    ),
    (
        "write capacity alone",
        {"table": TableOptions(write_capacity=AutoScaledCapacity(max_capacity=10))},
        r"`table.read_capacity` is none, and table.write_capacity is provisioned",
    ),
    (
        "an index of a provisioned table without capacity",
        {
            "table": TableOptions(
                read_capacity=5, write_capacity=5, global_secondary_indexes=[_index("by-owner")]
            )
        },
        r"`table.global_secondary_indexes\[0\].read_capacity` is none, and the table is "
        r"provisioned.* Fix: give table.global_secondary_indexes\[0\].read_capacity the "
        r"capacity units the index has",
    ),
    (
        "capacity on an index of an on-demand table",
        {"table": TableOptions(global_secondary_indexes=[_index("by-owner", write_capacity=5)])},
        r"`table.global_secondary_indexes\[0\].write_capacity` is set on an index of an "
        r"on-demand table.* Fix: drop it \(max_read_request_units/max_write_request_units cap",
    ),
    (
        "capacity zero",
        {"table": TableOptions(read_capacity=0, write_capacity=5)},
        r"`table.read_capacity` is 0, an int; provisioned capacity is a whole number of "
        r"capacity units, at least 1, or AutoScaledCapacity\(\.\.\.\)\. Fix: pass e\.g\. 5",
    ),
    (
        "capacity a string",
        {"table": TableOptions(read_capacity="5", write_capacity=5)},  # type: ignore[arg-type]
        r"`table.read_capacity` is '5', a str; provisioned capacity",
    ),
    (
        "auto scaling minimum zero",
        {
            "table": TableOptions(
                read_capacity=AutoScaledCapacity(min_capacity=0, max_capacity=5), write_capacity=1
            )
        },
        r"`table.read_capacity.min_capacity` is 0, an int; it is a whole number of capacity "
        r"units, at least 1\. Fix: pass e\.g\. min_capacity=5",
    ),
    (
        "auto scaling maximum below the minimum",
        {
            "table": TableOptions(
                read_capacity=1, write_capacity=AutoScaledCapacity(min_capacity=10, max_capacity=5)
            )
        },
        r"`table.write_capacity.max_capacity` is 5, below min_capacity 10\. Fix: pass a "
        r"max_capacity of at least 10",
    ),
    (  # aws-cdk-lib's Table took 10 (its own range), TableV2's Capacity.autoscaled refuses it
        "target utilization too low",
        {"table": _target(10)},
        r"`table.read_capacity.target_utilization_percent` is 10 %; it must be between 20 "
        r"and 90 %",
    ),
    (  # was aws-cdk-lib's RangeError, a jsii trace naming no prop
        "target utilization too high",
        {"table": _target(95)},
        r"`table.read_capacity.target_utilization_percent` is 95 %",
    ),
    (  # Proves (wheel trial): TableV2's Capacity, which a CDK user reaches for first
        "aws-cdk-lib's Capacity",
        {
            "table": TableOptions(
                read_capacity=dynamodb.Capacity.autoscaled(max_capacity=10),  # type: ignore[arg-type]
                write_capacity=5,
            )
        },
        r"`table.read_capacity` is an aws_dynamodb.Capacity; .* Fix: pass the number n of "
        r"Capacity.fixed\(n\), or AutoScaledCapacity\(max_capacity=\.\.\., "
        r"min_capacity=\.\.\.\) for Capacity.autoscaled",
    ),
    (  # Proves (wheel trial): 0.7 for 70 % was told only the range
        "target utilization as a fraction",
        {"table": _target(0.7)},
        r"`table.read_capacity.target_utilization_percent` is 0\.7, a fraction; it is a "
        r"percentage from 20 to 90\. Fix: pass 70 for 70 %",
    ),
    (
        "recovery period zero",
        {"table": TableOptions(recovery_period_in_days=0)},
        r"`table.recovery_period_in_days` is 0 days; it must be between 1 and 35 days",
    ),
    (
        "recovery period too long",
        {"table": TableOptions(recovery_period_in_days=36)},
        r"`table.recovery_period_in_days` is 36 days",
    ),
    (
        "recovery period fraction",
        {"table": TableOptions(recovery_period_in_days=7.5)},  # type: ignore[arg-type]
        r"`table.recovery_period_in_days` is 7\.5, a float; it must be a whole number\. "
        r"Fix: pass a whole number of days",
    ),
]


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


def test_every_throughput_problem_at_once() -> None:
    assert_every_problem(
        _api,
        {
            "table": TableOptions(
                read_capacity=AutoScaledCapacity(
                    min_capacity=0, max_capacity=5, target_utilization_percent=99
                ),
                max_read_request_units=5,
                global_secondary_indexes=[_index("by-owner", read_capacity=1)],
                recovery_period_in_days=99,
            )
        },
        "Test/Api",
        [
            "table.max_read_request_units",
            "table.read_capacity.min_capacity",
            "table.read_capacity.target_utilization_percent",
            "table.write_capacity",
            "table.global_secondary_indexes[0].write_capacity",
            "table.recovery_period_in_days",
        ],
    )


def test_throughput_leaves_no_cdk_nag_finding(tmp_path: Path) -> None:
    # GIVEN a capped on-demand table and a provisioned, auto scaled one
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    for name, table in (
        ("Capped", TableOptions(max_read_request_units=100, max_write_request_units=10)),
        (
            "Provisioned",
            TableOptions(
                read_capacity=AutoScaledCapacity(max_capacity=100),
                write_capacity=5,
                stream=dynamodb.StreamViewType.NEW_IMAGE,
                global_secondary_indexes=[
                    _index(
                        "by-owner",
                        read_capacity=1,
                        write_capacity=AutoScaledCapacity(max_capacity=9),
                    )
                ],
            ),
        ),
    ):
        _api_in(app, name, table)
    # THEN cdk-nag finds nothing (auto scaling uses DynamoDB's service-linked role: no IAM)
    assert nag_findings(app, tmp_path) == set()


def test_the_idle_cost_scan_prices_provisioned_capacity(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a provisioned table (auto scaled reads: their minimum) with a provisioned index
    root = Path(__file__).resolve().parent.parent
    monkeypatch.syspath_prepend(str(root / "bench"))
    idle_cost = importlib.import_module("idle_cost")
    _, template = _api(
        table=TableOptions(
            read_capacity=AutoScaledCapacity(min_capacity=20, max_capacity=100),
            write_capacity=20,
            global_secondary_indexes=[_index("by-owner", read_capacity=10, write_capacity=10)],
        )
    )
    units = idle_cost.billable(template.to_json())
    # THEN the scan counts the table's and the index's capacity
    assert units == {"DynamoDB read capacity unit": 30, "DynamoDB write capacity unit": 30}
    # AND prices it: 30 RCU x $0.0949 + 30 WCU x $0.4745 a month, 25 of each free
    assert idle_cost.cost(units, free=False) == pytest.approx(30 * 0.0949 + 30 * 0.4745)
    assert idle_cost.cost(units, free=True) == pytest.approx(5 * 0.0949 + 5 * 0.4745)
    # AND an on-demand table, capped or not, bills nothing at idle
    _, on_demand = _api(table=TableOptions(max_read_request_units=100))
    assert idle_cost.billable(on_demand.to_json()) == {}


def test_only_fixed_capacity_meets_other_packs_auto_scaling_rule(tmp_path: Path) -> None:
    # README's claim: cdk-nag's HIPAA/NIST packs report a fixed-capacity table
    # (DynamoDBAutoScalingEnabled, the table's real state: not acknowledged for the user),
    # not an auto scaled or on-demand one
    from cdk_nag import HIPAASecurityChecks

    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    scaled = AutoScaledCapacity(max_capacity=9)
    for name, table in (
        ("OnDemand", TableOptions(max_read_request_units=5)),
        ("Fixed", TableOptions(read_capacity=5, write_capacity=5)),
        ("Scaled", TableOptions(read_capacity=scaled, write_capacity=scaled)),
    ):
        _api_in(app, name, table)
    cdk.Validations.of(app).add_plugins(HIPAASecurityChecks(app))
    with contextlib.suppress(RuntimeError):  # the pack's other findings fail the synth
        app.synth()
    findings = report_findings(tmp_path / "validation-report.json")
    assert {path for rule, path in findings if rule.endswith("DynamoDBAutoScalingEnabled")} == {
        "Fixed/Api/Table/Resource"
    }


def test_auto_scaling_limits_known_at_deploy_time_pass_and_its_target_is_refused() -> None:
    def table(target: bool) -> InStack:
        def options(stack: cdk.Stack) -> TableOptions:
            units = cdk.Token.as_number(cdk.CfnParameter(stack, "Units", type="Number"))
            capacity = AutoScaledCapacity(
                min_capacity=units,
                max_capacity=units,
                target_utilization_percent=units if target else 70,
            )
            return TableOptions(read_capacity=capacity, write_capacity=units)

        return InStack(options)

    _, template = _api(table=table(target=False))
    (scaled,) = template.find_resources(SCALING_TARGET).values()
    assert scaled["Properties"]["MinCapacity"] == {"Ref": "Units"}
    # aws-cdk-lib compares the target with its range at synth: its RangeError named no prop
    assert_rule(
        _api,
        {"table": table(target=True)},
        r"`table.read_capacity.target_utilization_percent` is .*; it must be known at synth",
    )
