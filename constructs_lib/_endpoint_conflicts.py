"""Interface endpoints with private DNS anywhere in the app, and the check at synth that
no VPC gets two of one service. Private DNS makes an endpoint's VPC resolve the service's
name (``sqs.eu-west-1.amazonaws.com``) through a private hosted zone of its own, and a VPC
takes one zone per name: EC2 refuses the second endpoint ("private-dns-enabled cannot be
set because there is already a conflicting DNS domain for ... in the VPC"), so the deploy
fails. The Network refuses to create its endpoint beside one it can see when a Handler
asks for it, but not one added afterwards (``network.vpc.add_interface_endpoint`` after the
construct), and the user's two of their own neither: the check runs at synth
(``_synth_checks``), when every construct is built, so the order does not matter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from constructs import IConstruct

from constructs_lib._facts import app_of, path_of, stack_of, stage_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_unresolved
from constructs_lib._synth_checks import at_synth

__all__ = [
    "NetworkEndpoint",
    "PrivateDnsEndpoint",
    "private_dns_endpoints",
    "short_name",
    "vpc_key",
    "watch_endpoint_conflicts",
]

#: What a service's name is after its region: com.amazonaws.<region>.sqs -> sqs.
_AWS_SERVICE = re.compile(r"^(?:[a-z.]+\.)?com\.amazonaws\.\{region\}\.(?P<short>.+)$")


class PrivateDnsEndpoint(NamedTuple):
    """An interface endpoint with private DNS, as its L1 has it."""

    path: str
    """Its path (the L2's, for an ``ec2.InterfaceVpcEndpoint``)."""
    vpc: str
    """Its VPC: the VPC ID, a token for a VPC defined in the app (the same for every
    reference to it), and the account and region for one imported by its ID."""
    service: str
    """The service's name with the region left out (``com.amazonaws.{region}.sqs``)."""
    stack: Stack


def private_dns_endpoints(root: IConstruct) -> Iterator[PrivateDnsEndpoint]:
    """Each interface endpoint with private DNS in ``root`` (an App: every stack's)."""
    for node in root.node.find_all():
        if isinstance(node, ec2.CfnVPCEndpoint):
            found = _private_dns_endpoint(node)
            if found is not None:
                yield found


def short_name(service: str) -> str:
    """``sqs`` of ``com.amazonaws.{region}.sqs``; another name (an endpoint service's) whole."""
    matched = _AWS_SERVICE.match(service)
    return matched["short"] if matched else service


def _private_dns_endpoint(resource: ec2.CfnVPCEndpoint) -> PrivateDnsEndpoint | None:
    if resource.vpc_endpoint_type != "Interface":
        return None
    stack = stack_of(resource)
    if stack.resolve(resource.private_dns_enabled) is not True:
        return None
    service = _service_name(stack, stack.resolve(resource.service_name))
    if service is None:  # a deploy-time value: nothing to compare
        return None
    # the L2's path (an ec2.InterfaceVpcEndpoint's, its L1 "Resource"), as users name it
    node = resource.node
    path = node.scope.node.path if node.id == "Resource" and node.scope else node.path
    return PrivateDnsEndpoint(path, _vpc_key(resource.vpc_id, stack), service, stack)


def vpc_key(vpc: ec2.IVpc) -> str:
    """What :class:`PrivateDnsEndpoint` says of an endpoint on ``vpc``."""
    return _vpc_key(vpc.vpc_id, stack_of(vpc))


def _vpc_key(vpc_id: str, stack: Stack) -> str:
    if is_unresolved(vpc_id):  # defined in the app: the same token in every stack
        return vpc_id
    return f"{vpc_id} ({stack.account}, {stack.region})"  # imported by its ID


def _service_name(stack: Stack, resolved: object) -> str | None:
    """The service's name with its region as ``{region}`` (a Join with the stack's region
    when the stack has none), or None for a value known at deploy time only."""
    if isinstance(resolved, dict) and list(resolved) == ["Fn::Join"]:
        separator, parts = resolved["Fn::Join"]
        texts = [
            part if isinstance(part, str) else "{region}" if part == _REGION else None
            for part in parts
        ]
        if separator != "" or None in texts:
            return None
        return "".join(t for t in texts if t is not None)
    if not isinstance(resolved, str):
        return None
    region = stack.region
    return resolved if is_unresolved(region) else resolved.replace(f".{region}.", ".{region}.")


_REGION = {"Ref": "AWS::Region"}


class NetworkEndpoint(NamedTuple):
    """What the check says of an interface endpoint a Network created."""

    network: str
    """The Network's path."""
    service: str
    """The name Handlers list (``"sqs"``; ``"xray"``, which the Network creates always)."""
    stack: str
    """The Network's stack's path (an endpoint of yours there may use its group)."""
    owns_vpc: bool


#: Each synth root's (an App's, a Stage's) Networks' endpoints, by path; there once its
#: check is added.
_NETWORK_ENDPOINTS: IdentityMap[dict[str, NetworkEndpoint]] = IdentityMap()


def watch_endpoint_conflicts(network: IConstruct) -> dict[str, NetworkEndpoint]:
    """Adds the check to ``network`` when it is its synth root's first (the check reads
    the whole root), and returns where the Networks note their own endpoints."""
    root = stage_of(stack_of(network)) or app_of(network)

    def watched() -> dict[str, NetworkEndpoint]:
        noted: dict[str, NetworkEndpoint] = {}
        at_synth(network, lambda: _conflicts(root, noted))
        return noted

    return _NETWORK_ENDPOINTS.remembered(root, watched)


def _conflicts(root: IConstruct, noted: dict[str, NetworkEndpoint]) -> list[str]:
    by_service: dict[tuple[str, str], list[PrivateDnsEndpoint]] = {}
    for endpoint in private_dns_endpoints(root):
        by_service.setdefault((endpoint.vpc, endpoint.service), []).append(endpoint)
    return [_problem(found, noted) for found in by_service.values() if len(found) > 1]


def _problem(found: list[PrivateDnsEndpoint], noted: dict[str, NetworkEndpoint]) -> str:
    found = sorted(found, key=lambda e: e.path not in noted)  # the Network's first
    service = short_name(found[0].service)
    mine = [noted[e.path] for e in found if e.path in noted]
    yours = [e for e in found if e.path not in noted]
    named = " and ".join(f"{e.path} ({_whose(e, noted)})" for e in found)
    why = (
        f"`private_dns_enabled` is True on {len(found)} {service} interface endpoints of one "
        f"VPC, {named}: a VPC takes one endpoint with private DNS per service (a private "
        "hosted zone for the service's name), so EC2 would refuse the second and the deploy "
        "fail"
    )
    if len(mine) != 1 or not yours:
        return (
            f"{why}. Fix: remove all but one of them, or pass private_dns_enabled=False to all "
            "but one (whose calls then go to its own DNS names)"
        )
    return f"{why}. Fix: {_keep_one(mine[0], yours)}"


def _whose(endpoint: PrivateDnsEndpoint, noted: dict[str, NetworkEndpoint]) -> str:
    network = noted.get(endpoint.path)
    return "yours" if network is None else f"the Network {network.network}'s"


def _keep_one(network: NetworkEndpoint, yours: list[PrivateDnsEndpoint]) -> str:
    """How to keep one endpoint when a Network's is one of them."""
    paths = " and ".join(e.path for e in yours)
    drop = (
        f"remove {paths} (the Network's serves its functions), or pass "
        f"private_dns_enabled=False to {paths}"
    )
    if not network.owns_vpc:
        drop += (
            f", or pass interface_endpoints=False to the Network {network.network} when the "
            "VPC has its own endpoint of every service its functions call"
        )
    if network.service == "xray" or len(yours) != 1:  # X-Ray's: every Network creates it
        return drop
    (endpoint,) = yours
    if path_of(endpoint.stack) == network.stack:  # the group of the Network's stack
        reach = (
            "behind the Network's endpoint security group (open=False, "
            "security_groups=[network.endpoint_security_group]), which admits its functions"
        )
    else:  # the Network's group there would make the two stacks refer to each other
        reach = (
            "with a security group that admits HTTPS from the Network's functions "
            "(add_interface_endpoint's default admits the VPC's range, which cdk-nag's "
            "AwsSolutions-EC23 cannot read: acknowledge it on the endpoint)"
        )
    return (
        f"remove {network.service!r} from the endpoints of the Handlers in the Network "
        f"{network.network} (and of their deployment hooks) and keep {endpoint.path}, "
        f"{reach}; or {drop}"
    )
