"""Secure, cheap defaults shared by every construct.

Factories return fresh objects so no two constructs share mutable state. A construct
merges in this order: these defaults, then the user's props, then what it insists on.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs

# The newest Python runtime aws-cdk-lib knows. tests/test_functions.py fails when
# aws-cdk-lib learns a newer one, so an upgrade is a deliberate change.
LAMBDA_RUNTIME = lambda_.Runtime.PYTHON_3_14
LAMBDA_PYTHON_VERSION = "3.14"
LAMBDA_ARCHITECTURE = lambda_.Architecture.ARM_64
LIVE_ALIAS_NAME = "live"

DEFAULT_MEMORY_MIB = 256
DEFAULT_TIMEOUT_SECONDS = 10

# Long enough to debug last month's incident, short enough to stay cheap.
LOG_RETENTION = logs.RetentionDays.ONE_MONTH

# Requests per second / burst across the whole API stage: protects the account's Lambda
# concurrency and the bill from a runaway client.
THROTTLE_RATE_LIMIT = 50
THROTTLE_BURST_LIMIT = 100

CORS_MAX_AGE = Duration.hours(1)


def log_group_props() -> dict[str, object]:
    """A log group with finite retention that outlives the stack (logs are evidence)."""
    return {"retention": LOG_RETENTION, "removal_policy": RemovalPolicy.RETAIN}


def table_props() -> dict[str, object]:
    """On-demand (no idle cost), point-in-time recovery, retained and protected."""
    return {
        "billing_mode": dynamodb.BillingMode.PAY_PER_REQUEST,
        "point_in_time_recovery_specification": dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        "encryption": dynamodb.TableEncryption.AWS_MANAGED,
        "deletion_protection": True,
        "removal_policy": RemovalPolicy.RETAIN,
    }


def throttle_settings(rate_limit: float, burst_limit: int) -> apigwv2.ThrottleSettings:
    return apigwv2.ThrottleSettings(rate_limit=rate_limit, burst_limit=burst_limit)


# Fields of the HTTP API access log (JSON, one object per request).
ACCESS_LOG_FIELDS: dict[str, str] = {
    "requestId": "$context.requestId",
    "requestTime": "$context.requestTime",
    "ip": "$context.identity.sourceIp",
    "userAgent": "$context.identity.userAgent",
    "httpMethod": "$context.httpMethod",
    "routeKey": "$context.routeKey",
    "path": "$context.path",
    "protocol": "$context.protocol",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency",
    "integrationLatency": "$context.integrationLatency",
    "integrationStatus": "$context.integrationStatus",
    "integrationError": "$context.integrationErrorMessage",
    "authorizerError": "$context.authorizer.error",
    "errorMessage": "$context.error.message",
}


# Lambda's guidance: visibility timeout at least 6x the function timeout, so a message is
# not redelivered while retries of its batch are still running.
VISIBILITY_TIMEOUT_FACTOR = 6
DEAD_LETTER_RETENTION = Duration.days(14)  # the SQS maximum: time to notice and redrive
MAX_RECEIVE_COUNT = 5


def queue_props() -> dict[str, object]:
    """Encrypted at rest (no KMS key cost), TLS-only, retained with its messages."""
    return {
        "encryption": sqs.QueueEncryption.SQS_MANAGED,
        "enforce_ssl": True,
        "removal_policy": RemovalPolicy.RETAIN,
    }


# Alarm thresholds: page on the first sign of data loss, tolerate a little noise elsewhere.
ALARM_PERIOD = Duration.minutes(5)
API_5XX_RATE_PERCENT = 5
API_P99_LATENCY_MS = 2000
QUEUE_OLDEST_MESSAGE_SECONDS = 900
CDN_5XX_RATE_PERCENT = 5

# StaticSite
# Old versions of the site's files stay recoverable this long after a deploy replaces them.
SITE_NONCURRENT_VERSION_EXPIRATION = Duration.days(30)
# CloudFront and S3 access logs: long enough for an incident review, then deleted.
SITE_ACCESS_LOG_RETENTION = Duration.days(90)
# Browsers revalidate every load (a deploy shows at once); CloudFront keeps a copy a day
# and every deploy invalidates it.
SITE_CACHE_CONTROL = "public, max-age=0, must-revalidate, s-maxage=86400"
# Memory of CDK's BucketDeployment function (runs only during deploys): unzips and syncs.
SITE_DEPLOYMENT_MEMORY_MIB = 1024
