"""Demo: the todo API and the order worker running inside a zero-NAT Network (VPC)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from constructs import Construct

from constructs_lib import ApiAuth, Handler, Network, QueueWorker, ServerlessApi, TableOptions
from stacks.orders_stack import order_worker_handler, orders_table
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
        orders = orders_table(self)
        self.worker = QueueWorker(
            self,
            "OrderWorker",
            handler=order_worker_handler(orders),
            network=self.network,
        )
        cdk.CfnOutput(self, "ApiUrl", value=self.api.url)
