"""Every default value of the library, in one place.

Plain Python values (no jsii objects), so importing them costs nothing; the builders in
``constructs_lib._defaults.builders`` turn them into CDK objects. A default changes here
or nowhere: alarm descriptions, docs and validation messages are formatted from these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import aws_logs as logs

if TYPE_CHECKING:
    from aws_cdk import aws_cloudfront as cloudfront
    from aws_cdk import aws_s3 as s3

__all__ = [
    "ACCESS_LOG_FIELDS",
    "ALARM_PERIOD_MINUTES",
    "API_5XX_RATE_PERCENT",
    "API_DOMAIN_IP_ADDRESS_TYPE",
    "API_DOMAIN_SECURITY_POLICY",
    "API_LATENCY_EVALUATION_PERIODS",
    "API_P99_LATENCY_MS",
    "ARCHITECTURES",
    "BATCH_SIZE",
    "BUNDLING_PLATFORM_CONTEXT_KEY",
    "CDN_5XX_RATE_PERCENT",
    "CORS_ALLOW_HEADERS",
    "CORS_ALLOW_METHODS",
    "CORS_EXPOSE_HEADERS",
    "CORS_MAX_AGE_SECONDS",
    "CORS_SIGV4_HEADERS",
    "DEAD_LETTER_ALARM_PERIOD_MINUTES",
    "DEAD_LETTER_MESSAGES_THRESHOLD",
    "DEAD_LETTER_RETENTION_DAYS",
    "DEPLOYMENT_ALARM_PERIOD_MINUTES",
    "DEPLOYMENT_LATENCY_EVALUATION_PERIODS",
    "EVENT_MAX_EVENT_AGE_SECONDS",
    "EVENT_RETRY_ATTEMPTS",
    "FUNCTION_ERRORS_THRESHOLD",
    "FUNCTION_THROTTLES_THRESHOLD",
    "HANDLER_ENTRY",
    "INCOMPLETE_UPLOAD_EXPIRATION_DAYS",
    "LAMBDA_ARCHITECTURE",
    "LAMBDA_MAX_TIMEOUT_SECONDS",
    "LAMBDA_PYTHON_VERSION",
    "LAMBDA_UNZIPPED_LIMIT_BYTES",
    "LIVE_ALIAS_NAME",
    "LOG_ENCRYPTION_KEY_CONTEXT_KEY",
    "LOG_RETENTION",
    "MACHINE_LOCAL_FILES",
    "MAX_RECEIVE_COUNT",
    "MAX_VISIBILITY_TIMEOUT_SECONDS",
    "MEMORY_MIB",
    "MINIMUM_TLS_VERSION",
    "NETWORK_MAX_AZS",
    "NETWORK_NAT_GATEWAYS",
    "POWERTOOLS_LAYER_ACCOUNT",
    "POWERTOOLS_LAYER_VERSION",
    "PROVISIONED_SPILLOVER_EVALUATION_PERIODS",
    "PROVISIONED_SPILLOVER_THRESHOLD",
    "PYTHON_VERSIONS",
    "QUEUE_OLDEST_MESSAGE_SECONDS",
    "SCHEDULE_FAILED_INVOCATIONS_THRESHOLD",
    "SCHEDULE_MAX_EVENT_AGE_SECONDS",
    "SCHEDULE_RETRY_ATTEMPTS",
    "SCHEDULE_TIMEZONE",
    "SITE_ACCESS_LOG_RETENTION_DAYS",
    "SITE_API_PATH",
    "SITE_CACHE_CONTROL",
    "SITE_CONTENT_SECURITY_POLICY",
    "SITE_CONTENT_TYPE_OPTIONS",
    "SITE_DEFAULT_ROOT_OBJECT",
    "SITE_DEPLOYMENT_MEMORY_MIB",
    "SITE_FRAME_OPTIONS",
    "SITE_HSTS_MAX_AGE_DAYS",
    "SITE_NONCURRENT_VERSION_EXPIRATION_DAYS",
    "SITE_NOT_FOUND_PAGE",
    "SITE_REFERRER_POLICY",
    "SITE_RUNTIME_CONFIG_FILE",
    "SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS",
    "TABLE_PARTITION_KEY",
    "THROTTLE_BURST_LIMIT",
    "THROTTLE_RATE_LIMIT",
    "TIMEOUT_SECONDS",
    "VISIBILITY_TIMEOUT_FACTOR",
    "VPC_CIDR",
    "VPC_ISOLATED_CIDR_MASK",
    "VPC_PRIVATE_CIDR_MASK",
    "VPC_PUBLIC_CIDR_MASK",
]

# --- Functions -----------------------------------------------------------------------
# The newest Python runtime aws-cdk-lib knows (cdk-nag flags older ones) on Graviton,
# which is cheaper per GB-second. Bundling installs wheels for exactly this platform.
LAMBDA_PYTHON_VERSION = "3.14"
LAMBDA_ARCHITECTURE = "arm64"
# What Handler(runtime=, architecture=) may choose instead (a dependency without a wheel for
# the newest Python or for arm64 needs a way out).
PYTHON_VERSIONS = ("3.12", "3.13", "3.14")
ARCHITECTURES = ("arm64", "x86_64")
# `cdk synth -c constructs_lib:bundling_platform=host` (the local emulator runs functions
# on the host's Python and CPU) bundles dependencies for the synthesizing host instead;
# the template still says LAMBDA_PYTHON_VERSION / LAMBDA_ARCHITECTURE.
BUNDLING_PLATFORM_CONTEXT_KEY = "constructs_lib:bundling_platform"
# `cdk.json`'s (or a stage's) KMS key ARN for every log group the library creates (a
# platform's customer-managed-key rule); none: CloudWatch Logs' own encryption.
LOG_ENCRYPTION_KEY_CONTEXT_KEY = "constructs_lib:log_encryption_key"
LIVE_ALIAS_NAME = "live"
HANDLER_ENTRY = "app.handler"
MEMORY_MIB = 256
TIMEOUT_SECONDS = 10
# Long enough to debug last month's incident, short enough to stay cheap.
LOG_RETENTION = logs.RetentionDays.ONE_MONTH

# Powertools for AWS Lambda (Python) v3, the layer AWS publishes in every commercial region
# (account 017000801446): version 27 per the Powertools docs, 2026 (docs/index.md, "Lambda
# Layer"). Bump it here, on purpose: a new layer version is a new function version.
POWERTOOLS_LAYER_ACCOUNT = "017000801446"
POWERTOOLS_LAYER_VERSION = 27

# --- ServerlessApi -------------------------------------------------------------------
# Requests per second / burst across the whole API stage: protects the account's Lambda
# concurrency and the bill from a runaway client.
THROTTLE_RATE_LIMIT = 50
THROTTLE_BURST_LIMIT = 100
TABLE_PARTITION_KEY = "pk"
CORS_ALLOW_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")
CORS_ALLOW_HEADERS = ("authorization", "content-type")
# What a SigV4-signed request carries besides `authorization`, allowed by default with IAM
# auth: the signing time, the session token of temporary credentials (every browser
# caller's, e.g. from a Cognito identity pool), and the payload hash that some signers add
# (the AWS SDK for JavaScript's, for one).
CORS_SIGV4_HEADERS = ("x-amz-date", "x-amz-security-token", "x-amz-content-sha256")
CORS_EXPOSE_HEADERS = ("location",)
CORS_MAX_AGE_SECONDS = 3600
# A custom domain (apigatewayv2 enum member names: the enums load with the API, not here):
# TLS 1.2 at least, and IPv6 as well as IPv4 (A and AAAA records).
API_DOMAIN_SECURITY_POLICY = "TLS_1_2"
API_DOMAIN_IP_ADDRESS_TYPE = "DUAL_STACK"
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
    # Who called (security review: an access log must name the caller): the JWT's
    # subject on JWT and Cognito routes, the signer's ARN on IAM routes ("-" otherwise).
    "subject": "$context.authorizer.claims.sub",
    "callerArn": "$context.identity.userArn",
    "errorMessage": "$context.error.message",
}

# --- Queues --------------------------------------------------------------------------
BATCH_SIZE = 10
# Lambda's guidance: visibility timeout at least 6x the function timeout, so a message is
# not redelivered while retries of its batch are still running.
VISIBILITY_TIMEOUT_FACTOR = 6
MAX_VISIBILITY_TIMEOUT_SECONDS = 43200  # SQS's maximum (12 hours)
SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30  # what SQS sets when a queue names none
LAMBDA_MAX_TIMEOUT_SECONDS = 900  # Lambda's maximum (15 minutes)
#: Lambda's limit on a function's code unzipped, its layers included ("Unzipped size must
#: be smaller than 262144000 bytes"): checked at synth, not found at deploy.
LAMBDA_UNZIPPED_LIMIT_BYTES = 262_144_000
DEAD_LETTER_RETENTION_DAYS = 14  # the SQS maximum: time to notice and redrive
MAX_RECEIVE_COUNT = 5

# --- ScheduledJob --------------------------------------------------------------------
#: Scheduler retries of an invocation Lambda did not accept (throttled, unavailable).
SCHEDULE_RETRY_ATTEMPTS = 2
SCHEDULE_MAX_EVENT_AGE_SECONDS = 3600
SCHEDULE_TIMEZONE = "UTC"

# --- EventHandler --------------------------------------------------------------------
#: EventBridge's retries of a delivery Lambda did not accept, and for how long.
EVENT_RETRY_ATTEMPTS = 2
EVENT_MAX_EVENT_AGE_SECONDS = 3600

# --- Alarms: page on the first sign of data loss, tolerate a little noise elsewhere ---
ALARM_PERIOD_MINUTES = 5
FUNCTION_ERRORS_THRESHOLD = 1
FUNCTION_THROTTLES_THRESHOLD = 1
API_5XX_RATE_PERCENT = 5
API_P99_LATENCY_MS = 2000
API_LATENCY_EVALUATION_PERIODS = 3
# Provisioned concurrency: a spike past the warm environments is served on demand (by
# design); spilling in 3 periods in a row (15 minutes) says the provisioned number is low.
PROVISIONED_SPILLOVER_THRESHOLD = 1
PROVISIONED_SPILLOVER_EVALUATION_PERIODS = 3
QUEUE_OLDEST_MESSAGE_SECONDS = 900
DEAD_LETTER_ALARM_PERIOD_MINUTES = 1
DEAD_LETTER_MESSAGES_THRESHOLD = 1
SCHEDULE_FAILED_INVOCATIONS_THRESHOLD = 1
CDN_5XX_RATE_PERCENT = 5
# Gradual deployments roll back on the new version's first errors: short periods.
DEPLOYMENT_ALARM_PERIOD_MINUTES = 1
DEPLOYMENT_LATENCY_EVALUATION_PERIODS = 3

# Files a developer's machine leaves in a directory and a clean checkout has not (version
# control, OS folder metadata, editors' swap, backup and lock files): never part of a
# function's or a site's asset, so the asset is the same on every machine. Glob patterns
# matched against every path component, as CDK's own asset ``exclude`` does.
MACHINE_LOCAL_FILES = (
    *(".git", ".hg", ".svn"),
    *(".DS_Store", "._*", "Thumbs.db", "desktop.ini"),
    *(".#*", ".*.swp", ".*.swo", "*~", ".*~"),  # (CDK's "*" matches no leading dot)
)

# --- StaticSite ----------------------------------------------------------------------
# SITE_PRICE_CLASS: PriceClass.PRICE_CLASS_100, North America and Europe (see __getattr__)
SITE_DEFAULT_ROOT_OBJECT = "index.html"
# Served with status 404 for paths without a file, when the site has it and spa=False.
SITE_NOT_FOUND_PAGE = "404.html"
# Where runtime_config lands: the front end fetches /config.json at start-up.
SITE_RUNTIME_CONFIG_FILE = "config.json"
# StaticSite(api=...): the path prefix under which the site serves its ServerlessApi.
SITE_API_PATH = "/api"
# Viewers of a custom domain: TLS 1.2 with the ciphers CloudFront recommends since 2021.
# SITE_MINIMUM_PROTOCOL_VERSION: SecurityPolicyProtocol.TLS_V1_2_2021 (see __getattr__)
# Old versions of the site's files stay recoverable this long after a deploy replaces them.
SITE_NONCURRENT_VERSION_EXPIRATION_DAYS = 30
# CloudFront and S3 access logs: long enough for an incident review, then deleted.
SITE_ACCESS_LOG_RETENTION_DAYS = 90
# Browsers revalidate every load (a deploy shows at once); CloudFront keeps a copy a day
# and every deploy invalidates it.
SITE_CACHE_CONTROL = "public, max-age=0, must-revalidate, s-maxage=86400"
# Memory of CDK's BucketDeployment function (runs only during deploys): unzips and syncs.
SITE_DEPLOYMENT_MEMORY_MIB = 1024
INCOMPLETE_UPLOAD_EXPIRATION_DAYS = 1
# Response headers every site sends (the origin cannot drop them).
SITE_HSTS_MAX_AGE_DAYS = 730
SITE_FRAME_OPTIONS = "DENY"
SITE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SITE_CONTENT_TYPE_OPTIONS = "nosniff"
# The default Content-Security-Policy, directive by directive: everything from the site's
# own origin, no plugins, no framing, no inline scripts or styles. ``connect-src`` also
# gets the origins of the APIs the page calls.
SITE_CONTENT_SECURITY_POLICY: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# --- Storage -------------------------------------------------------------------------
# Buckets deny requests over TLS older than this (1.0 and 1.1 have known weaknesses).
MINIMUM_TLS_VERSION = 1.2
# What BucketEvents sends when no events are named: every new object (put, post, copy,
# multipart upload).
# BUCKET_EVENT_TYPES: (EventType.OBJECT_CREATED,) (see __getattr__)

# --- Network -------------------------------------------------------------------------
NETWORK_MAX_AZS = 2
# Each NAT gateway costs about $36.50/month (with its Elastic IP): egress goes through endpoints
NETWORK_NAT_GATEWAYS = 0
VPC_CIDR = "10.0.0.0/16"
VPC_ISOLATED_CIDR_MASK = 22
VPC_PRIVATE_CIDR_MASK = 22
VPC_PUBLIC_CIDR_MASK = 24


# --- Defaults that are aws-cdk-lib enum members ----------------------------------------
#: Looked up on first use (PEP 562), so that aws_cloudfront and aws_s3 load only with the
#: constructs that use them (StaticSite, BucketEvents), not with every construct.
ENUM_DEFAULTS = ("BUCKET_EVENT_TYPES", "SITE_MINIMUM_PROTOCOL_VERSION", "SITE_PRICE_CLASS")

if TYPE_CHECKING:
    BUCKET_EVENT_TYPES: tuple[s3.EventType, ...]
    SITE_MINIMUM_PROTOCOL_VERSION: cloudfront.SecurityPolicyProtocol
    SITE_PRICE_CLASS: cloudfront.PriceClass


def __getattr__(name: str) -> object:
    if name == "BUCKET_EVENT_TYPES":
        from aws_cdk import aws_s3 as s3

        return (s3.EventType.OBJECT_CREATED,)
    if name in ENUM_DEFAULTS:
        from aws_cdk import aws_cloudfront as cloudfront

        if name == "SITE_PRICE_CLASS":
            return cloudfront.PriceClass.PRICE_CLASS_100
        return cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
