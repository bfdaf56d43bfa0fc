"""A dashboard widget graphing a resource created in a stack of another environment than
the dashboard's (another region or account, or a stack without an env beside one with
it): aws-cdk-lib names such a resource in the dashboard's stack only by a physical name,
and without one the synth failed with a ``CannotUseCrossEnvironment`` trace naming no
prop. The widget is resolved when it is added, so the section is named instead."""

from __future__ import annotations

import re
from collections.abc import Sequence

from aws_cdk import Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib._dashboard_rows import ResolvedWidgets
from constructs_lib._monitoring_arguments import error

__all__ = ["check_widget_environments"]

# aws-cdk-lib's message (core/lib/resource.ts), whose quoted path names the resource
_CROSS_ENVIRONMENT = re.compile(r"Cannot use resource '([^']+)' in a cross-environment fashion")


def check_widget_environments(
    monitoring: Construct,
    title: str,
    widgets: Sequence[cloudwatch.IWidget],
    resolved: ResolvedWidgets,
) -> None:
    """Raises a ConstructError naming the first of ``widgets`` (``add_section``'s) that
    graphs a resource aws-cdk-lib cannot name in ``monitoring``'s stack; adds each widget
    resolved to ``resolved`` (the dashboard compares a section that comes back with it)."""
    stack = Stack.of(monitoring)
    for index, widget in enumerate(widgets):
        try:
            resolved.set(widget, stack.resolve(widget.to_json()))
        except RuntimeError as failure:  # aws-cdk-lib's JavaScript error, through jsii
            found = _CROSS_ENVIRONMENT.search(str(failure))
            if found is None:
                continue  # aws-cdk-lib reports anything else at synth, as it did
            raise error(
                monitoring,
                f"widgets[{index}]",
                f"(section {title!r}) graphs {found[1]}, a resource of another environment "
                f"than this dashboard's stack {stack.node.path} (another region or account, "
                "or a stack without an env beside one with it): aws-cdk-lib names it in this "
                "stack only by a physical name, which the resource does not have",
                "add the section to the dashboard of the resource's stack "
                "(Monitoring.of(that_stack).add_section(...)); or, if both stacks deploy to "
                "one account and region, give them the same env=cdk.Environment(account=..., "
                "region=...); or give the resource a physical name (e.g. queue_name=...)",
            ) from None
