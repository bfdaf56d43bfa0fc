"""A resource imported by an ARN of one region (``Table.from_table_arn(self, "T",
"arn:aws:dynamodb:eu-west-1:...")``) given to a construct in an environment-agnostic stack:
the environment checks compare only what both sides know, so it passed; deployed to any
other region than the ARN's, the stack failed (an alarm cannot notify a topic of another
region, a rule listens to no bus there) or its functions were denied. A warning, not an
error: a stack deployed only to that region works, and its app may say so by
acknowledging it."""

from __future__ import annotations

from typing import cast

from aws_cdk import Annotations, IResource, Resource, Stack
from constructs import IConstruct

from constructs_lib._facts import stack_of
from constructs_lib._identity_map import IdentitySet
from constructs_lib._jsii import implements, is_unresolved
from constructs_lib._resource_env import resource_env

__all__ = ["FIXED_REGION_IN_AGNOSTIC_STACK_WARNING", "warn_of_fixed_region"]

#: The id to acknowledge (``cdk.Annotations.of(scope).acknowledge_warning(...)``).
FIXED_REGION_IN_AGNOSTIC_STACK_WARNING = "constructs_lib:fixedRegionInAgnosticStack"


def warn_of_fixed_region(scope: IConstruct, resource: object, prop: str) -> None:
    """Warns on ``scope`` when its stack is environment-agnostic (no region at synth) and
    ``resource``, given as ``prop``, was imported by an ARN naming a region."""
    if not implements(resource, IResource) or Resource.is_owned_resource(
        cast(IConstruct, resource)
    ):
        return  # a resource of the app: aws-cdk-lib and the environment checks compare it
    stack = stack_of(scope)
    known = resource_env(resource)
    if known is None or not is_unresolved(stack.region) or is_unresolved(known[1]):
        return
    if resource in _WARNED:
        return  # once per import: a construct's topic is its stack Monitoring's too
    _WARNED.add(resource)
    region = known[1]
    Annotations.of(scope).add_warning_v2(
        FIXED_REGION_IN_AGNOSTIC_STACK_WARNING,
        f"`{prop}` was imported by an ARN of region {region}, but the stack "
        f"{Stack.of(scope).node.path} is environment-agnostic: deployed to another region, "
        "it would use a resource of another region, which fails (an alarm notifies, a rule "
        "listens to, a function runs in and is granted only what is in its own region). "
        f"Fix: give the stack env=cdk.Environment(account=..., region='{region}'), or build "
        "the ARN from the stack's region (Stack.of(self).format_arn(...), or Aws.REGION in "
        f"it); acknowledge '{FIXED_REGION_IN_AGNOSTIC_STACK_WARNING}' if the stack deploys "
        f"to {region} only.",
    )


#: The imports warned of (whichever constructs are given them).
_WARNED = IdentitySet()
