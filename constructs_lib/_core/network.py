"""A function's place in a Network: its security group, endpoints and ENI permissions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct

from constructs_lib._facts import path_of, stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._interface_services import GATEWAY_SERVICES
from constructs_lib._jsii import same_jsii_object
from constructs_lib._quotas import Quota, warn_of_quota
from constructs_lib._validation import Validator
from constructs_lib.network import INTERFACE_SERVICES, Network

__all__ = [
    "ENDPOINT_RULES_QUOTA",
    "ENDPOINT_RULES_WARNING",
    "ENI_ACTIONS",
    "check_endpoints",
    "check_network_stack",
    "eni_policy",
    "function_security_group",
    "rule_description",
]

#: Amazon VPC's default quota "Inbound rules per security group" (adjustable): one rule
#: per function lets it into a Network's interface endpoints, and the rule past the
#: account's quota fails its stack's deploy (RulesPerSecurityGroupLimitExceeded).
#: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
ENDPOINT_RULES_QUOTA = 60
ENDPOINT_RULES_WARNING = "constructs_lib:endpointRulesQuota"
_ENDPOINT_RULES = Quota(
    service="Amazon VPC", name="Inbound rules per security group", default=ENDPOINT_RULES_QUOTA
)
# The inbound rules each Network's endpoint security group has so far.
_endpoint_rules: IdentityMap[int] = IdentityMap()


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
    endpoints = network.endpoint_security_group
    if endpoints is None:  # interface_endpoints=False: the existing VPC's own serve it
        return group
    for service in services:
        network.endpoint(service)
    if services:  # one rule covers every endpoint, as they share one security group
        # A function in another stack than its Network (a shared network stack) keeps the
        # rule in its own stack: in the network's, the rule would name the function's group
        # while the function names the network's subnets, a cycle between the two stacks.
        elsewhere = not same_jsii_object(stack_of(scope), stack_of(network))
        endpoints.add_ingress_rule(
            group,
            ec2.Port.tcp(443),
            rule_description(f"HTTPS from {scope.node.path}"),
            remote_rule=elsewhere or None,
        )
        _count_endpoint_rule(network, scope)
    return group


# What EC2 takes in a rule's description: 255 characters of a-z, A-Z, 0-9, spaces and
# ._-:/()#,@[]+=;{}!$* (UserIdGroupPair.Description, Amazon EC2 API Reference); a construct
# path may hold any other character but "/", and a rule whose description has one fails
# the deploy. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UserIdGroupPair.html
_RULE_DESCRIPTION_REFUSED = re.compile(r"[^a-zA-Z0-9 ._\-:/()#,@\[\]+=;{}!$*]")


def rule_description(text: str) -> str:
    """``text`` as EC2 takes a security group rule's description: each character it refuses
    replaced by ``_``, at most 255 characters."""
    return _RULE_DESCRIPTION_REFUSED.sub("_", text)[:255]


def _count_endpoint_rule(network: Network, scope: Construct) -> None:
    """Warns (once per Network) on the function whose rule passes the default quota: an
    account may have raised it, so not an error."""
    rules = (_endpoint_rules.get(network) or 0) + 1
    _endpoint_rules.set(network, rules)
    if rules != ENDPOINT_RULES_QUOTA + 1:
        return
    warn_of_quota(
        scope,
        ENDPOINT_RULES_WARNING,
        f"`network`: with this function, {rules} functions reach the interface endpoints of "
        f"{network.node.path!r}, each with an inbound rule in their security group",
        _ENDPOINT_RULES,
        fix="give some functions a Network of their own VPC",
        failure="the deploy fails half-way (RulesPerSecurityGroupLimitExceeded), here and for "
        "every function after it",
    )


def check_network_stack(v: Validator, network: Network) -> None:
    """A function in the stack that defines its Network's VPC while the Network is in
    another stack: that stack depends on this one (the VPC), and the function's rule into
    the endpoints' security group would make this one depend on it, a cycle that
    aws-cdk-lib reports only at synth, as a jsii trace."""
    here = stack_of(v.scope)
    network_stack, vpc_stack = stack_of(network), stack_of(network.vpc)
    v.check(
        not same_jsii_object(vpc_stack, here) or same_jsii_object(network_stack, here),
        "network",
        f"is in stack {path_of(network_stack)!r} over the VPC {path_of(network.vpc)!r} of "
        f"this stack: {path_of(network_stack)!r} depends on this stack for the VPC, and a "
        "function here would make this stack depend on it (the endpoints' security group), "
        "a cycle",
        f"create the Network in {path_of(here)!r}, next to its VPC, or the functions in "
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
            _unknown_service_fix(service),
        )
    v.check(
        not endpoints or network is not None,
        prop,
        "lists interface endpoints, but the construct has no network= (outside a VPC the "
        "function reaches every AWS service without endpoints)",
        "remove endpoints, or pass network=Network(...) to the construct",
    )


#: SES, by the names users write for it: the Network makes no endpoint for it.
_NO_ENDPOINT_SERVICES = {"ses", "email", "sesv2"}


def _unknown_service_fix(service: str) -> str:
    name = service.strip().lower()
    if name in GATEWAY_SERVICES:
        return (
            f"leave {service!r} out: S3 and DynamoDB go through the Network's gateway "
            "endpoints (gateway_endpoints=True, the default)"
        )
    if name in _NO_ENDPOINT_SERVICES:
        return (
            f"leave {service!r} out: the Network creates no SES endpoint, so a function "
            "sending email needs a Network with NAT gateways (Network(nat_gateways=1)) or "
            "no network="
        )
    if name in INTERFACE_SERVICES:
        return f"write it as the known name {name!r}"
    return "use one of the known names (S3 and DynamoDB need none: gateway endpoints)"
