"""A function's memory and reserved concurrency, checked again at synth (``_synth_checks``),
on the template as it stands then, within the limits ``function_sizes`` checks a Handler
against when it is built: a whole number of MiB from 128 to 10240, and a whole number of
reserved executions from 0 to 10000. As the provisioned concurrency's re-check
(``provisioned_recheck``):

- a token the Handler (or the FunctionDefaults it takes its memory from) was built with
  (``Lazy.number(...)``, a value another construct fills in) passes the checks when built,
  as any deploy-time value does, and resolved at synth to 20000 MiB or 2.5 reserved
  executions, in silence; Lambda refused the function at deploy;
- a platform's Aspect (or an escape hatch on the CfnFunction) setting either out of range
  afterwards synthesized too.

A synth error, as when built. A reservation of 0 is in range (a kill switch: the
constructs whose function it switches off warn of it). A value known only at deploy (a
``CfnParameter``'s) is a ``Ref`` in the template, and is left to Lambda."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_

from constructs_lib._facts import resource_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._synth_checks import at_synth, changed_after, is_number, template_properties
from constructs_lib.handler import Handler

__all__ = ["HANDLER_TOKEN", "recheck_sizes_at_synth", "token_or_changed"]

# The limits function_sizes checks a Handler against: (template property, prop, low,
# high, what Lambda keeps of it).
_LIMITS = (
    ("memorySize", "memory_mib", 128, 10240, "gives a function a whole number of MiB"),
    (
        "reservedConcurrentExecutions",
        "reserved_concurrency",
        0,
        10000,
        "reserves a whole number of concurrent executions for a function",
    ),
)


def recheck_sizes_at_synth(function: lambda_.Function, handler: Handler, memory: object) -> None:
    """Checks at synth the memory and reserved concurrency of ``function``, built from
    ``handler`` with ``memory`` (its own ``memory_mib``, else its FunctionDefaults')."""
    resource = resource_of(function)
    if not isinstance(resource, lambda_.CfnFunction):
        return
    tokens = {
        "memory_mib": _token_source(memory, handler.memory_mib),
        "reserved_concurrency": _token_source(
            handler.reserved_concurrency, handler.reserved_concurrency
        ),
    }
    at_synth(function, lambda: _problems(resource, tokens))


#: How a Handler built with a token came to have a value that its checks passed.
HANDLER_TOKEN = "The Handler was built with a token (a deploy-time value), which its checks pass"
_DEFAULTS_TOKEN = (
    "The FunctionDefaults the Handler takes its memory from were given a token (a "
    "deploy-time value), which their checks pass"
)


def _token_source(value: object, own: object) -> str | None:
    """How a token ``value`` came (None: not a token): the Handler's when ``own`` is its own."""
    if not is_unresolved(value):
        return None
    return HANDLER_TOKEN if own is not None else _DEFAULTS_TOKEN


def _problems(function: lambda_.CfnFunction, tokens: dict[str, str | None]) -> list[str]:
    """``tokens``: by prop, how the token it was built with came (None: not a token)."""
    properties = template_properties(function)
    problems = []
    for key, prop, low, high, kept in _LIMITS:
        value = properties.get(key)
        if not is_number(value) or (value == int(value) and low <= value <= high):
            continue  # none, known only at deploy (a Ref), or within Lambda's limits
        token = tokens[prop]
        problems.append(
            f"`{prop}` is {value:g} in the template (the function {function.node.path}): "
            f"Lambda {kept} from {low} to {high} and would refuse the function at deploy. "
            f"{token_or_changed(token, 'CfnFunction')}. Fix: "
            + (
                f"change what produces the token to a whole number from {low} to {high}"
                if token
                else "leave the function out of what changed it, and set "
                f"Handler({prop}=...) from {low} to {high}"
            )
        )
    return problems


def token_or_changed(token: str | None, *escape_hatches: str, construct: str = "function") -> str:
    """How a wrong value came to be in the template: by a ``token`` (:data:`HANDLER_TOKEN`),
    else changed after the ``construct`` was built."""
    if token:
        return f"{token}; it resolved to this number only at synth"
    return changed_after(construct, *escape_hatches)
