"""What every test module shares: the app and stack to build in, the echo handler, and the
way a validation rule is asserted (by its message)."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_route53 as route53
from aws_cdk.assertions import Annotations, Match, Template

import stacks
from constructs_lib import ConstructError, Deployment, Handler, Network
from constructs_lib.errors import Problem
from tests.gate_checks import cfn_lint as cfn_lint
from tests.gate_checks import nag_findings as nag_findings
from tests.gate_checks import nag_paths as nag_paths
from tests.gate_checks import report_findings as report_findings

ROOT = Path(__file__).resolve().parent.parent
CDK_CONTEXT: dict[str, Any] = json.loads((ROOT / "cdk.json").read_text())["context"]
#: The demo app's stacks (stacks.build_demo_app), by name: collecting a test needs no
#: synth; tests/test_demo_stacks.py checks the list against the app.
DEMO_STACKS = sorted(stacks.DEMO_STACKS)

#: The demo site's content (index.html, 404.html, app.js, ...).
SITE = ROOT / "stacks" / "site"
#: The smallest handler code directory (``app.handler`` and ``app.other``).
ECHO = Path(__file__).parent / "fixtures" / "handlers" / "echo"


def new_app(**context: Any) -> cdk.App:
    """An App with the same feature flags as cdk.json, so tests see what cdk synth sees."""
    return cdk.App(context={**CDK_CONTEXT, **context})


def write_tree(root: Path, files: Mapping[str, str]) -> Path:
    """Writes each ``{relative path: text}`` of ``files`` below ``root``; returns ``root``."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def new_stack(**props: Any) -> cdk.Stack:
    """A stack named "Test" in a fresh app: the construct paths in messages start "Test/"."""
    return cdk.Stack(new_app(), "Test", **props)


T = TypeVar("T")


def build(construct: Callable[..., T], id: str, /, **props: Any) -> tuple[T, Template]:
    """``construct(stack, id, **props)`` in a new "Test" stack (``InStack`` props built in
    it), with the stack's template."""
    stack = new_stack()
    built = construct(stack, id, **in_stack(props, stack))
    return built, Template.from_stack(stack)


#: The actions a grant of reads on a DynamoDB table allows (aws-cdk-lib's grant_read_data).
TABLE_READ_ACTIONS = [
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:Query",
    "dynamodb:Scan",
]

#: What every function the library builds has (the template's Lambda properties).
FUNCTION_DEFAULTS: dict[str, Any] = {
    "Runtime": "python3.14",
    "Architectures": ["arm64"],
    "TracingConfig": {"Mode": "Active"},
}


def echo_handler(**options: Any) -> Handler:
    """``Handler(code=ECHO, ...)``: the echo function, with any other Handler option."""
    return Handler(code=ECHO, **options)


@dataclass(frozen=True)
class DemoSynth:
    """The demo app synthesized once by the CDK CLI: templates by stack name, the cdk-nag
    report, and the CLI's error output if it failed."""

    templates: dict[str, dict[str, Any]]
    validation_report: dict[str, Any] | None
    validation_error: str | None
    cli_output: str = ""  # what the CLI printed (stderr): warnings, the nag report's path

    def template(self, stack_name: str) -> Template:
        return Template.from_json(self.templates[stack_name])


# --- custom domains (StaticSite, ServerlessApi) --------------------------------------

#: An ACM certificate ARN in us-east-1 (``certificate(stack, region)`` moves it).
CERT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"


def certificate(stack: cdk.Stack, region: str = "us-east-1") -> acm.ICertificate:
    """An imported ACM certificate "Cert" in ``region``."""
    return acm.Certificate.from_certificate_arn(
        stack, "Cert", CERT_ARN.replace("us-east-1", region)
    )


def hosted_zone(stack: cdk.Stack) -> route53.IHostedZone:
    """The imported hosted zone "Zone" of example.com (ID Z123)."""
    return route53.HostedZone.from_hosted_zone_attributes(
        stack, "Zone", hosted_zone_id="Z123", zone_name="example.com"
    )


# --- validation rules -------------------------------------------------------------------

#: (test id, props that break the rule, regex the ConstructError message must match)
RuleCase = tuple[str, dict[str, Any], str]


@dataclass(frozen=True)
class InStack:
    """A prop value that needs the stack under test (an imported queue, a certificate):
    ``make(stack)`` builds it when the case runs."""

    make: Callable[[cdk.Stack], Any]


def in_stack(props: Mapping[str, Any], stack: cdk.Stack) -> dict[str, Any]:
    """``props`` with every ``InStack`` value built in ``stack`` (``props`` is not changed)."""
    return {k: v.make(stack) if isinstance(v, InStack) else v for k, v in props.items()}


def rule_cases(cases: Iterable[RuleCase]) -> pytest.MarkDecorator:
    """Parametrizes a test with ``props`` and ``message``, one test per case, named by its id."""
    return pytest.mark.parametrize(
        ("props", "message"), [pytest.param(props, message, id=id) for id, props, message in cases]
    )


def assert_rule(build: Callable[..., object], props: Mapping[str, Any], message: str) -> None:
    """GIVEN ``props`` that break one rule, WHEN ``build(**props)`` constructs the construct,
    THEN it raises ConstructError with a message matching ``message``."""
    with pytest.raises(ConstructError, match=message):
        build(**props)


def assert_every_problem(
    build: Callable[..., object], props: Mapping[str, Any], path: str, problems: list[str]
) -> ConstructError:
    """GIVEN ``props`` that break several rules, WHEN ``build(**props)``, THEN one
    ConstructError lists ``problems`` (the props at fault) in order, each with the
    construct's ``path`` and a fix; returned for further checks."""
    with pytest.raises(ConstructError, match=rf"^{len(problems)} invalid props:") as raised:
        build(**props)
    assert [problem.prop for problem in raised.value.problems] == problems
    assert all(problem.path == path and problem.fix for problem in raised.value.problems)
    return raised.value


def assert_function_parts(
    function: Any, role: Any, security_group: Any, deployment_group: Any, *, networked_canary: bool
) -> None:
    """``role``, ``security_group`` and ``deployment_group`` (a construct's typed attributes)
    are ``function``'s own: its execution role, its one security group and the deployment
    group moving its ``live`` alias, built with a Network and a canary deployment when
    ``networked_canary``, else None (no VPC, all at once)."""
    core = function.node.scope.node.path  # the FunctionCore the function belongs to
    assert role.node.path == function.role.node.path == f"{core}/Role"
    if networked_canary:
        assert [g.node.path for g in function.connections.security_groups] == [
            security_group.node.path
        ]
        assert deployment_group.node.path == f"{core}/Deployment"
        assert deployment_group.node.default_child.cfn_resource_type == (
            "AWS::CodeDeploy::DeploymentGroup"
        )
    else:
        assert security_group is None and deployment_group is None


def assert_construct_function_parts(construct: Any, *, networked_canary: bool) -> None:
    """:func:`assert_function_parts` of a construct around one function (QueueWorker,
    ScheduledJob, EventHandler): its ``function_role``, ``security_group`` and
    ``deployment_group`` are its ``function``'s."""
    parts = (construct.function_role, construct.security_group, construct.deployment_group)
    assert_function_parts(construct.function, *parts, networked_canary=networked_canary)


def networked_canary_options(stack: cdk.Stack, networked_canary: bool) -> dict[str, Any]:
    """A Network and a canary deployment as a construct's props, or none."""
    if not networked_canary:
        return {}
    return {"network": Network(stack, "Network"), "deployment": Deployment.canary(percent=5)}


# --- a stack of every kind of resource the library creates --------------------------


def every_log_group(app: cdk.App, outdir: Path, stack_name: str = "Test") -> dict[str, Any]:
    """Each log group's properties in stack ``stack_name`` of ``app`` (built with
    ``outdir=outdir``, :func:`every_kind_of_resource` in it), by logical ID, after asserting
    that the app is cdk-nag clean and the stack's template cfn-lint clean."""
    assert nag_findings(app, outdir) == set()
    template = json.loads((outdir / f"{stack_name}.template.json").read_text())
    assert cfn_lint(template) == []
    return {
        logical_id: resource["Properties"]
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Logs::LogGroup"
    }


def every_kind_of_resource(stack: cdk.Stack) -> None:
    """What app-wide rules must reach: each construct's roles and log groups (function,
    API access, flow log), aws-cdk-lib's helpers' (bucket notifications, bucket
    deployment, a new VPC's default security group) and a custom resource provider's."""
    from constructs_lib import (
        ApiAuth,
        BucketEvents,
        QueueWorker,
        ServerlessApi,
        StaticSite,
        _defaults,
        acknowledge,
    )

    bucket = _defaults.private_bucket(stack, "Uploads")
    acknowledge(
        bucket, "AwsSolutions-S1", reason="A test bucket: its access logs are not the point."
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), sources=[BucketEvents(bucket)])
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /api/a": echo_handler()},
        auth=ApiAuth.jwt("https://issuer.example.com/", ["a"]),
    )
    Network(stack, "Network")
    StaticSite(stack, "Site", source=SITE, api=api, alarms=False)


def warnings_of(stack: cdk.Stack, warning_id: str) -> list[str]:
    """The texts of ``stack``'s warnings (each ending in CDK's ``[ack: <id>]``) that name
    ``warning_id`` (``constructs_lib:fixedRegionInAgnosticStack``)."""
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    return [str(w.entry.data) for w in found if warning_id in str(w.entry.data)]


def raised(build: Callable[[], object]) -> ConstructError:
    """The ConstructError ``build()`` raises (the test fails if it raises none)."""
    with pytest.raises(ConstructError) as caught:
        build()
    return caught.value


def only_problem(build: Callable[[cdk.Stack], object]) -> Problem:
    """The one problem of the ConstructError ``build(new_stack())`` raises (the test fails
    if it raises none, or one of several problems)."""
    (problem,) = raised(lambda: build(new_stack())).problems
    return problem


def synth_error(app: cdk.App) -> str:
    """The text of the error ``app.synth()`` raises (a check at synth's, aws-cdk-lib's):
    the test fails if it raises none."""
    with pytest.raises(RuntimeError) as failed:
        app.synth()
    return str(failed.value)


def mypy_strict(source: Path, cache: Path) -> tuple[str, int]:
    """``mypy --strict source`` in this process (its cache in ``cache``): what it printed
    (report and errors) and its exit status. mypy tunes the garbage collector for its own
    process: the thresholds are put back."""
    from mypy import api

    thresholds = gc.get_threshold()
    try:
        out, err, status = api.run(
            ["--strict", "--no-incremental", f"--cache-dir={cache}", str(source)]
        )
    finally:
        gc.set_threshold(*thresholds)
    return out + err, status
