"""Whether a deployment hook's function in a Network can do its job: report its result to
CodeDeploy (``PutLifecycleEventHookExecutionStatus``) and invoke the version being deployed
(Lambda's ``Invoke``). In isolated subnets without NAT and without those interface endpoints
both calls time out: CodeDeploy waits an hour for the report and fails the deployment, with
nothing at synth to say why. Hooks stay in the Network (compliance packs want every function
in a VPC, and a hook may test what only the VPC reaches), so the rule is the links' reach
rule, applied to the two services every hook calls."""

from __future__ import annotations

from collections.abc import Sequence

from constructs_lib._core.link_reach import (
    add_endpoint_call,
    egress_fix,
    unreachable,
    vpc_endpoints_fix,
)
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler
from constructs_lib.network import Network

__all__ = ["HOOK_SERVICES", "check_hook_reach"]

#: What each hook calls, and what for (the interface endpoints' names).
HOOK_SERVICES = {
    "codedeploy": "report its result to CodeDeploy",
    "lambda": "invoke the new version",
}


def check_hook_reach(v: Validator, hook: object, prop: str, network: object) -> None:
    """Adds a problem when the hook Handler given at ``prop`` runs in ``network`` and cannot
    reach CodeDeploy or Lambda: at synth, when every interface endpoint the user adds to
    the VPC (after the construct, or in a stack built later) is defined."""
    if not isinstance(network, Network) or not isinstance(hook, Handler):
        return
    endpoints = hook.endpoints
    if isinstance(endpoints, str) or not isinstance(endpoints, Sequence):
        return  # reported by check_endpoints
    if _hook_problem(network, tuple(endpoints)) is not None:
        v.add_at_synth(f"{prop}.endpoints", lambda: _hook_problem(network, tuple(endpoints)))


def _hook_problem(network: Network, endpoints: tuple[str, ...]) -> tuple[str, str] | None:
    """(message, fix) when a hook listing ``endpoints`` in ``network`` reaches CodeDeploy
    or Lambda neither through them, NAT or an endpoint of the user's; else None."""
    listed = set(endpoints)
    missing = [name for name in HOOK_SERVICES if unreachable(network, name, listed) is not None]
    if not missing:
        return None
    wanted = tuple(dict.fromkeys([*endpoints, *missing]))
    return (
        f"is {endpoints!r}, but the hook runs in the Network {network.node.path}'s "
        f"isolated subnets, with no NAT gateway and no {' or '.join(missing)} interface "
        f"endpoint: it could not {' nor '.join(HOOK_SERVICES[name] for name in missing)}, "
        "so CodeDeploy would wait an hour for its report and fail the deployment",
        f"add {' and '.join(repr(name) for name in missing)} to the hook Handler's endpoints "
        f"(endpoints={wanted!r}: interface endpoints, about $7.30 per AZ per month each, "
        f"created once per Network), or {egress_fix(network)}, or {_yours(network, missing)}",
    )


def _yours(network: Network, missing: list[str]) -> str:
    """The fix of endpoints of the user's that serve the hook without it listing them."""
    if not network.owns_vpc:  # the VPC's own, outside the app, or defined in it
        return vpc_endpoints_fix(*missing)
    calls = " and ".join(add_endpoint_call(name) for name in missing)
    return (
        f"give the VPC your own {' and '.join(missing)} endpoints ({calls}), which serve the "
        "hook without it listing them"
    )
