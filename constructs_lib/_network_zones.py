"""A new VPC's zones and NAT gateways against what CDK can give the stack: it would
silently create fewer zones (and NAT gateways) than asked."""

from __future__ import annotations

from aws_cdk import Stack

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_zones"]

# CDK uses two placeholder zones when a stack has no account and region.
_ENV_AGNOSTIC_ZONES = 2


def check_zones(v: Validator, max_azs: object, nat_gateways: object) -> None:
    """``max_azs`` within the zones of the stack's region (2 when env-agnostic), and
    ``nat_gateways`` within ``max_azs``."""
    if not isinstance(max_azs, int) or not isinstance(nat_gateways, int):
        return  # reported by check_range
    stack = Stack.of(v.scope)
    if is_unresolved(stack.account) or is_unresolved(stack.region):
        v.check(
            is_unresolved(max_azs) or max_azs <= _ENV_AGNOSTIC_ZONES,
            "max_azs",
            f"is {max_azs}, but the stack is env-agnostic (no account and region), "
            f"where CDK can only use {_ENV_AGNOSTIC_ZONES} availability zones",
            "pass env=cdk.Environment(account=..., region=...) to the stack, or max_azs="
            f"{_ENV_AGNOSTIC_ZONES} or fewer",
        )
    else:
        _check_region_zones(v, stack, max_azs)
    v.check(
        is_unresolved(nat_gateways) or nat_gateways <= max_azs,
        "nat_gateways",
        f"is {nat_gateways}, more than max_azs ({max_azs}): one NAT gateway "
        "per zone at most, so CDK would silently create fewer",
        f"pass nat_gateways={max_azs} or fewer, or raise max_azs",
    )


def _check_region_zones(v: Validator, stack: Stack, max_azs: int) -> None:
    """``max_azs`` against the zones the stack's region has (cdk.context.json's; dummy
    ones until the CLI has looked them up, which are not checked)."""
    zones = stack.availability_zones
    if is_unresolved(max_azs) or any(zone.startswith("dummy") for zone in zones):
        return
    v.check(
        max_azs <= len(zones),
        "max_azs",
        f"is {max_azs}, but {stack.region} has {len(zones)} availability zones for account "
        f"{stack.account} ({', '.join(zones)}), so CDK would silently create {len(zones)}",
        f"pass max_azs={len(zones)} or fewer",
    )
