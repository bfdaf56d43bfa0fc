"""CloudFormation's limit on a stack's resources, checked for the whole stack at synth.

CloudFormation quotas, "Resources: 500" per template (a stack), not adjustable:
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html

Each distinct handler makes about ten resources (function, role, policy, log group,
version, alias, two alarms, ...), so a stack of the library's constructs reaches the limit
at about 45 functions: a ServerlessApi of 60 routes beside five workers and five jobs.
aws-cdk-lib then fails the synth (``TooManyResourcesInStack``) with a count per resource
type only; this check fails it first, naming the constructs that hold the resources and how
to split the stack. ``ServerlessApi`` checks an API that alone passes the limit when it is
built (``serverless_api/route_count.py``); this one counts everything in the stack, the
user's own resources too, once every construct exists, in a stack with enough of the
library's functions to make the walk worth its cost (about 8 ms for the demo's TodoApi on
every synth): below that, the user's own resources are most of any excess, and
aws-cdk-lib's error counts them by type.
"""

from __future__ import annotations

import math
import re

from aws_cdk import CfnResource, Stack
from constructs import IConstruct

from constructs_lib._cfn import stack_validation
from constructs_lib._config_values import whole_number
from constructs_lib._facts import stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import jsii_ref

__all__ = ["FUNCTIONS_COUNTED", "RESOURCES_MAX", "RESOURCE_LIMIT_CONTEXT", "count_function"]

#: CloudFormation's limit on a stack's resources.
RESOURCES_MAX = 500
#: aws-cdk-lib's context key for the limit it checks (0: not checked).
RESOURCE_LIMIT_CONTEXT = "@aws-cdk/core:stackResourceLimit"
#: The library's functions in a stack from which its resources are counted: each makes
#: about ten, so fewer leave room for hundreds of the user's own.
FUNCTIONS_COUNTED = 15
# The constructs named in the error, largest first.
_NAMED = 5


def count_function(function: IConstruct) -> None:
    """Counts one of the library's functions in its stack, whose resources are checked at
    synth once there are :data:`FUNCTIONS_COUNTED` of them."""
    stack_validation(stack_of(function), _COUNTS, _ResourceCount).functions += 1


def _resources(scope: IConstruct) -> int:
    """The resources of ``scope``'s template under ``scope``: a nested stack's own are in its
    template (the parent holds only its ``AWS::CloudFormation::Stack``)."""
    found = scope.node.find_all()
    nested = [c for c in found if isinstance(c, Stack) and c is not scope]
    # a construct made in JavaScript comes back as a new proxy each time: its kernel
    # reference is what stays the same
    inside = {jsii_ref(n) for c in nested for n in c.node.find_all()}
    return sum(isinstance(c, CfnResource) and jsii_ref(c) not in inside for c in found)


class _ResourceCount:
    """Fails the synth of a stack with more resources than CloudFormation takes, naming its
    largest constructs and the ways to split it. A part of the stack's one validation."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack
        self.functions = 0

    def validate(self) -> list[str]:
        stack = self._stack
        if self.functions < FUNCTIONS_COUNTED:
            return []
        resources = _resources(stack)
        if resources <= RESOURCES_MAX:
            return []
        limit = _limit(stack.node.try_get_context(RESOURCE_LIMIT_CONTEXT))
        if limit is None:
            return [_limit_problem(stack.node.try_get_context(RESOURCE_LIMIT_CONTEXT), resources)]
        if limit == 0 or resources <= limit:
            return []  # the user's own limit, which aws-cdk-lib checks
        children = [c for c in stack.node.children if not isinstance(c, Stack)]
        sizes = sorted(((_resources(c), c.node.id) for c in children), reverse=True)
        largest = ", ".join(f"{id} {count}" for count, id in sizes[:_NAMED] if count)
        return [
            f"the stack has {resources} resources, and CloudFormation takes at most {limit} "
            f"in a stack (largest: {largest}). Fix: move constructs into another stack of "
            "the app (workers and jobs into a stack of their own, the table they share into a "
            "third, passed to the others: links and grants work across stacks), serve some "
            "routes from a ServerlessApi in another stack (one API per service, mapped "
            "under one domain with ApiDomainMapping), or let routes share a Handler; a "
            "deployed table, bucket or queue keeps its stack and id (README: Growing an app)"
        ]


def _limit(value: object) -> int | None:
    """The limit the context ``value`` sets, as aws-cdk-lib reads it (``parseInt``): absent,
    CloudFormation's; a whole number of 0 or more (text of digits only, from ``-c``, or
    JSON's ``600.0``), that number; None for anything else, which aws-cdk-lib reads as no
    number (``"abc"``: NaN, no check at all) or otherwise than it looks (``"1e3"``: 1)."""
    if value is None:
        return RESOURCES_MAX
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    return int(number) if number is not None and number >= 0 and number == int(number) else None


def _limit_problem(value: object, resources: int) -> str:
    read = _parse_int(value)
    how = (
        "as no number (JavaScript's parseInt), and then checks no limit at all"
        if read is None
        else f"as {read} (JavaScript's parseInt, the leading digits)"
        + (", and then checks no limit at all" if read <= 0 else "")
    )
    # the number the text looks like ("1e3": 1000), else what aws-cdk-lib reads, else 500
    looks = whole_number(value)
    meant = next((n for n in (looks, read) if n is not None and n > 0), RESOURCES_MAX)
    return (
        f"`context {RESOURCE_LIMIT_CONTEXT!r}` is {value!r}, not a number of resources (0 or "
        f"more, digits only): aws-cdk-lib reads it {how}, and the stack has {resources} "
        f"resources, past CloudFormation's {RESOURCES_MAX}. Fix: pass -c "
        f"{RESOURCE_LIMIT_CONTEXT}={meant} (digits only; CloudFormation takes at most "
        f"{RESOURCES_MAX}, and 0 turns the check off), or drop the key"
    )


_LEADING_INT = re.compile(r"\s*([+-]?\d+)")


def _parse_int(value: object) -> int | None:
    """``value`` as JavaScript's ``parseInt(value, 10)`` reads it (None: NaN)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value)) if math.isfinite(value) else ""
    found = _LEADING_INT.match(value) if isinstance(value, str) else None
    return int(found[1]) if found else None


#: Each stack's count (by identity: a user's Stack class may define __eq__).
_COUNTS: IdentityMap[_ResourceCount] = IdentityMap()
