"""Network's rules for a platform's security groups (``function_security_groups=``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2

from constructs_lib._env import check_same_stage, environment_hint, other_environment
from constructs_lib._jsii import described, is_unresolved, same_jsii_object
from constructs_lib._validation import Validator

__all__ = ["MAX_FUNCTION_SECURITY_GROUPS", "check_function_security_groups"]

# Lambda takes at most 5 security groups per function (VpcConfig.SecurityGroupIds), and
# each function keeps its own one (its HTTPS egress, the endpoints' ingress rule names it).
MAX_FUNCTION_SECURITY_GROUPS = 5 - 1
# The ID Vpc.from_lookup gives until the CLI has looked the VPC up (no real VPC's: those
# have 8 or 17 hex digits): it names no VPC, the synthesis with the real ID compares.
_LOOKUP_DUMMY_VPC_ID = "vpc-12345"
# VpcConfig.SecurityGroupIds' pattern (a name, or an ID copied with a line break, is none)
_GROUP_ID = re.compile(r"sg-[0-9a-zA-Z]+")


def check_function_security_groups(
    v: Validator, groups: Sequence[ec2.ISecurityGroup], vpc: ec2.IVpc | None
) -> None:
    """A list of security groups, at most four, none twice, none of another VPC than
    ``vpc`` (None: the Network creates its VPC, which has no platform's groups)."""
    prop = "function_security_groups"
    if not groups:
        return
    if vpc is None:
        v.add_relation(
            prop,
            "is set without existing_vpc: the VPC the Network creates has no "
            "platform security groups (a group of another VPC fails the deploy)",
            "pass existing_vpc=<the platform's VPC>, or drop function_security_groups",
        )
        return
    if isinstance(groups, str) or not isinstance(groups, list | tuple):
        v.add(
            prop,
            f"is {described(groups)}, not a list of security groups",
            "pass e.g. [ec2.SecurityGroup.from_security_group_id(self, 'Platform', 'sg-...')]",
        )
        return
    v.check(
        len(groups) <= MAX_FUNCTION_SECURITY_GROUPS,
        prop,
        f"has {len(groups)} security groups; with each function's own one that is "
        f"{len(groups) + 1}, and Lambda allows at most 5 per function",
        f"pass at most {MAX_FUNCTION_SECURITY_GROUPS} (merge the platform's rules into "
        "fewer groups)",
    )
    for index, group in enumerate(groups):
        if not hasattr(group, "security_group_id") or not hasattr(group, "node"):
            v.add(
                f"{prop}[{index}]",
                f"is {described(group)}, not a security group",
                "pass an ec2.SecurityGroup, or one imported with from_security_group_id",
            )
            continue
        if any(same_jsii_object(group, earlier) for earlier in groups[:index]):
            v.add(
                f"{prop}[{index}]", f"is {group.node.path} again", "list each security group once"
            )
            continue
        if not check_same_stage(v, group, f"{prop}[{index}]"):
            continue
        elsewhere = other_environment(v.scope, group)
        if elsewhere is not None:
            v.add(
                f"{prop}[{index}]",
                f"{group.node.path} is in {elsewhere}: a security group belongs to a VPC of "
                "its own region and account, and Lambda refuses one of another at deploy",
                "pass a security group of the Network's VPC, created or imported in a stack "
                "of the Network's region and account" + environment_hint(v.scope, group),
            )
            continue
        group_id = group.security_group_id
        if not is_unresolved(group_id) and not _GROUP_ID.fullmatch(group_id):
            v.add(
                f"{prop}[{index}]",
                f"{group.node.path} was imported by {group_id!r}, which is no security group "
                "ID ('sg-' and hex digits): Lambda refuses it at deploy",
                f"import it by its ID: {_id_fix(group_id)}",
            )
            continue
        other = _other_vpc(group, vpc)
        if other is not None:
            v.add(
                f"{prop}[{index}]",
                f"{group.node.path} is of VPC {other}, not the Network's: Lambda refuses a "
                "security group of another VPC than the function's subnets at deploy",
                "pass a security group of the Network's VPC",
            )


def _other_vpc(group: ec2.ISecurityGroup, vpc: ec2.IVpc) -> str | None:
    """The VPC (ID or construct path) ``group`` belongs to, when that is known at synth
    and is not ``vpc``; None when it is ``vpc`` or unknown (an imported group's)."""
    resource = group.node.default_child
    if not isinstance(resource, ec2.CfnSecurityGroup):
        return None  # imported: from_security_group_id knows no VPC
    theirs = resource.vpc_id
    mine = vpc.vpc_id
    if theirs == mine or _LOOKUP_DUMMY_VPC_ID in (theirs, mine):
        return None
    if is_unresolved(theirs) != is_unresolved(mine):
        return None  # a literal ID against a deploy-time one: cannot tell
    if is_unresolved(theirs):  # both references: equal when they name the same resource
        stack = Stack.of(resource)
        if stack.resolve(theirs) == stack.resolve(mine):
            return None
    return _shown(resource, theirs)


def _shown(resource: ec2.CfnSecurityGroup, vpc_id: str | None) -> str:
    if vpc_id is None or not is_unresolved(vpc_id):
        return str(vpc_id)
    resolved = Stack.of(resource).resolve(vpc_id)
    ref = resolved.get("Ref") if isinstance(resolved, dict) else None
    return f"{ref} (a deploy-time ID)" if ref else "(a deploy-time ID)"


def _id_fix(group_id: str) -> str:
    cleaned = "".join(group_id.split())
    given = repr(cleaned) if _GROUP_ID.fullmatch(cleaned) else "'sg-...'"
    return (
        f"ec2.SecurityGroup.from_security_group_id(self, 'Platform', {given}) (aws ec2 "
        "describe-security-groups --filters Name=group-name,Values=<name> prints it)"
    )
