"""A public greeting API: one function behind two routes."""

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from constructs import Construct

from constructs_lib import ApiAuth, Handler, ServerlessApi

HANDLERS = Path(__file__).resolve().parent.parent / "handlers"


class HelloApiStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)
        hello = Handler(code=HANDLERS / "hello", entry="hello.handler", memory_mib=128)
        self.api = ServerlessApi(
            self,
            "Hello",
            routes={"GET /hello": hello, "GET /hello/{name}": hello},
            auth=ApiAuth.none(reason="public greeting endpoint with no data behind it"),
        )
        cdk.CfnOutput(self, "Url", value=self.api.url)
