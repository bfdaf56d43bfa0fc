"""The tags a Network's own resources get, against AWS's rules for tags (``_tag_rules``).

A Network has no function of the library's, whose check tells the tags a scope above it
gives: its VPC is checked, and a tag given to one of its subnets or endpoints alone
(``cdk.Tags.of(network.vpc.isolated_subnets[0])``, ``Tags.of(network.gateway_endpoints[
"s3"])``) synthesized and failed the deploy on that resource. Each subnet of a VPC the
Network creates and each endpoint it creates (gateway endpoints, interface endpoints as
they are requested) is read with the stack's other properties at synth; a tag reaching
several of them is told once, under the Network. The subnets of an ``existing_vpc`` are
the user's, not read. No budget of a round trip covers a Network (one per stack): each
resource read here is one ``cfnProperties`` read more per synth, none per function."""

from __future__ import annotations

from typing import TYPE_CHECKING

from constructs_lib._tag_rules import check_resource_tags_at_synth

if TYPE_CHECKING:
    from collections.abc import Iterable

    from aws_cdk import aws_ec2 as ec2
    from constructs import IConstruct

__all__ = ["check_endpoint_tags_at_synth", "check_vpc_tags_at_synth"]


def check_vpc_tags_at_synth(network: IConstruct, vpc: ec2.IVpc) -> None:
    """Fails the synth, under ``network``, on a tag AWS refuses that reaches ``vpc`` (one
    the Network created) or one of its subnets."""
    check_resource_tags_at_synth(network, vpc, "VPC")
    for subnet in (*vpc.public_subnets, *vpc.private_subnets, *vpc.isolated_subnets):
        check_resource_tags_at_synth(network, subnet, "subnet")


def check_endpoint_tags_at_synth(
    network: IConstruct, endpoints: Iterable[ec2.IVpcEndpoint]
) -> None:
    """Fails the synth, under ``network``, on a tag AWS refuses that reaches one of
    ``endpoints`` (the Network created them)."""
    for endpoint in endpoints:
        check_resource_tags_at_synth(network, endpoint, "endpoint")
