"""Every construct under ``iam.Role.customize_roles`` (a platform whose central team creates
the IAM roles): the functions take the precreated roles, the template has no role or
policy of the library's, and aws-cdk-lib's iam-policy-report lists every statement the
central team's roles need. Proves (roles50): any construct there failed with a bare
AssertionError (function_role.py assumed a CfnRole), and a canary's hooks policy was
attached to a role the app does not own."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    BucketEvents,
    Deployment,
    EventHandler,
    Network,
    QueueWorker,
    Route,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    StreamWorker,
    _defaults,
    acknowledge,
)
from tests.support import CDK_CONTEXT, SITE, echo_handler, nag_findings

pytestmark = pytest.mark.slow

#: The roles the library creates for the stack below (its functions', a canary's
#: CodeDeploy role, Scheduler's) and aws-cdk-lib's own helpers' (bucket deployment, flow
#: log, the provider stripping a new VPC's default security group, bucket notifications).
LIBRARY_ROLES = (
    "S/Worker/Handler/Role",
    "S/Api/Handler/Role",
    "S/Api/Handler/DeploymentRole",
    "S/Api/Handler/PreTrafficHook/Role",
    "S/Api/Orders/Role",
    "S/Api/Authorizer/Role",
    "S/Api/Devices/Role",
    "S/Job/Handler/Role",
    "S/Job/SchedulerRole",
    "S/Events/Handler/Role",
    "S/Changes/Handler/Role",
    "S/Networked/Handler/Role",
)
HELPER_ROLES = (
    "S/Net/FlowLog/IAMRole",
    "S/Custom::VpcRestrictDefaultSGCustomResourceProvider/Role",
    "S/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role",
)


def _app(outdir: Path, *, prevent_synthesis: bool, roles: Mapping[str, str]) -> cdk.App:
    """Every construct in stack "S", under customize_roles with ``roles`` precreated."""
    # with each resource's construct path in its metadata, for the assertions
    context = {**CDK_CONTEXT, "aws:cdk:enable-path-metadata": True}
    app = cdk.App(context=context, outdir=str(outdir))
    stack = cdk.Stack(app, "S")
    iam.Role.customize_roles(
        stack, use_precreated_roles=dict(roles), prevent_synthesis=prevent_synthesis
    )
    bucket = _defaults.private_bucket(stack, "Uploads")
    acknowledge(
        bucket, "AwsSolutions-S1", reason="A test bucket: its access logs are not the point."
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), sources=[BucketEvents(bucket)])
    ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /items": echo_handler(),
            "POST /orders": Route(
                echo_handler(name="Orders"), auth=ApiAuth.function(echo_handler(name="Devices"))
            ),
        },
        auth=ApiAuth.function(echo_handler(name="Authorizer")),
        deployment=Deployment.canary(pre_traffic=echo_handler(entry="app.other")),
    )
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 day)")
    EventHandler(stack, "Events", handler=echo_handler(), event_pattern={"source": ["orders"]})
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
    )
    StreamWorker(stack, "Changes", handler=echo_handler(), table=table)
    StaticSite(stack, "Site", source=SITE, alarms=False)
    QueueWorker(stack, "Networked", handler=echo_handler(), network=Network(stack, "Net"))
    return app


def _bucket_deployment_role(report: Mapping[str, Any]) -> str:
    (path,) = [
        r["roleConstructPath"]
        for r in report["roles"]
        if r["roleConstructPath"].startswith("S/Custom::CDKBucketDeployment")
    ]
    return str(path)


def _synth(app: cdk.App) -> cdk.cx_api.CloudAssembly:
    return app.synth()


def _errors(assembly: Any) -> list[str]:
    stack = assembly.get_stack_by_name("S")
    return [
        str(m.entry.data)
        for m in stack.messages
        if m.level == cdk.cx_api.SynthesisMessageLevel.ERROR
    ]


@pytest.fixture(scope="module")
def missing(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, Any]]:
    """The default, ``prevent_synthesis=True``, with no role given: the errors and report."""
    outdir = tmp_path_factory.mktemp("missing")
    assembly = _synth(_app(outdir, prevent_synthesis=True, roles={}))
    return _errors(assembly), json.loads((outdir / "iam-policy-report.json").read_text())


def _names(report: Mapping[str, Any]) -> dict[str, str]:
    """A precreated role's name for each role the report lists as missing."""
    return {
        r["roleConstructPath"]: f"platform-{i}"
        for i, r in enumerate(report["roles"])
        if r.get("missing")
    }


@pytest.fixture(scope="module")
def precreated(
    tmp_path_factory: pytest.TempPathFactory, missing: tuple[list[str], dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any], set[tuple[str, str]], dict[str, str]]:
    """Every role precreated: the template, the report, cdk-nag's findings, the names."""
    outdir = tmp_path_factory.mktemp("precreated")
    names = _names(missing[1])
    findings = nag_findings(_app(outdir, prevent_synthesis=True, roles=names), outdir)
    template = json.loads((outdir / "S.template.json").read_text())
    report = json.loads((outdir / "iam-policy-report.json").read_text())
    return template, report, findings, names


@pytest.fixture(scope="module")
def report_only(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, Any], dict[str, Any], set[tuple[str, str]]]:
    """``prevent_synthesis=False``: the template, the report, cdk-nag's findings."""
    outdir = tmp_path_factory.mktemp("report_only")
    findings = nag_findings(_app(outdir, prevent_synthesis=False, roles={}), outdir)
    template = json.loads((outdir / "S.template.json").read_text())
    report = json.loads((outdir / "iam-policy-report.json").read_text())
    return template, report, findings


def _of_type(template: Mapping[str, Any], type_: str) -> dict[str, Any]:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == type_}


def _statements(report: Mapping[str, Any], path: str) -> list[dict[str, Any]]:
    (role,) = [r for r in report["roles"] if r["roleConstructPath"] == path]
    return list(role["identityPolicyStatements"])


def _actions(statements: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for statement in statements:
        action = statement["Action"]
        found.update([action] if isinstance(action, str) else action)
    return found


def test_a_role_not_given_is_aws_cdk_lib_s_error_naming_its_path(
    missing: tuple[list[str], dict[str, Any]],
) -> None:
    # GIVEN customize_roles (prevent_synthesis=True, the default) and no precreated role
    errors, report = missing
    # THEN the synth's errors name each role's construct path (cdk synth stops on them),
    # the library's roles and aws-cdk-lib's helpers' alike, and the report lists them
    for path in (*LIBRARY_ROLES, *HELPER_ROLES, _bucket_deployment_role(report)):
        assert any(f'IAM Role is being created at path "{path}"' in e for e in errors), path
        assert path in _names(report)


def test_the_template_has_no_role_or_policy_and_functions_take_the_precreated_roles(
    precreated: tuple[dict[str, Any], dict[str, Any], set[tuple[str, str]], dict[str, str]],
) -> None:
    # GIVEN every role precreated
    template, _report, _findings, names = precreated
    # THEN no role, policy or managed policy is created
    assert not _of_type(template, "AWS::IAM::Role")
    assert not _of_type(template, "AWS::IAM::Policy")
    assert not _of_type(template, "AWS::IAM::ManagedPolicy")
    # AND each of the library's functions runs as its precreated role
    functions = _of_type(template, "AWS::Lambda::Function")
    for path in LIBRARY_ROLES:
        if not path.endswith("/Role"):
            continue
        function_path = path.removesuffix("Role") + "Function/Resource"
        (function,) = [
            f for f in functions.values() if f["Metadata"]["aws:cdk:path"] == function_path
        ]
        role = function["Properties"]["Role"]["Fn::Join"][1]
        assert role[-1] == f":role/{names[path]}", (path, role)
    # AND every DependsOn names a resource of the template
    for logical_id, resource in template["Resources"].items():
        for dependency in resource.get("DependsOn", []):
            assert dependency in template["Resources"], (logical_id, dependency)


def test_the_report_lists_the_library_s_statements(
    precreated: tuple[dict[str, Any], dict[str, Any], set[tuple[str, str]], dict[str, str]],
) -> None:
    # GIVEN every role precreated
    _template, report, _findings, names = precreated
    # THEN the report names each role and what it needs: the function's own inline
    # policies (its log group, X-Ray, a Network's ENIs) and the construct's grants
    for path in LIBRARY_ROLES:
        (role,) = [r for r in report["roles"] if r["roleConstructPath"] == path]
        assert role["roleName"] == names[path]
    worker = _actions(_statements(report, "S/Worker/Handler/Role"))
    assert {"logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments"} <= worker
    assert {"sqs:ReceiveMessage", "sqs:DeleteMessage"} <= worker
    assert "ec2:CreateNetworkInterface" in _actions(_statements(report, "S/Networked/Handler/Role"))
    assert {"dynamodb:GetRecords", "sqs:SendMessage"} <= _actions(
        _statements(report, "S/Changes/Handler/Role")
    )
    assert "lambda:InvokeFunction" in _actions(_statements(report, "S/Job/SchedulerRole"))
    # a canary's CodeDeploy role: its own policy and the hooks policy (no AWS::IAM::Policy)
    deployment = _actions(_statements(report, "S/Api/Handler/DeploymentRole"))
    assert {"lambda:InvokeFunction", "cloudwatch:DescribeAlarms"} <= deployment
    assert "lambda:InvokeFunction" in _actions(
        _statements(report, "S/Api/Handler/PreTrafficHook/Role")
    )
    # and each role's trust policy
    (trust,) = [
        r["assumeRolePolicy"] for r in report["roles"] if r["roleConstructPath"] == LIBRARY_ROLES[0]
    ]
    assert "lambda.amazonaws.com" in json.dumps(trust)


def test_cdk_nag_finds_nothing_with_precreated_roles(
    precreated: tuple[dict[str, Any], dict[str, Any], set[tuple[str, str]], dict[str, str]],
) -> None:
    # GIVEN every role precreated; THEN cdk-nag reports nothing (no acknowledgement of a
    # role resource left without its resource)
    assert precreated[2] == set()


def test_prevent_synthesis_false_renders_the_roles_as_aws_cdk_lib_does(
    report_only: tuple[dict[str, Any], dict[str, Any], set[tuple[str, str]]],
) -> None:
    # GIVEN customize_roles(prevent_synthesis=False): aws-cdk-lib's report-only mode
    template, report, findings = report_only
    # THEN the report lists the library's roles and statements
    assert "sqs:ReceiveMessage" in _actions(_statements(report, "S/Worker/Handler/Role"))
    # AND the roles are rendered (aws-cdk-lib's own Function does the same) with the
    # library's acknowledgements: cdk-nag reports nothing
    roles = {r["Metadata"]["aws:cdk:path"] for r in _of_type(template, "AWS::IAM::Role").values()}
    assert "S/Worker/Handler/Role/Resource" in roles
    assert findings == set()
    # AND no hooks policy attaches to a role of that name, and no DependsOn dangles
    assert not _of_type(template, "AWS::IAM::Policy")
    for logical_id, resource in template["Resources"].items():
        for dependency in resource.get("DependsOn", []):
            assert dependency in template["Resources"], (logical_id, dependency)


def test_cdk_nag_2_s_suppressions_are_on_the_policies_it_checks() -> None:
    # cdk-nag 2's packs are Aspects reading each resource's `cdk_nag` metadata: under
    # customize_roles, aws-cdk-lib's iam.Policy for each inline policy (rendered nowhere,
    # checked all the same) carries the acknowledgement of its wildcard
    # GIVEN a worker in a Network, its role precreated
    app = cdk.App(context=CDK_CONTEXT)
    stack = cdk.Stack(app, "S")
    iam.Role.customize_roles(stack, use_precreated_roles={"S/Worker/Handler/Role": "platform"})
    QueueWorker(stack, "Worker", handler=echo_handler(), network=Network(stack, "Net"))
    # THEN its Tracing and Network policies suppress AwsSolutions-IAM5 on Resource::*
    role = stack.node.find_child("Worker").node.find_child("Handler").node.find_child("Role")
    for name in ("Tracing", "Network"):
        resource = role.node.find_child(name).node.default_child
        assert isinstance(resource, iam.CfnPolicy)
        rules = resource.get_metadata("cdk_nag")["rules_to_suppress"]
        assert any(
            r["id"] == "AwsSolutions-IAM5" and "Resource::*" in r.get("applies_to", [])
            for r in rules
        ), (name, rules)
    # AND the Logs policy, without a wildcard, acknowledges nothing
    logs = role.node.find_child("Logs").node.default_child
    assert logs is not None and not logs.get_metadata("cdk_nag")


def test_customize_roles_on_the_app_reaches_a_stage_s_stack() -> None:
    # GIVEN customize_roles on the App (absolute paths) and a worker in a stage's stack
    app = cdk.App(context=CDK_CONTEXT)
    iam.Role.customize_roles(
        app, use_precreated_roles={"Prod/S/Worker/Handler/Role": "platform-worker"}
    )
    stage = cdk.Stage(app, "Prod")
    stack = cdk.Stack(stage, "S")
    QueueWorker(stack, "Worker", handler=echo_handler(), deployment=Deployment.canary())
    # WHEN it is synthesized; THEN the worker runs as the precreated role
    template = Template.from_stack(stack).to_json()
    assert not _of_type(template, "AWS::IAM::Policy")
    (function,) = _of_type(template, "AWS::Lambda::Function").values()
    assert function["Properties"]["Role"]["Fn::Join"][1][-1] == ":role/platform-worker"
    # AND the canary's CodeDeploy role, not given, is aws-cdk-lib's error naming its path
    errors = [
        str(m.entry.data)
        for m in stage.synth().get_stack_artifact(stack.artifact_id).messages
        if m.level == cdk.cx_api.SynthesisMessageLevel.ERROR
    ]
    assert any('at path "Prod/S/Worker/Handler/DeploymentRole"' in e for e in errors), errors
