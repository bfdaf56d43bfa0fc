"""The VPC a Network creates when it is given none (``existing_vpc``)."""

from __future__ import annotations

from aws_cdk import CfnResource, Stack
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._assets import assets_allowed
from constructs_lib._cdk_internals import handler_log_group, stack_tags
from constructs_lib._cfn import drop_redundant_dependency
from constructs_lib._jsii import is_unresolved

__all__ = ["create_vpc"]


def create_vpc(scope: Construct, max_azs: int, nat_gateways: int) -> ec2.Vpc:
    """The Network's own VPC: isolated subnets in ``max_azs`` zones (and public and private
    ones for ``nat_gateways``), its default security group stripped of its rules."""
    # the provider's code is a file asset, which a BootstraplessSynthesizer refuses
    with assets_allowed(
        scope,
        "existing_vpc",
        "to be given: a new VPC needs the code of aws-cdk-lib's custom resource that "
        "strips its default security group's rules",
        other_fix=", or pass existing_vpc= (a VPC of your platform)",
    ):
        vpc = _vpc(scope, max_azs, nat_gateways)
    _zones_are_the_stacks(vpc)
    # CDK's stack-wide provider that strips the default security group's rules
    provider = Stack.of(scope).node.try_find_child(
        "Custom::VpcRestrictDefaultSGCustomResourceProvider"
    )
    if provider is not None:
        handler = provider.node.find_child("Handler")
        assert isinstance(handler, CfnResource)
        role = provider.node.try_find_child("Role")
        drop_redundant_dependency(handler, role)
        handler_log_group(handler, "VpcRestrictDefaultSgHandlerLogs")
        for resource in (handler, role):
            if isinstance(resource, CfnResource):
                stack_tags(resource)
    return vpc


def _zones_are_the_stacks(vpc: ec2.Vpc) -> None:
    """In a stack with an environment, CDK writes the zones it looked up into each subnet:
    cfn-lint warns of them (W3010, hard-coded zones: a template that could not move to
    another region), which a template of one environment never does. An env-agnostic
    stack's zones are ``Fn::GetAZs`` (no warning, no metadata)."""
    for subnet in (*vpc.isolated_subnets, *vpc.private_subnets, *vpc.public_subnets):
        resource = subnet.node.default_child
        if isinstance(resource, CfnResource) and not is_unresolved(subnet.availability_zone):
            resource.add_metadata("cfn-lint", {"config": {"ignore_checks": ["W3010"]}})


def _vpc(scope: Construct, max_azs: int, nat_gateways: int) -> ec2.Vpc:
    subnets = [
        ec2.SubnetConfiguration(
            name="Isolated",
            subnet_type=ec2.SubnetType.PRIVATE_ISOLATED,
            cidr_mask=_defaults.VPC_ISOLATED_CIDR_MASK,
        )
    ]
    if nat_gateways:
        subnets += [
            ec2.SubnetConfiguration(
                name="Public",
                subnet_type=ec2.SubnetType.PUBLIC,
                cidr_mask=_defaults.VPC_PUBLIC_CIDR_MASK,
            ),
            ec2.SubnetConfiguration(
                name="Private",
                subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS,
                cidr_mask=_defaults.VPC_PRIVATE_CIDR_MASK,
            ),
        ]
    return ec2.Vpc(
        scope,
        "Vpc",
        ip_addresses=ec2.IpAddresses.cidr(_defaults.VPC_CIDR),
        max_azs=max_azs,
        nat_gateways=nat_gateways,
        subnet_configuration=subnets,
        restrict_default_security_group=True,
    )
