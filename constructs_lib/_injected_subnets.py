"""Other subnets of the same VPC that a property injector gives one of the library's
networked functions (``vpcSubnets``).

The Network chose its functions' subnets: those its gateway endpoints' route tables
serve (S3 and DynamoDB are reached through them, nothing else routes there in an
isolated VPC), and the private ones with egress when the VPC has a NAT. A function moved
into other subnets (isolated ones of a VPC with a NAT: no internet) reaches S3, DynamoDB
or the internet through no route and every such call times out; some of the chosen
subnets (one zone) pass. Another VPC is refused here too (``vpc``); a function moved out
of a VPC is ``_injected``'s ``vpc`` check, into public subnets aws-cdk-lib's.

Only asked when an injector may reach the function (``may_inject``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from constructs_lib._facts import path_of, stack_of
from constructs_lib._injected import _SKIP, _changed
from constructs_lib._vpc_subnets import selected_subnets
from constructs_lib.errors import Problem

if TYPE_CHECKING:
    from aws_cdk import aws_lambda as lambda_

    from constructs_lib.network import Network

__all__ = ["subnet_problems"]


def subnet_problems(
    function: lambda_.Function, resource: lambda_.CfnFunction, network: Network, owner: str
) -> list[Problem]:
    """``function`` (``resource`` its L1), in ``network``'s VPC, runs in subnets the
    Network chose for its functions (all of them, or some)."""
    if not function.is_bound_to_vpc:  # moved out of the VPC: the "vpc" problem
        return []
    stack = stack_of(function)
    config = stack.resolve(resource.vpc_config)
    found = config.get("subnetIds") if isinstance(config, dict) else None
    chosen = stack.resolve(selected_subnets(network.vpc, network.subnets).subnet_ids)
    if not isinstance(found, list) or not isinstance(chosen, list):
        return []
    # fewer of them (one zone) passes: the routes and endpoints still serve each
    if set(map(str, found)) <= set(map(str, chosen)):
        return []
    vpc = network.vpc
    subnets = (*vpc.public_subnets, *vpc.private_subnets, *vpc.isolated_subnets)
    if not set(map(str, found)) <= set(map(str, stack.resolve([s.subnet_id for s in subnets]))):
        return [
            Problem(
                path_of(function),
                "vpc",
                f"is not its Network's: {_changed('another vpc', 'lambda_.Function')} for "
                f"{owner}'s function, whose Network's endpoints, routes and security groups "
                "are in another VPC: its AWS calls reach none of them and time out",
                f"{_SKIP}; pass network=Network(scope, 'Network', existing_vpc=vpc) to the "
                "construct instead",
            )
        ]
    return [
        Problem(
            path_of(function),
            "vpc_subnets",
            f"are not its Network's: {_changed('other vpcSubnets', 'lambda_.Function')} for "
            f"{owner}'s function, whose Network chose the subnets its endpoints and routes "
            "serve: from others, its calls to S3, DynamoDB and the internet may reach no "
            "route and time out",
            f"{_SKIP}; pass the subnets to the Network instead (Network(scope, 'Network', "
            "existing_vpc=vpc, subnets=ec2.SubnetSelection(...)))",
        )
    ]
