"""A Network on a ``Vpc.from_lookup`` whose answer in cdk.context.json is older than the
VPC's subnets: the problem names the entry to remove, so the CLI looks the VPC up anew."""

from __future__ import annotations

import re
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2

from constructs_lib import ConstructError, Network
from tests.support import new_app

KEY = (
    "vpc-provider:account=111111111111:filter.tag:Name=legacy-vpc:region=eu-west-1:"
    "returnAsymmetricSubnets=true"
)
RESET = f"cdk context --reset '{KEY}'"


def _answer(*groups: dict[str, Any]) -> dict[str, Any]:
    """cdk.context.json's answer for the legacy VPC, with these subnet groups."""
    return {
        KEY: {
            "vpcId": "vpc-0123456789abcdef0",
            "vpcCidrBlock": "10.9.0.0/16",
            "ownerAccountId": "111111111111",
            "availabilityZones": [],
            "subnetGroups": list(groups),
        }
    }


def _group(name: str, kind: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": kind,
        "subnets": [
            {
                "subnetId": f"subnet-{name}{zone}",
                "cidr": f"10.9.{n}.0/24",
                "availabilityZone": f"eu-west-1{zone}",
                "routeTableId": f"rtb-{name}{zone}",
            }
            for n, zone in enumerate("ab")
        ],
    }


def _network(context: dict[str, Any], **props: Any) -> Network:
    stack = cdk.Stack(
        new_app(**context),
        "Orders",
        env=cdk.Environment(account="111111111111", region="eu-west-1"),
    )
    vpc = ec2.Vpc.from_lookup(stack, "Vpc", tags={"Name": "legacy-vpc"})
    return Network(stack, "Network", existing_vpc=vpc, **props)


def test_a_stale_lookup_without_private_subnets_names_the_entry_to_reset() -> None:
    # Proves (user trial): an old cdk.context.json answer from before the VPC had private
    # subnets was refused with the fix "pass ... to Vpc.from_vpc_attributes" only, though the
    # user's Vpc.from_lookup was right and the CLI never looks up a kept answer again
    with pytest.raises(ConstructError) as raised:
        _network(_answer(_group("edge", "Public")))
    (problem,) = raised.value.problems
    assert problem.prop == "existing_vpc"
    assert "has no isolated or private subnets" in problem.message
    assert problem.fix.startswith("pass isolated_subnet_ids or private_subnet_ids")
    assert f"remove the lookup's answer cdk.context.json keeps from before ({RESET})" in (
        problem.fix
    )


def test_a_stale_lookup_without_the_selected_group_names_the_entry_to_reset() -> None:
    # GIVEN an answer from before the platform team added the "app" tier
    with pytest.raises(
        ConstructError,
        match=r"`subnets` selects no subnets of existing_vpc: .*" + re.escape(RESET),
    ):
        _network(
            _answer(_group("data", "Isolated")),
            subnets=ec2.SubnetSelection(subnet_group_name="app"),
        )


def test_a_vpc_of_attributes_is_told_no_context_entry() -> None:
    # GIVEN the same VPC imported by its attributes, while an answer for it is in context
    stack = cdk.Stack(new_app(**_answer()), "Orders")
    vpc = ec2.Vpc.from_vpc_attributes(
        stack,
        "Vpc",
        vpc_id="vpc-0aaaaaaaaaaaaaaaa",
        availability_zones=["us-east-1a"],
        public_subnet_ids=["subnet-1"],
    )
    with pytest.raises(ConstructError) as raised:
        Network(stack, "Network", existing_vpc=vpc)
    assert "cdk context" not in str(raised.value)


def test_a_lookup_with_the_subnets_passes() -> None:
    network = _network(_answer(_group("app", "Private")))
    assert [s.subnet_id for s in network.vpc.private_subnets] == ["subnet-appa", "subnet-appb"]
