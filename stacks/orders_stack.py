"""Demo: order processing on QueueWorker, storing orders in a DynamoDB table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_lib import Handler, QueueWorker

HANDLERS = Path(__file__).parent / "handlers"


def orders_table(scope: Construct) -> dynamodb.Table:
    """The orders table: on-demand, recoverable, retained, protected from deletion."""
    return dynamodb.Table(
        scope,
        "Orders",
        partition_key=dynamodb.Attribute(name="order_id", type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        deletion_protection=True,
        removal_policy=cdk.RemovalPolicy.RETAIN,
    )


def order_worker_handler(table: dynamodb.ITable) -> Handler:
    return Handler(
        code=HANDLERS / "orders",
        entry="orders_worker.handler",
        timeout=cdk.Duration.seconds(20),
        environment={"ORDERS_TABLE": table.table_name},
    )


class OrdersStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, description="constructs_lib demo: order processing", **kwargs)

        self.orders = orders_table(self)
        self.worker = QueueWorker(
            self,
            "OrderWorker",
            handler=order_worker_handler(self.orders),
            batch_size=10,
            max_receive_count=3,
            max_concurrency=5,
        )
        self.orders.grant_write_data(self.worker.function)
        cdk.CfnOutput(self, "QueueUrl", value=self.worker.queue.queue_url)
