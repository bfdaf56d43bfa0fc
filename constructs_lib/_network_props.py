"""Network's props and their rules (the construct: ``network.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aws_cdk import aws_ec2 as ec2

from constructs_lib import _defaults
from constructs_lib._endpoint_policy import check_endpoint_accounts
from constructs_lib._existing_vpc import check_existing_vpc
from constructs_lib._function_security_groups import check_function_security_groups
from constructs_lib._network_zones import check_zones
from constructs_lib._validation import Validator
from constructs_lib._vpc_subnets import check_subnets

__all__ = ["NetworkProps"]


@dataclass(frozen=True, kw_only=True)
class NetworkProps:
    """Network's props (see :class:`Network` for each one)."""

    max_azs: int = _defaults.NETWORK_MAX_AZS
    existing_vpc: ec2.IVpc | None = None
    subnets: ec2.SubnetSelection | None = None
    flow_logs: bool = True
    gateway_endpoints: bool = True
    other_accounts: bool = False
    nat_gateways: int = _defaults.NETWORK_NAT_GATEWAYS
    interface_endpoints: bool = True
    interface_endpoint_accounts: Sequence[str] = ()
    function_security_groups: Sequence[ec2.ISecurityGroup] = ()

    def validate(self, v: Validator) -> None:
        """Adds every problem of the props to ``v``."""
        v.check_range(self.max_azs, "max_azs", 1, 6, literal=True, whole=True)
        v.check_range(self.nat_gateways, "nat_gateways", 0, 6, literal=True, whole=True)
        existing_vpc = self.existing_vpc
        if existing_vpc is None:
            check_zones(v, self.max_azs, self.nat_gateways)
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
            "(the functions run in its private or isolated subnets, or those of subnets=)",
            "remove max_azs (subnets=ec2.SubnetSelection(availability_zones=[...]) picks "
            "zones), or let Network create the VPC",
        )
        v.check(
            not (self.other_accounts is True and self.gateway_endpoints is False),
            "other_accounts",
            "is True with gateway_endpoints=False: it lifts the own-account policy of the "
            "Network's gateway endpoints, and there are none (the VPC's own endpoints keep "
            "their owner's policies)",
            "drop other_accounts, or ask the VPC's owner to allow other accounts in the "
            "policies of its S3 and DynamoDB endpoints",
        )
        v.check(
            self.interface_endpoints is not False
            or existing_vpc is not None
            or bool(self.nat_gateways),
            "interface_endpoints",
            "is False on a new VPC without NAT gateways: its functions could reach neither "
            "X-Ray (tracing is always on) nor the services their Handlers list in endpoints",
            "drop interface_endpoints=False (it is for an existing VPC that has its own), or "
            "pass existing_vpc",
        )
        check_endpoint_accounts(v, self.interface_endpoint_accounts, self.interface_endpoints)
        check_function_security_groups(v, self.function_security_groups, existing_vpc)
        if existing_vpc is None:
            check_subnets(v, None, self.subnets)  # refused: the Network's own VPC chooses
        else:
            check_existing_vpc(
                v, existing_vpc, gateway_endpoints=self.gateway_endpoints, subnets=self.subnets
            )
