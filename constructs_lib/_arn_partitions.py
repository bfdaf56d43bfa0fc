"""An imported resource's ARN of another partition than its stack's region (an ``aws-cn``
topic in a stack of eu-west-1, an ``aws`` key in one of cn-north-1): the partitions are
separate clouds, and nothing of one is ever used from another. aws-cdk-lib's
``from_..._arn`` methods take any partition, and the template synthesized; the deploy or
every call of the functions failed. A stack without a region (environment-agnostic) learns
its partition at deploy: the fixedRegionInAgnosticStack warning names it
(``_agnostic_imports``)."""

from __future__ import annotations

from aws_cdk import Stack
from constructs import IConstruct

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["arn_partition", "check_arn_partition", "stack_partition"]


def arn_partition(arn: object) -> str | None:
    """The partition a literal ARN names (``aws-cn``), or None (a token, no ARN)."""
    if not isinstance(arn, str) or is_unresolved(arn) or not arn.startswith("arn:"):
        return None
    parts = arn.split(":")
    return parts[1] or None if len(parts) > 5 else None


def stack_partition(scope: IConstruct) -> str | None:
    """The partition of ``scope``'s stack's region, or None when the region is not known at
    synth or not to aws-cdk-lib's region facts. Read from the facts, not ``Stack.partition``,
    which is ``AWS::Partition`` in an app without the enablePartitionLiterals feature flag."""
    region = Stack.of(scope).region
    if is_unresolved(region):
        return None
    from aws_cdk import region_info  # with an imported ARN only

    partition = region_info.RegionInfo.get(region).partition
    return None if partition is None else str(partition)


def check_arn_partition(v: Validator, arn: object, prop: str, effect: str) -> bool:
    """Adds a problem when the literal ``arn`` (given as ``prop``) names another partition
    than the stack's region; ``effect`` (``": ..."``) says what that breaks. Whether it does
    not (or either is unknown at synth)."""
    theirs = arn_partition(arn)
    if theirs is None:
        return True  # a resource of the app, or imported by a name: asks the stack nothing
    here = stack_partition(v.scope)
    if here is None or theirs == here:
        return True
    region = Stack.of(v.scope).region
    v.add(
        prop,
        f"was imported from {arn!r}, an ARN of the partition {theirs}, and the stack's region "
        f"{region} is in the partition {here}: the partitions are separate clouds, and no "
        f"resource of one can be used from another{effect}",
        f"pass the resource of this stack's partition (its ARN starts arn:{here}:), or "
        f"create this construct in a stack of a region of {theirs}",
    )
    return False
