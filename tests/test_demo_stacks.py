"""The README's main job, the pinned CDK CLI's synth of the demo app (app.py, cdk.json),
and the gates over every demo stack: snapshot, cdk-nag, cfn-lint (one synth per session)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from constructs_lib.testing import template_snapshot
from tests.support import DEMO_STACKS, ROOT, DemoSynth, cfn_lint, nag_findings, nag_paths
from tools.local.probes import NOT_A_RESOURCE


def test_pinned_cdk_cli_synthesizes_every_demo_stack(demo: DemoSynth) -> None:
    version = json.loads((ROOT / "node_modules" / "aws-cdk" / "package.json").read_text())
    assert version["version"].startswith("2.1148."), "aws-cdk 3.x cannot read this assembly"
    assert demo.validation_error is None
    # DEMO_STACKS is written out (building the app to list it cost each worker 2-3 s)
    assert sorted(demo.templates) == DEMO_STACKS


def test_the_demo_app_synthesizes_without_a_warning(demo: DemoSynth) -> None:
    # a warning fails a user's `cdk synth --strict`, and hides the ones that matter
    warnings = [line for line in demo.cli_output.splitlines() if "warning" in line.lower()]
    assert warnings == [], demo.cli_output[-3000:]


def test_the_readme_counts_the_resources_the_local_deploy_checks(demo: DemoSynth) -> None:
    # Proves (docs review): "Run it locally" said 246 (Networked 69, Uploads 24) after the
    # security review had added a log group to each of those two stacks
    # GIVEN the figures README.md quotes and the demo's templates
    readme = (ROOT / "README.md").read_text()
    quoted = re.search(r"all (\d+) of the six stacks today \(([^;]+);", " ".join(readme.split()))
    assert quoted is not None
    figures = {name: int(n) for name, n in re.findall(r"(\w+) (\d+)", quoted[2])}
    # WHEN the resources the local deploy looks up are counted (tools/local/probes.py)
    counts = {
        name: sum(r["Type"] not in NOT_A_RESOURCE for r in template["Resources"].values())
        for name, template in demo.templates.items()
    }
    # THEN they are the README's
    assert figures == counts
    assert int(quoted[1]) == sum(counts.values())


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
    assert cfn_lint(demo.templates[stack_name], regions=["us-east-1", "eu-west-1"]) == []


def test_cfn_lint_gate_is_live() -> None:
    # GIVEN a template with a bad property, linted with the rules the gates share
    from cfnlint.api import ManualArgs, lint

    bad = {
        "Resources": {
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": "soon"}}
        }
    }
    # WHEN linted THEN the shared rules find what cfn-lint's own API finds, and it is found
    regions = ["us-east-1", "eu-west-1"]
    fresh = lint(json.dumps(bad), config=ManualArgs(regions=regions))
    found = cfn_lint(bad, regions=regions)
    assert found == [f"{m.rule.id} {m.message} ({m.path})" for m in fresh]
    assert [finding.split()[0] for finding in found] == ["E3012"]


def test_cdk_nag_gate_is_live(tmp_path: Any) -> None:
    # GIVEN a stack with a deliberately insecure queue next to a ServerlessApi
    import aws_cdk as cdk
    from aws_cdk import aws_sqs as sqs

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
    # WHEN synthesized THEN only the queue is reported, so the gate is running
    assert nag_paths(app, tmp_path) == {"Control/Insecure/Resource"}


def test_a_users_wildcard_grant_on_a_function_is_reported(tmp_path: Any) -> None:
    # GIVEN minimizePolicies (statements merge) and a user's wildcard grant on a function
    import aws_cdk as cdk
    from aws_cdk import aws_iam as iam

    from constructs_lib import QueueWorker
    from tests.support import CDK_CONTEXT, echo_handler

    context = {**CDK_CONTEXT, "@aws-cdk/aws-iam:minimizePolicies": True}
    app = cdk.App(outdir=str(tmp_path), context=context)
    worker = QueueWorker(cdk.Stack(app, "Users"), "Worker", handler=echo_handler())
    worker.function.add_to_role_policy(
        iam.PolicyStatement(actions=["secretsmanager:GetSecretValue"], resources=["*"])
    )
    # WHEN checked THEN cdk-nag reports it: the library's X-Ray acknowledgement covers only
    # its own Tracing policy, never the DefaultPolicy where grants land
    assert (
        "AwsSolutions-IAM5[Resource::*]",
        "Users/Worker/Handler/Role/DefaultPolicy/Resource",
    ) in (nag_findings(app, tmp_path))


def test_the_demo_app_can_be_built_in_part_as_the_local_deploys_update_builds_it() -> None:
    import aws_cdk as cdk

    from stacks import build_demo_app

    built = build_demo_app(cdk.App(), only=("TodoApi", "TodoSite"))
    assert list(built) == ["TodoApi", "TodoSite"]
    for only in (("TodoSite",), ("Todos",)):
        with pytest.raises(ValueError, match=r"one of \('TodoApi', .*TodoSite with TodoApi"):
            build_demo_app(cdk.App(), only=only)
