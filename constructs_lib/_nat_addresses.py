"""The public IPv4 addresses a Network's functions reach the internet from: its VPC's NAT
gateways' Elastic IPs, read from the construct tree (nothing is added to the template)."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2

__all__ = ["nat_public_ips"]


def nat_public_ips(vpc: ec2.IVpc) -> tuple[str, ...] | None:
    """The Elastic IPs' addresses (tokens, ``Fn::GetAtt PublicIp``) of ``vpc``'s public NAT
    gateways, in the order of their zones; empty without NAT gateways. None where the app
    cannot know them: an imported VPC (its NAT gateways are not in the app), NAT gateways
    given Elastic IPs by allocation ID or AWS-managed ones (a regional NAT gateway without
    its own), NAT instances."""
    if not isinstance(vpc, ec2.Vpc):  # Vpc.from_lookup, from_vpc_attributes
        return None
    below = vpc.node.find_all()
    if any(isinstance(child, ec2.CfnInstance) for child in below):  # NAT instances
        return None
    gateways = [
        child
        for child in below
        if isinstance(child, ec2.CfnNatGateway) and child.connectivity_type != "private"
    ]
    if not gateways:
        return ()
    eips = {
        eip.attr_allocation_id: eip
        for eip in Stack.of(vpc).node.find_all()
        if isinstance(eip, ec2.CfnEIP)
    }
    addresses = []
    for gateway in gateways:
        allocations = [gateway.allocation_id, *(gateway.secondary_allocation_ids or ())]
        found = [eips.get(a) if isinstance(a, str) else None for a in allocations]
        if None in found:  # an allocation ID of the user's, or none: AWS-managed addresses
            return None
        addresses += [eip.attr_public_ip for eip in found if eip is not None]
    return tuple(addresses)
