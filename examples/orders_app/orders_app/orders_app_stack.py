"""Orders arrive on a queue and are stored; a nightly job summarises them."""

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_lib import Handler, Link, QueueWorker, ScheduledJob

HANDLERS = Path(__file__).resolve().parent.parent / "handlers"


class OrdersAppStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.table = dynamodb.TableV2(
            self,
            "Orders",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=True,
        )
        self.worker = QueueWorker(
            self,
            "OrderWorker",
            handler=Handler(
                code=HANDLERS / "orders",
                entry="orders.handler",
                links=[Link.write(self.table, env="TABLE_NAME")],  # write only
            ),
            max_receive_count=3,
        )
        self.job = ScheduledJob(
            self,
            "NightlySummary",
            handler=Handler(
                code=HANDLERS / "report",
                entry="report.handler",
                timeout=cdk.Duration.minutes(1),
                links=[Link.read(self.table, env="TABLE_NAME")],  # read only
            ),
            schedule="cron(0 3 * * ? *)",
            timezone="Europe/Berlin",
        )
        cdk.CfnOutput(self, "QueueUrl", value=self.worker.queue.queue_url)
