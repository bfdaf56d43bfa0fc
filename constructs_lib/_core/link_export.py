"""``Link.export``: the two halves of a DynamoDB export to S3 (``ExportTableToPointInTime``),
which aws-cdk-lib has no grant for.

DynamoDB's guide (Requesting a table export, "Set up S3 permissions") lists what the caller
needs: ``dynamodb:ExportTableToPointInTime`` on the table and ``s3:AbortMultipartUpload``,
``s3:PutObject`` and ``s3:PutObjectAcl`` on the bucket's objects: DynamoDB writes the export
with the caller's permissions. A table link also gets ``dynamodb:DescribeExport`` on its
exports (``<table>/export/*``), so the function can follow the export it started; a bucket
link's writes are narrowed to ``<prefix>*`` and, for a bucket with a KMS key (of the app,
or an import given its ``encryption_key``), get ``kms:GenerateDataKey`` and ``kms:Decrypt``
on that key: what S3's guide (SSE-KMS, multipart upload permissions) asks of whoever
uploads an object under it, ``kms:Decrypt`` to complete a multipart upload, and an export
of any size is written in parts. Neither guide asks the caller for any permission on the
table's own key (DynamoDB reads its point-in-time recovery data itself), so a table link
grants none.

DynamoDB exports from a table's point-in-time recovery data: without it every export fails
(``PointInTimeRecoveryUnavailableException``), so a table of the app linked for export
without it fails the synth (:func:`check_recovery`).
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Resource, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib._synth_checks import at_synth

__all__ = ["check_recovery", "grant_export"]

_OBJECT_ACTIONS = ("s3:AbortMultipartUpload", "s3:PutObject", "s3:PutObjectAcl")
_KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")


def grant_export(kind: str, resource: Any, function: lambda_.Function, prefix: str | None) -> None:
    """Grants ``function`` its half of an export: starting and describing the table's
    exports (``kind`` "table"), or writing them into the bucket under ``prefix``."""
    if kind == "table":
        function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["dynamodb:ExportTableToPointInTime"], resources=[resource.table_arn]
            )
        )
        function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["dynamodb:DescribeExport"], resources=[f"{resource.table_arn}/export/*"]
            )
        )
        return
    function.add_to_role_policy(
        iam.PolicyStatement(
            actions=list(_OBJECT_ACTIONS),
            resources=[resource.arn_for_objects(f"{prefix or ''}*")],
        )
    )
    if resource.encryption_key is not None:
        resource.encryption_key.grant(function, *_KEY_ACTIONS)


_ENABLE = "dynamodb.PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True)"


def check_recovery(scope: IConstruct, table: Any, prop: str) -> None:
    """Fails the synth when ``table`` (a table of the app that ``prop`` of ``scope`` links
    for export) has point-in-time recovery off as its template will have it. At synth, not
    now: the table's L1 may be given it after the link is made. An imported table's
    setting is its owner's, not known here."""
    if isinstance(table, Resource) and Resource.is_owned_resource(table):
        # in the stack's one validation (a round trip to add a validation, one to run it)
        at_synth(scope, _RecoveryOn(table, prop).validate, own=True)


class _RecoveryOn:
    """The check of :func:`check_recovery`, on the L1 the table renders: a ``CfnTable``'s
    specification, a ``TableV2``'s (``CfnGlobalTable``) replica in the table's region, the
    one its ARN names. A deploy-time value passes."""

    def __init__(self, table: Any, prop: str) -> None:
        self._table = table
        self._prop = prop

    def validate(self) -> list[str]:
        return self._problems()

    def _problems(self) -> list[str]:
        cfn = self._table.node.default_child
        stack = Stack.of(self._table)
        if isinstance(cfn, dynamodb.CfnTable):
            spec, fix = stack.resolve(cfn.point_in_time_recovery_specification), "Table"
        elif isinstance(cfn, dynamodb.CfnGlobalTable):
            region = stack.resolve(stack.region)
            replicas = stack.resolve(cfn.replicas)
            here = [r for r in replicas or () if isinstance(r, dict) and r.get("region") == region]
            if len(here) != 1:
                return []
            spec, fix = here[0].get("pointInTimeRecoverySpecification"), "TableV2"
        else:
            return []
        if not _off(spec):
            return []
        return [
            f"`{self._prop}` is Link.export(...) of the table {self._table.node.path}, whose "
            "point-in-time recovery is off: DynamoDB exports from its recovery data, so every "
            "export would fail (PointInTimeRecoveryUnavailableException). Fix: create it with "
            f"{fix}(..., point_in_time_recovery_specification={_ENABLE}) (an update in place "
            "of a deployed table, billed per GB), or link a table that has it"
        ]


def _off(spec: object) -> bool:
    """Whether a resolved ``PointInTimeRecoverySpecification`` is off for certain: absent,
    or its flag absent or false (an intrinsic function is the deploy's to decide)."""
    if spec is None:
        return True
    if not isinstance(spec, dict) or any(k == "Ref" or k.startswith("Fn::") for k in spec):
        return False
    enabled = spec.get("pointInTimeRecoveryEnabled")
    return enabled in (None, False) or (isinstance(enabled, str) and enabled.lower() == "false")
