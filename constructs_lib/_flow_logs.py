"""A Network's flow log, and the synth warning of a second one on the same VPC.

Each Network logs all traffic of its whole VPC, not of its own functions: a team with one
existing VPC and a Network per stack (the shape README's "Moving an existing app" leads
to) logged every packet of that VPC once per stack, each copy billed for its ingestion.
A warning, not an error: two logs of one VPC deploy, and a second one may be meant (another
retention, another team's reading)."""

from __future__ import annotations

from aws_cdk import Annotations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._cdk_internals import FLOW_LOGS_SERVICE, confine_flow_log_role
from constructs_lib._endpoint_registry import claim_endpoint, claimed_endpoint
from constructs_lib._injected_roles import check_injected_role
from constructs_lib._injector_errors import may_inject
from constructs_lib._jsii import is_unresolved
from constructs_lib._scope_retention import follow_scope_retention

__all__ = ["SECOND_FLOW_LOG_WARNING", "create_flow_log"]

#: The id to acknowledge (``cdk.Annotations.of(network).acknowledge_warning(...)``).
SECOND_FLOW_LOG_WARNING = "constructs_lib:secondFlowLog"
# the registry's key of a VPC's flow log, beside its endpoints' services
_FLOW_LOG = "flow log"


def create_flow_log(network: Construct, vpc: ec2.IVpc) -> logs.LogGroup:
    """All traffic of ``vpc`` to a log group of ``network`` with finite retention; a
    warning when another Network of the app logs that VPC already."""
    other = claimed_endpoint(network, vpc, _FLOW_LOG)
    if other is not None:
        _warn_of_second_flow_log(network, vpc, other)
    log_group = _defaults.log_group(network, "FlowLogs")
    follow_scope_retention(log_group, network)
    flow_log = ec2.FlowLog(
        network,
        "FlowLog",
        resource_type=ec2.FlowLogResourceType.from_vpc(vpc),
        destination=ec2.FlowLogDestination.to_cloud_watch_logs(log_group),
        traffic_type=ec2.FlowLogTrafficType.ALL,
    )
    if may_inject(network) and isinstance(flow_log.iam_role, iam.Role):
        # the trust and name an injector gave aws-cdk-lib's role (before the library's
        # conditions join the injector's): vpc-flow-logs.amazonaws.com and no one else
        check_injected_role(
            flow_log.iam_role,
            assumed_by=iam.ServicePrincipal(FLOW_LOGS_SERVICE),
            inline_policies={},
            owner="aws-cdk-lib's FlowLog",
        )
    confine_flow_log_role(flow_log)
    if other is None:
        claim_endpoint(flow_log, vpc, _FLOW_LOG)
    return log_group


def _warn_of_second_flow_log(network: Construct, vpc: ec2.IVpc, other: str) -> None:
    vpc_id = vpc.node.path if is_unresolved(vpc.vpc_id) else vpc.vpc_id
    Annotations.of(network).add_warning_v2(
        SECOND_FLOW_LOG_WARNING,
        f"`flow_logs` is True, but {other} logs all traffic of the VPC {vpc_id} already "
        "(another Network's over the same VPC): this one would write every record again, "
        "each copy billed for its ingestion (CloudWatch Logs, about $0.50 per GB). Fix: "
        "pass flow_logs=False to this Network (the other's log group has the records; pass "
        "it to both if the VPC's owner logs it already), or create one Network per VPC (in "
        "a shared network stack) and pass it as network= to every construct in that VPC. If "
        f"a second log is meant, acknowledge '{SECOND_FLOW_LOG_WARNING}'.",
    )
