"""Whether aws-cdk-lib can reference a resource another stack of the app creates from the
construct's stack. Across regions it reads the other stack's output through SSM, across
accounts through a role of the other account; both need the environments known at synth.
Without them aws-cdk-lib fails the synth with a CrossRegionReferencesRequireExplicitRegion
trace that names no prop, or (an env with a region and no account next to one with both)
writes the role of ``unknown-account`` into the template, which fails the deploy."""

from __future__ import annotations

from aws_cdk import Resource, Stack
from constructs import Construct, IConstruct

from constructs_lib._cfn import drop_export_role_dependencies
from constructs_lib._facts import env_of, stack_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_region_known", "reads_across_regions"]


def check_region_known(
    v: Validator, resource: IConstruct, prop: str, kind: str, mine: str = "this construct's"
) -> bool:
    """A ``kind`` created in another stack is referenced across stacks, which needs both
    stacks' regions, or neither, known at synth, and across accounts both accounts too.
    ``mine``: whose stack ``v``'s construct is (e.g. "the site's"). Whether it is fine."""
    here, there = Stack.of(v.scope), Stack.of(resource)
    if here is there or (
        isinstance(resource, Resource) and not Resource.is_owned_resource(resource)
    ):
        return True  # imported: referenced by its name or ARN
    regions = [_known(stack.region) for stack in (here, there)]
    accounts = [_known(stack.account) for stack in (here, there)]
    # aws-cdk-lib's own test (core/lib/private/refs.ts): another account, or another region,
    # with either region unknown fails the synth
    if accounts[0] == accounts[1] and regions[0] == regions[1]:
        return True
    if None in regions:
        v.add(
            prop,
            f"is in stack {there.node.path!r}"
            + (
                ", which is environment-agnostic, "
                if regions[1] is None
                else f" of region {there.region}, "
            )
            + f"and {mine} stack "
            + ("is environment-agnostic" if regions[0] is None else f"has region {here.region}")
            + f": aws-cdk-lib references another stack's {kind} only when both regions are known",
            "give both stacks env=cdk.Environment(account=..., region=...), or neither",
        )
        return False
    return v.check(
        None not in accounts,
        prop,
        f"is in stack {there.node.path!r}, {_account(accounts[1])}, and {mine} stack is "
        f"{_account(accounts[0])}: aws-cdk-lib reads another account's {kind} through a "
        "role of that account, and with an account unknown the template would name the "
        "role of 'unknown-account', which fails the deploy",
        "give both stacks env=cdk.Environment(account=..., region=...) with the account",
    )


def reads_across_regions(scope: IConstruct, resource: object) -> None:
    """``scope`` uses ``resource``'s attributes (a link's grant and variable, a certificate,
    a zone's records, the API behind a site, a user pool's authorizer). Where a stack of
    another region (both known, one account) creates them, a us-east-1 certificate or a
    global table whose replica is of ``scope``'s region, aws-cdk-lib reads them through its
    export writer there and reader here, whose handlers then lose the role dependency
    cfn-lint warns of (W3005): see drop_export_role_dependencies."""
    if not isinstance(resource, Construct):
        return
    here, there = stack_of(scope), stack_of(resource)
    (my_account, my_region), (account, region) = env_of(here), env_of(there)  # asked once
    if _known(my_region) is None or _known(region) is None or my_region == region:
        return
    if _known(my_account) != _known(account):
        return  # read through a role of that account, not through exports
    if (
        isinstance(resource, Resource)
        and not Resource.is_owned_resource(resource)
        and resource.env.region == region
    ):
        return  # an import of its stack's region: referenced by its name or ARN
    drop_export_role_dependencies(here, there)


def _known(value: str) -> str | None:
    return None if is_unresolved(value) else value


def _account(account: str | None) -> str:
    return f"of account {account}" if account else "without an account (its env names none)"
