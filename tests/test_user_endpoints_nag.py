"""Interface endpoints the user adds to a Network's VPC (the SES refusal's fix, a hook's
CodeDeploy and Lambda endpoints) under ``enable_checks``: added as the fix and README say,
behind the Network's endpoint security group, the app passes cdk-nag; with
``add_interface_endpoint``'s default (open to the VPC's range, a token) cdk-nag's
AwsSolutions-EC23 cannot check the group and fails the synth until acknowledged."""

from __future__ import annotations

import contextlib
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ses as ses

from constructs_lib import (
    ConstructError,
    Deployment,
    Handler,
    Network,
    QueueWorker,
    acknowledge,
    enable_checks,
)
from tests.support import CDK_CONTEXT, ECHO, echo_handler, report_findings, synth_error

HERE = cdk.Environment(account="111111111111", region="eu-west-1")
SERVICES = {
    "Codedeploy": ec2.InterfaceVpcEndpointAwsService.CODEDEPLOY,
    "Lambda": ec2.InterfaceVpcEndpointAwsService.LAMBDA_,
}


def _findings(app: cdk.App, outdir: Path) -> set[tuple[str, str]]:
    """cdk-nag's findings of ``app`` (built with ``outdir``), checked as a user's app is."""
    enable_checks(app)
    with contextlib.suppress(RuntimeError):  # a finding fails the synth after the report
        app.synth()
    return report_findings(outdir / "validation-report.json")


def _app(outdir: Path) -> tuple[cdk.App, cdk.Stack]:
    app = cdk.App(outdir=str(outdir), context=CDK_CONTEXT)
    return app, cdk.Stack(app, "Test", env=HERE)


def test_the_email_endpoint_the_fix_names_passes_cdk_nag(tmp_path: Path) -> None:
    # Proves (sweep49): the SES refusal's fix, network.vpc.add_interface_endpoint('Email',
    # service=...), gave an app with enable_checks a failing synth (AwsSolutions-EC23 on
    # the endpoint's group, open to the VPC's range); the fix now names the Network's group
    app, stack = _app(tmp_path)
    identity = ses.EmailIdentity(stack, "Sender", identity=ses.Identity.domain("example.com"))
    network = Network(stack, "Net")
    network.vpc.add_interface_endpoint(
        "Email",
        service=ec2.InterfaceVpcEndpointAwsService.EMAIL,
        open=False,
        security_groups=[network.endpoint_security_group],
    )
    QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[identity]), network=network)
    assert _findings(app, tmp_path) == set()


def _hook_app(outdir: Path, *, behind_network_group: bool, acknowledged: bool = False) -> cdk.App:
    """A worker whose canary's hook lists no endpoints, in a Network whose VPC has the
    user's CodeDeploy and Lambda endpoints."""
    app, stack = _app(outdir)
    network = Network(stack, "Network")
    for name, service in SERVICES.items():
        if behind_network_group:
            network.vpc.add_interface_endpoint(
                name,
                service=service,
                open=False,
                security_groups=[network.endpoint_security_group],
            )
        else:
            endpoint = network.vpc.add_interface_endpoint(name, service=service)
            if acknowledged:
                acknowledge(endpoint, "AwsSolutions-EC23", reason="HTTPS from the VPC's range")
    canary = Deployment.canary(pre_traffic=echo_handler(entry="app.other"))
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network, deployment=canary)
    return app


def test_hook_endpoints_behind_the_network_s_group_pass_cdk_nag(tmp_path: Path) -> None:
    assert _findings(_hook_app(tmp_path, behind_network_group=True), tmp_path) == set()


def test_open_endpoints_are_reported_until_acknowledged(tmp_path: Path) -> None:
    # what README says of add_interface_endpoint's default, both ways
    open_app = _hook_app(tmp_path / "open", behind_network_group=False)
    assert _findings(open_app, tmp_path / "open") == {
        ("AwsSolutions-EC23", f"Test/Network/Vpc/{name}/SecurityGroup/Resource")
        for name in SERVICES
    }
    acked = _hook_app(tmp_path / "acked", behind_network_group=False, acknowledged=True)
    assert _findings(acked, tmp_path / "acked") == set()


def _isolated_vpc(stack: cdk.Stack) -> ec2.Vpc:
    vpc = ec2.Vpc(
        stack,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )
    vpc.add_flow_log("FlowLog")
    return vpc


def test_an_existing_vpc_of_another_stack_is_told_to_add_the_endpoint_there(
    tmp_path: Path,
) -> None:
    # the Network's group is of the functions' stack: an endpoint in the VPC's stack behind
    # it would make the two stacks refer to each other (CDK's DependencyCycle)
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    vpc = _isolated_vpc(cdk.Stack(app, "Net", env=HERE))
    stack = cdk.Stack(app, "Test", env=HERE)
    identity = ses.EmailIdentity(stack, "Sender", identity=ses.Identity.domain("example.com"))
    network = Network(stack, "Network", existing_vpc=vpc)
    handler = Handler(code=ECHO, links=[identity])
    QueueWorker(stack, "Worker", handler=handler, network=network)
    # Proves (endpoints49): the fix opened with "give the Network nat_gateways", which an
    # existing VPC refuses (its NAT is its owner's)
    assert (
        "Fix: give its functions subnets of the VPC that route to a NAT gateway (the Network "
        "uses the VPC's private subnets when it has any, else those its subnets= selects), or "
        "give its VPC the interface endpoint 'email' "
        "in the VPC's stack (network.vpc.add_interface_endpoint('Email', "
        "service=ec2.InterfaceVpcEndpointAwsService.EMAIL): about $7.30 per AZ per month; its "
        "security group admits the VPC's range, which cdk-nag's AwsSolutions-EC23 cannot "
        "read: acknowledge it on the endpoint), or run the function outside the Network"
    ) in synth_error(stack)


def test_following_that_fix_passes_cdk_nag(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    vpc = _isolated_vpc(cdk.Stack(app, "Net", env=HERE))
    endpoint = vpc.add_interface_endpoint("Email", service=ec2.InterfaceVpcEndpointAwsService.EMAIL)
    acknowledge(endpoint, "AwsSolutions-EC23", reason="HTTPS from the VPC's range only")
    stack = cdk.Stack(app, "Test", env=HERE)
    identity = ses.EmailIdentity(stack, "Sender", identity=ses.Identity.domain("example.com"))
    network = Network(stack, "Network", existing_vpc=vpc)
    QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[identity]), network=network)
    assert _findings(app, tmp_path) == set()


def test_a_handler_listing_a_service_the_user_s_endpoint_serves_is_told_to_drop_it() -> None:
    # Proves (sweep49): with README's endpoints of the user on the Network's own VPC, a
    # Handler listing the service was told of an existing_vpc it does not have and to pass
    # interface_endpoints=False, which a new VPC without NAT refuses (nothing reaches X-Ray)
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    network = Network(stack, "Network")
    network.vpc.add_interface_endpoint(
        "Lambda",
        service=ec2.InterfaceVpcEndpointAwsService.LAMBDA_,
        open=False,
        security_groups=[network.endpoint_security_group],
    )
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Invoker", handler=echo_handler(endpoints=("lambda",)), network=network)
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Network: `interface_endpoints` is True and the Network was "
        "asked for its lambda endpoint (a Handler's endpoints list 'lambda'), but its VPC has "
        "the lambda interface endpoint Test/Network/Vpc/Lambda with private DNS, added outside "
        "the Network: a VPC takes one endpoint with private DNS per service, so the Network's "
        "would fail the deploy. Fix: remove 'lambda' from the endpoints of the Handlers in "
        "this Network (and of their deployment hooks): their functions reach lambda through "
        "Test/Network/Vpc/Lambda, whose security group must admit HTTPS from them "
        "(open=False, security_groups=[network.endpoint_security_group] does)"
    )
    # AND as the fix says, the function builds without listing it
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    assert sorted(network.interface_endpoints) == ["xray"]
    assert worker.function.node.path == "Test/Worker/Handler/Function"
