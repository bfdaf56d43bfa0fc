#!/usr/bin/env python3
"""CDK entry point of the demo app (env-agnostic: no account or region needed to synth)."""

import aws_cdk as cdk

from stacks import build_demo_app

app = cdk.App()
build_demo_app(app)
app.synth()
