"""What a Network must know of an existing VPC before it adds the S3 and DynamoDB gateway
endpoints: the route tables they go on, and the gateway endpoints the app gave the VPC
already (a second endpoint of a service on the same route tables fails the deploy)."""

from __future__ import annotations

import json

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2

__all__ = ["existing_gateway_endpoints", "has_route_table"]

_SERVICES = ('.s3"', '.dynamodb"')  # each service name's end, in its resolved JSON


def has_route_table(subnet: ec2.ISubnet) -> bool:
    try:
        return bool(subnet.route_table.route_table_id)
    except RuntimeError:  # jsii: an imported subnet without a route table ID
        return False


def existing_gateway_endpoints(vpc: ec2.IVpc) -> list[str]:
    """The paths of the S3 and DynamoDB gateway endpoints defined on ``vpc`` in this app:
    the VPC's own (``Vpc(gateway_endpoints=...)``, ``vpc.add_gateway_endpoint``), another
    Network's on the same VPC among them. An imported VPC's endpoints are not known."""
    found = []
    for child in vpc.node.children:
        if not isinstance(child, ec2.GatewayVpcEndpoint):
            continue
        resource = child.node.default_child
        service = getattr(resource, "service_name", None)
        resolved = json.dumps(Stack.of(child).resolve(service))
        if any(end in resolved for end in _SERVICES):
            found.append(child.node.path)
    return found
