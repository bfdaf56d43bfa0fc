"""The VPC endpoints the app's Networks create, by VPC: a VPC takes one gateway endpoint
per service on its route tables and one interface endpoint with private DNS per service,
so a second Network over the same VPC (the same object, or the same VPC ID imported
again in another stack) must not create its own: the deploy would fail."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from constructs import IConstruct

from constructs_lib._jsii import is_unresolved
from constructs_lib.errors import Problem

__all__ = ["claim_endpoint", "claimed_endpoint", "second_interface_endpoint"]

#: By app: each VPC -> endpoint service ("s3", "xray", ...) -> the endpoint's path.
_ENDPOINTS: WeakKeyDictionary[IConstruct, dict[tuple[str, ...], dict[str, str]]] = (
    WeakKeyDictionary()
)


def _vpc_key(vpc: ec2.IVpc) -> tuple[str, ...]:
    """A VPC imported by its ID is that ID in its stack's account and region (imported
    twice, it is one VPC); a VPC defined in the app (its ID a token) is its path."""
    vpc_id = vpc.vpc_id
    if is_unresolved(vpc_id):
        return ("defined", vpc.node.path)
    stack = Stack.of(vpc)
    return ("imported", str(stack.account), str(stack.region), vpc_id)


def claimed_endpoint(scope: IConstruct, vpc: ec2.IVpc, service: str) -> str | None:
    """The path of the endpoint of ``service`` the app has on ``vpc`` already, if any."""
    return _ENDPOINTS.get(scope.node.root, {}).get(_vpc_key(vpc), {}).get(service)


def claim_endpoint(endpoint: IConstruct, vpc: ec2.IVpc, service: str) -> None:
    """Notes that ``endpoint`` is the app's endpoint of ``service`` on ``vpc``."""
    by_vpc = _ENDPOINTS.setdefault(endpoint.node.root, {})
    by_vpc.setdefault(_vpc_key(vpc), {}).setdefault(service, endpoint.node.path)


def second_interface_endpoint(path: str, service: str, other: str) -> Problem:
    """The problem of a Network asked for an interface endpoint another has on its VPC."""
    return Problem(
        path,
        "existing_vpc",
        f"has the {service} interface endpoint {other} already (another Network's over the "
        "same VPC): a VPC takes one endpoint with private DNS per service, so the deploy "
        "would fail",
        "create one Network per VPC (in a shared network stack) and pass it as network= to "
        "every construct in that VPC, or pass interface_endpoints=False (and "
        "gateway_endpoints=False) to this one: its functions then use the VPC's endpoints",
    )
