"""Demo: a nightly report on ScheduledJob, written to a retained, encrypted S3 bucket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_scheduler as scheduler
from constructs import Construct

from constructs_lib import Handler, Link
from constructs_lib.scheduled_job import ScheduledJob

HANDLERS = Path(__file__).parent / "handlers"
REPORT_PREFIX = "reports/"


class NightlyReportStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, description="constructs_lib demo: nightly report", **kwargs)

        #: Server access logs of the report bucket, kept 90 days. (cdk-nag S1 is satisfied:
        #: it is the report bucket's log destination.)
        self.access_logs = s3.Bucket(
            self,
            "AccessLogs",
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(90))],
            **_bucket_props(),  # type: ignore[arg-type]
        )
        #: The reports, one object per day, old versions kept 90 days.
        self.reports = s3.Bucket(
            self,
            "Reports",
            versioned=True,
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=cdk.Duration.days(90))],
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="reports-bucket/",
            **_bucket_props(),  # type: ignore[arg-type]
        )
        self.job = ScheduledJob(
            self,
            "NightlyReport",
            handler=Handler(
                code=HANDLERS / "report",
                entry="report_job.handler",
                timeout=cdk.Duration.minutes(1),
                # Put only, and only under the prefix the job writes to.
                links=[Link.put(self.reports, prefix=REPORT_PREFIX, env="REPORT_BUCKET")],
            ),
            schedule="cron(0 3 * * ? *)",  # 03:00 every day, local time
            timezone="Europe/Berlin",
            payload={
                "report": "daily-summary",
                "format": "json",
                "scheduled_time": scheduler.ContextAttribute.scheduled_time,
                "execution_id": scheduler.ContextAttribute.execution_id,
            },
            flexible_window=cdk.Duration.minutes(15),
            description="Nightly daily-summary report",
        )
        cdk.CfnOutput(self, "ReportBucketName", value=self.reports.bucket_name)
        cdk.CfnOutput(self, "DeadLetterQueueUrl", value=self.job.dead_letter_queue.queue_url)


def _bucket_props() -> dict[str, object]:
    """Private, TLS 1.2+ only, encrypted with S3-managed keys, kept on stack deletion."""
    return {
        "block_public_access": s3.BlockPublicAccess.BLOCK_ALL,
        "enforce_ssl": True,
        "minimum_tls_version": 1.2,
        "encryption": s3.BucketEncryption.S3_MANAGED,
        "object_ownership": s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        "removal_policy": cdk.RemovalPolicy.RETAIN,
    }
