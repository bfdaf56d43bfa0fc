"""A function's memory, ``/tmp`` size, timeout and reserved concurrency, checked again at
synth (``_synth_checks``), on the template as it stands then, within the limits
``function_sizes`` checks a Handler against when it is built: a whole number of MiB from
128 to 10240 (``/tmp``: 512 to 10240), a whole number of seconds from 1 to 900, and a
whole number of reserved executions from 0 to 10000. As the provisioned concurrency's
re-check (``provisioned_recheck``):

- a token the Handler (or the FunctionDefaults it takes a setting from) was built with
  (``Lazy.number(...)``, ``Duration.seconds(<token>)``, a value another construct fills in)
  passes the checks when built, as any deploy-time value does, and resolved at synth to
  20000 MiB, 1000 seconds or 2.5 reserved executions, in silence; Lambda refused the
  function at deploy;
- a platform's Aspect (or an escape hatch on the CfnFunction) setting one out of range
  afterwards synthesized too.

A synth error, as when built. A reservation of 0 is in range (a kill switch: the
constructs whose function it switches off warn of it). A value known only at deploy (a
``CfnParameter``'s) is a ``Ref`` in the template, and is left to Lambda. The timeout's
limits that depend on the trigger are re-checked where the trigger is: a route's 29
seconds (``serverless_api.route_timeouts``), a QueueWorker's visibility timeout
(``_queue_visibility``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aws_cdk import aws_lambda as lambda_

from constructs_lib._core.environment_size_recheck import environment_problems
from constructs_lib._core.function_sizes import (
    EPHEMERAL_STORAGE_MIB,
    MEMORY_MIB,
    RESERVED_CONCURRENCY,
    TIMEOUT_SECONDS,
)
from constructs_lib._facts import resource_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._synth_checks import (
    at_synth,
    changed_after,
    expect_properties,
    is_number,
    template_properties,
)
from constructs_lib.handler import Handler

__all__ = ["HANDLER_TOKEN", "recheck_sizes_at_synth", "token_or_changed"]

# The limits function_sizes checks a Handler against: (prop, the template's value, low,
# high, what Lambda keeps of it, the number as the Handler takes it).
_LIMITS: tuple[tuple[str, Callable[[Mapping[str, Any]], object], int, int, str, str], ...] = (
    (
        "memory_mib",
        lambda p: p.get("memorySize"),
        *MEMORY_MIB,
        "gives a function a whole number of MiB",
        "memory_mib=...",
    ),
    (
        "ephemeral_storage_mib",
        lambda p: (p.get("ephemeralStorage") or {}).get("size"),
        *EPHEMERAL_STORAGE_MIB,
        "gives a function's /tmp a whole number of MiB",
        "ephemeral_storage_mib=...",
    ),
    (
        "timeout",
        lambda p: p.get("timeout"),
        *TIMEOUT_SECONDS,
        "runs a function for a whole number of seconds",
        "timeout=Duration.seconds(...)",
    ),
    (
        "reserved_concurrency",
        lambda p: p.get("reservedConcurrentExecutions"),
        *RESERVED_CONCURRENCY,
        "reserves a whole number of concurrent executions for a function",
        "reserved_concurrency=...",
    ),
)


def recheck_sizes_at_synth(function: lambda_.Function, handler: Handler, resolved: Handler) -> None:
    """Checks at synth the memory, ``/tmp``, timeout and reserved concurrency of
    ``function``, built from ``handler`` with ``resolved`` (its own settings, else its
    FunctionDefaults')."""
    resource = resource_of(function)
    if not isinstance(resource, lambda_.CfnFunction):
        return
    tokens = {
        prop: _token_source(getattr(resolved, prop), getattr(handler, prop), prop)
        for prop in ("memory_mib", "ephemeral_storage_mib", "timeout")
    }
    tokens["reserved_concurrency"] = _token_source(
        handler.reserved_concurrency, handler.reserved_concurrency, "reserved_concurrency"
    )
    environment = resolved.environment if isinstance(resolved.environment, Mapping) else {}
    token = any(is_unresolved(value) for value in environment.values())
    expect_properties(resource)  # read with the stack's others (_synth_phase)
    at_synth(
        function,
        lambda: [
            *_problems(resource, tokens),
            *environment_problems(resource, template_properties(resource), token),
        ],
    )


#: How a Handler built with a token came to have a value that its checks passed.
HANDLER_TOKEN = "The Handler was built with a token (a deploy-time value), which its checks pass"


def _token_source(value: object, own: object, prop: str) -> str | None:
    """How a token ``value`` came (None: not a token): the Handler's when ``own`` is its own,
    else the FunctionDefaults' it takes ``prop`` from."""
    if value is None or not is_unresolved(value):
        return None
    if own is not None:
        return HANDLER_TOKEN
    return (
        f"The FunctionDefaults the Handler takes its {_WHAT[prop]} from were given a token (a "
        "deploy-time value), which their checks pass"
    )


_WHAT = {"memory_mib": "memory", "ephemeral_storage_mib": "/tmp size", "timeout": "timeout"}


def _problems(function: lambda_.CfnFunction, tokens: dict[str, str | None]) -> list[str]:
    """``tokens``: by prop, how the token it was built with came (None: not a token)."""
    properties = template_properties(function)
    problems = []
    for prop, read, low, high, kept, setting in _LIMITS:
        value = read(properties)
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
                f"Handler({setting}) from {low} to {high}"
            )
        )
    return problems


def token_or_changed(token: str | None, *escape_hatches: str, construct: str = "function") -> str:
    """How a wrong value came to be in the template: by a ``token`` (:data:`HANDLER_TOKEN`),
    else changed after the ``construct`` was built."""
    if token:
        return f"{token}; it resolved to this number only at synth"
    return changed_after(construct, *escape_hatches)
