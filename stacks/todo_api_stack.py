"""Demo: a todo API on ServerlessApi, with a DynamoDB table and JWT auth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from constructs import Construct

from constructs_lib import ApiAuth, CorsPolicy, Deployment, Handler, ServerlessApi, TableOptions

HANDLERS = Path(__file__).parent / "handlers"

# Override at deploy time: cdk deploy -c todos:jwt_issuer=https://... -c todos:audience=...
DEFAULT_ISSUER = "https://auth.example.com/"
DEFAULT_AUDIENCE = "todo-api"
#: Each deploy sends 10 % of the traffic to the new version for 5 minutes, and rolls back
#: by itself when its errors or p99 latency alarm.
CANARY = Deployment.canary(percent=10, minutes=5)


class TodoApiStack(cdk.Stack):
    """The todo API, its routes under ``/api`` so that TodoSite serves it on the site's own
    origin (``StaticSite(api=...)``): the browser needs no CORS. A front end on another
    origin (a local dev server) gets CORS with ``-c todos:origin=http://localhost:5173``.

    :param deployment: how a deploy moves each route's ``live`` alias. Default:
        :data:`CANARY` (``bench/`` measures the stack without one, as written by hand).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        deployment: Deployment | None = CANARY,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, id, description="constructs_lib demo: todo API", **kwargs)

        def handler(function: str) -> Handler:
            return Handler(code=HANDLERS / "todos", entry=f"todos_api.{function}")

        context = self.node.try_get_context
        # The site calls the API on its own origin: CORS only for another front end.
        origin = context("todos:origin")
        self.api = ServerlessApi(
            self,
            "Todos",
            routes={
                "GET /api/todos": handler("list_todos"),
                "POST /api/todos": handler("create_todo"),
                "GET /api/todos/{id}": handler("get_todo"),
                "PUT /api/todos/{id}": handler("update_todo"),
                "DELETE /api/todos/{id}": handler("delete_todo"),
            },
            table=TableOptions(partition_key="id"),
            auth=ApiAuth.jwt(
                issuer=context("todos:jwt_issuer") or DEFAULT_ISSUER,
                audiences=[context("todos:audience") or DEFAULT_AUDIENCE],
            ),
            cors=CorsPolicy(allow_origins=[origin]) if origin else None,
            deployment=deployment,
        )
        cdk.CfnOutput(self, "ApiUrl", value=self.api.url)
        assert self.api.table is not None
        cdk.CfnOutput(self, "TableName", value=self.api.table.table_name)
