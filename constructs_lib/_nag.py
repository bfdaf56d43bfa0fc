"""The library's cdk-nag acknowledgements, each with the reason a reviewer would accept.

Everything the library acknowledges lives here, so a security review reads one file.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, Validations
from constructs import IConstruct

XRAY_WILDCARD = (
    "AwsSolutions-IAM5[Resource::*]",
    "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support "
    "resource-level permissions, so AWS requires Resource '*' for them.",
)
SYNC_NO_DLQ = (
    "Serverless-LambdaDLQ",
    "Invoked synchronously by API Gateway: a failure is returned to the caller, and a "
    "dead-letter queue only ever receives asynchronous invocations.",
)
SYNC_NO_FAILURE_DESTINATION = (
    "Serverless-LambdaAsyncFailureDestination",
    "Invoked synchronously by API Gateway: on-failure destinations apply only to "
    "asynchronous invocations.",
)


def acknowledge(scope: IConstruct, *rules: tuple[str, str]) -> None:
    """Acknowledges (rule id, reason) pairs on ``scope`` and everything below it."""
    Validations.of(scope).acknowledge(
        *(Acknowledgment(id=rule_id, reason=reason) for rule_id, reason in rules)
    )


def public_api(reason: str) -> tuple[str, str]:
    """The user's own reason for an API without authorization (ApiAuth.none)."""
    return ("AwsSolutions-APIG4", f"Public by design (ApiAuth.none): {reason}")


POLLED_NO_DLQ = (
    "Serverless-LambdaDLQ",
    "Invoked by an SQS event source mapping (polling, not asynchronous invocation): failed "
    "messages go to the source queue's dead-letter queue through its redrive policy.",
)
POLLED_NO_FAILURE_DESTINATION = (
    "Serverless-LambdaAsyncFailureDestination",
    "Invoked by an SQS event source mapping: on-failure destinations apply only to "
    "asynchronous invocations; the queue's redrive policy dead-letters failed messages.",
)
SQS_ESM_NO_DESTINATION = (
    "Serverless-LambdaEventSourceMappingDestination",
    "SQS event source mappings do not support on-failure destinations; the source queue's "
    "redrive policy moves failed messages to its dead-letter queue instead.",
)
DLQ_NO_REDRIVE = (
    "Serverless-SQSRedrivePolicy",
    "This queue is itself the dead-letter queue, the end of the redrive chain: its "
    "messages wait (14 days) for inspection and redrive, not for another queue.",
)
ENI_WILDCARD = (
    "AwsSolutions-IAM5[Resource::*]",
    "Lambda in a VPC: the network-interface actions (ec2:CreateNetworkInterface, "
    "DescribeNetworkInterfaces, DeleteNetworkInterface, ...) that Lambda performs with the "
    "execution role do not support resource-level permissions (AWS's own "
    "AWSLambdaVPCAccessExecutionRole uses Resource '*').",
)
ENI_STAR_PERMISSIONS = (
    "Serverless-LambdaStarPermissions",
    ENI_WILDCARD[1],
)
