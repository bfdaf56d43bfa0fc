"""``Link.export``: the two halves of a DynamoDB export to S3 (``ExportTableToPointInTime``),
which aws-cdk-lib has no grant for.

DynamoDB's guide (Requesting a table export, "Set up S3 permissions") lists what the caller
needs: ``dynamodb:ExportTableToPointInTime`` on the table and ``s3:AbortMultipartUpload``,
``s3:PutObject`` and ``s3:PutObjectAcl`` on the bucket's objects: DynamoDB writes the export
with the caller's permissions. A table link also gets ``dynamodb:DescribeExport`` on its
exports (``<table>/export/*``), so the function can follow the export it started; a bucket
link's writes are narrowed to ``<prefix>*`` and, for a bucket with a KMS key, get the key's
encrypt and decrypt actions (S3 needs ``kms:Decrypt`` too to complete a multipart upload
under SSE-KMS, and an export of any size is written in parts).
"""

from __future__ import annotations

from typing import Any

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

__all__ = ["grant_export"]

_OBJECT_ACTIONS = ("s3:AbortMultipartUpload", "s3:PutObject", "s3:PutObjectAcl")


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
        resource.encryption_key.grant_encrypt_decrypt(function)
