"""Network.nat_public_ips: the addresses partners allow-list (payments trial43), read from
the VPC's NAT gateways without changing any template."""

from __future__ import annotations

import json
import re

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Network
from tests.support import new_stack

EU = cdk.Environment(account="111111111111", region="eu-west-1")


def _eips_by_zone(template: Template) -> list[str]:
    """The template's Elastic IPs' logical IDs, in the order of their NAT gateways' zones
    (a zone's name, or an env-agnostic stack's ``Fn::Select`` index of ``Fn::GetAZs``)."""
    subnets = template.find_resources("AWS::EC2::Subnet")
    gateways = template.find_resources("AWS::EC2::NatGateway")
    by_zone = sorted(
        (
            json.dumps(
                subnets[gateway["Properties"]["SubnetId"]["Ref"]]["Properties"]["AvailabilityZone"]
            ),
            gateway["Properties"]["AllocationId"]["Fn::GetAtt"][0],
        )
        for gateway in gateways.values()
    )
    return [eip for _, eip in by_zone]


def test_a_new_vpcs_nat_gateways_give_their_elastic_ips_in_zone_order() -> None:
    # GIVEN a Network with a NAT gateway in each of three zones
    stack = cdk.Stack(cdk.App(), "Payments", env=EU)
    network = Network(stack, "Network", max_azs=3, nat_gateways=3)
    template = Template.from_stack(stack)
    # THEN each address resolves to an Elastic IP of the template, in zone order
    eips = _eips_by_zone(template)
    assert len(eips) == 3 and set(eips) == set(template.find_resources("AWS::EC2::EIP"))
    assert [stack.resolve(ip) for ip in network.nat_public_ips or ()] == [
        {"Fn::GetAtt": [eip, "PublicIp"]} for eip in eips
    ]


def test_fewer_nat_gateways_than_zones_give_theirs_only() -> None:
    stack = new_stack()
    network = Network(stack, "Network", nat_gateways=1)
    (eip,) = Template.from_stack(stack).find_resources("AWS::EC2::EIP")
    assert [stack.resolve(ip) for ip in network.nat_public_ips or ()] == [
        {"Fn::GetAtt": [eip, "PublicIp"]}
    ]


def test_an_output_of_the_addresses_references_the_elastic_ips() -> None:
    # GIVEN the app exporting the addresses for the partner (the README's example)
    stack = new_stack()
    network = Network(stack, "Network", nat_gateways=2)
    cdk.CfnOutput(stack, "NatIps", value=cdk.Fn.join(",", list(network.nat_public_ips or ())))
    template = Template.from_stack(stack)
    eips = _eips_by_zone(template)
    # THEN CloudFormation fills it from the Elastic IPs
    assert template.to_json()["Outputs"]["NatIps"]["Value"] == {
        "Fn::Join": [",", [{"Fn::GetAtt": [eip, "PublicIp"]} for eip in eips]]
    }


def test_reading_the_addresses_changes_no_template() -> None:
    templates = []
    for read in (False, True):
        stack = new_stack()
        network = Network(stack, "Network", nat_gateways=2)
        if read:
            assert len(network.nat_public_ips or ()) == 2
        templates.append(Template.from_stack(stack).to_json())
    assert templates[0] == templates[1]


def test_without_nat_gateways_there_is_no_address() -> None:
    assert Network(new_stack(), "Network").nat_public_ips == []


def test_an_existing_vpc_of_the_app_gives_its_nat_gateways_elastic_ips() -> None:
    stack = new_stack()
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=2)
    network = Network(stack, "Network", existing_vpc=vpc)
    eips = _eips_by_zone(Template.from_stack(stack))
    assert [stack.resolve(ip) for ip in network.nat_public_ips or ()] == [
        {"Fn::GetAtt": [eip, "PublicIp"]} for eip in eips
    ]
    # one without NAT gateways has none
    bare = ec2.Vpc(stack, "Bare", max_azs=2, nat_gateways=0)
    assert Network(stack, "Other", existing_vpc=bare).nat_public_ips == []


@pytest.mark.parametrize(
    "vpc",
    [
        lambda stack: ec2.Vpc.from_vpc_attributes(
            stack,
            "Imported",
            vpc_id="vpc-1",
            availability_zones=["eu-west-1a", "eu-west-1b"],
            private_subnet_ids=["subnet-1", "subnet-2"],
        ),
        lambda stack: ec2.Vpc(
            stack,
            "Given",
            max_azs=2,
            nat_gateways=1,
            nat_gateway_provider=ec2.NatProvider.gateway(eip_allocation_ids=["eipalloc-1"]),
        ),
    ],
    ids=["imported", "eip-allocation-ids"],
)
def test_addresses_the_app_cannot_know_are_none(vpc: object) -> None:
    stack = new_stack()
    network = Network(stack, "Network", existing_vpc=vpc(stack), gateway_endpoints=False)  # type: ignore[operator]
    assert network.nat_public_ips is None


def test_the_addresses_are_read_only() -> None:
    network = Network(new_stack(), "Network", nat_gateways=1)
    addresses = network.nat_public_ips
    assert addresses is not None
    with pytest.raises(TypeError, match=re.escape("list(network.nat_public_ips)")):
        addresses.append("198.51.100.7")  # type: ignore[attr-defined]
    with pytest.raises(ConstructError, match="nat_public_ips"):
        network.nat_public_ips = []  # type: ignore[misc]
