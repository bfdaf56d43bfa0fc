"""Demo: uploads into a bucket summarised by a QueueWorker fed by S3 event notifications."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_lib import BucketEvents, Handler, QueueWorker, _defaults
from constructs_lib.checks import acknowledge

HANDLERS = Path(__file__).parent / "handlers"
INPUT_PREFIX, OUTPUT_PREFIX = "incoming/", "processed/"


class UploadsStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, description="constructs_lib demo: upload processing", **kwargs)

        #: Server access logs of the uploads bucket, kept 90 days.
        self.access_logs = _defaults.private_bucket(
            self,
            "AccessLogs",
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(90))],
        )
        #: Uploads under incoming/, their summaries under processed/; old versions kept
        #: 30 days, unfinished multipart uploads dropped after a day.
        self.uploads = _defaults.private_bucket(
            self,
            "Uploads",
            versioned=True,
            lifecycle_rules=[
                s3.LifecycleRule(
                    noncurrent_version_expiration=cdk.Duration.days(30),
                    abort_incomplete_multipart_upload_after=cdk.Duration.days(1),
                )
            ],
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="uploads-bucket/",
        )
        self.worker = QueueWorker(
            self,
            "UploadWorker",
            handler=Handler(
                code=HANDLERS / "uploads",
                entry="uploads_worker.handler",
                timeout=cdk.Duration.seconds(30),
            ),
            # Two configurations S3 accepts side by side: same prefix, disjoint suffixes.
            sources=[
                BucketEvents(self.uploads, prefix=INPUT_PREFIX, suffix=".csv"),
                BucketEvents(self.uploads, prefix=INPUT_PREFIX, suffix=".txt"),
            ],
            max_receive_count=3,
            max_concurrency=5,
        )
        self._grant_worker()

        cdk.CfnOutput(self, "UploadBucketName", value=self.uploads.bucket_name)
        cdk.CfnOutput(self, "QueueUrl", value=self.worker.queue.queue_url)
        assert self.worker.dead_letter_queue is not None
        cdk.CfnOutput(self, "DeadLetterQueueUrl", value=self.worker.dead_letter_queue.queue_url)

    def _grant_worker(self) -> None:
        """Read (any version) under incoming/, write under processed/, nothing else."""
        grants = {
            INPUT_PREFIX: ["s3:GetObject", "s3:GetObjectVersion"],
            OUTPUT_PREFIX: ["s3:PutObject"],
        }
        for prefix, actions in grants.items():
            self.worker.function.add_to_role_policy(
                iam.PolicyStatement(
                    actions=actions, resources=[self.uploads.arn_for_objects(f"{prefix}*")]
                )
            )
        role, bucket = self.worker.function.role, self.uploads.node.default_child
        assert role is not None and isinstance(bucket, s3.CfnBucket)
        bucket_arn = f"<{self.get_logical_id(bucket)}.Arn>"
        for prefix, actions in grants.items():
            acknowledge(
                role.node.find_child("DefaultPolicy"),
                f"AwsSolutions-IAM5[Resource::{bucket_arn}/{prefix}*]",
                reason="Uploads have user-chosen names, known only when S3 reports them: "
                f"the worker may {' and '.join(actions)} only under the {prefix} prefix "
                "of this one bucket.",
            )
