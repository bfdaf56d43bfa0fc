"""Typed builders of the library's resources with their secure, cheap defaults.

Each call returns a fresh resource, so no two constructs share mutable state. The
arguments are what a construct may decide; everything else is fixed here.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import jsii
from aws_cdk import CfnDeletionPolicy, Duration, IStableAnyProducer, Lazy, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from constructs_lib import _nag
from constructs_lib._defaults import values
from constructs_lib._facts import remember_scope, resource_of, seconds_of
from constructs_lib._injected import (
    check_injected_bucket,
    check_injected_queue,
    check_injected_table,
)
from constructs_lib._injected_lifecycle import lifecycle_problems
from constructs_lib._injected_names import check_name, name_problems
from constructs_lib._injected_settings import metrics_problems, queue_problems
from constructs_lib._injected_storage import table_problems
from constructs_lib._injector_errors import injector_errors, may_inject, owner_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._log_encryption import log_encryption_key

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_sqs as sqs

__all__ = [
    "dead_letter_queue",
    "lambda_architecture",
    "lambda_runtime",
    "log_group",
    "private_bucket",
    "queue",
    "table",
    "timeout",
    "visibility_timeout_for",
]


# Cached: each read of a jsii constant is a call into the kernel, the objects are shared.
@functools.cache
def lambda_runtime(python_version: str = values.LAMBDA_PYTHON_VERSION) -> lambda_.Runtime:
    """The Lambda runtime of ``python_version`` (one of ``values.PYTHON_VERSIONS``)."""
    if python_version not in values.PYTHON_VERSIONS:
        raise KeyError(python_version)
    runtime: lambda_.Runtime = getattr(
        lambda_.Runtime, f"PYTHON_{python_version.replace('.', '_')}"
    )
    return runtime


@functools.cache
def lambda_architecture(name: str = values.LAMBDA_ARCHITECTURE) -> lambda_.Architecture:
    """The Lambda architecture ``name`` (one of ``values.ARCHITECTURES``)."""
    architecture: lambda_.Architecture = getattr(
        lambda_.Architecture, {"arm64": "ARM_64", "x86_64": "X86_64"}[name]
    )
    return architecture


@functools.cache  # one immutable Duration per process, asked of the kernel once (_facts)
def timeout() -> Duration:
    """A function's default timeout."""
    return Duration.seconds(values.TIMEOUT_SECONDS)


def log_group(
    scope: Construct, id: str, *, retention: logs.RetentionDays | None = None
) -> logs.LogGroup:
    """A log group with finite retention (default 30 days) that outlives the stack (logs
    are evidence), encrypted with the ``constructs_lib:log_encryption_key`` context's key
    if the app sets one."""
    with injector_errors(scope, id, logs.LogGroup, "logs.LogGroup"):
        created = logs.LogGroup(
            scope,
            id,
            retention=retention or values.LOG_RETENTION,
            removal_policy=RemovalPolicy.RETAIN,
        )
    if may_inject(scope):  # a name an injector gave another log group of the library's
        check_name(created, resource_of(created), "log group", owner_of(scope))
    key_arn = log_encryption_key(scope)
    if key_arn is not None:
        resource = created.node.default_child
        assert isinstance(resource, logs.CfnLogGroup)
        resource.kms_key_id = key_arn
    return created


def queue(
    scope: Construct,
    id: str,
    *,
    fifo: bool = False,
    visibility_timeout: Duration | None = None,
    retention_period: Duration | None = None,
    dead_letter_queue: sqs.DeadLetterQueue | None = None,
    encryption_key: kms.IKey | None = None,
    **settings: Any,
) -> sqs.Queue:
    """Encrypted at rest (no KMS key cost; with ``encryption_key``, the user's key),
    TLS-only, retained with its messages; FIFO queues deduplicate by content.
    ``settings``: more of sqs.Queue's props (QueueWorker's ``_queue_settings``)."""
    from aws_cdk import aws_sqs as sqs  # with the constructs that have a queue only

    with injector_errors(scope, id, sqs.Queue, "sqs.Queue"):
        created = sqs.Queue(
            scope,
            id,
            fifo=True if fifo else None,
            content_based_deduplication=True if fifo else None,
            visibility_timeout=visibility_timeout,
            retention_period=retention_period,
            dead_letter_queue=dead_letter_queue,
            encryption=sqs.QueueEncryption.SQS_MANAGED
            if encryption_key is None
            else sqs.QueueEncryption.KMS,
            encryption_master_key=encryption_key,
            enforce_ssl=True,
            removal_policy=RemovalPolicy.RETAIN,
            **settings,
        )
    if may_inject(scope):
        owner = owner_of(scope)
        more = [
            *queue_problems(created, fifo=fifo, owner=owner),
            *name_problems(created, resource_of(created), "queue", owner),
        ]
        check_injected_queue(created, dead_letter_queue, owner, more)
    # its stack and app are its scope's (it has children: no context can be set on it)
    remember_scope(created, scope, id)
    return created


def dead_letter_queue(
    scope: Construct,
    *,
    fifo: bool = False,
    id: str = "DeadLetterQueue",
    encryption_key: kms.IKey | None = None,
    **settings: Any,
) -> sqs.Queue:
    """A :func:`queue` that keeps failed messages for the SQS maximum (14 days), the end
    of its redrive chain (acknowledged for cdk-nag with the reason)."""
    created = queue(
        scope,
        id,
        fifo=fifo,
        retention_period=Duration.days(values.DEAD_LETTER_RETENTION_DAYS),
        encryption_key=encryption_key,
        **settings,
    )
    _nag.acknowledge(created, _nag.DLQ_NO_REDRIVE)
    return created


def visibility_timeout_for(function_timeout: Duration) -> Duration:
    """At least 6x the function timeout (Lambda's guidance), at most the SQS maximum; 6x
    Lambda's longest timeout when the timeout is only known at deploy time (a token)."""
    timeout = (
        values.LAMBDA_MAX_TIMEOUT_SECONDS
        if is_unresolved(function_timeout)
        else seconds_of(function_timeout)
    )
    seconds = math.ceil(timeout * values.VISIBILITY_TIMEOUT_FACTOR)
    return Duration.seconds(min(seconds, values.MAX_VISIBILITY_TIMEOUT_SECONDS))


def table(
    scope: Construct,
    id: str,
    *,
    partition_key: dynamodb.Attribute,
    sort_key: dynamodb.Attribute | None = None,
    time_to_live_attribute: str | None = None,
    stream: dynamodb.StreamViewType | None = None,
    removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
    encryption_key: kms.IKey | None = None,
    table_class: dynamodb.TableClass | None = None,
    recovery_period_in_days: int | None = None,
    billing_mode: dynamodb.BillingMode = dynamodb.BillingMode.PAY_PER_REQUEST,
    **throughput: Any,
) -> dynamodb.Table:
    """On-demand (no idle cost; ``throughput``: its caps, or provisioned capacity with
    ``billing_mode``), point-in-time recovery, retained and protected from deletion
    (``removal_policy=DESTROY``, for throwaway environments, drops both); encrypted with
    an AWS-managed key, or ``encryption_key``."""
    with injector_errors(scope, id, dynamodb.Table, "dynamodb.Table"):
        created = dynamodb.Table(
            scope,
            id,
            partition_key=partition_key,
            sort_key=sort_key,
            time_to_live_attribute=time_to_live_attribute,
            stream=stream,
            billing_mode=billing_mode,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True, recovery_period_in_days=recovery_period_in_days
            ),
            encryption=dynamodb.TableEncryption.AWS_MANAGED
            if encryption_key is None
            else dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=encryption_key,
            removal_policy=removal_policy,
            table_class=table_class,
            **throughput,
        )
    if may_inject(scope):
        keys = (("HASH", partition_key), ("RANGE", sort_key))
        more = table_problems(created, owner_of(scope), keys=keys, stream=stream)
        check_injected_table(created, owner_of(scope), more)
    # its stack and app are its scope's (it has children: no context can be set on it)
    remember_scope(created, scope, id)
    resource = resource_of(created)  # read again by the API's index grants: asked once
    assert isinstance(resource, dynamodb.CfnTable)
    resource.deletion_protection_enabled = Lazy.any(_ProtectedWhileRetained(resource))
    return created


@jsii.implements(IStableAnyProducer)
class _ProtectedWhileRetained:
    """Deletion protection as long as the table's final deletion policy keeps it: an app's
    ``RemovalPolicies.of(app).destroy()`` (a throwaway stage) drops it with the table's own
    ``removal_policy=DESTROY``, so deleting the stack deletes the table instead of failing
    on it; a platform's RETAIN on every resource turns it on."""

    def __init__(self, resource: dynamodb.CfnTable) -> None:
        self._resource = resource

    def produce(self) -> bool | None:
        policy = self._resource.cfn_options.deletion_policy
        return None if policy in (None, CfnDeletionPolicy.DELETE) else True


def private_bucket(
    scope: Construct,
    id: str,
    *,
    object_ownership: s3.ObjectOwnership | None = None,
    lifecycle_rules: Sequence[s3.LifecycleRule] = (),
    versioned: bool | None = None,
    server_access_logs_bucket: s3.IBucket | None = None,
    server_access_logs_prefix: str | None = None,
    metrics: Sequence[s3.BucketMetrics] = (),
) -> s3.Bucket:
    """No public access, TLS 1.2+ only, S3-managed encryption, retained on stack deletion;
    objects owned by the bucket owner unless ``object_ownership`` says otherwise."""
    from aws_cdk import aws_s3 as s3  # with the constructs that have a bucket only

    with injector_errors(scope, id, s3.Bucket, "s3.Bucket"):
        created = s3.Bucket(
            scope,
            id,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            minimum_tls_version=values.MINIMUM_TLS_VERSION,
            encryption=s3.BucketEncryption.S3_MANAGED,
            object_ownership=object_ownership or s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            versioned=versioned,
            lifecycle_rules=list(lifecycle_rules) or None,
            server_access_logs_bucket=server_access_logs_bucket,
            server_access_logs_prefix=server_access_logs_prefix,
            metrics=list(metrics) or None,
            removal_policy=RemovalPolicy.RETAIN,
        )
    if may_inject(scope):
        owner = owner_of(scope)
        check_injected_bucket(
            created,
            owner,
            versioned=bool(versioned),
            logged=server_access_logs_bucket is not None,
            more=[
                *metrics_problems(created, metrics, owner),
                *lifecycle_problems(created, lifecycle_rules, owner),
                *name_problems(created, resource_of(created), "bucket", owner),
            ],
        )
    return created
