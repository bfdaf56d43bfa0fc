"""A StreamWorker's failed-batches bucket (``failed_batches_bucket``): the mapping's
on-failure destination when a skipped batch must outlive the stream's 24 hours. Lambda
writes each skipped batch there as one object, its invocation record with the batch's
records (``payload``), under ``aws/lambda/<mapping UUID>/<shard id>/YYYY/MM/DD/``; a
queue would get pointers into the stream only.

Lambda writes with the function's role, so the function gets exactly what Lambda needs
(s3:PutObject under that prefix, s3:ListBucket, and the bucket key's
kms:GenerateDataKey), not aws-cdk-lib's ``S3OnFailureDestination``'s read-write grant on
the whole bucket (a function that could read and delete every failed batch)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import jsii
from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib import _defaults, _nag
from constructs_lib._env import check_existing_environment
from constructs_lib._injected_expiry import Kept, check_kept_objects
from constructs_lib._injector_errors import may_inject
from constructs_lib._jsii import implements
from constructs_lib._loaded import LazyModule
from constructs_lib._nag_streams import FAILED_BATCHES_LOG_BUCKET
from constructs_lib._synth_checks import at_synth, template_properties
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from aws_cdk import aws_s3 as s3

else:  # imported on first use: a worker without the bucket loads no aws_s3
    s3 = LazyModule("aws_s3")

__all__ = [
    "BucketDestination",
    "check_failed_batches_bucket",
    "failed_batches_metric_filter",
    "grant_failed_batches",
    "new_failed_batches_bucket",
    "to_bucket",
    "watched",
]

_PROP = "failed_batches_bucket"
#: As StaticSite's buckets (static_site.buckets, not imported: it loads CloudFront): without
#: it an old or empty cdk.json gives the access-log bucket the legacy LogDeliveryWrite ACL.
_LOGS_THROUGH_POLICY = "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy"


def check_failed_batches_bucket(
    v: Validator, bucket: s3.IBucket | bool, queue: object, key: object
) -> None:
    """The bucket instead of a dead-letter queue (a mapping has one on-failure
    destination); a given bucket of this stack's region and account."""
    if bucket is False or not (bucket is True or implements(bucket, s3.IBucket)):
        return  # off, or its type is the problem
    for prop, what in (
        ("existing_dead_letter_queue", queue),
        ("dead_letter_queue_key", key),
    ):
        v.check(
            what is None,
            _PROP,
            f"is set together with {prop}; an event source mapping has one on-failure "
            "destination, and with the bucket the worker has no dead-letter queue",
            f"drop {prop} (the skipped batches then go to the bucket, records included), "
            f"or drop {_PROP} (they go to the queue, as pointers into the stream)",
        )
    if bucket is not True:
        check_existing_environment(v, bucket, _PROP, "bucket")
    if isinstance(bucket, s3.Bucket):
        _check_filter_id_free(v, bucket)


def _check_filter_id_free(v: Validator, bucket: s3.Bucket) -> None:
    """The bucket's request metrics filter of the alarm's id, if it has one already, is on
    Lambda's prefix alone (another worker's): the app's own filter of that id would make the
    alarm count other writes, and a second filter of the id is a template S3 refuses."""
    for message, fix in _filter_clashes(bucket.node.path, _filters(bucket)):
        v.add(_PROP, f"is the bucket {bucket.node.path}, {message}", fix)


def _filter_clashes(path: str, filters: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(what is wrong, the fix) for each of ``filters`` (a bucket's request metrics
    filters, camelCase keys) of the alarm's id that is not on Lambda's prefix alone."""
    wanted = failed_batches_metric_filter()
    clashes = []
    for found in filters:
        if found.get("id") != wanted.id or _on_lambdas_prefix(found):
            continue
        prefix = found.get("prefix")
        what = f"the prefix {prefix!r}" if isinstance(prefix, str) else "every object"
        extra = [
            words
            for key, words in (("tagFilters", "tags"), ("accessPointArn", "an access point"))
            if found.get(key)
        ]
        clashes.append(
            (
                f"whose request metrics filter {wanted.id!r} counts {what}"
                f"{' and filters by ' + ' and '.join(extra) if extra else ''}, not Lambda's "
                f"prefix {wanted.prefix!r} alone: the worker's failed-batches alarm reads the "
                "filter of that id, and a second filter of one id is a template S3 refuses",
                f"rename your filter of {path} (s3.BucketMetrics(id=...) or add_metric(id="
                f"...)): the worker adds {wanted.id!r} on {wanted.prefix!r} itself",
            )
        )
    return clashes


def _recheck_filters_at_synth(scope: Construct, bucket: s3.Bucket) -> None:
    """The same, on the template: a filter of that id the app adds to the bucket after the
    worker was built (``bucket.add_metric(id="FailedBatches", ...)``) passed the check
    above, and the bucket had two filters of one id."""
    cfn = bucket.node.default_child
    if not isinstance(cfn, s3.CfnBucket):
        return

    def problems() -> list[str]:
        found = template_properties(cfn).get("metricsConfigurations")
        filters = [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []
        clashes = _filter_clashes(bucket.node.path, filters)
        wanted = failed_batches_metric_filter()
        copies = sum(f.get("id") == wanted.id and _on_lambdas_prefix(f) for f in filters)
        if copies > 1:  # the worker's own, added again by the app
            clashes.append(
                (
                    f"whose request metrics filter {wanted.id!r} on {wanted.prefix!r} is there "
                    f"{copies} times, a template S3 refuses (one Id, one filter)",
                    f"remove your add_metric(id={wanted.id!r}, ...) of {bucket.node.path}: the "
                    "worker adds it itself",
                )
            )
        return [
            f"`{_PROP}` is the bucket {bucket.node.path}, {message} (added after the worker "
            f"was built). Fix: {fix}"
            for message, fix in clashes
        ]

    at_synth(scope, problems)


def to_bucket(scope: Construct, given: s3.IBucket | bool) -> s3.IBucket | None:
    """The bucket ``failed_batches_bucket`` names: none (False), a new one (True), or the
    user's, with the request metrics filter the alarm reads when it is a bucket of the app
    (an imported one is not changed: its batches are not watched, see :func:`watched`)."""
    if given is False:
        return None
    if given is True:
        return new_failed_batches_bucket(scope)
    if isinstance(given, s3.Bucket):
        if not _has_filter(given):
            wanted = failed_batches_metric_filter()
            given.add_metric(id=wanted.id, prefix=wanted.prefix)
        _recheck_filters_at_synth(scope, given)
    return given


def _has_filter(bucket: s3.Bucket) -> bool:
    """Whether the bucket has the filter already: several workers writing their batches to
    one bucket share it (a second with the same id is a template CloudFormation's linter
    refuses, E3037), as they share Lambda's prefix."""
    wanted = failed_batches_metric_filter()
    return any(f.get("id") == wanted.id and _on_lambdas_prefix(f) for f in _filters(bucket))


def _filters(bucket: s3.Bucket) -> list[dict[str, Any]]:
    """The bucket's request metrics filters as the template will have them (id, prefix,
    tagFilters, accessPointArn)."""
    cfn = cast(s3.CfnBucket, bucket.node.default_child)
    found = Stack.of(bucket).resolve(cfn.metrics_configurations) or []
    return [f for f in found if isinstance(f, dict)]


def _on_lambdas_prefix(found: dict[str, Any]) -> bool:
    """A filter counting what Lambda writes and nothing else: its prefix, no other filter."""
    return (
        found.get("prefix") == _defaults.STREAM_FAILED_BATCHES_PREFIX
        and not found.get("tagFilters")
        and not found.get("accessPointArn")
    )


def watched(bucket: s3.IBucket) -> bool:
    """Whether the bucket has the request metrics filter the failed-batches alarm reads:
    the worker's, or one of the app the worker added it to."""
    return isinstance(bucket, s3.Bucket)


def new_failed_batches_bucket(scope: Construct) -> s3.Bucket:
    """The library's private bucket (retained, TLS-only, no public access, SSE-S3), whose
    failed batches never expire, its request metrics on Lambda's prefix (the alarm's), and
    its server access logs in a bucket of their own (delivered through its policy, as
    StaticSite's: the flag pinned on their own scope, whatever the app's cdk.json says)."""
    scope = Construct(scope, "FailedBatches")
    scope.node.set_context(_LOGS_THROUGH_POLICY, True)
    logs = _defaults.private_bucket(
        scope,
        "AccessLogs",
        lifecycle_rules=[
            s3.LifecycleRule(
                expiration=Duration.days(_defaults.STREAM_FAILED_BATCHES_LOG_DAYS),
                abort_incomplete_multipart_upload_after=_incomplete_upload_expiration(),
            )
        ],
    )
    _nag.acknowledge(logs, FAILED_BATCHES_LOG_BUCKET)
    bucket = _defaults.private_bucket(
        scope,
        "Bucket",
        lifecycle_rules=[
            s3.LifecycleRule(
                abort_incomplete_multipart_upload_after=_incomplete_upload_expiration()
            )
        ],
        server_access_logs_bucket=logs,
        server_access_logs_prefix="s3/",
        metrics=[failed_batches_metric_filter()],
    )
    if may_inject(scope):  # an injector's rule expiring the batches the bucket keeps
        check_kept_objects(bucket, _FAILED_BATCHES, "the StreamWorker")
    return bucket


#: What the new failed-batches bucket keeps until someone deletes it.
_FAILED_BATCHES = Kept(
    what="the failed batches (each the only copy of its records once the stream drops them)",
    prefixes=(_defaults.STREAM_FAILED_BATCHES_PREFIX,),
    fix="to expire failed batches, pass a bucket of yours with that rule as failed_batches_bucket=",
)


def failed_batches_metric_filter() -> s3.BucketMetrics:
    """The request metrics filter on Lambda's prefix: its PutRequests count the failed
    batches written (S3 reports them only while requests are made there)."""
    return s3.BucketMetrics(
        id=_defaults.STREAM_FAILED_BATCHES_FILTER, prefix=_defaults.STREAM_FAILED_BATCHES_PREFIX
    )


def grant_failed_batches(function: lambda_.IFunction, bucket: s3.IBucket) -> None:
    """What Lambda needs to write a skipped batch with the function's role (Lambda's
    developer guide: s3:PutObject and s3:ListBucket; kms:GenerateDataKey for a bucket
    encrypted with a customer-managed key), and nothing to read or delete one.

    Both statements hold only in the bucket's own account (``s3:ResourceAccount``):
    bucket names are global, so a bucket deleted and recreated under its name by another
    account would otherwise receive the records."""
    in_its_account = {"StringEquals": {"s3:ResourceAccount": bucket.env.account}}
    function.add_to_role_policy(
        iam.PolicyStatement(
            actions=["s3:PutObject"],
            resources=[bucket.arn_for_objects(f"{_defaults.STREAM_FAILED_BATCHES_PREFIX}*")],
            conditions=in_its_account,
        )
    )
    function.add_to_role_policy(
        iam.PolicyStatement(
            actions=["s3:ListBucket"], resources=[bucket.bucket_arn], conditions=in_its_account
        )
    )
    if bucket.encryption_key is not None:
        bucket.encryption_key.grant(function, "kms:GenerateDataKey")


@jsii.implements(lambda_.IEventSourceDlq)
class BucketDestination:
    """The mapping's on-failure destination: the bucket's ARN (the grants are
    :func:`grant_failed_batches`')."""

    def __init__(self, bucket: s3.IBucket) -> None:
        self._bucket = bucket

    def bind(
        self, _target: lambda_.IEventSourceMapping, _target_handler: lambda_.IFunction
    ) -> lambda_.DlqDestinationConfig:
        return lambda_.DlqDestinationConfig(destination=self._bucket.bucket_arn)


def _incomplete_upload_expiration() -> Duration:
    return Duration.days(_defaults.INCOMPLETE_UPLOAD_EXPIRATION_DAYS)
