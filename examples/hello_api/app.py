#!/usr/bin/env python3
"""A standalone CDK app that uses constructs_lib as an installed package.

pip install constructs-lib   # or: pip install -e . from this repository
cdk synth --app "python app.py"
"""

from pathlib import Path

import aws_cdk as cdk

from constructs_lib import ApiAuth, Handler, ServerlessApi

HERE = Path(__file__).resolve().parent

app = cdk.App()
stack = cdk.Stack(app, "HelloApi")
hello = Handler(code=HERE / "handlers" / "hello", entry="hello.handler", memory_mib=128)
api = ServerlessApi(
    stack,
    "Hello",
    routes={"GET /hello": hello, "GET /hello/{name}": hello},
    auth=ApiAuth.none(reason="public greeting endpoint with no data behind it"),
)
cdk.CfnOutput(stack, "Url", value=api.url)
app.synth()
