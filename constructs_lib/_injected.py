"""What a property injector (``cdk.PropertyInjectors.of(scope).add(...)``) changed in a
resource the library has just created, checked as soon as the L2 exists.

An injector runs inside the L2's constructor, on the props the library passed: a
platform's blueprint for every ``sqs.Queue``, ``s3.Bucket``, ``dynamodb.Table`` or
``lambda_.Function`` below its scope reaches the library's too. What it sets wins over
what the construct built (``{**original_props, **defaults}``), and some of it the
construct cannot take back and nothing else reports without cdk-nag: a queue without its
TLS-only policy or its encryption, a worker's queue without the redrive policy its alarm
watches, a bucket open to public policies, a table without point-in-time recovery, and a
function given another role or log group (the library's role, with the log group's and
X-Ray's permissions, then belongs to no function: no logs, no traces) or another network
than its ``network=`` (in a VPC without its endpoints, every AWS call times out). Each is a
ConstructError here, naming the resource, the property and the fix; the construct's
other checks run at synth (``_synth_checks``), where an injector's value is seen as an
Aspect's is. Values the library sets again itself (active tracing) and those it leaves
to the platform (memory, runtime, a log group's retention, a removal policy) pass."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import jsii

from constructs_lib._facts import node_of, path_of, resource_of
from constructs_lib.errors import ConstructError, Problem

if TYPE_CHECKING:
    from aws_cdk import aws_dynamodb as dynamodb
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_lambda as lambda_
    from aws_cdk import aws_logs as logs
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_sqs as sqs

__all__ = [
    "check_injected_bucket",
    "check_injected_function",
    "check_injected_queue",
    "check_injected_table",
]

#: How an injector leaves the library's resources as they are (README, Platform rules).
_SKIP = (
    "leave it out of the props your property injector returns for the library's "
    "resources (return original_props unchanged when any(type(s).__module__.startswith("
    "'constructs_lib') for s in scope.node.scopes))"
)


def _changed(what: str, kind: str) -> str:
    return f"a property injector of {kind} (cdk.PropertyInjectors) returned {what}"


def check_injected_queue(
    queue: sqs.Queue,
    dead_letter_queue: sqs.DeadLetterQueue | None,
    owner: str,
    more: Sequence[Problem] = (),
) -> None:
    """The TLS-only policy, encryption and redrive policy the library gave ``queue``
    (``owner``: whose it is, ``"the QueueWorker"``) are still there; ``more``: the other
    checks' problems (``_injected_settings``, ``_injected_names``), raised with these."""
    from aws_cdk import aws_sqs as sqs

    problems = []
    if node_of(queue).try_find_child("Policy") is None:
        problems.append(
            Problem(
                path_of(queue),
                "enforce_ssl",
                f"is off: {_changed('props without enforceSSL', 'sqs.Queue')} for "
                f"{owner}'s queue, so it has no TLS-only policy and takes requests over plain HTTP",
                f"{_SKIP}, or return enforceSSL=True",
            )
        )
    if queue.encryption_type == sqs.QueueEncryption.UNENCRYPTED:
        problems.append(
            Problem(
                path_of(queue),
                "encryption",
                f"is UNENCRYPTED: {_changed('encryption=UNENCRYPTED', 'sqs.Queue')} for "
                f"{owner}'s queue, whose messages are then stored in plain text",
                f"{_SKIP}, or return SQS_MANAGED or KMS encryption",
            )
        )
    if dead_letter_queue is not None:
        redrive = queue.dead_letter_queue
        if (
            redrive is None
            or redrive.queue is not dead_letter_queue.queue
            or (redrive.max_receive_count != dead_letter_queue.max_receive_count)
        ):
            problems.append(
                Problem(
                    path_of(queue),
                    "dead_letter_queue",
                    f"is not the one {owner} built: "
                    f"{_changed('another deadLetterQueue', 'sqs.Queue')}, so a message that "
                    f"fails {dead_letter_queue.max_receive_count} times no longer moves to "
                    f"{path_of(dead_letter_queue.queue)}, which the construct's alarm watches",
                    f"{_SKIP}; set the receives with the construct's max_receive_count",
                )
            )
    _raise([*problems, *more])


def check_injected_bucket(
    bucket: s3.Bucket,
    owner: str,
    *,
    versioned: bool,
    logged: bool,
    more: Sequence[Problem] = (),
) -> None:
    """The TLS-only policy, blocked public access, S3-managed encryption and (where the
    library asked for them: ``versioned``, ``logged``) versioning and access logs of
    ``bucket``."""
    problems = []
    if bucket.policy is None:
        problems.append(
            Problem(
                path_of(bucket),
                "enforce_ssl",
                f"is off: {_changed('props without enforceSSL', 's3.Bucket')} for "
                f"{owner}'s bucket, so it has no TLS-only policy",
                f"{_SKIP}, or return enforceSSL=True",
            )
        )
    # cfnProperties, not CfnBucket.public_access_block_configuration: that typed read
    # would register the library's BlockPublicAccess.BLOCK_ALL as a struct proxy, and the
    # next s3.Bucket(block_public_access=BLOCK_ALL) would fail its type check
    properties = jsii.get(resource_of(bucket), "cfnProperties")
    # None: S3 blocks all public access of a new bucket by default
    block = properties.get("publicAccessBlockConfiguration")
    settings = (
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    )
    opened = [name for name in settings if block is not None and _setting(block, name) is False]
    if opened:
        problems.append(
            Problem(
                path_of(bucket),
                "block_public_access",
                f"does not block everything: {_changed('another blockPublicAccess', 's3.Bucket')} "
                f"for {owner}'s bucket ({', '.join(opened)} not true), so a public policy or ACL "
                "can open it; the library serves its objects through CloudFront only",
                f"{_SKIP}, or return BlockPublicAccess.BLOCK_ALL",
            )
        )
    problems += _storage_problems(bucket, owner, properties, versioned=versioned, logged=logged)
    _raise([*problems, *more])


def _storage_problems(
    bucket: s3.Bucket, owner: str, properties: dict[str, Any], *, versioned: bool, logged: bool
) -> list[Problem]:
    found = []
    algorithm = _walk(
        properties,
        "bucketEncryption",
        "serverSideEncryptionConfiguration",
        0,
        "serverSideEncryptionByDefault",
        "sseAlgorithm",
    )
    if isinstance(algorithm, str) and algorithm != "AES256":
        found.append(
            (
                "encryption",
                f"is {algorithm}: {_changed('another encryption', 's3.Bucket')} for {owner}'s "
                "bucket, whose S3-managed keys the library keeps: S3 delivers server access "
                "logs to SSE-S3 buckets only, and CloudFront cannot read objects under the "
                "AWS-managed KMS key",
                f"{_SKIP}; for a key of your own, pass your bucket (existing_bucket=)",
            )
        )
    if versioned and _walk(properties, "versioningConfiguration", "status") != "Enabled":
        found.append(
            (
                "versioned",
                f"is off: {_changed('props without versioned', 's3.Bucket')} for {owner}'s "
                "bucket, whose object versions are what a bad deployment is undone with",
                f"{_SKIP}, or return versioned=True",
            )
        )
    if logged and properties.get("loggingConfiguration") is None:
        found.append(
            (
                "server_access_logs_bucket",
                f"is gone: {_changed('props without serverAccessLogsBucket', 's3.Bucket')} for "
                f"{owner}'s bucket, so no request to it is logged",
                f"{_SKIP}, or return the serverAccessLogsBucket it was given",
            )
        )
    return [Problem(path_of(bucket), prop, message, fix) for prop, message, fix in found]


def _walk(value: object, *keys: str | int) -> object:
    """``value[k1][k2]...`` through the dicts and lists of an L1's properties; None where
    one is missing or is a deploy-time value."""
    for key in keys:
        if isinstance(key, int):
            value = value[key] if isinstance(value, list) and len(value) > key else None
        else:
            value = value.get(key) if isinstance(value, dict) else None
    return value


def _setting(block: object, name: str) -> bool | None:
    """One of a BlockPublicAccess's four settings as the L1 holds it: the object the L2
    was given, or (under some feature flags) a dict of camelCase keys; a missing one is
    False (S3 then does not block it), a deploy-time value None (not checked)."""
    if isinstance(block, dict):
        head, *rest = name.split("_")
        value = block.get(head + "".join(word.title() for word in rest), False)
    else:
        value = getattr(block, name, False)
    return value if isinstance(value, bool) else None


def check_injected_table(table: dynamodb.Table, owner: str, more: Sequence[Problem] = ()) -> None:
    """The point-in-time recovery the library gave ``table``."""
    from aws_cdk import aws_dynamodb as dynamodb

    resource = resource_of(table)
    assert isinstance(resource, dynamodb.CfnTable)
    recovery = resource.point_in_time_recovery_specification
    problems = list(more)
    if getattr(recovery, "point_in_time_recovery_enabled", None) is not True:
        problems.insert(
            0,
            Problem(
                path_of(table),
                "point_in_time_recovery",
                f"is off: {_changed('no pointInTimeRecoverySpecification', 'dynamodb.Table')} "
                f"for {owner}'s table, so a bad write or delete cannot be undone",
                f"{_SKIP}, or return pointInTimeRecoverySpecification="
                "{'pointInTimeRecoveryEnabled': True}",
            ),
        )
    _raise(problems)


def check_injected_function(
    function: lambda_.Function,
    *,
    role: iam.IRole,
    log_group: logs.ILogGroup,
    in_network: bool,
    owner: str,
    more: Sequence[Problem] = (),
) -> None:
    """``function`` has the ``role`` and ``log_group`` the library built for it, and is in
    a VPC exactly when its construct was given a ``network``."""
    problems = []
    if function.role is not role:
        problems.append(
            Problem(
                path_of(function),
                "role",
                f"is not the role {owner} built: {_changed('another role', 'lambda_.Function')}, "
                f"so the permissions the library grants its function (its log group, X-Ray, "
                f"{path_of(role)}'s policies) reach no function: it writes no logs and no "
                "traces",
                f"{_SKIP}; give the library's roles your settings with "
                "iam.PermissionsBoundary.of(scope), an Aspect on iam.CfnRole or "
                "iam.Role.customize_roles",
            )
        )
    if function.log_group is not log_group:
        problems.append(
            Problem(
                path_of(function),
                "log_group",
                f"is not the log group {owner} built: "
                f"{_changed('another logGroup', 'lambda_.Function')}, and the function's role "
                f"may write to {path_of(log_group)} only: it writes no logs",
                f"{_SKIP}; set the retention with FunctionDefaults.of(scope).set("
                "log_retention=...)",
            )
        )
    if function.is_bound_to_vpc != in_network:
        moved = "into a VPC" if function.is_bound_to_vpc else "out of its Network's VPC"
        problems.append(
            Problem(
                path_of(function),
                "vpc",
                f"moved the function {moved}: {_changed('a vpc', 'lambda_.Function')} "
                f"that {owner}'s network= did not give it, so its security group, endpoints "
                "and network policy are not the ones its calls need",
                f"{_SKIP}; pass network=Network(scope, 'Network', existing_vpc=vpc) to the "
                "construct instead",
            )
        )
    _raise([*problems, *more])


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ConstructError(problems)
