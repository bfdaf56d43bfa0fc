"""What a property injector may change in the library's tables, buckets and dead-letter
queues beyond ``_injected``'s checks: a table's keys or stream, the message size of a
dead-letter queue that holds failed events and a site bucket's minimum TLS version (a
bucket's lifecycle rules: ``_injected_lifecycle``).

A table's ``partitionKey``/``sortKey`` are what the API's handlers and index grants read
and write (another key name: every write fails on the missing key), and a StreamWorker
reads the stream view its construct asked for (another view, or none, and its records
lack the images its handler reads). A stream on a table that has none passes: DynamoDB
charges for reading a stream, not for having one. An EventHandler's or ScheduledJob's
dead-letter queue holds the only copy of a failed event: Lambda, EventBridge and
EventBridge Scheduler send events up to 256 KiB, and one the queue refuses as too large is
not delivered anywhere (Lambda counts it in its ``DestinationDeliveryFailures`` metric
only). A StaticSite's content bucket given a ``minimumTLSVersion`` above 1.2 denies
CloudFront, whose protocols to an origin end at TLSv1.2 (its ``OriginSslProtocols``; no
TLS 1.3 cipher to an origin): every page is a 403. The distribution's viewer policy (TLS
1.3 only, ``TLS_V1_3_2025``) is the viewers' side alone and passes.

Only asked when an injector may reach the resource (``may_inject``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import jsii

from constructs_lib._facts import path_of, resource_of, stack_of
from constructs_lib._injected import _SKIP, _changed, _walk
from constructs_lib._injected_names import name_problems
from constructs_lib.errors import ConstructError, Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aws_cdk import aws_dynamodb as dynamodb
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_sqs as sqs

__all__ = [
    "EVENT_BYTES",
    "check_acl_delivery",
    "check_dead_letter_size",
    "origin_tls_problems",
    "table_problems",
]

#: The largest event EventBridge, EventBridge Scheduler and Lambda's asynchronous
#: invocations send (256 KiB): a dead-letter queue of failed events takes at least that.
EVENT_BYTES = 256 * 1024


def table_problems(
    table: dynamodb.Table,
    owner: str,
    *,
    keys: Sequence[tuple[str, dynamodb.Attribute | None]],
    stream: dynamodb.StreamViewType | None,
) -> list[Problem]:
    """``table`` has the library's ``keys`` (``("HASH", partition_key)``, ``("RANGE",
    sort_key)``) and, when the library asked for one, its ``stream`` view; no name of
    another of the library's tables."""
    resource = resource_of(table)
    stack = stack_of(table)
    found = {k.get("keyType"): k.get("attributeName") for k in stack.resolve(resource.key_schema)}
    types = {
        d.get("attributeName"): d.get("attributeType")
        for d in stack.resolve(resource.attribute_definitions) or []
    }
    path, problems = path_of(table), []
    for (key_type, attribute), prop in zip(keys, ("partition_key", "sort_key"), strict=True):
        name = attribute.name if attribute is not None else None
        kind = _TYPES[attribute.type.value] if attribute is not None else None
        if found.get(key_type) != name or (name is not None and types.get(name) != kind):
            given = f"{found.get(key_type)!r} ({types.get(found.get(key_type))})"
            problems.append(
                Problem(
                    path,
                    prop,
                    f"is {given if found.get(key_type) else 'missing'}: "
                    f"{_changed(f'another {_camel(prop)}', 'dynamodb.Table')} for {owner}'s "
                    f"table, whose items the construct's code reads and writes by "
                    f"{name!r} ({kind}): every such write then fails",
                    f"{_SKIP}; the table's keys are the construct's (its table options)",
                )
            )
    if stream is not None:
        view = getattr(resource.stream_specification, "stream_view_type", None)
        if view != stream.value:
            problems.append(
                Problem(
                    path,
                    "stream",
                    f"is {view or 'off'}: {_changed('another stream', 'dynamodb.Table')} for "
                    f"{owner}'s table, whose {stream.value} records its stream's reader "
                    "expects",
                    f"{_SKIP}; the stream view is the construct's (its table options)",
                )
            )
    return [*problems, *name_problems(table, resource, "table", owner)]


#: An AttributeType's value as CloudFormation's attributeType writes it.
_TYPES = {"STRING": "S", "NUMBER": "N", "BINARY": "B"}


def _camel(prop: str) -> str:
    head, *rest = prop.split("_")
    return head + "".join(word.title() for word in rest)


def check_dead_letter_size(queue: sqs.Queue, owner: str) -> None:
    """``queue``, the dead-letter queue of ``owner``'s failed events, takes the largest
    event its senders send (:data:`EVENT_BYTES`)."""
    size = resource_of(queue).maximum_message_size
    if not isinstance(size, int | float) or size >= EVENT_BYTES:
        return
    raise ConstructError(
        [
            Problem(
                path_of(queue),
                "max_message_size_bytes",
                f"is {int(size)}: {_changed(f'maxMessageSizeBytes={int(size)}', 'sqs.Queue')} "
                f"for {owner}'s dead-letter queue, which holds the only copy of a failed "
                f"event: one larger than {int(size)} bytes (events reach {EVENT_BYTES}) is "
                "refused by the queue and delivered nowhere",
                f"{_SKIP}, or return {EVENT_BYTES} or more",
            )
        ]
    )


#: The newest TLS version CloudFront connects to an origin with: its origin protocols end at
#: TLSv1.2 (``OriginSslProtocols``; no TLS 1.3 cipher between CloudFront and an origin).
ORIGIN_TLS_VERSION = 1.2


def origin_tls_problems(bucket: s3.Bucket, owner: str) -> list[Problem]:
    """``bucket``, which CloudFront reads ``owner``'s files from, lets TLS 1.2 in: a
    ``minimumTLSVersion`` above it (1.3) denies every request CloudFront makes."""
    policy = bucket.policy
    document = stack_of(bucket).resolve(policy.document) if policy is not None else None
    found = document.get("Statement") if isinstance(document, dict) else None
    versions = [
        version
        for statement in found or []
        if isinstance(statement, dict) and statement.get("Effect") == "Deny"
        for version in [_walk(statement, "Condition", "NumericLessThan", "s3:TlsVersion")]
        if isinstance(version, int | float) and version > ORIGIN_TLS_VERSION
    ]
    if not versions:
        return []
    version = max(versions)
    return [
        Problem(
            path_of(bucket),
            "minimum_tls_version",
            f"is {version:g}: {_changed(f'minimumTLSVersion={version:g}', 's3.Bucket')} "
            f"for {owner}'s bucket, which CloudFront reads the site's files from over TLS "
            f"{ORIGIN_TLS_VERSION:g} at most (its protocols to an origin end at TLSv1.2): "
            "the bucket policy denies each of its requests, and every page is a 403",
            f"{_SKIP}, or return minimumTLSVersion={ORIGIN_TLS_VERSION:g} (viewers reach "
            "CloudFront over TLS 1.3 whatever the bucket's: the distribution's security "
            "policy sets theirs)",
        )
    ]


#: The Object Ownership settings that keep a bucket's ACLs on (CloudFront's standard
#: logging, legacy, writes through them); BucketOwnerEnforced, S3's default for a new
#: bucket without one, turns them off.
_ACLS_ON = ("BucketOwnerPreferred", "ObjectWriter")


def check_acl_delivery(bucket: s3.Bucket, owner: str) -> None:
    """``bucket``, where CloudFront's standard logging (legacy) delivers ``owner``'s access
    logs, keeps its ACLs on: CloudFront's guide says not to choose a bucket whose Object
    Ownership is bucket owner enforced, which disables ACLs and prevents the delivery."""
    properties = jsii.get(resource_of(bucket), "cfnProperties")
    controls = stack_of(bucket).resolve(properties.get("ownershipControls"))
    ownership = _walk(controls, "rules", 0, "objectOwnership")
    if ownership in _ACLS_ON or (ownership is not None and not isinstance(ownership, str)):
        return
    given = ownership or "none (S3's default for a new bucket: BucketOwnerEnforced)"
    raise ConstructError(
        [
            Problem(
                path_of(bucket),
                "object_ownership",
                f"is {given}: {_changed('another objectOwnership', 's3.Bucket')} for "
                f"{owner}'s log bucket, whose ACLs are then off: CloudFront's standard logging "
                "(legacy) writes through them, so the distribution's access logs are not "
                "delivered",
                f"{_SKIP}, or return ObjectOwnership.BUCKET_OWNER_PREFERRED",
            )
        ]
    )
