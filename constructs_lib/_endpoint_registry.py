"""The VPC endpoints the app's Networks create, by VPC: a VPC takes one gateway endpoint
per service on its route tables and one interface endpoint with private DNS per service,
so a second Network over the same VPC (the same object, or the same VPC ID imported
again in another stack) must not create its own: the deploy would fail. Nor may a Network
add one the app defines already, in any of its stacks (``vpc.add_interface_endpoint(...)``,
a platform team's ``ec2.InterfaceVpcEndpoint``); one added later is refused at synth
(``_endpoint_conflicts``). A Network's flow log is noted here too, under
``"flow log"``: a second one of the same VPC warns (``_flow_logs.py``)."""

from __future__ import annotations

from aws_cdk import aws_ec2 as ec2
from constructs import IConstruct

from constructs_lib._endpoint_conflicts import private_dns_endpoints, vpc_key
from constructs_lib._endpoint_conflicts import short_name as endpoint_short_name
from constructs_lib._facts import app_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._interface_services import INTERFACE_SERVICES
from constructs_lib.errors import Problem

__all__ = [
    "claim_endpoint",
    "claimed_endpoint",
    "interface_endpoint_on",
    "interface_endpoint_taken",
]

#: By app: each VPC -> endpoint service ("s3", "xray", ..., "flow log") -> its path.
_ENDPOINTS: IdentityMap[dict[str, dict[str, str]]] = IdentityMap()


def claimed_endpoint(scope: IConstruct, vpc: ec2.IVpc, service: str) -> str | None:
    """The path of the endpoint of ``service`` the app has on ``vpc`` already, if any."""
    return (_ENDPOINTS.get(app_of(scope)) or {}).get(vpc_key(vpc), {}).get(service)


def claim_endpoint(endpoint: IConstruct, vpc: ec2.IVpc, service: str) -> None:
    """Notes that ``endpoint`` is the app's endpoint of ``service`` on ``vpc``."""
    by_vpc = _ENDPOINTS.remembered(app_of(endpoint), dict)
    by_vpc.setdefault(vpc_key(vpc), {}).setdefault(service, endpoint.node.path)


def _second_interface_endpoint(path: str, service: str, other: str) -> Problem:
    """The problem of a Network asked for an interface endpoint another has on its VPC."""
    return Problem(
        path,
        "existing_vpc",
        f"has the {service} interface endpoint {other} already (another Network's over the "
        "same VPC): a VPC takes one endpoint with private DNS per service, so the deploy "
        "would fail",
        "create one Network per VPC (in a shared network stack) and pass it as network= to "
        "every construct in that VPC, or pass interface_endpoints=False (and "
        "gateway_endpoints=False) to this one: its functions then use the VPC's endpoints",
    )


def _defined_interface_endpoints(vpc: ec2.IVpc, short_name: str) -> list[str]:
    """The paths of the interface endpoints of the service ``short_name`` (``"xray"``) with
    private DNS on ``vpc`` that the app defines so far, in any of its stacks (a Network's
    among them): a Network's second one would fail the deploy, and the functions reach the
    service through it. Those of an imported VPC's owner are not known."""
    key = vpc_key(vpc)
    return [
        endpoint.path
        for endpoint in private_dns_endpoints(app_of(vpc))
        if endpoint.vpc == key and endpoint_short_name(endpoint.service) == short_name
    ]


def _defined_interface_endpoint(vpc: ec2.IVpc, short_name: str) -> str | None:
    """The first of :func:`_defined_interface_endpoints`, if any."""
    return next(iter(_defined_interface_endpoints(vpc, short_name)), None)


def _defined_interface_endpoint_problem(path: str, service: str, other: str) -> Problem:
    """The problem of a Network asked for an interface endpoint the VPC's stack has."""
    return Problem(
        path,
        "interface_endpoints",
        f"is True, but existing_vpc has its own {service} interface endpoint {other} with "
        "private DNS: a VPC takes one endpoint with private DNS per service, so the "
        "Network's would fail the deploy",
        "pass interface_endpoints=False (and gateway_endpoints=False if the VPC has S3 and "
        "DynamoDB endpoints): the functions then use the VPC's own endpoints, whose security "
        "groups must admit HTTPS from the functions' subnets",
    )


def _added_interface_endpoint_problem(path: str, service: str, other: str) -> Problem:
    """The problem of a Network asked for an interface endpoint the user added to the
    Network's own VPC (``network.vpc.add_interface_endpoint``, as the reach rules' fixes
    and README suggest): ``interface_endpoints=False`` is no way out for a VPC without NAT
    (nothing would reach X-Ray), and the Handlers need not list the service."""
    return Problem(
        path,
        "interface_endpoints",
        f"is True and the Network was asked for its {service} endpoint (a Handler's "
        f"endpoints list {service!r}), but its VPC has the {service} interface endpoint "
        f"{other} with private DNS, added outside the Network: a VPC takes one endpoint with "
        "private DNS per service, so the Network's would fail the deploy",
        f"remove {service!r} from the endpoints of the Handlers in this Network (and of "
        f"their deployment hooks): their functions reach {service} through {other}, whose "
        "security group must admit HTTPS from them (open=False, "
        "security_groups=[network.endpoint_security_group] does)",
    )


def interface_endpoint_taken(
    network: IConstruct, vpc: ec2.IVpc, service: str, *, owns_vpc: bool = False
) -> Problem | None:
    """Why ``network`` may not create its interface endpoint of ``service`` on ``vpc``:
    another Network's is there already, or one the VPC's stack defines (``owns_vpc``: on
    the Network's own VPC, which the user added); else None."""
    other = claimed_endpoint(network, vpc, service)
    if other is not None:
        return _second_interface_endpoint(network.node.path, service, other)
    own = _defined_interface_endpoint(vpc, INTERFACE_SERVICES[service].short_name)
    if own is not None and owns_vpc:
        return _added_interface_endpoint_problem(network.node.path, service, own)
    if own is not None:
        return _defined_interface_endpoint_problem(network.node.path, service, own)
    return None


def interface_endpoint_on(scope: IConstruct, vpc: ec2.IVpc, short_name: str) -> str | None:
    """The path of an interface endpoint of the service ``short_name`` (``"codedeploy"``,
    ``"email"``) with private DNS that the user added to ``vpc`` so far, in any stack of
    the app (``vpc.add_interface_endpoint(...)``, an ``ec2.InterfaceVpcEndpoint``), else
    None. Not a Network's: its security group admits that Network's functions only, and a
    Handler asks its Network for the endpoints it needs."""
    claimed = claimed_endpoint(scope, vpc, short_name)
    defined = _defined_interface_endpoints(vpc, short_name)
    return next((path for path in defined if path != claimed), None)
