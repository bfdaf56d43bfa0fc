"""constructs_lib.checks as a user's app meets it: enable_checks on the app (or a stage),
once; acknowledge with the rule ids cdk-nag prints, readable by both majors."""

from __future__ import annotations

import json
import re
import tarfile
import types
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

import aws_cdk as cdk
import cdk_nag
import jsii
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import pipelines
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import (
    ConstructError,
    QueueWorker,
    _nag_rules,
    acknowledge,
    checks,
    enable_checks,
)
from constructs_lib.testing import template_snapshot
from tests.support import echo_handler

REASON = "A fixture bucket: its access is logged by the test itself."


def _app_with_a_finding(tmp_path: Path) -> tuple[cdk.App, s3.Bucket]:
    """An app whose one bucket has cdk-nag finding AwsSolutions-S1 (no access logs)."""
    app = cdk.App(outdir=str(tmp_path))
    bucket = s3.Bucket(cdk.Stack(app, "Test"), "Bucket", enforce_ssl=True)
    return app, bucket


def _report(app: cdk.App, tmp_path: Path) -> list[dict[str, Any]]:
    """The violations cdk-nag 3 reports at synth (one entry per reported violation)."""
    try:
        app.synth()
    except RuntimeError:
        report = json.loads((tmp_path / "validation-report.json").read_text())
        return [
            violation for plugin in report["pluginReports"] for violation in plugin["violations"]
        ]
    return []


def _violations(app: cdk.App, tmp_path: Path) -> list[str]:
    """The rule names cdk-nag 3 reports at synth (one entry per reported violation)."""
    return [violation["ruleName"] for violation in _report(app, tmp_path)]


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


@pytest.mark.parametrize(
    "synthesize",
    [
        lambda app, stack: template_snapshot(stack),
        lambda app, stack: app.synth(),
        lambda app, stack: Template.from_stack(stack),
    ],
    ids=["template_snapshot", "app.synth", "Template.from_stack"],
)
@pytest.mark.parametrize("in_stage", [False, True], ids=["app", "stage"])
def test_enable_checks_after_a_synthesis_is_a_construct_error(
    tmp_path: Path, synthesize: Callable[[cdk.Stage, cdk.Stack], object], in_stage: bool
) -> None:
    # Proves (user trial): a test module sharing one app between its snapshot test and
    # its cdk-nag test turned cdk-nag on after the snapshot had synthesized the app; CDK
    # kept that first synthesis, so app.synth() passed on a stack full of findings
    app = cdk.App(outdir=str(tmp_path))
    scope = cdk.Stage(app, "Prod") if in_stage else app
    stack = cdk.Stack(scope, "Test")
    s3.Bucket(stack, "Bucket")
    synthesize(scope, stack)
    with pytest.raises(ConstructError) as raised:
        enable_checks(app)
    where = "its stack 'Prod/Test'" if in_stage else "the app"
    assert f"`app` was synthesized already ({where}: by app.synth()" in str(raised.value)
    assert "Fix: call enable_checks(app) right after creating the app" in str(raised.value)


def _pipeline_with_a_stage(app: cdk.App, stage_in_app: bool = False) -> cdk.Stage:
    """A CDK Pipelines app: the stage (one bucket, finding AwsSolutions-S1) added to the
    pipeline of a tooling stack."""
    tooling = cdk.Stack(
        app, "Tooling", env=cdk.Environment(account="111111111111", region="eu-west-1")
    )
    source = pipelines.CodePipelineSource.git_hub("team/app", "main")
    pipeline = pipelines.CodePipeline(
        tooling,
        "Pipeline",
        synth=pipelines.ShellStep("Synth", input=source, commands=["cdk synth"]),
    )
    stage = cdk.Stage(
        app if stage_in_app else tooling,
        "Dev",
        env=cdk.Environment(account="111111111111", region="eu-west-1"),
    )
    s3.Bucket(cdk.Stack(stage, "Data"), "Bucket", enforce_ssl=True)
    pipeline.add_stage(stage)
    return stage


def test_enable_checks_after_add_stage_of_a_stage_in_the_app_names_add_stage(
    tmp_path: Path,
) -> None:
    # Proves (sweep31): a pipeline's stage built in the app (Dev(app, "Dev"), beside the
    # pipeline's stack, as many pipelines' app.py do) still blamed app.synth(),
    # template_snapshot(...) or Template.from_stack(...), none of which the team called
    app = cdk.App(outdir=str(tmp_path))
    _pipeline_with_a_stage(app, stage_in_app=True)
    with pytest.raises(ConstructError) as raised:
        enable_checks(app)
    message = str(raised.value)
    assert "its stage 'Dev' is in an app with a CDK Pipelines pipeline" in message
    assert "pipeline.add_stage(stage) synthesizes the stage" in message
    assert "Fix: call enable_checks(app) right after creating the app, before the " in message
    # a stage synthesized in an app without a pipeline keeps the general message
    app = cdk.App(outdir=str(tmp_path / "plain"))
    stage = cdk.Stage(app, "Dev")
    s3.Bucket(cdk.Stack(stage, "Data"), "Bucket", enforce_ssl=True)
    stage.synth()
    with pytest.raises(ConstructError, match=r"by app\.synth\(\), template_snapshot"):
        enable_checks(app)


def test_enable_checks_after_a_pipelines_add_stage_names_add_stage(tmp_path: Path) -> None:
    # Proves (trial30): enable_checks(app) at the end of a CDK Pipelines app.py failed
    # blaming app.synth(), template_snapshot(...) or Template.from_stack(...), none of
    # which the team called: pipeline.add_stage(stage) had synthesized the stage
    app = cdk.App(outdir=str(tmp_path))
    _pipeline_with_a_stage(app)
    with pytest.raises(ConstructError) as raised:
        enable_checks(app)
    message = str(raised.value)
    assert "its stage 'Tooling/Dev' is in a stack, as CDK Pipelines' stages are" in message
    assert "pipeline.add_stage(stage) synthesizes the stage" in message
    assert "Fix: call enable_checks(app) right after creating the app, before the " in message
    # WHEN called first THEN add_stage's synthesis runs cdk-nag over the stage's stacks
    app = cdk.App(outdir=str(tmp_path / "first"))
    enable_checks(app)
    _pipeline_with_a_stage(app)
    with pytest.raises(RuntimeError, match="ValidationFailed") as failed:
        app.synth()
    assert "Tooling/Dev/Data/Bucket/Resource" in str(failed.value)


def test_enable_checks_again_after_a_synthesis_does_nothing(tmp_path: Path) -> None:
    # the checks were on for that synthesis: nothing is lost
    app, _ = _app_with_a_finding(tmp_path)
    enable_checks(app)
    assert _violations(app, tmp_path) == ["AwsSolutions-S1"]
    enable_checks(app)


def test_enable_checks_on_a_stage_of_a_checked_app_reports_each_finding_once(
    tmp_path: Path,
) -> None:
    # Proves (user trial): the app's checks reach its stages' stacks, and the stage's own
    # were a second set: every finding of the stage twice
    app = cdk.App(outdir=str(tmp_path))
    stage = cdk.Stage(app, "Prod")
    s3.Bucket(cdk.Stack(stage, "Test"), "Bucket", enforce_ssl=True)
    enable_checks(app)
    enable_checks(stage)
    assert _violations(app, tmp_path) == ["AwsSolutions-S1"]


def _app_with_stages(tmp_path: Path, *names: str) -> tuple[cdk.App, dict[str, cdk.Stage]]:
    """An app whose stages (and top-level stack ``Top``) each hold one bucket with finding
    AwsSolutions-S1."""
    app, _ = _app_with_a_finding(tmp_path)
    stages = {name: cdk.Stage(app, name) for name in names}
    for stage in stages.values():
        s3.Bucket(cdk.Stack(stage, "Test"), "Bucket", enforce_ssl=True)
    return app, stages


def _reported(app: cdk.App, tmp_path: Path) -> list[str]:
    """The resources cdk-nag 3 reports at synth, one entry per report of each."""
    return sorted(
        construct["constructPath"]
        for violation in _report(app, tmp_path)
        for construct in violation["violatingConstructs"]
    )


@pytest.mark.parametrize(
    ("calls", "checked"),
    [
        (["Prod", "app"], ["Beta", "Prod", "Test"]),
        (["app", "Prod"], ["Beta", "Prod", "Test"]),
        (["Beta", "Prod", "app"], ["Beta", "Prod", "Test"]),
        (["Beta", "app", "Prod"], ["Beta", "Prod", "Test"]),
        (["Beta", "Prod"], ["Beta", "Prod"]),
        (["Prod"], ["Prod"]),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, list) else None,
)
def test_each_stack_is_checked_once_whatever_the_order_of_the_calls(
    tmp_path: Path, calls: list[str], checked: list[str]
) -> None:
    # Proves (order review): cdk-nag 3's packs walk the whole app whichever stage they are
    # added to: enable_checks(stage) then enable_checks(app) (or two sibling stages)
    # reported every finding twice, and a stage's checks reported the app's other stacks
    app, stages = _app_with_stages(tmp_path, "Beta", "Prod")
    for call in calls:
        enable_checks(app if call == "app" else stages[call])
    where = {"Beta": "Beta/Test", "Prod": "Prod/Test", "Test": "Test"}
    assert _reported(app, tmp_path) == [f"{where[c]}/Bucket/Resource" for c in checked]


@pytest.mark.parametrize("on", ["resource", "stack", "app"])
def test_acknowledge_after_a_synthesis_is_a_construct_error(tmp_path: Path, on: str) -> None:
    # Proves (user trial): an acknowledgement made after the app was synthesized was
    # accepted and never reached cdk-nag (CDK keeps the first synthesis)
    app, bucket = _app_with_a_finding(tmp_path)
    template_snapshot(bucket.stack)
    scope = {"resource": bucket, "stack": bucket.stack, "app": app}[on]
    with pytest.raises(ConstructError) as raised:
        acknowledge(scope, "AwsSolutions-S1", REASON)
    assert "`scope` is in an app synthesized already" in str(raised.value)
    assert "Fix: acknowledge before anything synthesizes the app" in str(raised.value)


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


def test_a_short_or_missing_reason_is_shown_and_its_length_named() -> None:
    # Proves (messages review): a reason that is no string was shown by its repr, and the
    # length read "in 10 characters at least"
    stack = cdk.Stack(cdk.App(), "Test")
    with pytest.raises(ConstructError, match=r"`reason` is 'ok'; .* in at least 10 characters"):
        acknowledge(stack, "AwsSolutions-S1", "ok")
    with pytest.raises(ConstructError, match=r"`reason` is the Stack 'Test'; it must say why"):
        acknowledge(stack, "AwsSolutions-S1", stack)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule_id", "message"),
    [
        ("AwsSolutions-IAM55", r"'IAM55' is not a rule of cdk-nag's AwsSolutions pack"),
        # Proves (sweep35): the suggestion dropped the finding given ('AwsSolutions-IAM5'),
        # or named a bare IAM5 or IAM4, which acknowledge() then refused as acknowledging nothing
        (
            "AwsSolutions-IMA5[Resource::*]",
            r"Fix: did you mean 'AwsSolutions-IAM5\[Resource::\*\]' or 'AwsSolutions-KMS5' ",
        ),
        ("AwsSolutions-IAM44", r"did you mean 'AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>"),
        ("AwsSolutions::AwsSolutions-S11", r"'S11' is not a rule of cdk-nag's AwsSolutions"),
        ("Serverless-LambdaDlq", r"Fix: did you mean 'Serverless-LambdaDLQ'"),
        # Proves (user trial): a rule of the other pack under this one's name said only
        # "pass the id exactly as cdk-nag's finding prints it"
        ("Serverless-SMG4", r"Fix: did you mean 'AwsSolutions-SMG4'\? \(pass the id exactly"),
        ("AwsSolutions-LambdaDLQ", r"Fix: did you mean 'Serverless-LambdaDLQ'\?"),
        (
            "AwsSolution-IAM5",
            r"'AwsSolution' is not a cdk-nag pack.*'AwsSolutions-IAM5\[Resource::\*\]'\?",
        ),
        ("Serverles-LambdaDLQ[x]", r"Fix: did you mean 'Serverless-LambdaDLQ\[x\]'\?"),
        (
            "AwsSolution::AwsSolution-IAM5[Resource::*]",
            r"Fix: did you mean 'AwsSolutions-IAM5\[Resource::\*\]'\?",
        ),
    ],
)
def test_a_misspelt_rule_or_pack_is_a_construct_error(rule_id: str, message: str) -> None:
    # Proves (user trial): the README promises a ConstructError for a misspelt id, but only
    # its shape was checked: these were accepted, and cdk-nag silently ignored them.
    stack = cdk.Stack(cdk.App(), "Test")
    with pytest.raises(ConstructError, match=rf"`rule_id` is '.*{message}"):
        acknowledge(stack, rule_id, REASON)


@pytest.mark.parametrize("rule_id", ["AwsSolutions-SNS2", "AwsSolutions::AwsSolutions-SNS2"])
def test_a_rule_cdk_nag_retired_is_told_to_be_removed(rule_id: str) -> None:
    # Proves (upgrade54): an app's acknowledgement of SNS2 (dropped in cdk-nag 2.30.0) was
    # told "did you mean 'AwsSolutions-SQS2' or 'AwsSolutions-SNS3' or 'AwsSolutions-S2'?",
    # three unrelated rules, where README's "Upgrading" says to remove it
    stack = cdk.Stack(cdk.App(), "Test")
    with pytest.raises(ConstructError) as raised:
        acknowledge(stack, rule_id, REASON)
    message = str(raised.value)
    assert "'SNS2' is a rule cdk-nag's AwsSolutions pack no longer has" in message
    assert "cdk-nag 2.30.0 removed it" in message
    assert message.endswith(
        "Fix: remove the acknowledgement: it acknowledged nothing, and the template does not change"
    )
    assert "did you mean" not in message


def test_an_unknown_rule_says_it_may_be_removed() -> None:
    # Proves (upgrade54): a rule id copied from another app was only told its look-alikes
    stack = cdk.Stack(cdk.App(), "Test")
    with pytest.raises(
        ConstructError,
        match=r"Fix: pass the id exactly as cdk-nag's finding "
        r"prints it; remove the acknowledgement if no finding of this app "
        r"prints that id$",
    ):
        acknowledge(stack, "AwsSolutions-Zzzz9", REASON)


_LAMBDA_POLICY = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/" + (
    "AWSLambdaBasicExecutionRole"
)


@pytest.mark.parametrize(
    ("rule_id", "finding"),
    [
        ("AwsSolutions-IAM5", "Resource::*"),
        ("AwsSolutions::AwsSolutions-IAM5", "Resource::*"),
        ("AwsSolutions-IAM4", _LAMBDA_POLICY),
    ],
)
def test_a_granular_rule_without_its_finding_is_a_construct_error(
    tmp_path: Path, rule_id: str, finding: str
) -> None:
    # Proves (trial30): acknowledge(pipeline, "AwsSolutions-IAM5", reason=...) over CDK
    # Pipelines' roles was accepted and acknowledged nothing under cdk-nag 3 (which matches
    # each finding, "AwsSolutions-IAM5[Resource::*]"): every finding still failed the synth
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test")
    with pytest.raises(
        ConstructError,
        match=rf"`rule_id` is '{re.escape(rule_id)}', a rule cdk-nag reports once per finding, "
        r"without the finding: cdk-nag 3 .* acknowledges nothing.*Fix: acknowledge each "
        rf"finding as cdk-nag prints it .*'{re.escape(rule_id + '[' + finding + ']')}'",
    ):
        acknowledge(stack, rule_id, REASON)
    # WHEN the finding the fix names is acknowledged THEN cdk-nag 3 acknowledges it
    # Proves (review32): IAM4's fix named '[Resource::*]', which no IAM4 finding is (it
    # names the managed policy): following the fix acknowledged nothing
    enable_checks(app)
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    if "IAM5" in rule_id:
        role.add_to_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"]))
    else:
        role.add_managed_policy(
            iam.ManagedPolicy.from_aws_managed_policy_name(
                "service-role/AWSLambdaBasicExecutionRole"
            )
        )
    acknowledge(role, f"{rule_id.rsplit('::', 1)[-1]}[{finding}]", REASON)
    app.synth()


@pytest.mark.parametrize(
    "rule_id", ["MyTeam-Rule1", "HIPAA.Security-IAMNoInlinePolicy", "NIST.800.53.R5-S3BucketSSL"]
)
def test_rules_of_other_packs_are_not_second_guessed(rule_id: str) -> None:
    stack = cdk.Stack(cdk.App(), "Test")
    acknowledge(stack, rule_id, REASON)
    # THEN the rule is acknowledged as written, with its reason
    assert _acknowledged(stack) == {f"Annotation::{rule_id}": REASON}


def test_a_newer_cdk_nag_may_have_rules_the_lists_do_not_know(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(metadata, "version", lambda name: "3.99.0")
    stack = cdk.Stack(cdk.App(), "Test")
    acknowledge(stack, "AwsSolutions-NEW1", REASON)
    # THEN the rule is acknowledged as written, with its reason
    assert _acknowledged(stack) == {"Annotation::AwsSolutions-NEW1": REASON}


def _acknowledged(stack: cdk.Stack) -> dict[str, str]:
    """The acknowledgements (cdk-nag 3's, as CDK records them) on ``stack`` itself."""
    found: dict[str, str] = {}
    for entry in stack.node.metadata:
        if entry.type == "aws:cdk:acknowledged-rules":
            found.update(entry.data)
    return found


def test_the_rule_lists_are_the_installed_cdk_nags() -> None:
    # GIVEN the installed cdk-nag's own packs (its jsii bundle), THEN the lists acknowledge
    # checks against are theirs: a cdk-nag upgrade that adds or removes a rule fails here.
    version = metadata.version("cdk-nag")
    major = int(version.split(".")[0])
    assert tuple(map(int, version.split(".")[:3])) == _nag_rules.RULES_FROM[major], (
        f"cdk-nag {version}: update constructs_lib/_nag_rules.py (lists and RULES_FROM)"
    )
    bundle = next((Path(cdk_nag.__file__).parent / "_jsii").glob("cdk-nag@*.jsii.tgz"))
    with tarfile.open(bundle) as tar:

        def source(pack: str) -> str:
            member = tar.extractfile(f"package/lib/packs/{pack}.js")
            assert member is not None
            return member.read().decode()

        aws = set(re.findall(r"ruleSuffixOverride:\s*'([^']+)'", source("aws-solutions")))
        serverless = set(re.findall(r"rule:\s*\w+\.(\w+),", source("serverless")))
    assert {"AwsSolutions": aws, "Serverless": serverless} == _nag_rules.RULES


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


# --- cdk-nag 2: a stage created after enable_checks (found only at synth) ----------------


@jsii.implements(cdk.IAspect)
class _Pack:
    """A cdk-nag 2 pack (an Aspect) that finds nothing: the stages it reaches are the test."""

    def visit(self, node: IConstruct) -> None:
        pass


@pytest.fixture
def cdk_nag_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """enable_checks as with cdk-nag 2 installed (this venv has cdk-nag 3)."""
    monkeypatch.setattr(checks, "cdk_nag_major", lambda: 2)
    packs = types.SimpleNamespace(AwsSolutionsChecks=_Pack, ServerlessChecks=_Pack)
    monkeypatch.setattr(checks, "import_module", lambda name: packs)


@pytest.mark.usefixtures("cdk_nag_2")
def test_a_stage_created_after_enable_checks_with_cdk_nag_2_fails_the_synth() -> None:
    # GIVEN checks on, then a stage: cdk-nag 2's Aspects stop at a stage
    app = cdk.App()
    enable_checks(app)
    cdk.Stack(cdk.Stage(app, "Late"), "Service")
    # THEN the synth fails (nothing the library builds tells it earlier: the user's
    # enable_checks(stage) may still come), naming the stage, enable_checks and the fix
    with pytest.raises(RuntimeError) as error:
        app.synth()
    assert (
        "[] enable_checks: the stage 'Late' was created after enable_checks(...), and cdk-nag "
        "2's Aspects stop at a stage: its stacks are not checked. Fix: call enable_checks "
        "after creating the stages (or enable_checks(stage) for it)"
    ) in str(error.value)


@pytest.mark.usefixtures("cdk_nag_2")
@pytest.mark.parametrize("late_call", [False, True], ids=["stage-first", "enable-stage-later"])
def test_every_stage_checked_with_cdk_nag_2_synthesizes(late_call: bool) -> None:
    app = cdk.App()
    if late_call:
        enable_checks(app)
    stage = cdk.Stage(app, "Prod")
    cdk.Stack(stage, "Service").node.add_metadata("test", "x")
    enable_checks(stage if late_call else app)
    app.synth()
    # THEN the stage has the packs itself (cdk-nag 2's Aspects of the app stop at it)
    packs = [aspect for aspect in cdk.Aspects.of(stage).all if isinstance(aspect, _Pack)]
    assert len(packs) == 2  # AwsSolutionsChecks and ServerlessChecks


@jsii.implements(cdk.IAspect)
class _SeeingPack:
    """A cdk-nag 2 pack that records each function's tracing as it checks it."""

    seen: ClassVar[list[object]] = []

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, lambda_.CfnFunction):
            _SeeingPack.seen.append(cdk.Stack.of(node).resolve(node.tracing_config))


@jsii.implements(cdk.IAspect)
class _TracingOff:
    """A team's Aspect, on its stack: every function's tracing off."""

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, lambda_.CfnFunction):
            node.tracing_config = lambda_.CfnFunction.TracingConfigProperty(mode="PassThrough")


def test_cdk_nag_2_checks_what_the_app_s_aspects_made(monkeypatch: pytest.MonkeyPatch) -> None:
    # Proves (mutate46): with cdk-nag 2, enable_checks(app) added the packs at Aspects'
    # default priority, so an Aspect of the same priority on a stack (turning tracing off)
    # changed each function after the packs had checked it: cdk-nag reported nothing.
    # The packs are read-only Aspects and run after every other one
    monkeypatch.setattr(checks, "cdk_nag_major", lambda: 2)
    packs = types.SimpleNamespace(AwsSolutionsChecks=_SeeingPack, ServerlessChecks=_Pack)
    monkeypatch.setattr(checks, "import_module", lambda name: packs)
    monkeypatch.setattr(_SeeingPack, "seen", [])
    app = cdk.App()
    stack = cdk.Stack(app, "Service")
    QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)
    enable_checks(app)
    cdk.Aspects.of(stack).add(_TracingOff())
    app.synth()
    assert _SeeingPack.seen == [{"mode": "PassThrough"}]
