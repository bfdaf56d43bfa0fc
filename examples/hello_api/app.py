#!/usr/bin/env python3
"""A user's CDK app (the shape `cdk init app --language python` writes) on constructs_lib.

Install: see requirements.txt and the repository README, "Use it in your own app".
Synthesize: ``cdk synth`` (this directory's cdk.json runs ``python3 app.py``).
"""

import aws_cdk as cdk
from hello_api.hello_api_stack import HelloApiStack

app = cdk.App()
HelloApiStack(app, "HelloApi")
app.synth()
