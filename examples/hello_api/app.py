#!/usr/bin/env python3
"""A user's CDK app (the shape `cdk init app --language python` writes) on constructs_lib.

Install: see requirements.txt and the repository README, "Use it in your own app".
Synthesize: ``cdk synth`` (this directory's cdk.json runs ``python3 app.py``).
cdk-nag runs in tests/unit (``enable_checks``, ``constructs-lib[nag]`` in
requirements-dev.txt); to run it on ``cdk synth`` as well, call ``enable_checks(app)``
before ``app.synth()`` and install ``constructs-lib[nag]`` (the repository README).
"""

import aws_cdk as cdk
from hello_api.hello_api_stack import HelloApiStack

app = cdk.App()
HelloApiStack(app, "HelloApi")
app.synth()
