"""A stack that uses every feature the demo app does not: custom API domain, scope-wide
function defaults, a container-image function and a link of every kind. Synthesized with
the demo app under cdk-nag 2 (tests/scripts/demo_cdk_nag.py), so both cdk-nag majors see
them (cdk-nag 3: each feature's own tests)."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    EventHandler,
    FunctionDefaults,
    Handler,
    Link,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    TableOptions,
    acknowledge,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ECHO = FIXTURES / "handlers" / "echo"
IMAGE = FIXTURES / "images" / "echo"
CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"


def build_feature_tour(app: cdk.App, stack_class: type[cdk.Stack] = cdk.Stack) -> cdk.Stack:
    """The tour in a new ``stack_class`` (a user's Stack subclass) of ``app``."""
    stack = stack_class(app, "FeatureTour", env=cdk.Environment(region="eu-west-1"))
    FunctionDefaults.of(stack).set(
        memory_mib=512, environment={"STAGE": "tour"}, log_retention=logs.RetentionDays.ONE_YEAR
    )
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    bucket = s3.Bucket(
        stack,
        "Uploads",
        encryption=s3.BucketEncryption.KMS,
        encryption_key=key,
        enforce_ssl=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        server_access_logs_prefix="access/",
    )
    table = dynamodb.Table(
        stack,
        "Customers",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
    )
    topic = sns.Topic(stack, "Receipts", master_key=key, enforce_ssl=True)
    secret = secretsmanager.Secret(stack, "ApiKey")
    acknowledge(secret, "AwsSolutions-SMG4", "A third party's API key: it rotates it, not us.")
    bus = events.EventBus(stack, "Bus")
    sender = ses.EmailIdentity(
        stack,
        "Sender",
        identity=ses.Identity.domain("example.com"),
        configuration_set=ses.ConfigurationSet(stack, "Tracking"),
    )
    worker = QueueWorker(
        stack,
        "Worker",
        handler=Handler.from_image(str(IMAGE), cmd=["app.handler"]),
    )
    api = ServerlessApi(
        stack,
        "Orders",
        routes={
            "POST /orders": Handler(
                code=ECHO,
                links=[
                    worker,
                    Link.read(table),
                    Link.put(bucket, prefix="receipts/"),
                    topic,
                    Link.to(secret, env="API_KEY_ARN"),
                    bus,
                    sender,
                ],
            ),
        },
        table=TableOptions(partition_key="id"),
        auth=ApiAuth.iam(),
        domain=ApiDomain(
            name="api.example.com",
            certificate=acm.Certificate.from_certificate_arn(stack, "Certificate", CERTIFICATE),
            hosted_zone=route53.HostedZone.from_hosted_zone_attributes(
                stack, "Zone", hosted_zone_id="Z0123456789ABCDEFGHIJ", zone_name="example.com"
            ),
        ),
    )
    worker.link(Link.write(api))  # both ways, after the fact
    ScheduledJob(
        stack,
        "Nightly",
        handler=Handler(code=ECHO, links=[Link.read(bucket)]),
        schedule="rate(1 day)",
    )
    EventHandler(
        stack,
        "OnOrder",
        handler=Handler(code=ECHO, links=[worker.queue]),  # a plain queue
        event_pattern=events.EventPattern(source=["tour.orders"]),
        event_bus=bus,
    )
    return stack
