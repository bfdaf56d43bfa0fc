"""A function's provisioned concurrency, checked again at synth (``_synth_checks``), on the
template as it stands then: within Lambda's range (1..10000) and within the function's
reservation. A Handler is checked when it is built (``function_sizes``), but

- a platform's Aspect lowering every function's ``ReservedConcurrentExecutions``
  afterwards (a company standard, or 0 as a stage's kill switch) synthesized, and Lambda
  refused the ``live`` alias's provisioned concurrency at deploy;
- a token the Handler was built with (``Lazy.number(...)``, a value another construct
  fills in) passes the checks when built, as any deploy-time value does, and resolved at
  synth to a number out of range or above the reservation, in silence.

A synth error, as when built: unlike a reservation of 0 alone (a warning: a kill switch may
be meant), these cannot deploy. A value known only at deploy (a ``CfnParameter``'s) is a
``Ref`` in the template, and is left to Lambda."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_

from constructs_lib._core.function_sizes import PROVISIONED_CONCURRENCY
from constructs_lib._core.sizes_recheck import HANDLER_TOKEN, token_or_changed
from constructs_lib._facts import resource_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._synth_checks import at_synth, is_number, template_properties
from constructs_lib.handler import Handler

__all__ = ["recheck_provisioned_at_synth"]

_LOW, _HIGH = PROVISIONED_CONCURRENCY


def recheck_provisioned_at_synth(
    function: lambda_.Function, alias: lambda_.Alias, handler: Handler
) -> None:
    """Checks at synth the provisioned concurrency of ``alias`` (the ``live`` alias on
    ``function``) that ``handler`` was built with. Only for a Handler with provisioned
    concurrency: the others' synth asks the kernel nothing more (each question is a round
    trip). The function's first re-check: a combined error lists its problems before the
    others' (the platform's, the environment's), which are added while the function is
    built, before its alias exists."""
    if handler.provisioned_concurrency is None:
        return
    resource, alias_resource = resource_of(function), resource_of(alias)
    if isinstance(resource, lambda_.CfnFunction) and isinstance(alias_resource, lambda_.CfnAlias):
        token = is_unresolved(handler.provisioned_concurrency) or is_unresolved(
            handler.reserved_concurrency
        )
        at_synth(function, lambda: _problems(resource, alias_resource, token), first=True)


def _problems(function: lambda_.CfnFunction, alias: lambda_.CfnAlias, token: bool) -> list[str]:
    """``token``: the Handler was built with a token, which its checks passed."""
    config = template_properties(alias).get("provisionedConcurrencyConfig")
    provisioned = (
        config.get("provisionedConcurrentExecutions") if isinstance(config, dict) else None
    )
    if not is_number(provisioned):
        return []  # none, or known only at deploy (a Ref)
    if provisioned != int(provisioned) or not _LOW <= provisioned <= _HIGH:
        return [
            f"`provisioned_concurrency` is {provisioned:g} in the template (the alias "
            f"{alias.node.path}): Lambda keeps a whole number of provisioned environments "
            f"from {_LOW} to {_HIGH} and would refuse the alias's configuration at deploy. "
            f"{_how(token)}. Fix: "
            + (
                f"change what produces the token to a whole number from {_LOW} to {_HIGH}"
                if token
                else "leave the alias out of what changed it, and set "
                f"Handler(provisioned_concurrency=...) from {_LOW} to {_HIGH}"
            )
        ]
    reserved = template_properties(function).get("reservedConcurrentExecutions")
    if not is_number(reserved) or provisioned <= reserved:
        return []
    return [
        f"`reserved_concurrency` is {reserved} in the template (the function "
        f"{function.node.path}), below the provisioned concurrency of its alias "
        f"{alias.node.path} ({provisioned}): Lambda keeps provisioned environments "
        "within a function's reservation and would refuse the alias's configuration at "
        f"deploy. {_how(token)}. Fix: "
        + (
            "change what produces the token, or set "
            if token
            else "leave the function out of what changed it, or set "
        )
        + f"Handler(reserved_concurrency=...) to {provisioned} or more, or "
        + (
            f"set Handler(provisioned_concurrency=...) to {reserved} or less"
            if reserved
            # 0 switches the function off: no provisioned environment fits
            else "drop provisioned_concurrency while a reservation of 0 switches the function off"
        )
    ]


def _how(token: bool) -> str:
    """How a wrong value came to be in the template."""
    return token_or_changed(HANDLER_TOKEN if token else None, "CfnFunction or CfnAlias")
