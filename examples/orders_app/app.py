#!/usr/bin/env python3
"""A user's CDK app (the shape `cdk init app --language python` writes) on constructs_lib:
a queue worker storing orders and a nightly job, in one stack.

Install: see requirements.txt and the repository README, "Use it in your own app".
Synthesize: ``cdk synth`` (this directory's cdk.json runs ``python3 app.py``).
"""

import aws_cdk as cdk
from orders_app.orders_app_stack import OrdersAppStack

app = cdk.App()
OrdersAppStack(app, "OrdersApp")
app.synth()
