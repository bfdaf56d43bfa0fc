"""Demo: order processing on QueueWorker, storing orders in a DynamoDB table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from constructs import Construct

from constructs_lib import EventHandler, Handler, Link, QueueWorker

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


def order_worker_handler(
    table: dynamodb.ITable, event_bus: events.IEventBus | None = None
) -> Handler:
    """The order worker: writes orders to ``table`` (``ORDERS_TABLE``); with ``event_bus``
    it announces each stored order there (``EVENT_BUS_NAME``). It logs and traces with
    Powertools (its Logger and Tracer), from AWS's layer."""
    links = [Link.write(table, env="ORDERS_TABLE")]
    if event_bus is not None:
        links.append(Link.to(event_bus, env="EVENT_BUS_NAME"))
    return Handler(
        code=HANDLERS / "orders",
        entry="orders_worker.handler",
        timeout=cdk.Duration.seconds(20),
        links=links,
        powertools=True,
    )


class OrdersStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, description="constructs_lib demo: order processing", **kwargs)

        self.orders = orders_table(self)
        bus = events.EventBus.from_event_bus_name(self, "DefaultBus", "default")
        self.worker = QueueWorker(
            self,
            "OrderWorker",
            handler=order_worker_handler(self.orders, event_bus=bus),
            batch_size=10,
            max_receive_count=3,
            max_concurrency=5,
        )
        # Every stored order is announced (OrderStored) and confirmed by its own function.
        self.confirmation = EventHandler(
            self,
            "OrderConfirmation",
            handler=Handler(
                code=HANDLERS / "orders",
                entry="order_events.confirm",
                environment={"ORDERS_TABLE": self.orders.table_name},
            ),
            event_pattern=events.EventPattern(
                source=["constructs-lib.orders"], detail_type=["OrderStored"]
            ),
        )
        self.orders.grant(self.confirmation.function, "dynamodb:UpdateItem")
        cdk.CfnOutput(self, "QueueUrl", value=self.worker.queue.queue_url)
