"""constructs_lib.checks as a user's app meets it: enable_checks on the app (or a stage),
once; acknowledge with the rule ids cdk-nag prints, readable by both majors."""

from __future__ import annotations

import json
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3

from constructs_lib import ConstructError, acknowledge, enable_checks

REASON = "A fixture bucket: its access is logged by the test itself."


def _app_with_a_finding(tmp_path: Path) -> tuple[cdk.App, s3.Bucket]:
    """An app whose one bucket has cdk-nag finding AwsSolutions-S1 (no access logs)."""
    app = cdk.App(outdir=str(tmp_path))
    bucket = s3.Bucket(cdk.Stack(app, "Test"), "Bucket", enforce_ssl=True)
    return app, bucket


def _violations(app: cdk.App, tmp_path: Path) -> list[str]:
    """The rule names cdk-nag 3 reports at synth (one entry per reported violation)."""
    try:
        app.synth()
    except RuntimeError:
        report = json.loads((tmp_path / "validation-report.json").read_text())
        return [
            violation["ruleName"]
            for plugin in report["pluginReports"]
            for violation in plugin["violations"]
        ]
    return []


def test_enable_checks_twice_reports_each_finding_once(tmp_path: Path) -> None:
    # Proves (fuzz): a second call added a second set of packs: every finding twice.
    app, _ = _app_with_a_finding(tmp_path)
    enable_checks(app)
    enable_checks(app)
    assert _violations(app, tmp_path) == ["AwsSolutions-S1"]


def test_enable_checks_on_a_stage_checks_its_stacks(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path))
    stage = cdk.Stage(app, "Prod")
    s3.Bucket(cdk.Stack(stage, "Test"), "Bucket", enforce_ssl=True)
    enable_checks(stage)
    assert _violations(app, tmp_path) == ["AwsSolutions-S1"]


def test_enable_checks_on_a_stack_is_a_construct_error(tmp_path: Path) -> None:
    # Proves (fuzz): on a stack, cdk-nag 3 checked the whole app (and cdk-nag 2 only the
    # stack), silently.
    _, bucket = _app_with_a_finding(tmp_path)
    with pytest.raises(ConstructError) as raised:
        enable_checks(bucket.stack)  # type: ignore[arg-type]
    assert "`app` is the construct 'Test', not a CDK app" in str(raised.value)
    assert "Fix: pass the cdk.App (or a cdk.Stage" in str(raised.value)


@pytest.mark.parametrize(
    "rule_id",
    [
        " AwsSolutions-S1",
        "awssolutions-s1",
        "AwsSolutions-S1 AwsSolutions-S10",
        "AwsSolutions-IAM5[",
        "AwsSolutions-IAM5[]",
        "-",
    ],
)
def test_a_rule_id_that_matches_no_rule_is_a_construct_error(rule_id: str) -> None:
    # Proves (fuzz): these were accepted, and cdk-nag silently ignored the acknowledgement.
    stack = cdk.Stack(cdk.App(), "Test")
    with pytest.raises(ConstructError, match=r"`rule_id` is .* it must name one cdk-nag rule"):
        acknowledge(stack, rule_id, REASON)


@pytest.mark.parametrize(
    ("rule_id", "pack", "fixed"),
    [
        ("AwsSolution-S1", "AwsSolution", "AwsSolutions-S1"),
        ("Serverles-LambdaDLQ", "Serverles", "Serverless-LambdaDLQ"),
        (
            "AwsSolution::AwsSolution-IAM5[Resource::*]",
            "AwsSolution",
            "AwsSolutions-IAM5[Resource::*]",
        ),
    ],
)
def test_a_misspelt_pack_is_a_construct_error_naming_the_pack(
    rule_id: str, pack: str, fixed: str
) -> None:
    # Proves (user trial): acknowledge(bucket, "AwsSolution-S1", ...) was accepted, although
    # the README promised a ConstructError for a misspelt id, and cdk-nag ignored it.
    stack = cdk.Stack(cdk.App(), "Test")
    with pytest.raises(ConstructError) as raised:
        acknowledge(stack, rule_id, REASON)
    message = str(raised.value)
    assert f"`rule_id` is {rule_id!r}, whose pack {pack!r} is no cdk-nag pack" in message
    assert (
        f"Fix: did you mean {fixed.split('-')[0]!r}? Write the id as cdk-nag prints it, "
        f"e.g. {fixed!r}" in message
    )


def test_a_pack_of_ones_own_is_not_a_misspelling() -> None:
    stack = cdk.Stack(cdk.App(), "Test")
    acknowledge(stack, "MyCompany-Rule1", REASON)  # a NagPack of the user's own: no error


@pytest.mark.parametrize(
    "rule_id", ["AwsSolutions-S1", "AwsSolutions::AwsSolutions-S1", "AwsSolutions-S1[x]"]
)
def test_the_rule_id_forms_cdk_nag_prints_work_for_both_majors(
    tmp_path: Path, rule_id: str
) -> None:
    # Proves (fuzz): the form cdk-nag 3 prints ("Acknowledge with 'AwsSolutions::...'")
    # worked for cdk-nag 3 but was written as a rule id cdk-nag 2 never matches.
    app, bucket = _app_with_a_finding(tmp_path)
    enable_checks(app)
    acknowledge(bucket, rule_id, REASON)
    granular = rule_id.endswith("[x]")
    # a granular id acknowledges only that finding: S1 has none, so it stays reported
    assert _violations(app, tmp_path) == (["AwsSolutions-S1"] if granular else [])
    resource = bucket.node.default_child
    assert isinstance(resource, cdk.CfnResource)
    (rule,) = resource.get_metadata("cdk_nag")["rules_to_suppress"]
    assert rule["id"] == "AwsSolutions-S1"


@pytest.mark.parametrize("scope", ["app", "stage", "nested stack"])
def test_acknowledge_on_an_outer_scope_covers_what_is_below_it(tmp_path: Path, scope: str) -> None:
    app = cdk.App(outdir=str(tmp_path))
    stage = cdk.Stage(app, "Prod")
    nested = cdk.NestedStack(cdk.Stack(stage, "Test"), "Data")
    s3.Bucket(nested, "Bucket", enforce_ssl=True)
    enable_checks(app)
    acknowledge(
        {"app": app, "stage": stage, "nested stack": nested}[scope], "AwsSolutions-S1", REASON
    )
    assert _violations(app, tmp_path) == []
