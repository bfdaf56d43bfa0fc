"""A resource imported by an ARN of one region (``Table.from_table_arn(self, "T",
"arn:aws:dynamodb:eu-west-1:...")``, a bucket imported with ``region=``, an API domain's
certificate, the ``constructs_lib:log_encryption_key`` context's key) given to a construct
in an environment-agnostic stack: the environment checks compare only what both sides know,
so it passed; deployed to any other region than the ARN's, the stack failed (an alarm
cannot notify a topic of another region, a rule listens to no bus there, S3 notifies no
queue of another region) or its functions were denied. Outside the ARN's partition (an
``aws-cn`` ARN, a stack deployed to eu-west-1) nothing of it can be used at all: a bucket
imported by an ARN of another partition than aws (``arn:aws-cn:s3:::reports``, which names
no region) warns too. A
warning, not an error: a stack deployed only to that region works, and its app may say so
by acknowledging it."""

from __future__ import annotations

from typing import cast

from aws_cdk import Annotations, IResource, Resource, Stack
from constructs import IConstruct

from constructs_lib._arn_partitions import arn_partition
from constructs_lib._facts import stack_of
from constructs_lib._identity_map import IdentitySet
from constructs_lib._jsii import implements, is_unresolved
from constructs_lib._resource_env import resource_env

__all__ = [
    "FIXED_REGION_IN_AGNOSTIC_STACK_WARNING",
    "warn_of_fixed_region",
    "warn_of_region_in_agnostic_stack",
]

#: The id to acknowledge (``cdk.Annotations.of(scope).acknowledge_warning(...)``).
FIXED_REGION_IN_AGNOSTIC_STACK_WARNING = "constructs_lib:fixedRegionInAgnosticStack"
# how to build an ARN that follows the deploy's region and partition
_BUILD_ARN = (
    "build the ARN from the stack's partition and region (Stack.of(self).format_arn(...), "
    "or Aws.PARTITION and Aws.REGION in it)"
)


def warn_of_fixed_region(scope: IConstruct, resource: object, prop: str) -> None:
    """Warns on ``scope`` when its stack is environment-agnostic (no region at synth) and
    ``resource``, given as ``prop``, was imported by an ARN naming a region (a bucket: with
    ``region=``)."""
    if not implements(resource, IResource) or Resource.is_owned_resource(
        cast(IConstruct, resource)
    ):
        return  # a resource of the app: aws-cdk-lib and the environment checks compare it
    known = resource_env(resource)
    if known is None or resource in _WARNED:
        return  # (once per import: a construct's topic is its stack Monitoring's too)
    if is_unresolved(known[1]):  # no region: an S3 ARN's partition may still be fixed
        if _warn_of_fixed_partition(scope, resource, prop):
            _WARNED.add(resource)
        return
    region = known[1]
    if hasattr(resource, "bucket_name"):  # an S3 ARN names no region
        how, other = f"was imported with region={region!r}", "import it without region="
    else:
        how, other = f"was imported by an ARN of region {region}", _BUILD_ARN
    if warn_of_region_in_agnostic_stack(scope, f"`{prop}` {how}", region, other):
        _WARNED.add(resource)


def warn_of_region_in_agnostic_stack(
    scope: IConstruct, subject: str, region: str, other_fix: str
) -> bool:
    """Warns on ``scope`` that ``subject`` (``"`prop` was imported ..."``) fixes ``region``
    when its stack is environment-agnostic; ``other_fix`` (``"build the ARN ..."``) is the
    way besides an ``env=``. Whether it warned."""
    stack = stack_of(scope)
    if not is_unresolved(stack.region) or is_unresolved(region):
        return False
    Annotations.of(scope).add_warning_v2(
        FIXED_REGION_IN_AGNOSTIC_STACK_WARNING,
        f"{subject}{_partition_of(region)}, but the stack {Stack.of(scope).node.path} is "
        "environment-agnostic: deployed to another region, it would use a resource of another "
        "region, which fails (an alarm notifies, a rule listens to, S3 notifies, a function "
        "runs in and is granted only what is in its own region; in another partition nothing "
        f"of it can be used). Fix: give the stack env=cdk.Environment(account=..., "
        f"region='{region}'), or {other_fix}; acknowledge "
        f"'{FIXED_REGION_IN_AGNOSTIC_STACK_WARNING}' if the stack deploys to {region} only.",
    )
    return True


def _warn_of_fixed_partition(scope: IConstruct, resource: object, prop: str) -> bool:
    """Warns on ``scope`` when its stack is environment-agnostic and ``resource`` was
    imported by an ARN naming no region (a bucket's, ``arn:aws-cn:s3:::reports``) but a
    partition other than aws: deployed there, nothing of the aws partition can use it. An
    ``arn:aws:`` one is not warned of: aws is where an environment-agnostic stack deploys
    unless its app says otherwise, and every such import in it would warn. Whether it
    warned."""
    arn = getattr(resource, "bucket_arn", None)
    partition = arn_partition(arn)
    stack = stack_of(scope)
    if partition in (None, "aws") or not is_unresolved(stack.region):
        return False
    from aws_cdk import region_info  # with such an import only

    regions = [r.name for r in region_info.RegionInfo.regions if r.partition == partition]
    region = regions[0] if regions else f"<a region of {partition}>"
    Annotations.of(scope).add_warning_v2(
        FIXED_REGION_IN_AGNOSTIC_STACK_WARNING,
        f"`{prop}` was imported from {arn!r}, an ARN of the partition {partition} (an S3 ARN "
        f"names no region, but its partition is fixed), but the stack {stack.node.path} is "
        "environment-agnostic: deployed to a region of another partition (the aws "
        "partition's eu-west-1), it would use a resource of another partition, and the "
        "partitions are separate clouds: nothing of one is used from another. Fix: give "
        f"the stack env=cdk.Environment(account=..., region='{region}') (a region of "
        f"{partition}), or import it by name (s3.Bucket.from_bucket_name(...): the ARN "
        f"then follows the deploy's partition); acknowledge "
        f"'{FIXED_REGION_IN_AGNOSTIC_STACK_WARNING}' if the stack deploys to {partition} "
        "only.",
    )
    return True


def _partition_of(region: str) -> str:
    """`` (partition aws-cn)`` for a region outside the aws partition, else nothing."""
    from aws_cdk import region_info

    partition = region_info.RegionInfo.get(region).partition
    return f" (partition {partition})" if partition not in (None, "aws") else ""


#: The imports warned of (whichever constructs are given them).
_WARNED = IdentitySet()
