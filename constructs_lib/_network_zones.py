"""A new VPC's zones and NAT gateways against what CDK can give the stack: it would
silently create fewer zones (and NAT gateways) than asked."""

from __future__ import annotations

from aws_cdk import Stack

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_zones"]

# CDK uses two placeholder zones when a stack has no account and region.
_ENV_AGNOSTIC_ZONES = 2
# Network's own bound of max_azs (and nat_gateways).
_MAX_AZS = 6


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
    if is_unresolved(nat_gateways) or is_unresolved(max_azs) or nat_gateways <= max_azs:
        return
    v.add(
        "nat_gateways",
        f"is {nat_gateways}, more than max_azs ({max_azs}): one NAT gateway "
        "per zone at most, so CDK would silently create fewer",
        _nat_fix(nat_gateways, max_azs, _most_zones(stack)),
    )


def _most_zones(stack: Stack) -> int:
    """The most zones max_azs can ask of ``stack``: Network's 6, fewer when the stack is
    env-agnostic or its region's zones are known to be fewer."""
    if is_unresolved(stack.account) or is_unresolved(stack.region):
        return _ENV_AGNOSTIC_ZONES
    zones = stack.availability_zones
    if any(zone.startswith("dummy") for zone in zones):
        return _MAX_AZS
    return min(_MAX_AZS, len(zones))


def _nat_fix(nat_gateways: int, max_azs: int, most_zones: int) -> str:
    """Lower nat_gateways to what max_azs allows (within what the stack can have); raise
    max_azs instead only when that many zones exist (a fix that cannot work is none)."""
    fewer = f"pass nat_gateways={max(0, min(max_azs, most_zones))} or fewer"
    if nat_gateways <= most_zones:
        return f"{fewer}, or max_azs={nat_gateways}"
    return fewer


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
