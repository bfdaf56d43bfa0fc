"""Where a Network's functions run: the subnets they use by default, and the rules for the
subnets a user selects in an existing VPC (``Network(subnets=...)``)."""

from __future__ import annotations

import re
from typing import Any

from aws_cdk import aws_ec2 as ec2

from constructs_lib._jsii import is_unresolved, shown
from constructs_lib._validation import Validator
from constructs_lib._vpc_lookups import stale_lookup_fix

__all__ = [
    "check_subnets",
    "default_subnets",
    "egress",
    "gateway_subnets",
    "selected_subnets",
]

#: SubnetSelection's fields, as ``IVpc.select_subnets`` takes them (keywords).
_FIELDS = (
    "availability_zones",
    "one_per_az",
    "subnet_filters",
    "subnet_group_name",
    "subnet_type",
    "subnets",
)
#: The fields that each select subnets on their own (the others narrow a selection).
_WAYS = ("subnet_type", "subnet_group_name", "subnets")
_FIX_KINDS = (
    "pass a selection of existing_vpc's private or isolated subnets: "
    "ec2.SubnetSelection(subnet_group_name='app') (a group it was imported with), "
    "subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED, or subnets=[...] "
    "of its own"
)


def default_subnets(vpc: ec2.IVpc) -> ec2.SubnetSelection:
    """The private subnets (with egress) when the VPC has any, else the isolated ones."""
    if vpc.private_subnets:
        return ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS)
    return ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)


def selected_subnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection) -> ec2.SelectedSubnets:
    """``vpc.select_subnets`` of a SubnetSelection object (jsii takes its fields)."""
    given: dict[str, Any] = {name: getattr(selection, name) for name in _FIELDS}
    return vpc.select_subnets(**{k: value for k, value in given.items() if value is not None})


def egress(vpc: ec2.IVpc, selection: ec2.SubnetSelection) -> bool:
    """Whether the selected subnets are private ones (with egress: NAT gateways, or an
    existing VPC's routes) rather than isolated ones (True until a lookup is done)."""
    chosen = selected_subnets(vpc, selection)
    if chosen.is_pending_lookup:  # Vpc.from_lookup's placeholder: decided once looked up
        return True
    private = {s.subnet_id for s in vpc.private_subnets}
    return bool(chosen.subnets) and all(s.subnet_id in private for s in chosen.subnets)


def gateway_subnets(
    vpc: ec2.IVpc, selection: ec2.SubnetSelection | None
) -> list[ec2.SubnetSelection] | None:
    """The subnets whose route tables get the gateway endpoints: the selection's, or every
    route table (None) without one, and while ``Vpc.from_lookup`` is pending: its
    placeholder has none of the groups or zones a selection names, and aws-cdk-lib throws
    for a gateway endpoint on no route table (the CLI synthesizes again once looked up)."""
    if selection is None or selected_subnets(vpc, selection).is_pending_lookup:
        return None
    return [selection]


def check_subnets(v: Validator, vpc: ec2.IVpc | None, selection: object) -> list[ec2.ISubnet]:
    """The functions' subnets of ``vpc`` that ``selection`` (the ``subnets`` prop) picks,
    after its rules: subnets of an existing VPC, not public ones, one kind (private or
    isolated), in two zones at least. Empty when a rule failed or the VPC is not looked
    up yet (``Vpc.from_lookup``'s placeholder: the CLI synthesizes again with the VPC)."""
    if selection is None or not _is_selection(v, selection):
        return []
    assert isinstance(selection, ec2.SubnetSelection)
    if not v.check(
        vpc is not None,
        "subnets",
        "is set without existing_vpc: the VPC the Network creates has one kind of subnets "
        "for functions, which it chooses (isolated ones, private ones with nat_gateways)",
        "remove subnets, or pass the VPC they belong to as existing_vpc",
    ):
        return []
    assert vpc is not None
    ways = [name for name in _WAYS if getattr(selection, name) is not None]
    if not v.check(
        len(ways) < 2,
        "subnets",
        f"gives {' and '.join(ways)}: a selection takes one of {', '.join(_WAYS)}",
        "pass one of them (subnet_filters and availability_zones narrow it further)",
    ) or not _own_subnets(v, vpc, selection):
        return []
    try:
        chosen = selected_subnets(vpc, selection)
    except RuntimeError as error:  # jsii: no such group or type, a subnet without its zone
        reason = re.sub(r"^\w+: ", "", str(error).splitlines()[0]).rstrip(".")
        reason = reason.replace(
            "Subnet.fromSubnetAttributes()", "ec2.Subnet.from_subnet_attributes"
        )
        v.add(
            "subnets",
            f"selects no subnets of existing_vpc: {reason}",
            _FIX_KINDS + stale_lookup_fix(v.scope, vpc),
        )
        return []
    if chosen.is_pending_lookup:
        return []
    filtered = bool(selection.subnet_filters)
    return _check_chosen(v, vpc, list(chosen.subnets), list(chosen.availability_zones), filtered)


def _is_selection(v: Validator, selection: object) -> bool:
    if isinstance(selection, ec2.SubnetSelection):
        return True
    if isinstance(selection, ec2.SubnetType):
        fix = f"pass ec2.SubnetSelection(subnet_type=ec2.SubnetType.{selection.name})"
    elif isinstance(selection, str):
        fix = f"pass ec2.SubnetSelection(subnet_group_name={selection!r})"
    elif isinstance(selection, list | tuple) and all(isinstance(i, str) for i in selection):
        fix = f"pass ec2.SubnetSelection(subnet_filters=[ec2.SubnetFilter.by_ids({selection!r})])"
    elif isinstance(selection, list | tuple):
        fix = "pass ec2.SubnetSelection(subnets=[...])"
    else:
        fix = "pass e.g. ec2.SubnetSelection(subnet_group_name='app')"
    v.add("subnets", f"is {shown(selection)}, not an aws_ec2.SubnetSelection", fix)
    return False


def _own_subnets(v: Validator, vpc: ec2.IVpc, selection: ec2.SubnetSelection) -> bool:
    """Subnets listed by the user are existing_vpc's (a function's subnets and its security
    group must be in one VPC, which Lambda checks only at deploy)."""
    known = {s.subnet_id for s in (*vpc.public_subnets, *vpc.private_subnets)}
    known |= {s.subnet_id for s in vpc.isolated_subnets}
    # a subnet imported by a deploy-time ID may be any; one the app defines is known
    strangers = [
        s.node.path if is_unresolved(s.subnet_id) else s.subnet_id
        for s in selection.subnets or ()
        if s.subnet_id not in known
        and (not is_unresolved(s.subnet_id) or isinstance(s, ec2.Subnet))
    ]
    return v.check(
        not strangers,
        "subnets",
        f"lists {', '.join(strangers)}, not among existing_vpc's subnets: a function's "
        "subnets must be in the VPC of its security group, or the deploy fails",
        "pass subnets of existing_vpc (vpc.private_subnets, vpc.isolated_subnets), or "
        "import the VPC with them (Vpc.from_vpc_attributes(..., private_subnet_ids=[...]))",
    )


def _check_chosen(
    v: Validator,
    vpc: ec2.IVpc,
    chosen: list[ec2.ISubnet],
    zones: list[str],
    filtered: bool,
) -> list[ec2.ISubnet]:
    count = v.count
    # SubnetFilter.by_ids drops an ID the VPC does not have without a word (its IDs are
    # not readable through jsii): say so where the missing subnet shows
    by_ids = (
        "; an ID in SubnetFilter.by_ids that is not one of existing_vpc's subnets (another "
        "VPC's, a typo) matches nothing"
        if filtered
        else ""
    )
    if not v.check(
        bool(chosen),
        "subnets",
        "selects no subnets of existing_vpc (its filters or availability_zones leave none"
        f"{by_ids})",
        _FIX_KINDS,
    ):
        return []
    public = {s.subnet_id for s in vpc.public_subnets}
    private = {s.subnet_id for s in vpc.private_subnets}
    ids = [s.subnet_id for s in chosen]
    # a subnet the app defines has a deploy-time ID: name it by its path
    in_public = [
        s.node.path if is_unresolved(s.subnet_id) else s.subnet_id
        for s in chosen
        if s.subnet_id in public
    ]
    v.check(
        not in_public,
        "subnets",
        f"selects public subnets ({', '.join(in_public)}): a function there gets no public "
        "IP address, so it has no internet access (aws-cdk-lib refuses them for "
        "functions)",
        _FIX_KINDS,
    )
    isolated = {s.subnet_id for s in vpc.isolated_subnets}
    kinds = {i in private for i in ids if i in private or i in isolated}
    v.check(
        len(kinds) < 2,
        "subnets",
        "selects both private subnets (with egress) and isolated ones: each invocation runs "
        "in either, so a call that leaves the VPC would work in some and time out in others",
        "pass subnets of one kind: subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS or "
        "PRIVATE_ISOLATED (or one subnet_group_name)",
    )
    distinct = sorted(set(zones))
    named = ", ".join(s.node.path if is_unresolved(s.subnet_id) else s.subnet_id for s in chosen)
    v.check(
        any(is_unresolved(zone) for zone in zones) or len(distinct) >= 2,
        "subnets",
        f"selects subnets in one availability zone only ({', '.join(distinct)}: {named}): "
        "Lambda keeps a function available through a zone's outage only by running it in "
        "several zones, so an outage of this one would stop every function of the Network"
        f"{by_ids}",
        "pass subnets in two zones at least (drop availability_zones=, or add another "
        "zone's subnet)",
    )
    return chosen if v.count == count else []
