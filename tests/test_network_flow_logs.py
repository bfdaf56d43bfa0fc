"""A Network logs all traffic of its whole VPC: a second Network of the app over the same
VPC (a stack each, over the company's one VPC) warns that it logs it again. Other VPCs,
the same VPC ID in another account or region, and ``flow_logs=False`` do not warn; the
templates stay as they were."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import Network
from constructs_lib._flow_logs import SECOND_FLOW_LOG_WARNING
from tests.support import new_app

HERE = cdk.Environment(account="111111111111", region="eu-west-1")
VPC_ID = "vpc-0a1b2c3d4e5f60718"


def _corp_vpc(stack: cdk.Stack, vpc_id: str = VPC_ID) -> ec2.IVpc:
    return ec2.Vpc.from_vpc_attributes(
        stack,
        "CorpVpc",
        vpc_id=vpc_id,
        availability_zones=["eu-west-1a", "eu-west-1b"],
        private_subnet_ids=["subnet-0a01", "subnet-0a02"],
        private_subnet_route_table_ids=["rtb-0a01", "rtb-0a02"],
    )


def _network(stack: cdk.Stack, vpc: ec2.IVpc, *, flow_logs: bool = True) -> Network:
    return Network(
        stack,
        "Network",
        existing_vpc=vpc,
        interface_endpoints=False,
        gateway_endpoints=False,
        flow_logs=flow_logs,
    )


def _warnings(stack: cdk.Stack) -> list[str]:
    return [
        str(w.entry.data)
        for w in Annotations.from_stack(stack).find_warning("*", Match.any_value())
    ]


def test_a_second_network_over_the_same_vpc_warns_that_it_logs_it_again() -> None:
    # Proves (brownfield trial): a Network per stack over the company's VPC, as README's
    # "Moving an existing app" leads to, created one flow log of the whole VPC per stack
    # (six in the trial's app), every packet written and billed once per stack, unsaid
    app = new_app()
    api, worker = (cdk.Stack(app, name, env=HERE) for name in ("Api", "Worker"))
    _network(api, _corp_vpc(api))
    _network(worker, _corp_vpc(worker))
    assert _warnings(api) == []
    [warning] = _warnings(worker)
    assert warning.startswith(
        f"`flow_logs` is True, but Api/Network/FlowLog logs all traffic of the VPC {VPC_ID} already"
    )
    assert "pass flow_logs=False to this Network" in warning
    assert warning.endswith(f"[ack: {SECOND_FLOW_LOG_WARNING}]")
    # AND each stack keeps its flow log, under the logical IDs it had
    for stack in (api, worker):
        template = Template.from_stack(stack)
        template.resource_count_is("AWS::EC2::FlowLog", 1)
        assert "NetworkFlowLogs2BEC3212" in template.find_resources("AWS::Logs::LogGroup")


def test_a_network_over_a_vpc_of_another_network_warns() -> None:
    app = new_app()
    stack = cdk.Stack(app, "Shared")
    first = Network(stack, "Network")
    Network(
        stack, "Second", existing_vpc=first.vpc, interface_endpoints=False, gateway_endpoints=False
    )
    [warning] = _warnings(stack)
    assert "but Shared/Network/FlowLog logs all traffic of the VPC Shared/Network/Vpc" in warning


def test_flow_logs_off_another_vpc_or_another_environment_do_not_warn() -> None:
    app = new_app()
    first = cdk.Stack(app, "First", env=HERE)
    _network(first, _corp_vpc(first))
    off = cdk.Stack(app, "Off", env=HERE)
    _network(off, _corp_vpc(off), flow_logs=False)
    other_vpc = cdk.Stack(app, "OtherVpc", env=HERE)
    _network(other_vpc, _corp_vpc(other_vpc, "vpc-0ffffffffffffffff"))
    other_account = cdk.Stack(
        app, "OtherAccount", env=cdk.Environment(account="222222222222", region="eu-west-1")
    )
    _network(other_account, _corp_vpc(other_account))
    for stack in (first, off, other_vpc, other_account):
        assert _warnings(stack) == [], stack.stack_name


def test_the_warning_is_acknowledged_on_the_network() -> None:
    app = new_app()
    first, second = (cdk.Stack(app, name, env=HERE) for name in ("First", "Second"))
    _network(first, _corp_vpc(first))
    network = _network(second, _corp_vpc(second))
    cdk.Annotations.of(network).acknowledge_warning(
        SECOND_FLOW_LOG_WARNING, "the security team reads this one, with its own retention"
    )
    assert _warnings(second) == []
