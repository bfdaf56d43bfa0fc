"""The demo app's stacks. ``build_demo_app`` is shared by app.py and the tests."""

from __future__ import annotations

from collections.abc import Collection

import aws_cdk as cdk

#: The demo app's stacks, in the order they are built (TodoSite serves TodoApi's API).
DEMO_STACKS = ("TodoApi", "TodoSite", "Orders", "NightlyReport", "Networked", "Uploads")


def build_demo_app(app: cdk.App, *, only: Collection[str] = DEMO_STACKS) -> dict[str, cdk.Stack]:
    """Adds the demo stacks to ``app`` (every one, or those named in ``only``: the local
    deploy's update builds TodoApi and TodoSite), env-agnostic, each monitored, checked
    by cdk-nag on synth."""
    unknown = sorted(set(only) - set(DEMO_STACKS))
    if unknown or ("TodoSite" in only and "TodoApi" not in only):
        raise ValueError(f"only={sorted(only)}: one of {DEMO_STACKS}, TodoSite with TodoApi")
    # Imported here, not with the package: whoever needs one stack (the bench's TodoApi,
    # a test) imports its module alone, without the other stacks' constructs.
    from constructs_lib.checks import enable_checks
    from stacks.networked_stack import NetworkedStack
    from stacks.orders_stack import OrdersStack
    from stacks.report_stack import NightlyReportStack
    from stacks.site_stack import TodoSiteStack
    from stacks.todo_api_stack import TodoApiStack
    from stacks.uploads_stack import UploadsStack

    stacks: dict[str, cdk.Stack] = {}
    if "TodoApi" in only:
        todo_api = stacks["TodoApi"] = TodoApiStack(app, "TodoApi")
        if "TodoSite" in only:
            stacks["TodoSite"] = TodoSiteStack(app, "TodoSite", api=todo_api.api)
    others = {
        "Orders": OrdersStack,
        "NightlyReport": NightlyReportStack,
        "Networked": NetworkedStack,
        "Uploads": UploadsStack,
    }
    for name, stack_class in others.items():
        if name in only:
            stacks[name] = stack_class(app, name)
    for stack in stacks.values():
        _monitor(stack)
    # cdk-nag (3: a policy-validation plugin, synth fails on any unacknowledged finding;
    # 2: Aspects whose findings are error annotations, which fail `cdk synth`).
    enable_checks(app)
    return stacks


#: The demo's alarm topic, by name in each stack's account and region (create it once:
#: ``aws sns create-topic --name constructs-lib-demo-alarms``), or ``-c demo:alarm_topic=<arn>``.
DEMO_ALARM_TOPIC = "constructs-lib-demo-alarms"


def _monitor(stack: cdk.Stack) -> None:
    """The demo opts in to what the library leaves off by default (idle cost in the
    README): alarms to one SNS topic ($0.10/month per alarm beyond CloudWatch's ten free)
    and a dashboard per stack ($3/month each beyond an account's first three)."""
    from aws_cdk import aws_sns as sns

    from constructs_lib import Monitoring

    name = stack.node.try_get_context("demo:alarm_topic") or DEMO_ALARM_TOPIC
    arn = name if name.startswith("arn:") else stack.format_arn(service="sns", resource=name)
    topic = sns.Topic.from_topic_arn(stack, "DemoAlarmTopic", arn)
    Monitoring(stack, alarm_topic=topic, dashboard=True)
