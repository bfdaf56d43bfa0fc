"""Whether a function in a Network can reach what it links: S3 and DynamoDB through the
gateway endpoints, other services through an interface endpoint the Handler lists, the
existing VPC's own endpoints, or a NAT gateway. Otherwise every call from the function
to the linked resource times out at run time, with nothing at synth to say why."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_

from constructs_lib._arns import service_of
from constructs_lib._core.links import ResolvedLink, resolve
from constructs_lib._endpoint_registry import interface_endpoint_on
from constructs_lib._env import imported_from_other_account
from constructs_lib._identity_map import IdentityMap
from constructs_lib._interface_services import INTERFACE_SERVICES
from constructs_lib._validation import Validator
from constructs_lib.network import Network

__all__ = [
    "add_endpoint_call",
    "check_links_reach",
    "check_reach_after",
    "egress_fix",
    "remember_reach",
    "unreachable",
    "vpc_endpoints_fix",
]

_GATEWAY_NAMES = {"dynamodb": "DynamoDB", "s3": "S3"}
#: A service's interface endpoint where it is not named as its ARNs name it: SES's API
#: (com.amazonaws.<region>.email; "email-smtp" is its SMTP interface, not the SDK's)
_ENDPOINT_NAMES = {"ses": "email"}

#: Each function built in a Network: that Network and the services its Handler listed
#: (a tuple, as the Handler gives them: check_links_reach takes a Sequence).
_REACH: IdentityMap[tuple[Network, tuple[str, ...]]] = IdentityMap()


def remember_reach(function: lambda_.Function, network: Network, endpoints: Sequence[str]) -> None:
    """Notes where ``function`` runs, for the links made later with ``link(...)``."""
    _REACH.set(function, (network, tuple(endpoints)))


def check_reach_after(v: Validator, function: lambda_.Function, links: Sequence[object]) -> None:
    """A construct's ``link(...)``: the links' problems of reach for ``function``."""
    network, endpoints = _REACH.get(function) or (None, ())
    check_links_reach(v, links, "links", network, endpoints)


def check_links_reach(
    v: Validator, links: object, prop: str, network: object, endpoints: object
) -> None:
    """Adds a problem for each (valid) link whose service the function cannot reach."""
    if not isinstance(network, Network) or isinstance(links, str | bytes):
        return
    if not isinstance(links, Sequence):
        return
    listed = set(endpoints) if isinstance(endpoints, Sequence) else set()
    for index, item in enumerate(links):
        resolved = resolve(item)
        if not isinstance(resolved, ResolvedLink):
            continue  # reported by check_links
        service = service_of(resolved.kind.name)
        _check_other_account(v, f"{prop}[{index}]", resolved, network, service)
        if service in _GATEWAY_NAMES:  # no endpoint of the user's serves these
            found = _link_problem(resolved, network, service, listed)
            if found is not None:
                v.add(f"{prop}[{index}]", *found)
        elif unreachable(network, service, listed) is not None:
            # an interface endpoint the user adds after the construct, or in a stack built
            # later, serves it too: asked again at synth, when the app is complete
            v.add_at_synth(
                f"{prop}[{index}]",
                functools.partial(_link_problem, resolved, network, service, listed),
            )


def _link_problem(
    link: ResolvedLink, network: Network, service: str, listed: set[str]
) -> tuple[str, str] | None:
    """(message, fix) of ``link``'s problem of reach, else None."""
    problem = unreachable(network, service, listed)
    if problem is None:
        return None
    why, fix = problem
    return (
        f"is the {link.kind.name} {link.owner.node.path}, but {why}: every call to it would "
        "time out",
        fix,
    )


def _check_other_account(
    v: Validator, where: str, link: ResolvedLink, network: Network, service: str
) -> None:
    """Another account's bucket or table, which the Network's gateway endpoint refuses when
    it admits its own account's only: S3's and DynamoDB's routes go through it, NAT or not."""
    if service not in _GATEWAY_NAMES or not network.own_account_only:
        return
    v.check(
        not imported_from_other_account(v.scope, link.resource),
        where,
        f"is the {link.kind.name} {link.owner.node.path} of another account, but the function "
        f"runs in the Network {network.node.path}, whose {_GATEWAY_NAMES[service]} gateway "
        "endpoint admits only this account's resources (aws:ResourceAccount): every call to "
        "it would be denied",
        "give the Network other_accounts=True (its gateway endpoints then admit any "
        "account's buckets and tables)",
    )


def unreachable(
    network: Network, service: str, listed: set[str] | frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """(why, fix) if functions in ``network`` listing ``listed`` endpoints cannot reach
    ``service`` (an INTERFACE_SERVICES name, or "s3"/"dynamodb"), else None."""
    if network.internet_egress:  # NAT gateways, or the existing VPC's routes
        return None
    where = f"the function runs in the Network {network.node.path}'s isolated subnets"
    if service in _GATEWAY_NAMES:
        if network.gateway_endpoints or not network.owns_vpc:  # yours has its own
            return None
        return (
            f"{where}, with no NAT gateway and no {_GATEWAY_NAMES[service]} gateway endpoint "
            "(gateway_endpoints=False)",
            "drop gateway_endpoints=False (gateway endpoints are free), or give the Network "
            "nat_gateways",
        )
    if service in listed or not network.creates_interface_endpoints:  # the VPC's own serve it
        return None
    # one the user added to the VPC (network.vpc.add_interface_endpoint(...), or an existing
    # VPC's own in its stack) serves it too; looked up only here, where it would be refused
    # (by the checks at synth, when every endpoint of the app is defined)
    endpoint = _ENDPOINT_NAMES.get(service, service)
    if interface_endpoint_on(network, network.vpc, endpoint):
        return None
    if service not in INTERFACE_SERVICES:  # SES: no endpoint a Handler may ask for
        return (
            f"{where}, with no NAT gateway, and the Network creates no {service} interface "
            "endpoint",
            f"{egress_fix(network)}, or {_own_endpoint(network, endpoint)}, or run the "
            "function outside the Network",
        )
    # the Network's own VPC without NAT refuses interface_endpoints=False (X-Ray)
    theirs = "" if network.owns_vpc else f", or {vpc_endpoints_fix(service)}"
    return (
        f"{where}, with no NAT gateway and no {service} interface endpoint",
        f"add {service!r} to the Handler's endpoints (an interface endpoint: about $7.30 per "
        f"AZ per month), or {egress_fix(network)}{theirs}",
    )


def egress_fix(network: Network) -> str:
    """How to give ``network``'s functions a NAT gateway, in the words of a fix: the
    Network's own (``nat_gateways``) on its VPC; an existing VPC's NAT is its owner's, and
    ``nat_gateways`` is refused with it."""
    if network.owns_vpc:
        return "give the Network nat_gateways"
    return (
        "give its functions subnets of the VPC that route to a NAT gateway (the Network "
        "uses the VPC's private subnets when it has any, else those its subnets= selects)"
    )


def vpc_endpoints_fix(*services: str) -> str:
    """How to let an existing VPC's own endpoints of ``services`` serve the functions."""
    return (
        f"pass interface_endpoints=False to the Network if the VPC has its own "
        f"{' and '.join(services)} endpoint{'s' if len(services) > 1 else ''} with private "
        "DNS outside the app (their security "
        "groups admitting HTTPS from the functions; one the app defines is seen without it)"
    )


def add_endpoint_call(endpoint: str, *, behind_network_group: bool = True) -> str:
    """The user's ``network.vpc.add_interface_endpoint(...)`` of ``endpoint`` ("email",
    "lambda"), behind the Network's endpoint group: the default (open) admits the VPC's
    range, a token cdk-nag's AwsSolutions-EC23 cannot read, so an app with enable_checks
    that followed the fix would fail its synth."""
    attribute = {"lambda": "LAMBDA_"}.get(endpoint, endpoint.upper())
    call = (
        f"network.vpc.add_interface_endpoint('{endpoint.title()}', "
        f"service=ec2.InterfaceVpcEndpointAwsService.{attribute}"
    )
    if not behind_network_group:
        return call + ")"
    return call + ", open=False, security_groups=[network.endpoint_security_group])"


def _own_endpoint(network: Network, endpoint: str) -> str:
    """How to give ``network``'s VPC an interface endpoint of ``endpoint`` ("email") that
    its functions reach, in the words of a fix."""
    cost = "about $7.30 per AZ per month"
    if Stack.of(network.vpc).node.path == Stack.of(network).node.path:
        return (
            f"give its VPC the interface endpoint {endpoint!r} behind the Network's endpoint "
            f"security group ({add_endpoint_call(endpoint)}: {cost})"
        )
    # an existing VPC of another stack: its endpoint there, referring to the Network's group
    # of this stack, would make the two stacks refer to each other (a dependency cycle)
    return (
        f"give its VPC the interface endpoint {endpoint!r} in the VPC's stack "
        f"({add_endpoint_call(endpoint, behind_network_group=False)}: {cost}; "
        "its security group admits the VPC's range, which cdk-nag's AwsSolutions-EC23 cannot "
        "read: acknowledge it on the endpoint)"
    )
