"""The reserved concurrency of a stack's library functions against Lambda's concurrency in
an account and region. AWS: "You can reserve up to the Unreserved account concurrency value
that is shown, minus 100 for functions that don't have reserved concurrency", and the
account's concurrency is 1,000 by default (the adjustable quota 'Concurrent executions').
So with the default quota the functions of an account and region reserve 900 in all at
most: a Handler's ``reserved_concurrency`` (0..10000, the range Lambda's API takes) above
that, or several that add up past it, synthesized and passed cdk-nag, and Lambda refused
the reservation at deploy ("decreases account's UnreservedConcurrentExecution below its
minimum value of [100]"). An account may have a higher quota, so a warning
(``_quotas``), not an error, read at synth on the template (after every Aspect).

Only the functions built with a reservation are counted (each other function's synth asks
the jsii kernel nothing more), and only within one stack: the library cannot know which
stacks deploy to one account and region, nor what the account's other functions reserve."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_

from constructs_lib._facts import path_of, resource_of, stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._quotas import Quota, warn_of_quota
from constructs_lib._synth_checks import at_synth, is_number, template_properties
from constructs_lib.handler import Handler

__all__ = ["RESERVED_QUOTA_WARNING", "UNRESERVED_MINIMUM", "count_reservation"]

RESERVED_QUOTA_WARNING = "constructs_lib:reservedConcurrencyQuota"
#: What Lambda keeps unreserved in every account and region.
UNRESERVED_MINIMUM = 100
_QUOTA = Quota(service="AWS Lambda", name="Concurrent executions", default=1000)
_MOST = _QUOTA.default - UNRESERVED_MINIMUM

#: Each stack's functions built with a reservation, in the order they were built.
_RESERVING: IdentityMap[list[tuple[str, lambda_.CfnFunction]]] = IdentityMap()


def count_reservation(function: lambda_.Function, handler: Handler) -> None:
    """Counts ``function`` (built from ``handler``) in its stack's reservations, checked
    together at synth once per stack."""
    if handler.reserved_concurrency is None:
        return
    resource = resource_of(function)
    if not isinstance(resource, lambda_.CfnFunction):
        return
    stack = stack_of(function)
    first = _RESERVING.get(stack) is None
    reserving = _RESERVING.remembered(stack, list)
    reserving.append((path_of(function), resource))
    if first:
        at_synth(stack, lambda: _warn(stack, reserving))


def _warn(stack: Stack, reserving: list[tuple[str, lambda_.CfnFunction]]) -> list[str]:
    reserved = [
        (path, value)
        for path, function in reserving
        if is_number(value := template_properties(function).get("reservedConcurrentExecutions"))
    ]
    total = sum(value for _, value in reserved)
    if total <= _MOST:
        return []
    if len(reserved) == 1:
        ((path, value),) = reserved
        found = f"The function {path} reserves {value:g} concurrent executions"
        fix = f"set its reserved_concurrency to {_MOST} or less"
    else:
        listed = ", ".join(f"{path} {v:g}" for path, v in reserved)
        found = f"The stack's functions reserve {total:g} concurrent executions in all ({listed})"
        fix = f"set the reservations to {_MOST} or less in all (on the functions that need one)"
    warn_of_quota(
        stack,
        RESERVED_QUOTA_WARNING,
        f"{found}, but Lambda keeps {UNRESERVED_MINIMUM} of the account's concurrency in the "
        f"region unreserved (at most the quota less {UNRESERVED_MINIMUM} can be reserved)",
        _QUOTA,
        fix=fix,
        failure="Lambda refuses the reservation at deploy (it would leave fewer than "
        f"{UNRESERVED_MINIMUM} unreserved)",
    )
    return []  # a warning: the synth goes on
