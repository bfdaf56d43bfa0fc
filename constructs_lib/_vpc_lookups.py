"""The answer ``cdk.context.json`` keeps for a ``Vpc.from_lookup``: a VPC whose subnets
were added after the first lookup (a platform team's new tier) keeps the old answer, and
the CDK CLI never asks again. A problem about the subnets such a VPC lacks names the entry
to remove, not only the ``Vpc.from_vpc_attributes`` way."""

from __future__ import annotations

from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from constructs_lib._jsii import is_unresolved

__all__ = ["stale_lookup_fix"]

_PROVIDER = "vpc-provider:"


def _lookup_key(scope: Construct, vpc: ec2.IVpc) -> str | None:
    """The context key of the lookup that answered with ``vpc``, if one did."""
    vpc_id = vpc.vpc_id
    if is_unresolved(vpc_id):
        return None
    context = scope.node.get_all_context()
    return next(
        (
            key
            for key, answer in context.items()
            if key.startswith(_PROVIDER)
            and isinstance(answer, dict)
            and answer.get("vpcId") == vpc_id
        ),
        None,
    )


def stale_lookup_fix(scope: Construct, vpc: ec2.IVpc) -> str:
    """A fix sentence for a problem with ``vpc``'s subnets when ``vpc`` came from a lookup
    kept in cdk.context.json ("" otherwise), to follow the rule's own fix."""
    key = _lookup_key(scope, vpc)
    if key is None:
        return ""
    return (
        f"; or, if the VPC has them now, remove the lookup's answer cdk.context.json keeps "
        f"from before (cdk context --reset '{key}') and run cdk synth again, which looks "
        "the VPC up anew"
    )
