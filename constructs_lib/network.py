"""Network: opt-in VPC wiring with zero NAT gateways, shared by every construct."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Aws, CfnResource, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._arguments import checked_arguments
from constructs_lib._cdk_internals import confine_flow_log_role, handler_log_group
from constructs_lib._cfn import drop_redundant_dependency
from constructs_lib._env import check_same_environment
from constructs_lib._gateway_endpoints import existing_gateway_endpoints, has_route_table
from constructs_lib._interface_services import INTERFACE_SERVICES
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator, props_from, validated
from constructs_lib.errors import ConstructError, Problem

__all__ = ["INTERFACE_SERVICES", "Network", "NetworkProps"]

# CDK uses two placeholder zones when a stack has no account and region.
_ENV_AGNOSTIC_ZONES = 2


class Network(Construct):
    """A VPC for functions: isolated subnets, no NAT gateway, endpoints instead of egress.

    Pass it as ``network=`` to ServerlessApi, QueueWorker or ScheduledJob: their functions
    run in the isolated subnets, each with its own security group (no inbound rules,
    outbound HTTPS only). Gateway endpoints for S3 and DynamoDB (free) always exist;
    interface endpoints (about $7.30 per AZ per month each) are created once, on demand,
    for the services attached functions call: X-Ray (tracing is always on) plus what a
    Handler lists in ``endpoints``.

    :param max_azs: availability zones of a new VPC, 1..6 (not with ``existing_vpc``). Default: 2.
    :param existing_vpc: use this VPC (``Vpc.from_lookup`` or ``Vpc.from_vpc_attributes``);
        functions go to its isolated subnets, else its private ones. Default: a new VPC.
    :param flow_logs: VPC flow logs (all traffic) to a log group with finite retention.
        Default: True.
    :param gateway_endpoints: add S3 and DynamoDB gateway endpoints. Default: True; set
        False for an existing VPC that already has them.
    :param other_accounts: let functions reach S3 buckets and DynamoDB tables of other
        accounts through the gateway endpoints. Default: False: the endpoint policies
        allow only resources of the stack's own account (``aws:ResourceAccount``), so code
        in the VPC cannot copy data to a bucket someone else owns. Set True for code that
        reads other accounts' buckets (public data sets, a partner's bucket).
    :param nat_gateways: internet egress through NAT gateways (public + private subnets).
        Default: 0. Each NAT gateway costs about $32 per month plus $0.045 per GB.
    """

    @checked_arguments
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        max_azs: int = _defaults.NETWORK_MAX_AZS,
        existing_vpc: ec2.IVpc | None = None,
        flow_logs: bool = True,
        gateway_endpoints: bool = True,
        nat_gateways: int = _defaults.NETWORK_NAT_GATEWAYS,
        other_accounts: bool = False,
    ) -> None:
        props = props_from(NetworkProps, locals())
        super().__init__(scope, id)
        validated(self, props)
        #: The VPC (created or yours).
        self.vpc: ec2.IVpc = existing_vpc or _create_vpc(self, props)
        #: Where functions run: isolated subnets, or private ones when NAT is on.
        self.subnets = _function_subnets(self.vpc)
        #: Flow log group (None when ``flow_logs=False``).
        self.flow_log_group: logs.LogGroup | None = None
        if flow_logs:
            self.flow_log_group = self._create_flow_log()
        #: The S3 and DynamoDB gateway endpoints, by name (empty with
        #: ``gateway_endpoints=False``).
        self.gateway_endpoints: dict[str, ec2.GatewayVpcEndpoint] = {}
        if gateway_endpoints:
            self._create_gateway_endpoints(own_account_only=not other_accounts)
        #: Security group of the interface endpoints: HTTPS in from attached functions.
        self.endpoint_security_group = ec2.SecurityGroup(
            self,
            "EndpointSecurityGroup",
            vpc=self.vpc,
            description="Interface VPC endpoints: HTTPS from attached functions only",
            allow_all_outbound=False,
        )
        #: Interface endpoints created so far, by service name (see INTERFACE_SERVICES).
        self.interface_endpoints: dict[str, ec2.InterfaceVpcEndpoint] = {}

    def _create_gateway_endpoints(self, *, own_account_only: bool) -> None:
        for name, service, prefix in (
            ("S3", ec2.GatewayVpcEndpointAwsService.S3, "s3"),
            ("DynamoDB", ec2.GatewayVpcEndpointAwsService.DYNAMODB, "dynamodb"),
        ):
            endpoint = self.vpc.add_gateway_endpoint(f"{name}Endpoint", service=service)
            if own_account_only:
                endpoint.add_to_policy(
                    iam.PolicyStatement(
                        sid="OwnAccountResourcesOnly",
                        principals=[iam.AnyPrincipal()],
                        actions=[f"{prefix}:*"],
                        resources=["*"],
                        conditions={"StringEquals": {"aws:ResourceAccount": Aws.ACCOUNT_ID}},
                    )
                )
            self.gateway_endpoints[name] = endpoint

    def _create_flow_log(self) -> logs.LogGroup:
        log_group = _defaults.log_group(self, "FlowLogs")
        flow_log = ec2.FlowLog(
            self,
            "FlowLog",
            resource_type=ec2.FlowLogResourceType.from_vpc(self.vpc),
            destination=ec2.FlowLogDestination.to_cloud_watch_logs(log_group),
            traffic_type=ec2.FlowLogTrafficType.ALL,
        )
        confine_flow_log_role(flow_log)
        return log_group

    @checked_arguments
    def endpoint(self, service: str) -> ec2.InterfaceVpcEndpoint:
        """The interface endpoint for ``service``, created on first request only."""
        if not isinstance(service, str) or service not in INTERFACE_SERVICES:
            gateway = service in ("s3", "dynamodb")
            raise ConstructError(
                [
                    Problem(
                        self.node.path,
                        "service",
                        f"is {service!r}, "
                        + ("served by a gateway endpoint" if gateway else "not a known service"),
                        "use network.gateway_endpoints for s3 and dynamodb"
                        if gateway
                        else f"pass one of {', '.join(map(repr, INTERFACE_SERVICES))}",
                    )
                ]
            )
        if service not in self.interface_endpoints:
            self.interface_endpoints[service] = ec2.InterfaceVpcEndpoint(
                self,
                f"{service.capitalize()}Endpoint",
                vpc=self.vpc,
                service=INTERFACE_SERVICES[service],
                subnets=self.subnets,
                security_groups=[self.endpoint_security_group],
                private_dns_enabled=True,
                open=False,
            )
        return self.interface_endpoints[service]


@dataclass(frozen=True, kw_only=True)
class NetworkProps:
    """Network's props (see :class:`Network` for each one)."""

    max_azs: int = _defaults.NETWORK_MAX_AZS
    existing_vpc: ec2.IVpc | None = None
    flow_logs: bool = True
    gateway_endpoints: bool = True
    other_accounts: bool = False
    nat_gateways: int = _defaults.NETWORK_NAT_GATEWAYS

    def validate(self, v: Validator) -> None:
        v.check_range(self.max_azs, "max_azs", 1, 6, literal=True)
        v.check_range(self.nat_gateways, "nat_gateways", 0, 6, literal=True)
        existing_vpc = self.existing_vpc
        if existing_vpc is None:
            self._validate_zones(v)
        v.check(
            not (existing_vpc is not None and self.nat_gateways),
            "nat_gateways",
            "is set together with existing_vpc, whose routing is its owner's",
            "give your VPC NAT gateways yourself, or let Network create the VPC",
        )
        v.check(
            existing_vpc is None or self.max_azs == _defaults.NETWORK_MAX_AZS,
            "max_azs",
            f"is {self.max_azs} together with existing_vpc, whose zones are its owner's "
            "(the functions run in all of its isolated or private subnets)",
            "remove max_azs, or let Network create the VPC",
        )
        if existing_vpc is not None:
            self._validate_existing_vpc(v, existing_vpc)

    def _validate_existing_vpc(self, v: Validator, existing_vpc: ec2.IVpc) -> None:
        check_same_environment(
            v,
            existing_vpc,
            "existing_vpc",
            "a function runs only in a VPC of its own region and account",
            "pass a VPC of this stack's region and account",
        )
        subnets = existing_vpc.isolated_subnets + existing_vpc.private_subnets
        if not v.check(
            bool(subnets),
            "existing_vpc",
            "has no isolated or private subnets, where the functions would run"
            + (" (only public ones)" if existing_vpc.public_subnets else ""),
            "pass isolated_subnet_ids or private_subnet_ids (with their route table IDs) "
            "to Vpc.from_vpc_attributes",
        ):
            return
        if self.gateway_endpoints:
            v.check(
                all(has_route_table(s) for s in subnets),
                "gateway_endpoints",
                "needs the route table IDs of existing_vpc's subnets, which it does not know",
                "pass *_subnet_route_table_ids to Vpc.from_vpc_attributes, or set "
                "gateway_endpoints=False if the VPC has S3 and DynamoDB endpoints already",
            )
            existing = existing_gateway_endpoints(existing_vpc)
            v.check(
                not existing,
                "gateway_endpoints",
                "would give existing_vpc S3 and DynamoDB gateway endpoints, but it has "
                f"{', '.join(existing)} already (yours, or another Network's): a second "
                "endpoint of a service on the same route tables fails the deploy",
                "pass gateway_endpoints=False: the functions use the VPC's endpoints",
            )

    def _validate_zones(self, v: Validator) -> None:
        if not all(isinstance(n, int) for n in (self.max_azs, self.nat_gateways)):
            return  # reported by check_range
        stack = Stack.of(v.scope)
        if is_unresolved(stack.account) or is_unresolved(stack.region):
            v.check(
                is_unresolved(self.max_azs) or self.max_azs <= _ENV_AGNOSTIC_ZONES,
                "max_azs",
                f"is {self.max_azs}, but the stack is env-agnostic (no account and region), "
                f"where CDK can only use {_ENV_AGNOSTIC_ZONES} availability zones",
                f"pass env=Environment(account=..., region=...) to the stack, or max_azs<="
                f"{_ENV_AGNOSTIC_ZONES}",
            )
        v.check(
            is_unresolved(self.nat_gateways) or self.nat_gateways <= self.max_azs,
            "nat_gateways",
            f"is {self.nat_gateways}, more than max_azs ({self.max_azs}): one NAT gateway "
            "per zone at most, so CDK would silently create fewer",
            f"pass nat_gateways<={self.max_azs}, or raise max_azs",
        )


def _create_vpc(scope: Construct, props: NetworkProps) -> ec2.Vpc:
    vpc = _vpc(scope, props.max_azs, props.nat_gateways)
    # CDK's stack-wide provider that strips the default security group's rules
    provider = Stack.of(scope).node.try_find_child(
        "Custom::VpcRestrictDefaultSGCustomResourceProvider"
    )
    if provider is not None:
        handler = provider.node.find_child("Handler")
        assert isinstance(handler, CfnResource)
        drop_redundant_dependency(handler, provider.node.try_find_child("Role"))
        handler_log_group(handler, "VpcRestrictDefaultSgHandlerLogs")
    return vpc


def _vpc(scope: Construct, max_azs: int, nat_gateways: int) -> ec2.Vpc:
    subnets = [
        ec2.SubnetConfiguration(
            name="Isolated",
            subnet_type=ec2.SubnetType.PRIVATE_ISOLATED,
            cidr_mask=_defaults.VPC_ISOLATED_CIDR_MASK,
        )
    ]
    if nat_gateways:
        subnets += [
            ec2.SubnetConfiguration(
                name="Public",
                subnet_type=ec2.SubnetType.PUBLIC,
                cidr_mask=_defaults.VPC_PUBLIC_CIDR_MASK,
            ),
            ec2.SubnetConfiguration(
                name="Private",
                subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS,
                cidr_mask=_defaults.VPC_PRIVATE_CIDR_MASK,
            ),
        ]
    return ec2.Vpc(
        scope,
        "Vpc",
        ip_addresses=ec2.IpAddresses.cidr(_defaults.VPC_CIDR),
        max_azs=max_azs,
        nat_gateways=nat_gateways,
        subnet_configuration=subnets,
        restrict_default_security_group=True,
    )


def _function_subnets(vpc: ec2.IVpc) -> ec2.SubnetSelection:
    if vpc.private_subnets:
        return ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS)
    return ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
