"""Network(function_security_groups=): a platform's security groups on every function of
the Network beside its own, and their rules (the VPC, Lambda's 5 groups, duplicates)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Network, QueueWorker, ScheduledJob
from tests.support import CDK_CONTEXT, echo_handler, nag_findings, new_stack


def _vpc(stack: cdk.Stack, vpc_id: str = "vpc-123", id: str = "Imported") -> ec2.IVpc:
    return ec2.Vpc.from_vpc_attributes(
        stack,
        id,
        vpc_id=vpc_id,
        availability_zones=["us-east-1a", "us-east-1b"],
        isolated_subnet_ids=["subnet-a", "subnet-b"],
        isolated_subnet_route_table_ids=["rtb-a", "rtb-b"],
        vpc_cidr_block="10.1.0.0/16",
    )


def _imported(stack: cdk.Stack, n: int) -> ec2.ISecurityGroup:
    return ec2.SecurityGroup.from_security_group_id(stack, f"Platform{n}", f"sg-0000{n}")


def _group_ids(template: Template) -> list[Any]:
    return [
        function["Properties"]["VpcConfig"]["SecurityGroupIds"]
        for function in template.find_resources("AWS::Lambda::Function").values()
        if "VpcConfig" in function["Properties"]
    ]


def test_every_function_gets_the_platform_s_groups_beside_its_own() -> None:
    stack = new_stack()
    vpc = _vpc(stack)
    own_vpc_group = ec2.SecurityGroup(stack, "Audit", vpc=vpc, allow_all_outbound=False)
    network = Network(
        stack,
        "Network",
        existing_vpc=vpc,
        function_security_groups=[_imported(stack, 1), own_vpc_group],
    )
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    job = ScheduledJob(
        stack, "Job", handler=echo_handler(), schedule="rate(1 hour)", network=network
    )
    template = Template.from_stack(stack)
    audit = stack.resolve(own_vpc_group.security_group_id)
    groups = _group_ids(template)
    assert sorted(map(str, groups)) == sorted(
        str([stack.resolve(c.security_group.security_group_id), "sg-00001", audit])
        for c in (worker, job)
    )
    assert network.function_security_groups == [network.function_security_groups[0], own_vpc_group]


def test_without_groups_a_function_has_its_own_group_only() -> None:
    stack = new_stack()
    network = Network(stack, "Network", existing_vpc=_vpc(stack))
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    assert _group_ids(Template.from_stack(stack)) == [
        [stack.resolve(worker.security_group.security_group_id)]
    ]


def test_four_groups_are_accepted_five_are_refused() -> None:
    stack = new_stack()
    vpc = _vpc(stack)
    Network(
        stack,
        "Four",
        existing_vpc=vpc,
        function_security_groups=[_imported(stack, n) for n in range(4)],
        gateway_endpoints=False,
        interface_endpoints=False,
    )
    with pytest.raises(ConstructError) as raised:
        Network(
            stack,
            "Five",
            existing_vpc=vpc,
            function_security_groups=[_imported(stack, n) for n in range(4, 9)],
            gateway_endpoints=False,
            interface_endpoints=False,
        )
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/Five", "function_security_groups")
    assert "Lambda allows at most 5 per function" in problem.message
    assert "at most 4" in problem.fix


def test_a_group_of_another_vpc_a_repeated_one_and_no_existing_vpc_are_refused() -> None:
    stack = new_stack()
    other = ec2.SecurityGroup(stack, "Other", vpc=_vpc(stack, "vpc-999", "OtherVpc"))
    platform = _imported(stack, 1)
    with pytest.raises(ConstructError) as raised:
        Network(
            stack,
            "Network",
            existing_vpc=_vpc(stack),
            function_security_groups=[platform, other, platform],
        )
    problems = raised.value.problems
    assert [p.prop for p in problems] == [
        "function_security_groups[1]",
        "function_security_groups[2]",
    ]
    assert all(p.path == "Test/Network" and p.fix for p in problems)
    assert "is of VPC vpc-999, not the Network's" in problems[0].message
    assert "again" in problems[1].message
    with pytest.raises(ConstructError, match="is set without existing_vpc"):
        Network(stack, "New", function_security_groups=[_imported(stack, 2)])


def test_a_group_of_a_vpc_created_in_the_app_is_compared_by_reference() -> None:
    stack = new_stack()
    isolated = ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
    vpc, other = (
        ec2.Vpc(stack, name, max_azs=2, nat_gateways=0, subnet_configuration=[isolated])
        for name in ("Platform", "Other")
    )
    mine = ec2.SecurityGroup(stack, "Mine", vpc=vpc)
    Network(stack, "Ok", existing_vpc=vpc, function_security_groups=[mine])
    theirs = ec2.SecurityGroup(stack, "Theirs", vpc=other)
    with pytest.raises(ConstructError, match=r"function_security_groups\[0\]`? .*Other"):
        Network(
            stack,
            "Bad",
            existing_vpc=vpc,
            function_security_groups=[theirs],
            gateway_endpoints=False,
            interface_endpoints=False,
        )


def test_a_group_of_a_deploy_time_vpc_id_is_accepted() -> None:
    # A VPC ID from a parameter: the group's VPC cannot be told at synth, nothing to refuse
    stack = new_stack()
    vpc_id = cdk.CfnParameter(stack, "VpcId").value_as_string
    vpc = _vpc(stack)
    group = ec2.SecurityGroup(stack, "Group", vpc=_vpc(stack, vpc_id, "Deploy"))
    network = Network(stack, "Network", existing_vpc=vpc, function_security_groups=[group])
    # THEN the functions get that group
    assert [g.node.path for g in network.function_security_groups] == [group.node.path]


def test_a_group_beside_a_vpc_not_looked_up_yet_is_accepted() -> None:
    # Proves (sweep38c): existing_vpc=Vpc.from_lookup(...) beside a platform group of
    # vpc-123 was refused before the CLI had looked the VPC up (its ID is then the dummy
    # vpc-12345), so the synthesis that asks for the lookup failed
    stack = cdk.Stack(
        cdk.App(), "Test", env=cdk.Environment(account="123456789012", region="us-east-1")
    )
    vpc = ec2.Vpc.from_lookup(stack, "Platform", vpc_id="vpc-123")
    group = ec2.SecurityGroup(stack, "Audit", vpc=_vpc(stack), allow_all_outbound=False)
    Network(stack, "Network", existing_vpc=vpc, function_security_groups=[group])
    # THEN a group of a known other VPC is still refused
    with pytest.raises(ConstructError, match=r"Audit2 is of VPC vpc-456, not the Network's"):
        other = ec2.SecurityGroup(stack, "Audit2", vpc=_vpc(stack, "vpc-456", "Other"))
        Network(
            stack, "Network2", existing_vpc=_vpc(stack, id="Mine"), function_security_groups=[other]
        )


def test_a_list_of_something_else_is_refused() -> None:
    stack = new_stack()
    with pytest.raises(ConstructError, match="function_security_groups"):
        Network(stack, "Network", existing_vpc=_vpc(stack), function_security_groups=["sg-1"])  # type: ignore[list-item]


def test_platform_groups_pass_cdk_nag(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    network = Network(
        stack, "Network", existing_vpc=_vpc(stack), function_security_groups=[_imported(stack, 1)]
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    assert nag_findings(app, tmp_path) == set()


@pytest.mark.parametrize(
    ("group_id", "fix"),
    [("sg-0123456789abcdef0\n", "'sg-0123456789abcdef0'"), ("platform-egress", "'sg-...'")],
    ids=["pasted-newline", "a-name"],
)
def test_a_group_imported_by_no_group_id_is_refused(group_id: str, fix: str) -> None:
    # Proves (bad inputs, round 39): both synthesized a VpcConfig Lambda refuses at deploy
    stack = new_stack()
    group = ec2.SecurityGroup.from_security_group_id(stack, "Platform", group_id)
    with pytest.raises(ConstructError) as raised:
        Network(stack, "Network", existing_vpc=_vpc(stack), function_security_groups=[group])
    (problem,) = raised.value.problems
    assert problem.prop == "function_security_groups[0]"
    assert f"was imported by {group_id!r}, which is no security group ID" in problem.message
    assert f"from_security_group_id(self, 'Platform', {fix})" in problem.fix


def test_a_group_of_another_app_is_named() -> None:
    # Proves (bad inputs, round 39): it reached aws-cdk-lib, whose cross-app error names no prop
    other = cdk.Stack(cdk.App(), "Other")
    group = ec2.SecurityGroup(other, "Group", vpc=_vpc(other))
    stack = new_stack()
    with pytest.raises(ConstructError, match=r"of another cdk\.App"):
        Network(stack, "Network", existing_vpc=_vpc(stack), function_security_groups=[group])
