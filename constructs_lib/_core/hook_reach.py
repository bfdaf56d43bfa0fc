"""Whether a deployment hook's function in a Network can do its job: report its result to
CodeDeploy (``PutLifecycleEventHookExecutionStatus``) and invoke the version being deployed
(Lambda's ``Invoke``). In isolated subnets without NAT and without those interface endpoints
both calls time out: CodeDeploy waits an hour for the report and fails the deployment, with
nothing at synth to say why. Hooks stay in the Network (compliance packs want every function
in a VPC, and a hook may test what only the VPC reaches), so the rule is the links' reach
rule, applied to the two services every hook calls."""

from __future__ import annotations

from collections.abc import Sequence

from constructs_lib._core.link_reach import unreachable
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
    reach CodeDeploy or Lambda."""
    if not isinstance(network, Network) or not isinstance(hook, Handler):
        return
    endpoints = hook.endpoints
    if isinstance(endpoints, str) or not isinstance(endpoints, Sequence):
        return  # reported by check_endpoints
    listed = set(endpoints)
    missing = [name for name in HOOK_SERVICES if unreachable(network, name, listed) is not None]
    if not missing:
        return
    wanted = tuple(dict.fromkeys([*endpoints, *missing]))
    v.add(
        f"{prop}.endpoints",
        f"is {tuple(endpoints)!r}, but the hook runs in the Network {network.node.path}'s "
        f"isolated subnets, with no NAT gateway and no {' or '.join(missing)} interface "
        f"endpoint: it could not {' nor '.join(HOOK_SERVICES[name] for name in missing)}, "
        "so CodeDeploy would wait an hour for its report and fail the deployment",
        f"add {' and '.join(repr(name) for name in missing)} to the hook Handler's endpoints "
        f"(endpoints={wanted!r}: interface endpoints, about $7.30 per AZ per month each, "
        "created once per Network), or give the Network nat_gateways",
    )
