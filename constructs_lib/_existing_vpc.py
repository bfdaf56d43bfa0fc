"""Network's rules for an existing VPC (``existing_vpc=``)."""

from __future__ import annotations

from aws_cdk import aws_ec2 as ec2

from constructs_lib._endpoint_registry import claimed_endpoint
from constructs_lib._env import check_same_environment
from constructs_lib._gateway_endpoints import existing_gateway_endpoints, has_route_table
from constructs_lib._interface_services import GATEWAY_SERVICES
from constructs_lib._validation import Validator
from constructs_lib._vpc_lookups import stale_lookup_fix
from constructs_lib._vpc_subnets import check_subnets

__all__ = ["check_existing_vpc"]


def check_existing_vpc(
    v: Validator, existing_vpc: ec2.IVpc, *, gateway_endpoints: bool, subnets: object
) -> None:
    """A VPC the user brings: of the stack's region and account, with subnets for the
    functions (``subnets``' selection of them, if given), and route tables (and no
    endpoints yet) for the gateway endpoints."""
    check_same_environment(
        v,
        existing_vpc,
        "existing_vpc",
        "a function runs only in a VPC of its own region and account",
        "pass a VPC of this stack's region and account",
    )
    routed = existing_vpc.isolated_subnets + existing_vpc.private_subnets
    if not v.check(
        bool(routed),
        "existing_vpc",
        "has no isolated or private subnets, where the functions would run"
        + (" (only public ones)" if existing_vpc.public_subnets else ""),
        "pass isolated_subnet_ids or private_subnet_ids (with their route table IDs) "
        "to Vpc.from_vpc_attributes" + stale_lookup_fix(v.scope, existing_vpc),
    ):
        return
    if subnets is not None:  # the gateway endpoints go on the selected ones' route tables
        routed = check_subnets(v, existing_vpc, subnets)
    if gateway_endpoints:
        v.check(
            all(has_route_table(s) for s in routed),
            "gateway_endpoints",
            "needs the route table IDs of existing_vpc's subnets, which it does not know",
            "pass *_subnet_route_table_ids to Vpc.from_vpc_attributes, or set "
            "gateway_endpoints=False if the VPC has S3 and DynamoDB endpoints already",
        )
        existing = existing_gateway_endpoints(existing_vpc) or [
            path
            for service in GATEWAY_SERVICES
            if (path := claimed_endpoint(v.scope, existing_vpc, service))
        ]
        v.check(
            not existing,
            "gateway_endpoints",
            "would give existing_vpc S3 and DynamoDB gateway endpoints, but it has "
            f"{', '.join(existing)} already (yours, or another Network's): a second "
            "endpoint of a service on the same route tables fails the deploy",
            "pass gateway_endpoints=False: the functions use the VPC's endpoints",
        )
