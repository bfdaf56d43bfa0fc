"""The interface endpoints a Handler may ask for (``Handler(endpoints=(...))``), by name."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from aws_cdk import aws_ec2 as ec2

__all__ = ["GATEWAY_SERVICES", "INTERFACE_SERVICES", "supports_endpoint_policy"]


class _InterfaceServices(Mapping[str, ec2.InterfaceVpcEndpointAwsService]):
    """Service name -> CDK endpoint service, looked up when used: importing the library
    makes no call into aws-cdk-lib."""

    def __init__(self, attributes: dict[str, str]) -> None:
        self._attributes = attributes

    def __getitem__(self, name: str) -> ec2.InterfaceVpcEndpointAwsService:
        service: ec2.InterfaceVpcEndpointAwsService = getattr(
            ec2.InterfaceVpcEndpointAwsService, self._attributes[name]
        )
        return service

    def __iter__(self) -> Iterator[str]:
        return iter(self._attributes)

    def __len__(self) -> int:
        return len(self._attributes)


#: The services a Network's gateway endpoints serve: no interface endpoint to ask for.
GATEWAY_SERVICES = ("s3", "dynamodb")

#: Interface endpoints a Handler may ask for with ``Handler(endpoints=(...))``.
INTERFACE_SERVICES: Mapping[str, ec2.InterfaceVpcEndpointAwsService] = _InterfaceServices(
    {
        "xray": "XRAY",
        "sqs": "SQS",
        "sns": "SNS",
        "secretsmanager": "SECRETS_MANAGER",
        "ssm": "SSM",
        "kms": "KMS",
        "sts": "STS",
        "events": "EVENTBRIDGE",
        "states": "STEP_FUNCTIONS",
        "logs": "CLOUDWATCH_LOGS",
        "monitoring": "CLOUDWATCH_MONITORING",
        # a deployment hook's calls: it invokes the new version and reports to CodeDeploy
        "lambda": "LAMBDA_",  # jsii adds "_" in Python (lambda is a keyword)
        "codedeploy": "CODEDEPLOY",
    }
)

#: The services of INTERFACE_SERVICES whose endpoints take an endpoint policy
#: (``VpcEndpointPolicySupported`` in ``ec2 describe-vpc-endpoint-services``): all of them
#: today. The guides of X-Ray, CloudWatch, CloudWatch Logs, Step Functions, SQS, SNS, KMS,
#: Secrets Manager, Systems Manager and STS show endpoint policies, and the AWS Landing Zone
#: Accelerator's list of PrivateLink services without them (CloudTrail, CodePipeline,
#: DataSync, EBS direct, ...) names none of these. A service added to INTERFACE_SERVICES
#: that takes none stays out of this set: its endpoint created with a policy fails the deploy.
#: Lambda's guide shows endpoint policies; CodeDeploy's ("Use CodeDeploy with Amazon VPC")
#: documents none, so its endpoint gets none (the safe side: a refused policy fails the
#: deploy, a missing one leaves the endpoint's default, full access).
_ENDPOINT_POLICY_SERVICES = frozenset(
    {
        "xray",
        "sqs",
        "sns",
        "secretsmanager",
        "ssm",
        "kms",
        "sts",
        "events",
        "states",
        "logs",
        "monitoring",
        "lambda",
    }
)


def supports_endpoint_policy(service: str) -> bool:
    """Whether the interface endpoint of ``service`` takes an endpoint policy."""
    return service in _ENDPOINT_POLICY_SERVICES
