"""The interface endpoints a Handler may ask for (``Handler(endpoints=(...))``), by name."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from aws_cdk import aws_ec2 as ec2

__all__ = ["INTERFACE_SERVICES"]


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
    }
)
