"""The S3 and DynamoDB gateway endpoints a Network adds to its VPC: on the route tables
of ``routed`` (default: every one), each limited to the stack's own account's resources
unless ``other_accounts``, and claimed so a second one on the VPC is refused."""

from __future__ import annotations

from aws_cdk import Aws
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam

from constructs_lib._endpoint_registry import claim_endpoint

__all__ = ["create_gateway_endpoints"]


def create_gateway_endpoints(
    vpc: ec2.IVpc, *, own_account_only: bool, routed: list[ec2.SubnetSelection] | None
) -> dict[str, ec2.GatewayVpcEndpoint]:
    """The S3 and DynamoDB gateway endpoints, by name."""
    endpoints: dict[str, ec2.GatewayVpcEndpoint] = {}
    for name, service, prefix in (
        ("S3", ec2.GatewayVpcEndpointAwsService.S3, "s3"),
        ("DynamoDB", ec2.GatewayVpcEndpointAwsService.DYNAMODB, "dynamodb"),
    ):
        endpoint = vpc.add_gateway_endpoint(f"{name}Endpoint", service=service, subnets=routed)
        if own_account_only:
            endpoint.add_to_policy(
                iam.PolicyStatement(
                    sid="OwnAccountResourcesOnly",
                    principals=[iam.AnyPrincipal()],
                    actions=[f"{prefix}:*"],
                    resources=["*"],
                    conditions={"StringEquals": {"aws:ResourceAccount": Aws.ACCOUNT_ID}},
                )
            )
        endpoints[name] = endpoint
        claim_endpoint(endpoint, vpc, prefix)
    return endpoints
