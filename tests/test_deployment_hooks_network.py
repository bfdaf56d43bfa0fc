"""A deployment hook in a Network must reach CodeDeploy (its report) and Lambda (the new
version): in isolated subnets without NAT and without those interface endpoints it could do
neither, and CodeDeploy would wait an hour and fail the deployment. Proves (gaps48): such a
hook synthesized and deployed without a word."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template

from constructs_lib import (
    ConstructError,
    Deployment,
    FunctionDefaults,
    Network,
    QueueWorker,
)
from tests.support import echo_handler, new_stack, rule_cases

BOTH = ("codedeploy", "lambda")


def _worker(
    stack: cdk.Stack, *, hook_endpoints: tuple[str, ...] = (), where: str = "construct", **net: Any
) -> QueueWorker:
    """A worker in a Network (``net``) whose canary's pre-traffic hook lists ``hook_endpoints``,
    the canary given on the construct, on its Handler or on the stack (FunctionDefaults)."""
    canary = Deployment.canary(
        pre_traffic=echo_handler(entry="app.other", endpoints=hook_endpoints)
    )
    network = Network(stack, "Network", **net)
    if where == "scope":
        FunctionDefaults.of(stack).set(deployment=canary)
        return QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    if where == "handler":
        handler = echo_handler(deployment=canary)
        return QueueWorker(stack, "Worker", handler=handler, network=network)
    return QueueWorker(stack, "Worker", handler=echo_handler(), network=network, deployment=canary)


CASES = [
    (
        "neither endpoint",
        {},
        r"Test/Worker: `deployment\.pre_traffic\.endpoints` is \(\), but the hook runs in the "
        r"Network Test/Network's isolated subnets, with no NAT gateway and no codedeploy or "
        r"lambda interface endpoint: it could not report its result to CodeDeploy nor invoke "
        r"the new version, so CodeDeploy would wait an hour for its report and fail the "
        r"deployment\. Fix: add 'codedeploy' and 'lambda' to the hook Handler's endpoints "
        r"\(endpoints=\('codedeploy', 'lambda'\): interface endpoints, about \$7\.30 per AZ per "
        r"month each, created once per Network\), or give the Network nat_gateways",
    ),
    (
        "no lambda endpoint",
        {"hook_endpoints": ("sqs", "codedeploy")},
        r"`deployment\.pre_traffic\.endpoints` is \('sqs', 'codedeploy'\), .* no lambda "
        r"interface endpoint: it could not invoke the new version, .*Fix: add 'lambda' to the "
        r"hook Handler's endpoints \(endpoints=\('sqs', 'codedeploy', 'lambda'\)",
    ),
    (
        "on the Handler",
        {"where": "handler"},
        r"`handler\.deployment\.pre_traffic\.endpoints` is \(\), but the hook runs",
    ),
    (
        "on the scope",
        {"where": "scope"},
        r"`FunctionDefaults\.deployment\.pre_traffic\.endpoints` is \(\), but the hook runs",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    with pytest.raises(ConstructError, match=message):
        _worker(new_stack(), **props)


def test_a_hook_with_both_endpoints_gets_them() -> None:
    # GIVEN a hook listing both services WHEN the worker is built
    stack = new_stack()
    _worker(stack, hook_endpoints=BOTH)
    endpoints = Template.from_stack(stack).find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Interface"}}
    )
    # (ServiceName is a Join of "com.amazonaws.", the region and ".<service>")
    by_name = {
        body["Properties"]["ServiceName"]["Fn::Join"][1][-1].lstrip("."): body["Properties"]
        for body in endpoints.values()
    }
    # THEN the Network has an interface endpoint for each (besides X-Ray's)
    assert sorted(by_name) == ["codedeploy", "lambda", "xray"]
    # AND Lambda's takes the account's perimeter policy; CodeDeploy's documents none
    assert "PolicyDocument" in by_name["lambda"]
    assert "PolicyDocument" not in by_name["codedeploy"]


@pytest.mark.parametrize(
    "net", [{"nat_gateways": 1}, {"existing_vpc": "private"}], ids=["nat", "private subnets"]
)
def test_a_hook_with_a_way_out_needs_no_endpoints(net: dict[str, Any]) -> None:
    # GIVEN a Network whose functions have internet egress (NAT, an existing VPC's
    # private subnets) WHEN a worker with a hook listing nothing is built THEN it synthesizes
    stack = new_stack()
    if net.get("existing_vpc") == "private":
        from aws_cdk import aws_ec2 as ec2

        net = {"existing_vpc": ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1)}
    worker = _worker(stack, **net)
    assert worker.deployment_group is not None
    # AND the Network adds no CodeDeploy or Lambda endpoint (the hook goes out through NAT)
    network = stack.node.find_child("Network")
    assert isinstance(network, Network)
    assert not {"codedeploy", "lambda"} & set(network.interface_endpoints)


def _own_endpoints(vpc: ec2.IVpc, *services: str) -> None:
    for service in services:
        attribute = {"lambda": "LAMBDA_", "codedeploy": "CODEDEPLOY"}[service]
        vpc.add_interface_endpoint(
            service.title(), service=getattr(ec2.InterfaceVpcEndpointAwsService, attribute)
        )


def test_endpoints_the_user_added_to_the_network_s_vpc_serve_the_hook() -> None:
    # Proves (gaps49): the hook's reach rule did not see interface endpoints the user added
    # to the Network's VPC (network.vpc.add_interface_endpoint) and refused a working app
    stack = new_stack()
    network = Network(stack, "Network")
    _own_endpoints(network.vpc, *BOTH)
    canary = Deployment.canary(pre_traffic=echo_handler(entry="app.other"))
    worker = QueueWorker(
        stack, "Worker", handler=echo_handler(), network=network, deployment=canary
    )
    assert worker.deployment_group is not None
    # AND the Network creates no second endpoint of either (X-Ray's only)
    assert sorted(network.interface_endpoints) == ["xray"]


def test_an_existing_vpc_s_own_endpoints_serve_the_hook() -> None:
    # GIVEN an isolated VPC of the app with its own CodeDeploy and Lambda endpoints
    stack = new_stack()
    vpc = ec2.Vpc(
        stack,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )
    _own_endpoints(vpc, *BOTH)
    # WHEN a worker with a hook listing nothing runs in a Network over it THEN it builds
    worker = _worker(stack, existing_vpc=vpc)
    assert worker.deployment_group is not None
    # AND the Network creates no second endpoint of either: the VPC's serve the hook
    network = stack.node.find_child("Network")
    assert isinstance(network, Network)
    assert not {"codedeploy", "lambda"} & set(network.interface_endpoints)


def test_one_endpoint_the_user_added_leaves_the_other_refused() -> None:
    stack = new_stack()
    network = Network(stack, "Network")
    _own_endpoints(network.vpc, "codedeploy")
    canary = Deployment.canary(pre_traffic=echo_handler(entry="app.other"))
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler(), network=network, deployment=canary)
    assert (
        "`deployment.pre_traffic.endpoints` is (), but the hook runs in the Network "
        "Test/Network's isolated subnets, with no NAT gateway and no lambda interface "
        "endpoint: it could not invoke the new version"
    ) in str(raised.value)


def test_an_endpoint_of_another_hook_s_network_does_not_count() -> None:
    # a Network's own endpoint admits that Network's functions only: a hook of another
    # Network over the same VPC still lists its own (and is refused without)
    stack = new_stack()
    first = Network(stack, "First")
    QueueWorker(
        stack,
        "Listed",
        handler=echo_handler(),
        network=first,
        deployment=Deployment.canary(pre_traffic=echo_handler(entry="app.other", endpoints=BOTH)),
    )
    with pytest.raises(ConstructError, match=r"no codedeploy or lambda interface endpoint"):
        _worker(stack, existing_vpc=first.vpc, gateway_endpoints=False)


def _isolated_vpc(stack: cdk.Stack) -> ec2.Vpc:
    return ec2.Vpc(
        stack,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )


def test_the_refusal_names_endpoints_of_the_user_s_own() -> None:
    # Proves (endpoints49): the fix named the hook's endpoints and NAT only, never an
    # endpoint of the user's (which README says serves the hook)
    with pytest.raises(ConstructError) as raised:
        _worker(new_stack())
    assert str(raised.value).endswith(
        "Fix: add 'codedeploy' and 'lambda' to the hook Handler's endpoints "
        "(endpoints=('codedeploy', 'lambda'): interface endpoints, about $7.30 per AZ per month "
        "each, created once per Network), or give the Network nat_gateways, or give the VPC "
        "your own codedeploy and lambda endpoints before building the construct "
        "(network.vpc.add_interface_endpoint('Codedeploy', "
        "service=ec2.InterfaceVpcEndpointAwsService.CODEDEPLOY, open=False, "
        "security_groups=[network.endpoint_security_group]) and "
        "network.vpc.add_interface_endpoint('Lambda', "
        "service=ec2.InterfaceVpcEndpointAwsService.LAMBDA_, open=False, "
        "security_groups=[network.endpoint_security_group])), which serve the hook without it "
        "listing them"
    )


def test_an_existing_vpc_s_refusal_names_its_own_endpoints_and_its_nat() -> None:
    # Proves (endpoints49): an existing VPC was told to give the Network nat_gateways (which
    # it refuses: the VPC's NAT is its owner's) and never of interface_endpoints=False
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        _worker(stack, existing_vpc=_isolated_vpc(stack))
    assert str(raised.value).endswith(
        "created once per Network), or give its functions subnets of the VPC that route to a "
        "NAT gateway (the Network uses the VPC's private subnets when it has any, else those "
        "its subnets= selects), or pass interface_endpoints=False to the Network if the VPC "
        "has its own codedeploy and lambda endpoints with private DNS outside the app (their "
        "security groups admitting HTTPS from the functions; one the app defines before the "
        "construct is seen without it)"
    )
    # AND following it builds
    other = new_stack()
    worker = _worker(other, existing_vpc=_isolated_vpc(other), interface_endpoints=False)
    assert worker.deployment_group is not None
