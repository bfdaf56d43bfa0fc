"""A function's provisioned concurrency within its reservation, checked again at synth
(``_synth_checks``). A Handler whose ``provisioned_concurrency`` is above its
``reserved_concurrency`` is refused when it is built (``function_sizes``), but a
platform's Aspect lowering every function's ``ReservedConcurrentExecutions`` afterwards (a
company standard, or 0 as a stage's kill switch) synthesized, and Lambda refused the
``live`` alias's provisioned concurrency at deploy. A synth error, as when built: unlike
a reservation of 0 alone (a warning: a kill switch may be meant), this one cannot deploy."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_

from constructs_lib._facts import node_of, resource_of
from constructs_lib._synth_checks import at_synth, changed_after, is_number, template_properties

__all__ = ["recheck_provisioned_at_synth"]

#: The id of the ``live`` alias beside the function in its FunctionCore (function.py).
_ALIAS_ID = "Live"


def recheck_provisioned_at_synth(function: lambda_.Function, provisioned: object) -> None:
    """Checks at synth that the provisioned concurrency of ``function``'s ``live`` alias
    (found then: the alias is created after the function) is within its reservation, both
    as the template has them. Only for a Handler built with ``provisioned`` concurrency:
    the others' synth asks the kernel nothing more (each question is a round trip)."""
    resource = resource_of(function)
    if provisioned is not None and isinstance(resource, lambda_.CfnFunction):
        at_synth(function, lambda: _problems(function, resource))


def _problems(function: lambda_.Function, resource: lambda_.CfnFunction) -> list[str]:
    scope = node_of(function).scope
    alias = node_of(scope).try_find_child(_ALIAS_ID) if scope is not None else None
    alias_resource = resource_of(alias) if alias is not None else None
    if not isinstance(alias_resource, lambda_.CfnAlias):
        return []
    config = template_properties(alias_resource).get("provisionedConcurrencyConfig")
    provisioned = (
        config.get("provisionedConcurrentExecutions") if isinstance(config, dict) else None
    )
    reserved = template_properties(resource).get("reservedConcurrentExecutions")
    if not is_number(provisioned) or not is_number(reserved) or provisioned <= reserved:
        return []
    return [
        f"`reserved_concurrency` is {reserved} in the template (the function "
        f"{resource.node.path}), below the provisioned concurrency of its alias "
        f"{alias_resource.node.path} ({provisioned}): Lambda keeps provisioned environments "
        "within a function's reservation and would refuse the alias's configuration at "
        f"deploy. {changed_after('function', 'CfnFunction or CfnAlias')}. Fix: leave the "
        "function out of what changed it, or set Handler(reserved_concurrency=...) to "
        f"{provisioned} or more, or "
        + (
            f"set Handler(provisioned_concurrency=...) to {reserved} or less"
            if reserved
            # 0 switches the function off: no provisioned environment fits
            else "drop provisioned_concurrency while a reservation of 0 switches the function off"
        )
    ]
