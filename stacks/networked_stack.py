"""Demo: the todo API and the order worker running inside a zero-NAT Network (VPC)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_lib import ApiAuth, Handler, Network, QueueWorker, ServerlessApi, TableOptions
from stacks.todo_api_stack import DEFAULT_AUDIENCE, DEFAULT_ISSUER, HANDLERS


class NetworkedStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(
            scope, id, description="constructs_lib demo: API and worker in a VPC", **kwargs
        )
        self.network = Network(self, "Network")

        def todos(function: str) -> Handler:
            return Handler(code=HANDLERS / "todos", entry=f"todos_api.{function}")

        self.api = ServerlessApi(
            self,
            "Todos",
            routes={"GET /todos": todos("list_todos"), "POST /todos": todos("create_todo")},
            table=TableOptions(partition_key="id"),
            auth=ApiAuth.jwt(DEFAULT_ISSUER, [DEFAULT_AUDIENCE]),
            network=self.network,
        )
        orders = dynamodb.Table(
            self,
            "Orders",
            partition_key=dynamodb.Attribute(name="order_id", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            deletion_protection=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        self.worker = QueueWorker(
            self,
            "OrderWorker",
            handler=Handler(
                code=HANDLERS / "orders",
                entry="orders_worker.handler",
                timeout=cdk.Duration.seconds(20),
                environment={"ORDERS_TABLE": orders.table_name},
            ),
            network=self.network,
        )
        orders.grant_write_data(self.worker.function)
        cdk.CfnOutput(self, "ApiUrl", value=self.api.url)
