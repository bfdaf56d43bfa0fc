"""A function's place in a Network: its security group, endpoints and ENI permissions."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct

from constructs_lib._jsii import same_jsii_object
from constructs_lib._validation import Validator
from constructs_lib.network import INTERFACE_SERVICES, Network

__all__ = [
    "ENI_ACTIONS",
    "check_endpoints",
    "check_network_stack",
    "eni_policy",
    "function_security_group",
]


#: Lambda creates the function's network interfaces with its execution role.
ENI_ACTIONS = (
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
)


def eni_policy() -> iam.PolicyDocument:
    """The network-interface actions Lambda performs with the execution role (they take no
    resource), denied to the function's own code: Lambda's calls for the function's network
    interfaces carry no ``lambda:SourceFunctionArn``, every call from inside the execution
    environment does (AWS Lambda guide, "Using source function ARN"), so code holding the
    role's credentials cannot create or delete network interfaces anywhere in the account."""
    return iam.PolicyDocument(
        statements=[
            iam.PolicyStatement(actions=list(ENI_ACTIONS), resources=["*"]),
            iam.PolicyStatement(
                sid="NotFromFunctionCode",
                effect=iam.Effect.DENY,
                actions=list(ENI_ACTIONS),
                resources=["*"],
                conditions={"Null": {"lambda:SourceFunctionArn": "false"}},
            ),
        ]
    )


def function_security_group(
    network: Network, scope: Construct, services: tuple[str, ...]
) -> ec2.SecurityGroup:
    """A function's own security group: no inbound, HTTPS out, the endpoints it needs."""
    group = ec2.SecurityGroup(
        scope,
        "SecurityGroup",
        vpc=network.vpc,
        description="Lambda function: no inbound; outbound HTTPS only",
        allow_all_outbound=False,
    )
    # Gateway endpoints are reached at the services' public addresses and CloudFormation
    # cannot look up their prefix lists, so HTTPS goes to any address; the isolated
    # subnets' route tables only lead to the VPC endpoints.
    group.add_egress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(443), "HTTPS to VPC endpoints")
    if not network.creates_interface_endpoints:  # the existing VPC's own serve the function
        return group
    for service in services:
        network.endpoint(service)
    if services:  # one rule covers every endpoint, as they share one security group
        # A function in another stack than its Network (a shared network stack) keeps the
        # rule in its own stack: in the network's, the rule would name the function's group
        # while the function names the network's subnets, a cycle between the two stacks.
        elsewhere = not same_jsii_object(Stack.of(scope), Stack.of(network))
        network.endpoint_security_group.add_ingress_rule(
            group,
            ec2.Port.tcp(443),
            f"HTTPS from {scope.node.path}"[:255],
            remote_rule=elsewhere or None,
        )
    return group


def check_network_stack(v: Validator, network: Network) -> None:
    """A function in the stack that defines its Network's VPC while the Network is in
    another stack: that stack depends on this one (the VPC), and the function's rule into
    the endpoints' security group would make this one depend on it, a cycle that
    aws-cdk-lib reports only at synth, as a jsii trace."""
    here = Stack.of(v.scope)
    network_stack, vpc_stack = Stack.of(network), Stack.of(network.vpc)
    v.check(
        not same_jsii_object(vpc_stack, here) or same_jsii_object(network_stack, here),
        "network",
        f"is in stack {network_stack.node.path!r} over the VPC {network.vpc.node.path!r} of "
        f"this stack: {network_stack.node.path!r} depends on this stack for the VPC, and a "
        "function here would make this stack depend on it (the endpoints' security group), "
        "a cycle",
        f"create the Network in {here.node.path!r}, next to its VPC, or the functions in "
        "another stack",
    )


#: Why a Handler's endpoints cannot be deploy-time values, and the fix.
_ENDPOINTS_AT_SYNTH = (
    "the Network creates one interface endpoint per service named",
    "list the services by name, e.g. endpoints=('sqs',)",
)


def check_endpoints(v: Validator, endpoints: Sequence[str], prop: str, network: object) -> None:
    """A Handler's ``endpoints``: known service names, and a ``network`` to put them in."""
    if not v.check_sequence(endpoints, prop, "endpoints=('sqs',)"):
        return
    if not v.known_at_synth(endpoints, prop, *_ENDPOINTS_AT_SYNTH):
        return
    for service in endpoints:
        if not v.known_at_synth(service, prop, *_ENDPOINTS_AT_SYNTH):
            continue
        v.check(
            service in INTERFACE_SERVICES,
            prop,
            f"has {service!r}; known services: {', '.join(sorted(INTERFACE_SERVICES))}",
            "use one of the known names (S3 and DynamoDB need none: gateway endpoints)",
        )
    v.check(
        not endpoints or network is not None,
        prop,
        "lists interface endpoints, but the construct has no network= (outside a VPC the "
        "function reaches every AWS service without endpoints)",
        "remove endpoints, or pass network=Network(...) to the construct",
    )
