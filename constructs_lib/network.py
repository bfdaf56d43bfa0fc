"""Network: opt-in VPC wiring with zero NAT gateways, shared by every construct."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar, Final

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_logs as logs
from constructs import Construct

from constructs_lib import _defaults, _nag
from constructs_lib._arguments import checked_arguments
from constructs_lib._core.read_only import ReadOnlyAttributes, ReadOnlyList, mapping_view
from constructs_lib._endpoint_conflicts import NetworkEndpoint, watch_endpoint_conflicts
from constructs_lib._endpoint_policy import restrict_to_accounts
from constructs_lib._endpoint_registry import (
    claim_endpoint,
    interface_endpoint_taken,
)
from constructs_lib._facts import path_of, stack_of
from constructs_lib._flow_logs import create_flow_log
from constructs_lib._interface_services import GATEWAY_SERVICES, INTERFACE_SERVICES
from constructs_lib._jsii import given
from constructs_lib._nat_addresses import nat_public_ips
from constructs_lib._network_props import NetworkProps
from constructs_lib._network_tags import check_endpoint_tags_at_synth, check_vpc_tags_at_synth
from constructs_lib._new_gateway_endpoints import create_gateway_endpoints
from constructs_lib._new_vpc import create_vpc
from constructs_lib._synth_phase import watch_validations
from constructs_lib._synthesis import check_not_synthesized
from constructs_lib._validated import props_from, validated
from constructs_lib._validation import problem
from constructs_lib._vpc_subnets import default_subnets, egress, gateway_subnets
from constructs_lib.errors import ConstructError, Problem

__all__ = ["INTERFACE_SERVICES", "Network", "NetworkProps"]

_NAT_FIX = "make your list from it, list(network.nat_public_ips) + [...], to add addresses"


class Network(ReadOnlyAttributes, Construct):
    """A VPC for functions: isolated subnets, no NAT gateway, endpoints instead of egress.

    Pass it as ``network=`` to ServerlessApi, QueueWorker or ScheduledJob: their functions
    run in the isolated subnets, each with its own security group (no inbound rules,
    outbound HTTPS only). Gateway endpoints for S3 and DynamoDB (free) always exist;
    interface endpoints (about $7.30 per AZ per month each) are created once, on demand,
    for the services attached functions call: X-Ray (tracing is always on) plus what a
    Handler lists in ``endpoints``.

    :param max_azs: availability zones of a new VPC, 1..6 and at most the zones of the
        stack's region (2 in a stack without account and region, where CDK knows no
        more); not with ``existing_vpc``. Default: 2.
    :param existing_vpc: use this VPC (``Vpc.from_lookup`` or ``Vpc.from_vpc_attributes``);
        functions (and interface endpoints) go to its private subnets (with egress) when
        it has any, else to its isolated ones (``subnets`` picks others). Default: a new VPC.
    :param subnets: the existing VPC's subnets the functions use, e.g.
        ``ec2.SubnetSelection(subnet_group_name="app")``: private or isolated ones (not
        both), in two availability zones at least; the interface endpoints go there too,
        and the gateway endpoints on their route tables only. Default: all of the VPC's
        private subnets (with egress) when it has any, else all of its isolated ones (and
        the gateway endpoints on every route table); not with a new VPC.
    :param flow_logs: VPC flow logs (all traffic) to a log group with finite retention
        (the scope's ``FunctionDefaults`` ``log_retention``, else 30 days). Default: True.
    :param gateway_endpoints: add S3 and DynamoDB gateway endpoints. Default: True; set
        False for an existing VPC that already has them.
    :param other_accounts: let functions reach S3 buckets and DynamoDB tables of other
        accounts through the gateway endpoints. Default: False: the endpoint policies
        allow only resources of the stack's own account (``aws:ResourceAccount``), so code
        in the VPC cannot copy data to a bucket someone else owns. Set True for code that
        reads other accounts' buckets (public data sets, a partner's bucket).
    :param nat_gateways: internet egress through NAT gateways (public + private subnets).
        0..6, at most ``max_azs`` (one per zone).
        Default: 0. Each NAT gateway costs about $36.50 per month (the gateway's $32.85
        and its Elastic IP's $3.65, as every public IPv4 address) plus $0.045 per GB.
    :param interface_endpoints: create the interface endpoints attached functions need.
        Default: True; set False for an existing VPC that has them already with private
        DNS (a platform team's VPC): a second one per service fails the deploy, and the
        functions reach the VPC's own through its DNS (HTTPS out is allowed; the
        endpoints' security groups must let the functions' subnets in).
    :param interface_endpoint_accounts: accounts besides the stack's own whose principals
        may call AWS through the Network's interface endpoints, e.g. ``["111122223333"]``:
        the accounts sharing the VPC (its subnets shared through AWS RAM), or whose roles
        the functions assume. Default: none: the endpoint policies allow only principals of
        the stack's own account (``aws:PrincipalAccount``), so credentials of another
        account cannot move data out through the VPC's endpoints.
    :param function_security_groups: security groups of the platform (of ``existing_vpc``;
        imported ones too) every function in the Network gets beside its own group, at
        most 4 (Lambda allows 5 per function). Default: none.
    """

    _given_by: ClassVar[Mapping[str, str]] = {"vpc": "existing_vpc", "subnets": "subnets"}

    vpc: Final[ec2.IVpc]
    """The VPC (created or yours)."""
    subnets: Final[ec2.SubnetSelection]
    """Where functions (and interface endpoints) run: ``subnets``, else the private
    subnets when the VPC has any (NAT on, or an existing VPC's), else the isolated ones."""
    flow_log_group: Final[logs.LogGroup | None]
    """Flow log group (None when ``flow_logs=False``)."""
    gateway_endpoints: Final[Mapping[str, ec2.GatewayVpcEndpoint]]
    """The S3 and DynamoDB gateway endpoints, by name (empty with
    ``gateway_endpoints=False``)."""
    endpoint_security_group: Final[ec2.SecurityGroup | None]
    """Security group of the interface endpoints: HTTPS in from attached functions (None
    with ``interface_endpoints=False``: the VPC's own endpoints have theirs)."""
    function_security_groups: Final[Sequence[ec2.ISecurityGroup]]
    """The platform's groups each function gets beside its own (``function_security_groups``)."""
    interface_endpoints: Final[Mapping[str, ec2.InterfaceVpcEndpoint]]
    """Interface endpoints created so far, by service name (see INTERFACE_SERVICES);
    always empty with ``interface_endpoints=False``."""
    nat_public_ips: Final[Sequence[str] | None]
    """The NAT gateways' public IPv4 addresses (their Elastic IPs', deploy-time values), in
    the order of their zones: what a partner allow-lists; empty without NAT gateways. For
    an ``existing_vpc`` defined in the app, its NAT gateways' Elastic IPs; None where the
    app cannot know them (an imported VPC, Elastic IPs given by allocation ID)."""

    @checked_arguments
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        max_azs: int = _defaults.NETWORK_MAX_AZS,
        existing_vpc: ec2.IVpc | None = None,
        subnets: ec2.SubnetSelection | None = None,
        flow_logs: bool = True,
        gateway_endpoints: bool = True,
        nat_gateways: int = _defaults.NETWORK_NAT_GATEWAYS,
        other_accounts: bool = False,
        interface_endpoints: bool = True,
        interface_endpoint_accounts: Sequence[str] = (),
        function_security_groups: Sequence[ec2.ISecurityGroup] = (),
    ) -> None:
        props = props_from(NetworkProps, locals())
        super().__init__(scope, id)
        validated(self, props)
        watch_validations(self)  # an endpoint requested after the stack's synthesis is late
        self.vpc = existing_vpc or create_vpc(self, max_azs, nat_gateways)
        self.subnets = subnets if subnets is not None else default_subnets(self.vpc)
        self._egress = egress(self.vpc, self.subnets)
        self.flow_log_group = create_flow_log(self, self.vpc) if flow_logs else None
        if not flow_logs and existing_vpc is None:  # the user's choice, on the VPC it creates
            _nag.acknowledge(self.vpc.node.find_child("Resource"), _nag.VPC_FLOW_LOGS_OFF)
        self.gateway_endpoints = mapping_view(
            create_gateway_endpoints(
                self.vpc,
                own_account_only=not other_accounts,
                routed=gateway_subnets(self.vpc, subnets),
            )
            if gateway_endpoints
            else {}
        )
        # without interface endpoints it would be an empty group in a platform's VPC
        self.endpoint_security_group = self._endpoint_group() if interface_endpoints else None
        self._interface_endpoints: dict[str, ec2.InterfaceVpcEndpoint] = {}
        self.interface_endpoints = mapping_view(self._interface_endpoints)
        self._creates_interface_endpoints = interface_endpoints
        self._endpoint_accounts = tuple(interface_endpoint_accounts)
        self._owns_vpc = existing_vpc is None
        self._other_accounts = other_accounts
        # two endpoints with private DNS of one service on the VPC, whenever either is added
        self._endpoints_noted = watch_endpoint_conflicts(self)
        if existing_vpc is None:  # tags AWS refuses on it fail the synth (no function here)
            check_vpc_tags_at_synth(self, self.vpc)
        check_endpoint_tags_at_synth(self, self.gateway_endpoints.values())
        found = nat_public_ips(self.vpc)
        self.nat_public_ips = None if found is None else ReadOnlyList(found, fix=_NAT_FIX)
        self.function_security_groups = ReadOnlyList(
            function_security_groups,
            fix="make your list of groups and pass it as Network(function_security_groups="
            "[...]): aws-cdk-lib writes a function's VpcConfig once, when it creates it",
        )

    @property
    def owns_vpc(self) -> bool:
        """Whether the Network created its VPC (False: ``existing_vpc``)."""
        return self._owns_vpc

    @property
    def own_account_only(self) -> bool:
        """Whether its gateway endpoints admit only the own account's buckets and tables."""
        return bool(self.gateway_endpoints) and not self._other_accounts

    @property
    def internet_egress(self) -> bool:
        """Whether the functions' subnets are private ones (with egress: NAT gateways, or an
        existing VPC's routes) rather than isolated ones."""
        return self._egress

    @property
    def creates_interface_endpoints(self) -> bool:
        """Whether attached functions get interface endpoints from this Network (False:
        the existing VPC's own serve them)."""
        return self._creates_interface_endpoints

    def _endpoint_group(self) -> ec2.SecurityGroup:
        return ec2.SecurityGroup(
            self,
            "EndpointSecurityGroup",
            vpc=self.vpc,
            description="Interface VPC endpoints: HTTPS from attached functions only",
            allow_all_outbound=False,
        )

    @checked_arguments
    def endpoint(self, service: str) -> ec2.InterfaceVpcEndpoint:
        """The interface endpoint for ``service``, created on first request only."""
        if not isinstance(service, str) or service not in INTERFACE_SERVICES:
            gateway = service in GATEWAY_SERVICES
            raise ConstructError(
                [
                    problem(
                        self,
                        "service",
                        f"is {given(service)}, "
                        + ("served by a gateway endpoint" if gateway else "not a known service"),
                        "use network.gateway_endpoints for s3 and dynamodb"
                        if gateway
                        else f"pass one of {', '.join(map(repr, INTERFACE_SERVICES))}",
                    )
                ]
            )
        if self.endpoint_security_group is None:  # interface_endpoints=False
            raise ConstructError(
                [
                    Problem(
                        self.node.path,
                        "service",
                        f"is {service!r}, but this Network creates no interface endpoints "
                        "(interface_endpoints=False): the VPC's own serve its functions",
                        "use the VPC's own endpoint, or create the Network with "
                        "interface_endpoints=True",
                    )
                ]
            )
        if service not in self._interface_endpoints:
            check_not_synthesized(self, "endpoint", f"its {service} endpoint", "request it")
            taken = interface_endpoint_taken(self, self.vpc, service, owns_vpc=self.owns_vpc)
            if taken is not None:  # another Network's, or the VPC's own, has it already
                raise ConstructError([taken])
            self._interface_endpoints[service] = ec2.InterfaceVpcEndpoint(
                self,
                f"{service.capitalize()}Endpoint",
                vpc=self.vpc,
                service=INTERFACE_SERVICES[service],
                subnets=self.subnets,
                security_groups=[self.endpoint_security_group],
                private_dns_enabled=True,
                open=False,
            )
            restrict_to_accounts(
                self._interface_endpoints[service], service, self._endpoint_accounts
            )
            claim_endpoint(self._interface_endpoints[service], self.vpc, service)
            check_endpoint_tags_at_synth(self, [self._interface_endpoints[service]])
            self._endpoints_noted[path_of(self._interface_endpoints[service])] = NetworkEndpoint(
                path_of(self), service, path_of(stack_of(self)), self.owns_vpc
            )
        return self._interface_endpoints[service]
