"""Two interface endpoints with private DNS of one service on one VPC: EC2 refuses the
second ("private-dns-enabled cannot be set because there is already a conflicting DNS
domain for ... in the VPC"), so the deploy fails. Proves (endpoints49): the synth passed
when the user added an endpoint after a Handler listed the service (the Network had
created its own), in a stack other than the VPC's, or two of their own; the synth now
fails naming both endpoints, whatever the order, and each fix it gives synthesizes."""

from __future__ import annotations

import contextlib
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Deployment, Handler, Network, QueueWorker, enable_checks
from tests.support import ECHO, echo_handler, new_app, report_findings, synth_error

SQS = ec2.InterfaceVpcEndpointAwsService.SQS
DNS = (
    "a VPC takes one endpoint with private DNS per service (a private hosted zone for the "
    "service's name), so EC2 would refuse the second and the deploy fail"
)


def _interface_endpoints(template: Template) -> list[str]:
    """The logical IDs of the template's interface endpoints."""
    found = template.find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Interface"}}
    )
    return sorted(found)


def test_an_endpoint_added_after_a_handler_listed_the_service_fails_the_synth() -> None:
    # GIVEN a worker whose Handler lists 'sqs' (the Network creates its endpoint)
    app = new_app()
    stack = cdk.Stack(app, "Test")
    network = Network(stack, "Network")
    QueueWorker(stack, "Worker", handler=echo_handler(endpoints=("sqs",)), network=network)
    # WHEN the user adds their own afterwards
    network.vpc.add_interface_endpoint(
        "Sqs", service=SQS, open=False, security_groups=[network.endpoint_security_group]
    )
    # THEN the synth fails naming both, and the three ways to keep one
    assert (
        "[Test/Network] `private_dns_enabled` is True on 2 sqs interface endpoints of one VPC, "
        "Test/Network/SqsEndpoint (the Network Test/Network's) and Test/Network/Vpc/Sqs "
        f"(yours): {DNS}. Fix: remove 'sqs' from the endpoints of the Handlers in the Network "
        "Test/Network (and of their deployment hooks) and define Test/Network/Vpc/Sqs before "
        "those constructs, behind the Network's endpoint security group (open=False, "
        "security_groups=[network.endpoint_security_group]), which admits its functions; or "
        "remove Test/Network/Vpc/Sqs (the Network's serves its functions), or pass "
        "private_dns_enabled=False to Test/Network/Vpc/Sqs"
    ) in synth_error(app)


def test_following_the_fix_keeps_the_user_s_endpoint_only_and_passes_cdk_nag(
    tmp_path: Path,
) -> None:
    # GIVEN the fix followed: the user's endpoint first, behind the Network's group, and
    # the Handler (which links a queue: it needs SQS) no longer listing 'sqs'
    app = cdk.App(outdir=str(tmp_path), context=new_app().node.get_all_context())
    stack = cdk.Stack(app, "Test", env=cdk.Environment(account="111111111111", region="eu-west-1"))
    network = Network(stack, "Network")
    network.vpc.add_interface_endpoint(
        "Sqs", service=SQS, open=False, security_groups=[network.endpoint_security_group]
    )
    jobs = QueueWorker(stack, "Jobs", handler=echo_handler())  # outside the Network
    worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[jobs]), network=network)
    # WHEN it is synthesized under cdk-nag
    enable_checks(app)
    with contextlib.suppress(RuntimeError):  # a finding fails the synth after the report
        app.synth()
    # THEN cdk-nag finds nothing
    assert report_findings(tmp_path / "validation-report.json") == set()
    # AND only the user's SQS endpoint is there (beside the Network's X-Ray one)
    template = Template.from_stack(stack)
    assert sorted(network.interface_endpoints) == ["xray"]
    assert len(_interface_endpoints(template)) == 2
    # AND the Network's group, which it is behind, admits the worker's function
    group = stack.get_logical_id(network.endpoint_security_group.node.default_child)
    function_group = stack.get_logical_id(
        worker.function.connections.security_groups[0].node.default_child
    )
    template.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {
            "GroupId": {"Fn::GetAtt": [group, "GroupId"]},
            "FromPort": 443,
            "SourceSecurityGroupId": {"Fn::GetAtt": [function_group, "GroupId"]},
        },
    )


def test_private_dns_off_on_the_user_s_endpoint_keeps_both() -> None:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    network = Network(stack, "Network")
    QueueWorker(stack, "Worker", handler=echo_handler(endpoints=("sqs",)), network=network)
    network.vpc.add_interface_endpoint("Sqs", service=SQS, private_dns_enabled=False)
    app.synth()  # the fix's third way: no error
    endpoints = Template.from_stack(stack).find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"PrivateDnsEnabled": False}}
    )
    assert len(endpoints) == 1


def test_an_endpoint_in_another_stack_added_later_fails_the_synth() -> None:
    # GIVEN the Network and its VPC in a network stack, the worker in another, and the
    # user's SQS endpoint in a third, added after the worker
    app = new_app()
    net = cdk.Stack(app, "Net")
    network = Network(net, "Network")
    QueueWorker(
        cdk.Stack(app, "Test"), "Worker", handler=echo_handler(endpoints=("sqs",)), network=network
    )
    ec2.InterfaceVpcEndpoint(cdk.Stack(app, "Ends"), "Sqs", vpc=network.vpc, service=SQS)
    # THEN the synth fails naming both, its group to admit the functions without the
    # Network's (of the network stack)
    error = synth_error(app)
    assert (
        "[Net/Network] `private_dns_enabled` is True on 2 sqs interface endpoints of one VPC, "
        "Net/Network/SqsEndpoint (the Network Net/Network's) and Ends/Sqs (yours)"
    ) in error
    assert (
        "and define Ends/Sqs before those constructs, with a security group that admits "
        "HTTPS from the Network's functions (add_interface_endpoint's default admits the "
        "VPC's range, which cdk-nag's AwsSolutions-EC23 cannot read: acknowledge it on the "
        "endpoint); or remove Ends/Sqs"
    ) in error


def test_an_endpoint_in_another_stack_defined_first_is_seen_by_the_network() -> None:
    app = new_app()
    network = Network(cdk.Stack(app, "Net"), "Network")
    ec2.InterfaceVpcEndpoint(cdk.Stack(app, "Ends"), "Sqs", vpc=network.vpc, service=SQS)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(
            cdk.Stack(app, "Test"),
            "Worker",
            handler=echo_handler(endpoints=("sqs",)),
            network=network,
        )
    assert "its VPC has the sqs interface endpoint Ends/Sqs with private DNS" in str(raised.value)


def test_an_x_ray_endpoint_of_the_user_s_is_told_to_go() -> None:
    # the Network creates X-Ray's for every function: no Handler to change
    app = new_app()
    stack = cdk.Stack(app, "Test")
    network = Network(stack, "Network")
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    network.vpc.add_interface_endpoint("XRay", service=ec2.InterfaceVpcEndpointAwsService.XRAY)
    assert (
        str(synth_error(app))
        .split("\n")[1]
        .endswith(
            "Test/Network/XrayEndpoint (the Network Test/Network's) and Test/Network/Vpc/XRay "
            f"(yours): {DNS}. Fix: remove Test/Network/Vpc/XRay (the Network's serves its "
            "functions), or pass private_dns_enabled=False to Test/Network/Vpc/XRay"
        )
    )


def test_two_endpoints_of_the_user_s_own_fail_the_synth_with_the_network_s_vpc() -> None:
    # GIVEN an existing VPC of the app with two SQS endpoints of the user's, and a Network
    app = new_app()
    stack = cdk.Stack(app, "Test")
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1)
    vpc.add_interface_endpoint("One", service=SQS)
    Network(stack, "Network", existing_vpc=vpc)
    ec2.InterfaceVpcEndpoint(stack, "Two", vpc=vpc, service=SQS)
    # THEN the synth fails naming them
    assert (
        "[Test/Network] `private_dns_enabled` is True on 2 sqs interface endpoints of one VPC, "
        f"Test/Vpc/One (yours) and Test/Two (yours): {DNS}. Fix: remove all but one of them, "
        "or pass private_dns_enabled=False to all but one (whose calls then go to its own DNS "
        "names)"
    ) in synth_error(app)


def test_endpoints_of_other_services_or_vpcs_synthesize() -> None:
    # an app that synthesized before still does: one endpoint per service and VPC
    app = new_app()
    stack = cdk.Stack(app, "Test")
    network = Network(stack, "Network")
    QueueWorker(stack, "Worker", handler=echo_handler(endpoints=("sqs",)), network=network)
    network.vpc.add_interface_endpoint("Sns", service=ec2.InterfaceVpcEndpointAwsService.SNS)
    other = ec2.Vpc(stack, "Other", max_azs=2, nat_gateways=1)
    other.add_interface_endpoint("Sqs", service=SQS)
    app.synth()
    assert _interface_endpoints(Template.from_stack(stack)) == [
        "NetworkSqsEndpoint70892530",
        "NetworkVpcSnsF137334D",
        "NetworkXrayEndpointAA9120C7",
        "OtherSqs69838803",
    ]


HOOK_SERVICES = {
    "Codedeploy": ec2.InterfaceVpcEndpointAwsService.CODEDEPLOY,
    "Lambda": ec2.InterfaceVpcEndpointAwsService.LAMBDA_,
}


def test_a_hook_s_endpoints_in_another_stack_serve_it() -> None:
    # Proves (endpoints49): the hook's reach rule looked in the VPC's stack only, refused
    # this app, and its fix (listing them) would have made the Network create second ones
    app = new_app()
    network = Network(cdk.Stack(app, "Net"), "Network")
    ends = cdk.Stack(app, "Ends")
    for name, service in HOOK_SERVICES.items():
        ec2.InterfaceVpcEndpoint(ends, name, vpc=network.vpc, service=service)
    canary = Deployment.canary(pre_traffic=echo_handler(entry="app.other"))
    worker = QueueWorker(
        cdk.Stack(app, "Test"),
        "Worker",
        handler=echo_handler(),
        network=network,
        deployment=canary,
    )
    assert worker.deployment_group is not None
    assert sorted(network.interface_endpoints) == ["xray"]
    app.synth()


def test_an_email_endpoint_in_the_network_s_stack_serves_an_existing_vpc_of_another() -> None:
    # Proves (endpoints49): the SES reach rule looked in the VPC's stack only: an email
    # endpoint in the Network's stack (behind its group, which cdk-nag can check) was unseen
    from aws_cdk import aws_ses as ses

    app = new_app()
    vpc = ec2.Vpc(
        cdk.Stack(app, "Net"),
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )
    stack = cdk.Stack(app, "Test")
    network = Network(stack, "Network", existing_vpc=vpc)
    ec2.InterfaceVpcEndpoint(
        stack,
        "Email",
        vpc=vpc,
        service=ec2.InterfaceVpcEndpointAwsService.EMAIL,
        open=False,
        security_groups=[network.endpoint_security_group],
    )
    identity = ses.EmailIdentity(stack, "Sender", identity=ses.Identity.domain("example.com"))
    worker = QueueWorker(
        stack, "Worker", handler=Handler(code=ECHO, links=[identity]), network=network
    )
    app.synth()
    assert worker.function.node.path == "Test/Worker/Handler/Function"


def test_an_existing_vpc_s_endpoint_added_later_is_told_of_interface_endpoints_false() -> None:
    # GIVEN an existing VPC of the app (with NAT), a Network over it whose Handler lists
    # 'sqs', and the VPC's own SQS endpoint added afterwards
    app = new_app()
    stack = cdk.Stack(app, "Test")
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1)
    network = Network(stack, "Network", existing_vpc=vpc)
    QueueWorker(stack, "Worker", handler=echo_handler(endpoints=("sqs",)), network=network)
    vpc.add_interface_endpoint("Sqs", service=SQS)
    # THEN the fix also offers the VPC's own endpoints in place of the Network's
    assert (
        str(synth_error(app))
        .split("\n")[1]
        .endswith(
            "or remove Test/Vpc/Sqs (the Network's serves its functions), or pass "
            "private_dns_enabled=False to Test/Vpc/Sqs, or pass interface_endpoints=False to the "
            "Network Test/Network when the VPC has its own endpoint of every service its "
            "functions call"
        )
    )
    # AND following that last way synthesizes
    other = new_app()
    stack = cdk.Stack(other, "Test")
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1)
    network = Network(stack, "Network", existing_vpc=vpc, interface_endpoints=False)
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    vpc.add_interface_endpoint("Sqs", service=SQS)
    other.synth()
