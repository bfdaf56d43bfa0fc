"""Every call that adds to a stack after its synthesis ("late"), under every kind of stack
synthesizer: refused by name once CDK completed a synthesis of the stack (CDK keeps it, so
the addition would be in no template), taken after a synthesis that failed (CDK kept
nothing of it: the next synthesis has the addition)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Annotations, Template
from constructs import IValidation

from constructs_lib import ApiAuth, Monitoring, Network, QueueWorker, ServerlessApi, acknowledge
from constructs_lib.checks import enable_checks
from tests.support import echo_handler, new_app, raised


@jsii.implements(cdk.IStackSynthesizer)
class _TeamSynthesizer(cdk.StackSynthesizer):
    """A platform team's own synthesizer: its assets in a bucket of its own, no bootstrap
    stack, so no BootstrapVersion parameter."""

    def add_file_asset(self, asset: cdk.FileAssetSource) -> cdk.FileAssetLocation:
        return cdk.FileAssetLocation(
            bucket_name="team-assets",
            object_key=f"{asset.source_hash}.zip",
            http_url=f"https://team-assets.s3.amazonaws.com/{asset.source_hash}.zip",
            s3_object_url=f"s3://team-assets/{asset.source_hash}.zip",
        )

    def add_docker_image_asset(self, asset: cdk.DockerImageAssetSource) -> Any:
        raise NotImplementedError("no images in these tests")

    def synthesize(self, session: cdk.ISynthesisSession) -> None:
        self._synthesize_template(session)
        self._emit_artifact(session)


SYNTHESIZERS: dict[str, Callable[[], cdk.IStackSynthesizer]] = {
    "default": cdk.DefaultStackSynthesizer,
    "no bootstrap rule": lambda: cdk.DefaultStackSynthesizer(generate_bootstrap_version_rule=False),
    "legacy": cdk.LegacyStackSynthesizer,
    "bootstrapless": cdk.BootstraplessSynthesizer,
    "CLI credentials": cdk.CliCredentialsStackSynthesizer,
    "custom": _TeamSynthesizer,
}
#: A function's code is a file asset, which a BootstraplessSynthesizer's stack cannot hold
#: (the library says so when the construct is built: tests/test_handler_validation.py)
NO_FUNCTIONS = {"bootstrapless"}


def _alarm(stack: cdk.Stack) -> cloudwatch.Alarm:
    metric = cloudwatch.Metric(namespace="Shop", metric_name="Orders")
    return metric.create_alarm(stack, "Orders", threshold=1, evaluation_periods=1)


def _vpc(stack: cdk.Stack) -> ec2.IVpc:  # an existing VPC: no custom resource, no asset
    return ec2.Vpc.from_vpc_attributes(
        stack,
        "Vpc",
        vpc_id="vpc-1",
        availability_zones=["a", "b"],
        isolated_subnet_ids=["subnet-1", "subnet-2"],
        isolated_subnet_route_table_ids=["rtb-1", "rtb-2"],
    )


def _api(stack: cdk.Stack) -> ServerlessApi:
    return ServerlessApi(stack, "Api", routes={"GET /x": echo_handler()}, auth=ApiAuth.iam())


def _role(stack: cdk.Stack) -> iam.Role:
    return iam.Role(stack, "Client", assumed_by=iam.AccountPrincipal("111122223333"))


@dataclass(frozen=True)
class Late:
    """A stack's contents, the late call on them, what its problem names, and what the
    call adds to the template when it is taken."""

    build: Callable[[cdk.Stack], Any]
    call: Callable[[cdk.Stack, Any], object]
    named: tuple[str, str]  # the problem's (path, prop)
    added: Callable[[Template], None]
    functions: bool = False  # the stack holds a function (not for bootstrapless)


def _count(kind: str, n: int = 1) -> Callable[[Template], None]:
    return lambda template: template.resource_count_is(kind, n)


def _dashboard_has(text: str) -> Callable[[Template], None]:
    def check(template: Template) -> None:
        assert text in json.dumps(template.find_resources("AWS::CloudWatch::Dashboard"))

    return check


def _alarm_notifies(template: Template) -> None:
    [alarm] = template.find_resources("AWS::CloudWatch::Alarm").values()
    assert alarm["Properties"]["AlarmActions"]


def _template_has(text: str) -> Callable[[Template], None]:
    def check(template: Template) -> None:
        assert text in json.dumps(template.to_json())

    return check


def _with_topic(stack: cdk.Stack) -> Monitoring:
    return Monitoring(stack, alarm_topic=sns.Topic(stack, "Ops", enforce_ssl=True))


LATE_CALLS: dict[str, Late] = {
    "Network.endpoint": Late(
        lambda s: Network(s, "Net", existing_vpc=_vpc(s)),
        lambda s, network: network.endpoint("sns"),
        ("Test/Net", "endpoint"),
        _count("AWS::EC2::VPCEndpoint", 3),  # sns; the S3 and DynamoDB gateways
    ),
    "Monitoring.set_alarm_topic": Late(
        Monitoring,
        lambda s, monitoring: monitoring.set_alarm_topic(sns.Topic(s, "Late", enforce_ssl=True)),
        ("Test/Monitoring", "alarm_topic"),
        _count("AWS::SNS::Topic"),
    ),
    "Monitoring(alarm_topic=...)": Late(
        Monitoring,
        lambda s, _: Monitoring(s, alarm_topic=sns.Topic(s, "Late", enforce_ssl=True)),
        ("Test/Monitoring", "alarm_topic"),
        _count("AWS::SNS::Topic"),
    ),
    "Monitoring.enable_dashboard": Late(
        Monitoring,
        lambda s, monitoring: monitoring.enable_dashboard(),
        ("Test/Monitoring", "dashboard"),
        _count("AWS::CloudWatch::Dashboard"),
    ),
    "Monitoring.add_section": Late(
        lambda s: Monitoring(s, dashboard=True),
        lambda s, monitoring: monitoring.add_section(
            "Runbook", [cloudwatch.TextWidget(markdown="on call")]
        ),
        ("Test/Monitoring/Dashboard", "add_section"),
        _dashboard_has("Runbook"),
    ),
    "Monitoring.add_alarms": Late(
        lambda s: (_with_topic(s), _alarm(s)),
        lambda s, built: built[0].add_alarms([built[1]]),
        ("Test/Monitoring", "add_alarms"),
        _alarm_notifies,
    ),
    "Monitoring of a stack of a watched app": Late(
        # the app's other stack holds the library's construct; this one a topic only
        lambda s: (Monitoring(cdk.Stack(s.node.root, "Other")), sns.Topic(s, "T")),
        lambda s, _: Monitoring(s),
        ("Test/Monitoring", "Monitoring(scope)"),
        lambda template: None,  # a Monitoring alone adds no resource
    ),
    "a construct built in a stack without Monitoring": Late(
        lambda s: Monitoring(cdk.Stack(s.node.root, "Other")),
        lambda s, _: QueueWorker(s, "Worker", handler=echo_handler()),
        ("Test/Worker", "QueueWorker(...)"),
        _count("AWS::Lambda::Function"),
        functions=True,
    ),
    "QueueWorker.subscribe": Late(
        lambda s: QueueWorker(s, "Worker", handler=echo_handler()),
        lambda s, worker: worker.subscribe(sns.Topic(s, "Orders", enforce_ssl=True)),
        ("Test/Worker", "topic"),
        _count("AWS::SNS::Subscription"),
        functions=True,
    ),
    "add_rollback_alarm": Late(
        lambda s: (QueueWorker(s, "Worker", handler=echo_handler()), _alarm(s)),
        lambda s, built: built[0].add_rollback_alarm(built[1]),
        ("Test/Worker", "alarm"),
        lambda template: None,  # deployed all at once: checked, nothing added
        functions=True,
    ),
    "link": Late(
        lambda s: QueueWorker(s, "Worker", handler=echo_handler()),
        lambda s, worker: worker.link(sns.Topic(s, "Orders", enforce_ssl=True)),
        ("Test/Worker", "link"),
        _count("AWS::SNS::Topic"),
        functions=True,
    ),
    "grant_invoke": Late(
        lambda s: (_api(s), _role(s)),
        lambda s, built: built[0].grant_invoke(built[1], "GET /x"),
        ("Test/Api", "grant_invoke"),
        _count("AWS::IAM::Policy", 1),
        functions=True,
    ),
    "acknowledge": Late(
        lambda s: (Monitoring(s), sns.Topic(s, "Orders", enforce_ssl=True)),
        lambda s, built: acknowledge(built[1], "AwsSolutions-SNS3", "SSL is enforced by policy"),
        ("Test/Orders", "scope"),
        _template_has("AwsSolutions-SNS3"),
    ),
    "enable_checks": Late(
        Monitoring,
        lambda s, _: enable_checks(s.node.root),  # type: ignore[arg-type]
        ("enable_checks", "app"),
        lambda template: None,  # cdk-nag's packs read the next synthesis: nothing to find
    ),
}

CASES = [
    pytest.param(late, synthesizer, id=f"{name}, {kind}")
    for name, late in LATE_CALLS.items()
    for kind, synthesizer in SYNTHESIZERS.items()
    if not (late.functions and kind in NO_FUNCTIONS)
]


def _stack(synthesizer: Callable[[], cdk.IStackSynthesizer]) -> cdk.Stack:
    return cdk.Stack(new_app(), "Test", synthesizer=synthesizer())


@pytest.mark.parametrize(("late", "synthesizer"), CASES)
def test_a_late_call_is_refused_by_name_whatever_the_synthesizer(
    late: Late, synthesizer: Callable[[], cdk.IStackSynthesizer]
) -> None:
    # Proves (code54): in a stack holding a Monitoring and no construct checking at synth
    # (or none of the library's, in an app that has some), the synthesizers without a
    # BootstrapVersion parameter let each Monitoring call pass: it was in no template
    # GIVEN a stack synthesized once
    stack = _stack(synthesizer)
    built = late.build(stack)
    Template.from_stack(stack)
    # WHEN the call would add to it THEN a ConstructError names the call
    [problem] = raised(lambda: late.call(stack, built)).problems
    assert (problem.path, problem.prop) == late.named
    assert "synthesized" in problem.message
    assert "before anything synthesizes" in problem.fix


@jsii.implements(IValidation)
class _TeamRule:
    """A user's own validation, failing until the user fixes what it names."""

    def __init__(self) -> None:
        self.fixed = False

    def validate(self) -> list[str]:
        return [] if self.fixed else ["every stack needs an owner tag"]


@pytest.mark.parametrize(("late", "synthesizer"), CASES)
def test_a_call_after_a_synthesis_the_user_s_validation_failed_is_taken(
    late: Late, synthesizer: Callable[[], cdk.IStackSynthesizer]
) -> None:
    # Proves (code54): the library took the synth root's validation for its synthesis, so
    # after a synthesis that a user's own validation failed (CDK keeps nothing of it) link
    # and grant_invoke (the app's Tree) and, under the other synthesizers, every call was
    # refused: the fix was to change nothing
    stack = _stack(synthesizer)
    built = late.build(stack)
    rule = _TeamRule()
    stack.node.add_validation(rule)
    with pytest.raises(RuntimeError, match="every stack needs an owner tag"):
        Template.from_stack(stack)
    rule.fixed = True
    # WHEN the call comes after it THEN it is taken, and the next synthesis has it
    late.call(stack, built)
    late.added(Template.from_stack(stack))


@pytest.mark.parametrize(
    "where",
    [
        lambda app: cdk.NestedStack(cdk.Stack(app, "Test", synthesizer=_TeamSynthesizer()), "Db"),
        lambda app: cdk.Stack(cdk.Stage(app, "Dev"), "Test", synthesizer=_TeamSynthesizer()),
    ],
    ids=["nested stack", "stack of a stage"],
)
def test_a_late_call_in_a_nested_stack_or_a_stage_is_refused(
    where: Callable[[cdk.App], cdk.Stack],
) -> None:
    # GIVEN a Monitoring in a nested stack (its template is its parent's artifact's), or
    # in a stage's stack (the stage is synthesized apart: its own manifest)
    stack = where(new_app())
    monitoring = Monitoring(stack)
    top = stack.nested_stack_parent or stack
    Template.from_stack(top)
    # WHEN the dashboard comes after THEN it is refused, naming the stack
    [problem] = raised(monitoring.enable_dashboard).problems
    assert problem.message.startswith(f"comes after its stack {stack.node.path!r} was synth")


def test_a_manifest_an_earlier_run_left_in_the_outdir_is_not_this_synthesis(
    tmp_path: Path,
) -> None:
    # GIVEN an app writing to a kept outdir (cdk.out) holding an earlier run's assembly
    (tmp_path / "manifest.json").write_text(json.dumps({"artifacts": {"Test": {}}}))
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test", synthesizer=cdk.LegacyStackSynthesizer())
    monitoring = Monitoring(stack)
    # WHEN nothing synthesized it yet, or a synthesis failed on the user's own validation
    monitoring.enable_dashboard()
    rule = _TeamRule()
    stack.node.add_validation(rule)
    with pytest.raises(RuntimeError, match="every stack needs an owner tag"):
        app.synth()
    # THEN a call is taken; once a synthesis completed, one is refused
    monitoring.set_alarm_topic(sns.Topic(stack, "Ops", enforce_ssl=True))
    rule.fixed = True
    app.synth()
    [problem] = raised(lambda: monitoring.add_section("Late", [])).problems
    assert problem.prop == "add_section"


def test_a_forced_synthesis_that_failed_leaves_the_first_one_kept() -> None:
    # GIVEN a stack synthesized once, then a forced synthesis (Annotations.from_stack's)
    # that a user's validation failed: CDK keeps the first synthesis
    stack = cdk.Stack(new_app(), "Test", synthesizer=cdk.LegacyStackSynthesizer())
    monitoring = Monitoring(stack)
    Template.from_stack(stack)
    stack.node.add_validation(_TeamRule())
    with pytest.raises(RuntimeError, match="every stack needs an owner tag"):
        Annotations.from_stack(stack)
    # WHEN a call would add to the stack THEN it is still refused
    [problem] = raised(monitoring.enable_dashboard).problems
    assert problem.prop == "dashboard"


@jsii.implements(cdk.IPolicyValidationPluginBeta1)
class _TeamPlugin:
    """A policy validation plugin of the user's (as cdk-nag 3's packs are), run after CDK
    wrote the assembly: it fails the synthesis until the user fixes what it names."""

    name = "team-rules"
    version = "1.0.0"
    rule_ids = None

    def __init__(self, logical_id: str) -> None:
        self.logical_id, self.fixed = logical_id, False

    def validate(self, context: cdk.IPolicyValidationContextBeta1) -> Any:
        violation = cdk.PolicyViolationBeta1(
            rule_name="owner-tag",
            description="every topic needs an owner tag",
            fix="tag the topic with its owner",
            severity="error",
            violating_resources=[
                cdk.PolicyViolatingResourceBeta1(
                    resource_logical_id=self.logical_id,
                    template_path=context.template_paths[0],
                    locations=["Properties"],
                )
            ],
        )
        violations = [] if self.fixed else [violation]
        return cdk.PolicyValidationPluginReportBeta1(success=self.fixed, violations=violations)


def test_a_call_after_a_synthesis_a_policy_plugin_failed_is_taken() -> None:
    # Proves (code54): CDK writes the assembly (and a default synthesizer's stack its
    # BootstrapVersion), then runs the policy validation plugins (cdk-nag 3's packs); one
    # failing fails the synthesis, and CDK keeps nothing of it: the call after it was
    # refused
    # GIVEN a synthesis that the user's plugin failed
    app = new_app()
    stack = cdk.Stack(app, "Test")
    monitoring = Monitoring(stack)
    topic = sns.Topic(stack, "Ops", enforce_ssl=True)
    plugin = _TeamPlugin(stack.get_logical_id(topic.node.default_child))  # type: ignore[arg-type]
    cdk.Validations.of(app).add_plugins(plugin)
    with pytest.raises(RuntimeError):  # aws-cdk-lib 2.275's report of it raises a TypeError
        Template.from_stack(stack)
    report = json.loads((Path(app.outdir) / "validation-report.json").read_text())
    assert [plugin["conclusion"] for plugin in report["pluginReports"]] == ["failure"]
    # WHEN a call comes after it THEN it is taken, and the next synthesis has it
    monitoring.enable_dashboard()
    plugin.fixed = True
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Dashboard", 1)
    # and once a synthesis passed the plugin, a call is refused
    assert raised(lambda: monitoring.add_section("Late", [])).problems[0].prop == "add_section"
