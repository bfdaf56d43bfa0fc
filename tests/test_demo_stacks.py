"""Gates over every demo stack: snapshot, cdk-nag, cfn-lint (one synth per session)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cfnlint.api import ManualArgs, lint
from syrupy.extensions.json import JSONSnapshotExtension

from constructs_lib.testing import template_snapshot
from stacks import build_demo_app
from tests.support import DemoSynth, new_app

DEMO_STACKS = sorted(build_demo_app(new_app()))


@pytest.mark.parametrize("stack_name", DEMO_STACKS)
def test_snapshot(demo: DemoSynth, stack_name: str, snapshot: Any) -> None:
    # Asset hashes change with every handler edit; the snapshot is about the infrastructure.
    assert template_snapshot(demo.templates[stack_name]) == snapshot.use_extension(
        JSONSnapshotExtension
    )


def test_cdk_nag_has_no_unacknowledged_findings(demo: DemoSynth) -> None:
    violations = [
        f"{plugin['pluginName']}: {v['ruleName']} at "
        + ", ".join(c["constructPath"] for c in v["violatingConstructs"])
        for plugin in (demo.validation_report or {}).get("pluginReports", [])
        for v in plugin.get("violations", [])
    ]
    assert violations == []
    assert demo.validation_error is None


@pytest.mark.parametrize("stack_name", DEMO_STACKS)
def test_cfn_lint_is_clean(demo: DemoSynth, stack_name: str) -> None:
    matches = lint(
        json.dumps(demo.templates[stack_name]),
        config=ManualArgs(regions=["us-east-1", "eu-west-1"]),
    )
    assert [f"{m.rule.id} {m.message} ({m.path})" for m in matches] == []


def test_cdk_nag_gate_is_live(tmp_path: Any) -> None:
    # GIVEN a stack with a deliberately insecure queue next to a ServerlessApi
    import aws_cdk as cdk
    from aws_cdk import aws_sqs as sqs
    from cdk_nag import AwsSolutionsChecks, ServerlessChecks

    from constructs_lib import ApiAuth, Handler, ServerlessApi
    from tests.support import CDK_CONTEXT, ECHO

    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Control")
    sqs.Queue(stack, "Insecure")
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": Handler(code=ECHO)},
        auth=ApiAuth.iam(),
    )
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))
    # WHEN synthesized THEN only the queue is reported, so the gate is running
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    paths = {
        c["constructPath"]
        for plugin in report["pluginReports"]
        for v in plugin["violations"]
        for c in v["violatingConstructs"]
    }
    assert paths == {"Control/Insecure/Resource"}
