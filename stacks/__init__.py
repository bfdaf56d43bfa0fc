"""The demo app's stacks. ``build_demo_app`` is shared by app.py and the tests."""

from __future__ import annotations

import aws_cdk as cdk

from constructs_lib.checks import enable_checks
from stacks.networked_stack import NetworkedStack
from stacks.orders_stack import OrdersStack
from stacks.report_stack import NightlyReportStack
from stacks.site_stack import TodoSiteStack
from stacks.todo_api_stack import TodoApiStack


def build_demo_app(app: cdk.App) -> dict[str, cdk.Stack]:
    """Adds every demo stack to ``app``, env-agnostic, checked by cdk-nag on synth."""
    todo_api = TodoApiStack(app, "TodoApi")
    stacks: dict[str, cdk.Stack] = {
        "TodoApi": todo_api,
        "TodoSite": TodoSiteStack(app, "TodoSite", api_url=todo_api.api.url),
        "Orders": OrdersStack(app, "Orders"),
        "NightlyReport": NightlyReportStack(app, "NightlyReport"),
        "Networked": NetworkedStack(app, "Networked"),
    }
    # cdk-nag (3: a policy-validation plugin, synth fails on any unacknowledged finding;
    # 2: Aspects whose findings are error annotations, which fail `cdk synth`).
    enable_checks(app)
    return stacks
