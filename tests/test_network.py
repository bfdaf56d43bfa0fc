"""Network: zero NAT, endpoints instead of egress, each function in its own security group."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Network,
    QueueWorker,
    ServerlessApi,
    TableOptions,
)
from constructs_lib._core.network import (
    ENDPOINT_RULES_QUOTA,
    ENDPOINT_RULES_WARNING,
    rule_description,
)
from tests.support import (
    CDK_CONTEXT,
    InStack,
    RuleCase,
    assert_rule,
    echo_handler,
    in_stack,
    nag_findings,
    new_app,
    new_stack,
    rule_cases,
    synth_error,
)


@pytest.fixture(scope="module")
def template() -> Template:
    # GIVEN an API with two functions and a worker attached to one Network
    stack = new_stack()
    network = Network(stack, "Network")
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(name="A"), "GET /b": echo_handler(name="B")},
        auth=ApiAuth.iam(),
        network=network,
    )
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(endpoints=("sqs",)),
        network=network,
    )
    return Template.from_stack(stack)


def _endpoints(template: Template, kind: str) -> list[str]:
    return sorted(
        json.dumps(e["Properties"]["ServiceName"])
        for e in template.find_resources("AWS::EC2::VPCEndpoint").values()
        if e["Properties"].get("VpcEndpointType", "Gateway") == kind
    )


def test_no_nat_gateway_and_only_isolated_subnets(template: Template) -> None:
    template.resource_count_is("AWS::EC2::NatGateway", 0)
    template.resource_count_is("AWS::EC2::InternetGateway", 0)
    template.resource_count_is("AWS::EC2::Subnet", 2)
    template.all_resources_properties("AWS::EC2::Subnet", {"MapPublicIpOnLaunch": False})


def test_gateway_endpoints_for_s3_and_dynamodb_exactly_once(template: Template) -> None:
    gateways = _endpoints(template, "Gateway")
    assert len(gateways) == 2
    assert any(".s3" in g for g in gateways) and any(".dynamodb" in g for g in gateways)


def test_gateway_endpoint_policies_allow_only_the_stacks_own_account(template: Template) -> None:
    # GIVEN the default Network THEN S3 and DynamoDB through the endpoints reach only
    # resources of the stack's own account (no copying data out to another account)
    gateways = template.find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Gateway"}}
    )
    assert len(gateways) == 2
    for endpoint in gateways.values():
        (statement,) = endpoint["Properties"]["PolicyDocument"]["Statement"]
        assert statement["Effect"] == "Allow" and statement["Resource"] == "*"
        assert statement["Action"] in ("s3:*", "dynamodb:*")
        assert statement["Condition"] == {
            "StringEquals": {"aws:ResourceAccount": {"Ref": "AWS::AccountId"}}
        }


def test_other_accounts_opt_out_leaves_the_endpoints_open() -> None:
    stack = new_stack()
    Network(stack, "Network", other_accounts=True)
    gateways = Template.from_stack(stack).find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Gateway"}}
    )
    assert len(gateways) == 2
    assert all("PolicyDocument" not in e["Properties"] for e in gateways.values())


def test_interface_endpoints_only_for_what_functions_call_each_once(template: Template) -> None:
    # X-Ray for tracing (three functions attach), SQS asked for by one handler
    interfaces = _endpoints(template, "Interface")
    assert len(interfaces) == 2
    assert any("xray" in i for i in interfaces) and any("sqs" in i for i in interfaces)
    # every endpoint is in the network's VPC
    (vpc_id,) = template.find_resources("AWS::EC2::VPC")
    template.all_resources_properties("AWS::EC2::VPCEndpoint", {"VpcId": {"Ref": vpc_id}})
    # and each interface endpoint resolves the service's own DNS name privately, behind one group
    interface_endpoints = template.find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Interface"}}
    ).values()
    assert len(interface_endpoints) == 2
    for endpoint in interface_endpoints:
        assert endpoint["Properties"]["PrivateDnsEnabled"] is True
        assert len(endpoint["Properties"]["SecurityGroupIds"]) == 1


def test_every_function_has_vpc_config_and_its_own_security_group(template: Template) -> None:
    functions = template.find_resources(
        "AWS::Lambda::Function", {"Properties": {"Runtime": "python3.14"}}
    )
    groups = set()
    for function in functions.values():
        config = function["Properties"]["VpcConfig"]
        (group,) = config["SecurityGroupIds"]
        groups.add(json.dumps(group))
        assert len(config["SubnetIds"]) == 2
    assert len(groups) == len(functions) == 3


def test_function_security_groups_have_no_inbound_and_only_https_out(template: Template) -> None:
    groups = {
        k: g
        for k, g in template.find_resources("AWS::EC2::SecurityGroup").items()
        if "Lambda function" in g["Properties"]["GroupDescription"]
    }
    assert len(groups) == 3
    for group in groups.values():
        assert "SecurityGroupIngress" not in group["Properties"]
        (egress,) = group["Properties"]["SecurityGroupEgress"]
        assert (egress["IpProtocol"], egress["FromPort"], egress["ToPort"]) == ("tcp", 443, 443)
    ingress = template.find_resources("AWS::EC2::SecurityGroupIngress")
    assert len(ingress) == 3  # endpoint group: HTTPS from each function's group
    for rule in ingress.values():
        assert rule["Properties"]["FromPort"] == 443
        assert "SourceSecurityGroupId" in rule["Properties"]


def test_flow_logs_go_to_a_log_group_with_retention(template: Template) -> None:
    template.has_resource_properties(
        "AWS::EC2::FlowLog",
        {"ResourceType": "VPC", "TrafficType": "ALL", "LogDestinationType": "cloud-watch-logs"},
    )
    template.has_resource_properties(
        "AWS::Logs::LogGroup",
        {"RetentionInDays": 30},
    )


def test_flow_log_role_trusts_only_flow_logs_of_the_stacks_account(template: Template) -> None:
    # Proves (security review): the flow log's role trusted vpc-flow-logs.amazonaws.com for
    # any flow log of any account (the confused deputy AWS's flow-logs guide warns about);
    # it now carries aws:SourceAccount and aws:SourceArn, as that guide recommends.
    (role,) = [
        r
        for r in template.find_resources("AWS::IAM::Role").values()
        if "vpc-flow-logs.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])
    ]
    (statement,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Condition"] == {
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {
            "aws:SourceArn": {
                "Fn::Join": [
                    "",
                    [
                        "arn:",
                        {"Ref": "AWS::Partition"},
                        ":ec2:",
                        {"Ref": "AWS::Region"},
                        ":",
                        {"Ref": "AWS::AccountId"},
                        ":vpc-flow-log/*",
                    ],
                ]
            }
        },
    }


def test_default_security_group_handler_logs_with_finite_retention(template: Template) -> None:
    # Proves (security review): aws-cdk-lib's provider that strips the default security
    # group had no log group (Lambda's own, kept forever); it logs to one with 30 days.
    (handler,) = [
        f
        for k, f in template.find_resources("AWS::Lambda::Function").items()
        if k.startswith("CustomVpcRestrictDefaultSG")
    ]
    (logs_id,) = [
        k
        for k in template.find_resources(
            "AWS::Logs::LogGroup", {"Properties": {"RetentionInDays": 30}}
        )
        if k.startswith("VpcRestrictDefaultSgHandlerLogs")
    ]
    assert handler["Properties"]["LoggingConfig"] == {"LogGroup": {"Ref": logs_id}}


def test_roles_get_network_interface_permissions_inline(template: Template) -> None:
    template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "Policies": Match.array_with([Match.object_like({"PolicyName": "Network"})]),
        },
    )
    for logical_id, role in template.find_resources("AWS::IAM::Role").items():
        if "CustomVpcRestrictDefaultSG" in logical_id:
            continue  # CDK's own provider that removes the default security group's rules
        assert "ManagedPolicyArns" not in role["Properties"]


def test_function_code_cannot_use_the_network_interface_permissions(template: Template) -> None:
    # Proves (security review): the ENI actions on '*' that Lambda needs were usable by the
    # function's code too (delete or create any network interface of the account); the
    # role now denies them to calls from the execution environment, which alone carry
    # lambda:SourceFunctionArn (Lambda's own ENI calls do not).
    roles = [
        r
        for r in template.find_resources("AWS::IAM::Role").values()
        if any(p["PolicyName"] == "Network" for p in r["Properties"].get("Policies", []))
    ]
    assert len(roles) == 3  # two API functions and the worker
    for role in roles:
        (network,) = [p for p in role["Properties"]["Policies"] if p["PolicyName"] == "Network"]
        allow, deny = network["PolicyDocument"]["Statement"]
        assert allow["Effect"] == "Allow"
        assert deny == {
            "Sid": "NotFromFunctionCode",
            "Effect": "Deny",
            "Action": allow["Action"],
            "Resource": "*",
            "Condition": {"Null": {"lambda:SourceFunctionArn": "false"}},
        }


def test_existing_imported_vpc_uses_its_isolated_subnets() -> None:
    stack = new_stack()
    vpc = ec2.Vpc.from_vpc_attributes(
        stack,
        "Imported",
        vpc_id="vpc-123",
        availability_zones=["us-east-1a", "us-east-1b"],
        isolated_subnet_ids=["subnet-a", "subnet-b"],
        isolated_subnet_route_table_ids=["rtb-a", "rtb-b"],
        vpc_cidr_block="10.1.0.0/16",
    )
    network = Network(stack, "Network", existing_vpc=vpc)
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::EC2::VPC", 0)
    template.has_resource_properties(
        "AWS::EC2::VPCEndpoint", {"RouteTableIds": ["rtb-a", "rtb-b"], "VpcId": "vpc-123"}
    )
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "VpcConfig": {
                "SubnetIds": ["subnet-a", "subnet-b"],
                "SecurityGroupIds": Match.any_value(),
            }
        },
    )
    assert network.vpc is vpc


def test_a_new_vpc_in_a_stack_that_cannot_deploy_assets_is_named_with_the_fix() -> None:
    # Proves (platform): Network(self, "Network") in a stack with a BootstraplessSynthesizer
    # (a platform's bootstrap rule) raised aws-cdk-lib's bare jsii trace "Cannot add assets
    # to a Stack that uses the BootstraplessSynthesizer": the new VPC's default security
    # group is stripped by a custom resource whose code is a file asset.
    stack = new_stack(synthesizer=cdk.BootstraplessSynthesizer())
    with pytest.raises(
        ConstructError,
        match=r"Net: `existing_vpc` needs to be given: a new VPC needs the code of aws-cdk-lib's "
        r"custom resource .* a file asset, and the stack uses a BootstraplessSynthesizer.*"
        r"Fix: give the stack synthesizer=cdk.DefaultStackSynthesizer\(\) .*, or pass "
        r"existing_vpc=",
    ):
        Network(stack, "Net")
    # an existing VPC needs no asset
    Network(
        stack,
        "Platform",
        existing_vpc=ec2.Vpc.from_vpc_attributes(
            stack,
            "Vpc",
            vpc_id="vpc-1",
            availability_zones=["a", "b"],
            isolated_subnet_ids=["subnet-1", "subnet-2"],
            isolated_subnet_route_table_ids=["rtb-1", "rtb-2"],
        ),
    )
    cdk.App.of(stack).synth()


def test_nat_gateway_is_opt_in() -> None:
    stack = new_stack()
    Network(stack, "Network", nat_gateways=1)
    Template.from_stack(stack).resource_count_is("AWS::EC2::NatGateway", 1)


def test_flow_logs_and_gateway_endpoints_can_be_turned_off() -> None:
    stack = new_stack()
    Network(stack, "Network", flow_logs=False, gateway_endpoints=False)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::EC2::FlowLog", 0)
    template.resource_count_is("AWS::EC2::VPCEndpoint", 0)


def test_flow_logs_turned_off_leave_no_cdk_nag_finding_for_the_user(tmp_path: Path) -> None:
    # Proves (sweep25): Network(flow_logs=False), a documented prop, failed the synth with
    # AwsSolutions-VPC7 on the library's own VPC (Test/Net/Vpc/Resource)
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    Network(cdk.Stack(app, "Test"), "Net", flow_logs=False)
    # THEN the prop is the acknowledgement: no finding is left for the user
    assert nag_findings(app, tmp_path) == set()


#: an existing VPC with isolated subnets but no route table IDs
BARE_VPC = InStack(
    lambda stack: ec2.Vpc.from_vpc_attributes(
        stack, "V", vpc_id="vpc-1", availability_zones=["a"], isolated_subnet_ids=["s"]
    )
)

CASES: list[RuleCase] = [
    ("azs", {"max_azs": 0}, r"Test/Network: `max_azs` is 0; it must be between 1 and 6"),
    ("nat", {"nat_gateways": 7}, r"`nat_gateways` is 7; it must be between 0 and 6"),
    (
        "nat with existing",
        {"existing_vpc": BARE_VPC, "nat_gateways": 1, "gateway_endpoints": False},
        r"set together with existing_vpc",
    ),
    # Proves (user trial): Network(existing_vpc=vpc, max_azs=3) synthesized silently and
    # ignored max_azs (nat_gateways with existing_vpc was already refused).
    (
        "max_azs with existing",
        {"existing_vpc": BARE_VPC, "max_azs": 3, "gateway_endpoints": False},
        r"`max_azs` is 3 together with existing_vpc, whose zones are its owner's.*"
        r"Fix: remove max_azs",
    ),
    (
        "gateway endpoints without route tables",
        {"existing_vpc": BARE_VPC},
        r"`gateway_endpoints` needs the route table IDs of existing_vpc's subnets",
    ),
    (
        "more NAT gateways than zones",
        {"nat_gateways": 3, "max_azs": 2},
        r"`nat_gateways` is 3, more than max_azs \(2\).*silently create fewer",
    ),
    (
        # Proves (messages review): fixes read "pass nat_gateways<=2" and "max_azs<=2", which
        # are no Python, and env=Environment(...) where the README imports aws_cdk as cdk
        "more NAT gateways than zones fix",
        {"nat_gateways": 3, "max_azs": 2},
        # and (papercuts349) "or raise max_azs" where 2 zones are all an env-agnostic stack has
        r"Fix: pass nat_gateways=2 or fewer$",
    ),
    # Proves (user trial): other_accounts=True with gateway_endpoints=False synthesized
    # silently and changed nothing (it only loosens the Network's own endpoint policies)
    (
        "other accounts without gateway endpoints",
        {"other_accounts": True, "gateway_endpoints": False},
        r"`other_accounts` is True with gateway_endpoints=False: it lifts the own-account "
        r"policy of the Network's gateway endpoints, and there are none",
    ),
    (
        "no interface endpoints on a new VPC without egress",
        {"interface_endpoints": False},
        r"`interface_endpoints` is False on a new VPC without NAT gateways: its functions "
        r"could reach neither X-Ray.*Fix: drop interface_endpoints=False",
    ),
    (
        "three zones in an env-agnostic stack",
        {"max_azs": 3},
        r"`max_azs` is 3, but the stack is env-agnostic.*only use 2 availability zones",
    ),
    (
        "three zones in an env-agnostic stack fix",
        {"max_azs": 3},
        r"Fix: pass env=cdk.Environment\(account=..., region=...\) to the stack, or max_azs=2 "
        r"or fewer",
    ),
]


def _network(**props: Any) -> Network:
    stack = new_stack()
    return Network(stack, "Network", **in_stack(props, stack))


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_network, props, message)


def test_unknown_endpoint_service_is_rejected() -> None:
    stack = new_stack()
    with pytest.raises(ConstructError, match=r"`handler.endpoints` has 'sqs2'; known services"):
        QueueWorker(stack, "Worker", handler=echo_handler(endpoints=("sqs2",)))


@pytest.mark.parametrize(
    ("service", "fix"),
    [
        ("s3", "leave 's3' out: S3 and DynamoDB go through the Network's gateway endpoints"),
        ("DynamoDB", "leave 'DynamoDB' out: S3 and DynamoDB go through"),
        (
            "ses",
            "leave 'ses' out: the Network creates no SES endpoint, so a function sending "
            "email needs a Network with NAT gateways (Network(nat_gateways=1)) or no network=",
        ),
        ("email", "leave 'email' out: the Network creates no SES endpoint"),
        ("SQS", "write it as the known name 'sqs'"),
        ("sqs2", "use one of the known names"),
    ],
)
def test_an_unknown_endpoint_service_is_told_what_the_user_meant(service: str, fix: str) -> None:
    # Proves: each was told to "use one of the known names", a list holding none of S3,
    # DynamoDB (gateway endpoints: nothing to list) or SES (no endpoint the Network makes:
    # NAT), nor saying that 'SQS' is 'sqs'
    stack = new_stack()
    network = Network(stack, "Net")
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", network=network, handler=echo_handler(endpoints=(service,)))
    (problem,) = raised.value.problems
    assert problem.prop == "handler.endpoints"
    assert problem.fix.startswith(fix)


@pytest.mark.parametrize("gateway_endpoints", [True, False])
def test_an_existing_vpc_without_isolated_or_private_subnets_is_a_construct_error(
    gateway_endpoints: bool,
) -> None:
    # Proves (fuzz): a VPC imported with public subnets only was aws-cdk-lib's "There are no
    # 'Isolated' subnet groups in this VPC" trace (or, with gateway endpoints, a message
    # about route table IDs)
    stack = new_stack()
    vpc = ec2.Vpc.from_vpc_attributes(
        stack,
        "Vpc",
        vpc_id="vpc-12345678",
        availability_zones=["us-east-1a"],
        public_subnet_ids=["subnet-12345678"],
        public_subnet_route_table_ids=["rtb-12345678"],
    )
    with pytest.raises(
        ConstructError,
        match=r"Test/Net: `existing_vpc` has no isolated or private subnets, where the "
        r"functions would run \(only public ones\)",
    ) as raised:
        Network(stack, "Net", existing_vpc=vpc, gateway_endpoints=gateway_endpoints)
    assert len(raised.value.problems) == 1


@pytest.mark.parametrize(
    ("service", "message"),
    [
        ("nope", r"`service` is 'nope', not a known service. Fix: pass one of 'xray', 'sqs'"),
        ("SQS", r"`service` is 'SQS', not a known service"),
        (None, r"`service` is None, not a known service"),
        # Proves (messages review): an object was shown as '<object object at 0x...>'
        (object(), r"`service` is an object, not a known service"),
        ("s3", r"`service` is 's3', served by a gateway endpoint. Fix: use network.gateway"),
    ],
)
def test_endpoint_of_an_unknown_service_is_a_construct_error(service: Any, message: str) -> None:
    # Proves (fuzz): network.endpoint("nope") / ("s3") raised a bare KeyError, and
    # endpoint(None) an AttributeError
    network = Network(new_stack(), "Net")
    with pytest.raises(ConstructError, match=rf"Test/Net: {message}"):
        network.endpoint(service)
    assert network.interface_endpoints == {}


def test_a_network_in_its_own_stack_serves_functions_in_other_stacks() -> None:
    # GIVEN a shared network stack and an app stack whose worker uses it
    app = new_app()
    net_stack = cdk.Stack(app, "Net")
    network = Network(net_stack, "Net")
    stack = cdk.Stack(app, "App")
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    # WHEN synthesized THEN there is no cycle between the stacks (the app stack depends on
    # the network stack only), and the rule letting the worker reach the endpoints lives
    # in the app stack, next to the worker's security group
    assembly = app.synth()
    assert {d.id for d in assembly.get_stack_by_name("App").dependencies} - {"App.assets"} == {
        "Net"
    }
    assert {d.id for d in assembly.get_stack_by_name("Net").dependencies} <= {"Net.assets"}
    Template.from_stack(net_stack).resource_count_is("AWS::EC2::SecurityGroupIngress", 0)
    Template.from_stack(stack).has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443},
    )


def _team_vpc(stack: cdk.Stack, **props: Any) -> ec2.Vpc:
    """The team's own VPC, defined with plain aws-cdk-lib in a shared stack."""
    return ec2.Vpc(
        stack,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="Isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
        **props,
    )


def test_two_networks_over_one_vpc_of_the_app_are_a_construct_error() -> None:
    # Proves (user trial): two service stacks each with Network(existing_vpc=team_vpc) was
    # aws-cdk-lib's raw "There is already a Construct with name 'S3Endpoint' in Vpc"
    # (both Networks put S3 and DynamoDB gateway endpoints on the VPC's route tables)
    app = new_app()
    vpc = _team_vpc(cdk.Stack(app, "Shared"))
    Network(cdk.Stack(app, "Orders"), "Network", existing_vpc=vpc)
    with pytest.raises(
        ConstructError,
        match=r"Billing/Network: `gateway_endpoints` would give existing_vpc S3 and DynamoDB "
        r"gateway endpoints, but it has Shared/Vpc/S3Endpoint, Shared/Vpc/DynamoDBEndpoint "
        r"already \(yours, or another Network's\): a second endpoint of a service on the "
        r"same route tables fails the deploy\. Fix: pass gateway_endpoints=False",
    ):
        Network(cdk.Stack(app, "Billing"), "Network", existing_vpc=vpc)
    # AND the second Network without gateway endpoints uses the first one's
    network = Network(
        cdk.Stack(app, "Billing2"), "Network", existing_vpc=vpc, gateway_endpoints=False
    )
    assert network.gateway_endpoints == {}


def test_a_vpc_with_its_own_s3_gateway_endpoint_is_a_construct_error() -> None:
    # Proves (user trial): a team VPC that has an S3 gateway endpoint already got a second
    # one on the same route tables, which the deploy refuses; silent at synth
    stack = new_stack()
    vpc = _team_vpc(
        stack,
        gateway_endpoints={
            "S3": ec2.GatewayVpcEndpointOptions(service=ec2.GatewayVpcEndpointAwsService.S3)
        },
    )
    with pytest.raises(ConstructError, match=r"but it has Test/Vpc/S3 already"):
        Network(stack, "Network", existing_vpc=vpc)
    # AND a VPC without gateway endpoints gets the Network's
    other = new_stack()
    network = Network(other, "Network", existing_vpc=_team_vpc(other))
    assert set(network.gateway_endpoints) == {"S3", "DynamoDB"}


_ZONES_KEY = "availability-zones:account=111111111111:region=eu-west-1"
_EU_WEST_1 = cdk.Environment(account="111111111111", region="eu-west-1")
_THREE_ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


def test_more_zones_than_the_region_has_is_a_construct_error() -> None:
    # Proves (user trial): Network(max_azs=4) in a stack whose region has 3 zones (in
    # cdk.context.json) synthesized a VPC over 3 zones without a word
    app = new_app(**{_ZONES_KEY: ["eu-west-1a", "eu-west-1b", "eu-west-1c"]})
    stack = cdk.Stack(app, "Test", env=_EU_WEST_1)
    with pytest.raises(ConstructError) as raised:
        Network(stack, "Network", max_azs=4)
    assert (
        "Test/Network: `max_azs` is 4, but eu-west-1 has 3 availability zones for account "
        "111111111111 (eu-west-1a, eu-west-1b, eu-west-1c), so CDK would silently create 3. "
        "Fix: pass max_azs=3 or fewer"
    ) in str(raised.value)
    Network(stack, "AllZones", max_azs=3)  # every zone the region has: fine


@pytest.mark.parametrize(
    ("zones", "nat_gateways", "max_azs", "fix"),
    [
        # Proves (papercuts349): Network(nat_gateways=7, max_azs=6) was told to "raise
        # max_azs", whose most is 6: a fix never offers more zones than the stack can have
        (None, 7, 6, "Fix: pass nat_gateways=6 or fewer"),
        (None, 6, 5, "Fix: pass nat_gateways=5 or fewer, or max_azs=6"),
        (None, 2, 1, "Fix: pass nat_gateways=1 or fewer, or max_azs=2"),
        (_THREE_ZONES, 4, 3, "Fix: pass nat_gateways=3 or fewer"),
        (_THREE_ZONES, 3, 2, "Fix: pass nat_gateways=2 or fewer, or max_azs=3"),
    ],
)
def test_more_nat_gateways_than_zones_is_told_a_fix_that_works(
    zones: list[str] | None, nat_gateways: int, max_azs: int, fix: str
) -> None:
    # GIVEN a stack whose zones are not looked up yet (dummies: Network's 6 at most), or
    # a region with 3
    app = new_app(**{_ZONES_KEY: zones}) if zones else new_app()
    stack = cdk.Stack(app, "Test", env=_EU_WEST_1)
    with pytest.raises(ConstructError) as raised:
        Network(stack, "Network", nat_gateways=nat_gateways, max_azs=max_azs)
    assert (
        f"Test/Network: `nat_gateways` is {nat_gateways}, more than max_azs ({max_azs}): one "
        "NAT gateway per zone at most, so CDK would silently create fewer. "
    ) in str(raised.value)
    assert f"fewer. {fix}\n" in f"{raised.value}\n"  # the whole fix


def test_zones_not_looked_up_yet_are_left_to_the_cli() -> None:
    # GIVEN no zones in the context: CDK gives dummy ones and the CLI looks them up and
    # synthesizes again, so the first pass must not fail on them
    stack = cdk.Stack(new_app(), "Test", env=_EU_WEST_1)
    Network(stack, "Network", max_azs=4)
    assert stack.availability_zones[0].startswith("dummy")


def test_an_existing_vpc_with_private_and_isolated_subnets_runs_functions_in_the_private() -> None:
    # Proves (user trial): the docstring said "its isolated subnets, else its private ones"
    # while the functions went to the private ones; the documentation now says what happens
    stack = new_stack()
    vpc = ec2.Vpc.from_vpc_attributes(
        stack,
        "Platform",
        vpc_id="vpc-123",
        availability_zones=["us-east-1a", "us-east-1b"],
        isolated_subnet_ids=["subnet-iso-a", "subnet-iso-b"],
        isolated_subnet_route_table_ids=["rtb-iso-a", "rtb-iso-b"],
        private_subnet_ids=["subnet-priv-a", "subnet-priv-b"],
        private_subnet_route_table_ids=["rtb-priv-a", "rtb-priv-b"],
    )
    network = Network(stack, "Network", existing_vpc=vpc)
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "VpcConfig": {
                "SubnetIds": ["subnet-priv-a", "subnet-priv-b"],
                "SecurityGroupIds": Match.any_value(),
            }
        },
    )
    documented = " ".join((Network.__doc__ or "").split())
    assert "go to its private subnets (with egress) when it has any, else to its isolated" in (
        documented
    )


def test_functions_in_the_vpcs_stack_with_the_network_elsewhere_are_a_construct_error() -> None:
    # Proves (user trial): a VPC of stack A wrapped by a Network in stack B, serving a
    # worker in A, was a raw jsii DependencyCycle error from aws-cdk-lib
    app = new_app()
    base = cdk.Stack(app, "Base")
    vpc = ec2.Vpc(base, "Vpc", max_azs=2, nat_gateways=0)
    network = Network(cdk.Stack(app, "Net"), "Network", existing_vpc=vpc)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(base, "Worker", handler=echo_handler(), network=network)
    assert (
        "Base/Worker: `network` is in stack 'Net' over the VPC 'Base/Vpc' of this stack: "
        "'Net' depends on this stack for the VPC, and a function here would make this stack "
        "depend on it (the endpoints' security group), a cycle. Fix: create the Network in "
        "'Base', next to its VPC, or the functions in another stack"
    ) in str(raised.value)
    # THEN functions in a third stack are fine (Net depends on Base, Work on both)
    QueueWorker(cdk.Stack(app, "Work"), "Worker", handler=echo_handler(), network=network)
    app.synth()


def _platform_vpc(stack: cdk.Stack) -> ec2.IVpc:
    """The platform team's VPC, imported by its ID (each stack imports it itself)."""
    return ec2.Vpc.from_vpc_attributes(
        stack,
        "PlatformVpc",
        vpc_id="vpc-0a1b2c3d4e5f60718",
        availability_zones=["eu-west-1a", "eu-west-1b"],
        private_subnet_ids=["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"],
        private_subnet_route_table_ids=["rtb-0aaa1111bbbb2222c", "rtb-0ddd3333eeee4444f"],
    )


def test_a_vpc_imported_twice_gets_its_gateway_endpoints_once() -> None:
    # Proves (user trial): two stacks each importing the platform VPC by its ID, each with
    # a Network, put a second S3 and DynamoDB gateway endpoint on the same route tables,
    # which the deploy refuses; silent at synth (the same VPC object was already caught)
    app = new_app()
    first = cdk.Stack(app, "Orders", env=_EU_WEST_1)
    Network(first, "Network", existing_vpc=_platform_vpc(first))
    second = cdk.Stack(app, "Billing", env=_EU_WEST_1)
    with pytest.raises(ConstructError) as raised:
        Network(second, "Network", existing_vpc=_platform_vpc(second))
    assert (
        "Billing/Network: `gateway_endpoints` would give existing_vpc S3 and DynamoDB gateway "
        "endpoints, but it has Orders/PlatformVpc/S3Endpoint, "
        "Orders/PlatformVpc/DynamoDBEndpoint already"
    ) in str(raised.value)
    # AND the same VPC ID in another account or region is another VPC
    other = cdk.Stack(
        app, "Elsewhere", env=cdk.Environment(account="222222222222", region="eu-west-1")
    )
    Network(other, "Network", existing_vpc=_platform_vpc(other))


def test_two_networks_over_one_vpc_do_not_both_get_an_interface_endpoint() -> None:
    # Proves (user trial): a second Network over the same VPC (gateway_endpoints=False, as
    # the first error says) still created its own X-Ray interface endpoint with private
    # DNS, which the deploy refuses ("conflicting DNS domain"); silent at synth
    app = new_app()
    first = cdk.Stack(app, "Orders", env=_EU_WEST_1)
    network = Network(first, "Network", existing_vpc=_platform_vpc(first))
    QueueWorker(first, "Worker", handler=echo_handler(), network=network)
    second = cdk.Stack(app, "Billing", env=_EU_WEST_1)
    again = Network(second, "Network", existing_vpc=_platform_vpc(second), gateway_endpoints=False)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(second, "Worker", handler=echo_handler(), network=again)
    assert (
        "Billing/Network: `existing_vpc` has the xray interface endpoint "
        "Orders/Network/XrayEndpoint already (another Network's over the same VPC): a VPC "
        "takes one endpoint with private DNS per service, so the deploy would fail. Fix: "
        "create one Network per VPC (in a shared network stack) and pass it as network= to "
        "every construct in that VPC"
    ) in str(raised.value)
    # THEN the first Network serves the second stack's worker, its endpoint made once
    QueueWorker(second, "Worker2", handler=echo_handler(), network=network)
    assert list(network.interface_endpoints) == ["xray"]


@pytest.mark.parametrize("env", [_EU_WEST_1, None], ids=["in a region", "env-agnostic"])
def test_a_network_refuses_a_second_endpoint_beside_the_vpcs_own(
    env: cdk.Environment | None,
) -> None:
    # Proves (user trial): a platform stack whose VPC has its own X-Ray endpoint
    # (vpc.add_interface_endpoint, private DNS) and a Network over it in the app's stack
    # (interface_endpoints left on) synthesized a second X-Ray endpoint with private DNS,
    # which the deploy refuses; only another Network's endpoint was caught
    app = new_app()
    platform = cdk.Stack(app, "Platform", env=env)
    vpc = ec2.Vpc(platform, "Vpc", max_azs=2, nat_gateways=1)
    vpc.add_interface_endpoint("XRay", service=ec2.InterfaceVpcEndpointAwsService.XRAY)
    stack = cdk.Stack(app, "Ingest", env=env)
    network = Network(stack, "Network", existing_vpc=vpc, gateway_endpoints=False)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    assert (
        "Ingest/Network: `interface_endpoints` is True, but existing_vpc has its own xray "
        "interface endpoint Platform/Vpc/XRay with private DNS: a VPC takes one endpoint "
        "with private DNS per service, so the Network's would fail the deploy. Fix: pass "
        "interface_endpoints=False"
    ) in str(raised.value)
    # AND the VPC's endpoint of a service without private DNS is no obstacle
    vpc.add_interface_endpoint(
        "Sqs", service=ec2.InterfaceVpcEndpointAwsService.SQS, private_dns_enabled=False
    )
    assert network.endpoint("sqs").node.path == "Ingest/Network/SqsEndpoint"
    # THEN interface_endpoints=False, as the fix says, takes the VPC's own
    own = Network(
        stack, "Own", existing_vpc=vpc, gateway_endpoints=False, interface_endpoints=False
    )
    QueueWorker(stack, "Worker2", handler=echo_handler(), network=own)


def test_a_vpc_with_its_own_interface_endpoints_takes_a_network_that_creates_none() -> None:
    # Proves (user trial): a platform VPC that has its own X-Ray endpoint (private DNS)
    # could not take a Network at all: every function made the Network create a second
    # one, which the deploy refuses. interface_endpoints=False leaves the VPC's own.
    app = new_app()
    stack = cdk.Stack(app, "Orders", env=_EU_WEST_1)
    network = Network(
        stack,
        "Network",
        existing_vpc=_platform_vpc(stack),
        gateway_endpoints=False,
        interface_endpoints=False,
    )
    QueueWorker(stack, "Worker", handler=echo_handler(endpoints=("sqs",)), network=network)
    # AND a second Network over the same VPC that creates none is no conflict either
    other = cdk.Stack(app, "Billing", env=_EU_WEST_1)
    again = Network(
        other,
        "Network",
        existing_vpc=_platform_vpc(other),
        gateway_endpoints=False,
        interface_endpoints=False,
    )
    QueueWorker(other, "Worker", handler=echo_handler(), network=again)
    template = Template.from_stack(stack)
    # THEN no endpoint and no rule admitting the function to one, but HTTPS out
    template.resource_count_is("AWS::EC2::VPCEndpoint", 0)
    template.resource_count_is("AWS::EC2::SecurityGroupIngress", 0)
    assert network.interface_endpoints == {} and not network.creates_interface_endpoints
    template.has_resource_properties(
        "AWS::EC2::SecurityGroup",
        {
            "GroupDescription": "Lambda function: no inbound; outbound HTTPS only",
            "SecurityGroupEgress": [Match.object_like({"FromPort": 443, "ToPort": 443})],
        },
    )
    # AND no group for endpoints it will never have: only the function's, in the platform's
    # VPC (trial39brownfield: an empty "Interface VPC endpoints" group was created there)
    assert network.endpoint_security_group is None
    assert [
        group["Properties"]["GroupDescription"]
        for group in template.find_resources("AWS::EC2::SecurityGroup").values()
    ] == ["Lambda function: no inbound; outbound HTTPS only"]
    # AND asking it for an endpoint says why there is none
    with pytest.raises(ConstructError, match=r"`service` is 'sns', but this Network creates no"):
        network.endpoint("sns")
    Template.from_stack(other).resource_count_is("AWS::EC2::VPCEndpoint", 0)


def test_no_interface_endpoints_on_a_new_vpc_with_nat_gateways_is_fine() -> None:
    stack = cdk.Stack(new_app(), "Egress", env=_EU_WEST_1)
    network = Network(stack, "Network", nat_gateways=1, interface_endpoints=False)
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    Template.from_stack(stack).resource_count_is("AWS::EC2::VPCEndpoint", 2)  # the gateways


_PK = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)

# Proves: a function in a zero-NAT Network linked to a queue, topic, secret or event bus (or,
# with gateway_endpoints=False, a bucket or table) synthesized without the endpoint it
# needed; every call from the function to the linked resource timed out at run time.
_UNREACHABLE = {
    "queue": (lambda s: sqs.Queue(s, "Target", enforce_ssl=True), {}, "sqs"),
    "topic": (lambda s: sns.Topic(s, "Target", enforce_ssl=True), {}, "sns"),
    "secret": (lambda s: secretsmanager.Secret(s, "Target"), {}, "secretsmanager"),
    "event bus": (lambda s: events.EventBus(s, "Target"), {}, "events"),
    "bucket": (lambda s: s3.Bucket(s, "Target"), {"gateway_endpoints": False}, "S3"),
    "table": (
        lambda s: dynamodb.TableV2(s, "Target", partition_key=_PK),
        {"gateway_endpoints": False},
        "DynamoDB",
    ),
}


@pytest.mark.parametrize("kind", list(_UNREACHABLE))
def test_a_link_the_function_cannot_reach_from_the_network_is_refused(kind: str) -> None:
    # an interface service's link fails the synth (an endpoint the user adds to the VPC
    # after the construct serves it: gaps50), a gateway service's the construct
    make, network_props, service = _UNREACHABLE[kind]
    stack = new_stack()
    network = Network(stack, "Net", **network_props)
    target = make(stack)
    why = (
        f"`handler.links[0]` is the {kind} Test/Target, but the function runs in the Network "
        f"Test/Net's isolated subnets, with no NAT gateway and no {service} "
    )
    if not network_props:
        QueueWorker(stack, "W", handler=echo_handler(links=[target]), network=network)
        # AND linking it after construction says the same
        worker = QueueWorker(stack, "Later", handler=echo_handler(), network=network)
        worker.link(target)
        message = synth_error(stack)
        assert f"[Test/W] {why}" in message
        assert re.search(r"\[Test/Later\] `links\[0\]` is the .*every call to it would", message)
    else:
        with pytest.raises(ConstructError) as raised:
            QueueWorker(stack, "W", handler=echo_handler(links=[target]), network=network)
        message = str(raised.value)
        assert why in message
        worker = QueueWorker(stack, "Later", handler=echo_handler(), network=network)
        with pytest.raises(ConstructError, match=r"`links\[0\]` is the .*every call to it would"):
            worker.link(target)
    assert "every call to it would time out. Fix: " in message


def test_a_link_is_reachable_through_its_endpoint_a_nat_gateway_or_the_vpcs_own() -> None:
    # GIVEN a topic linked from functions in Networks that can reach SNS
    app = new_app()
    stack = cdk.Stack(app, "Reach", env=_EU_WEST_1)
    topic = sns.Topic(stack, "Alerts", enforce_ssl=True)
    listed = Network(stack, "Listed")
    QueueWorker(stack, "A", handler=echo_handler(links=[topic], endpoints=("sns",)), network=listed)
    egress = Network(stack, "Egress", nat_gateways=1)
    QueueWorker(stack, "B", handler=echo_handler(links=[topic]), network=egress)
    platform = Network(
        stack,
        "Platform",
        existing_vpc=_platform_vpc(stack),
        gateway_endpoints=False,
        interface_endpoints=False,
    )
    QueueWorker(stack, "C", handler=echo_handler(links=[topic]), network=platform)
    # AND a bucket through the default gateway endpoints
    QueueWorker(stack, "D", handler=echo_handler(links=[s3.Bucket(stack, "Data")]), network=listed)
    # AND functions linking it after construction: a worker's, an API route's
    later = QueueWorker(stack, "E", handler=echo_handler(endpoints=("sns",)), network=listed)
    later.link(topic)
    api = ServerlessApi(
        stack,
        "Api",
        routes={"POST /a": echo_handler(endpoints=("sns",))},
        auth=ApiAuth.iam(),
        network=listed,
    )
    api.link(topic, routes=["POST /a"])
    # THEN it synthesizes, with the one sns endpoint the Handlers asked for
    Template.from_stack(stack)
    assert sorted(listed.interface_endpoints) == ["sns", "xray"]


def test_an_api_table_the_functions_cannot_reach_from_the_network_is_a_construct_error() -> None:
    # Proves: an API with a table in a zero-NAT Network without gateway endpoints
    # synthesized; every route's call to the table timed out
    stack = new_stack()
    network = Network(stack, "Net", gateway_endpoints=False)
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /a": echo_handler()},
            auth=ApiAuth.iam(),
            table=TableOptions(),
            network=network,
        )
    assert (
        "Test/Api: `network` holds the functions of the API's table routes, but the function "
        "runs in the Network Test/Net's isolated subnets, with no NAT gateway and no DynamoDB "
        "gateway endpoint (gateway_endpoints=False): their calls to the table would time out. "
        "Fix: drop gateway_endpoints=False"
    ) in str(raised.value)


def _endpoint_rule_warnings(app: cdk.App) -> list[tuple[str, str]]:
    """(construct path, text) of every endpointRulesQuota warning in ``app``, read from
    the constructs' metadata (synthesizing 60 functions' stacks would take seconds more)."""
    return [
        (construct.node.path, str(entry.data))
        for construct in app.node.find_all()
        for entry in construct.node.metadata
        if entry.type == "aws:cdk:warning" and ENDPOINT_RULES_WARNING in str(entry.data)
    ]


@pytest.mark.slow
def test_the_61st_function_in_a_network_warns_of_the_security_group_rules_quota() -> None:
    # Proves (quotas): every function in a Network adds an inbound rule to the interface
    # endpoints' security group (X-Ray's endpoint at least), and Amazon VPC's "Inbound
    # rules per security group" is 60 by default: the 61st function's stack passed synth
    # and cdk-nag and failed its deploy (RulesPerSecurityGroupLimitExceeded). An adjustable
    # quota, so a warning naming it, on the function past it.
    # GIVEN a network stack and two stacks of workers in its Network (one stack could not
    # hold 61 functions: CloudFormation's 500 resources)
    app = new_app()
    network = Network(cdk.Stack(app, "Net"), "Network")
    stacks = [cdk.Stack(app, f"Jobs{s}") for s in range(2)]
    # WHEN 62 functions join (the warning is added as each is built, so one walk of the
    # metadata at the end sees what each had: a walk takes seconds through jsii)
    for i in range(ENDPOINT_RULES_QUOTA + 2):
        QueueWorker(stacks[i % 2], f"Worker{i}", handler=echo_handler(), network=network)
    # THEN the first 60 have none and the 61st warns (once per Network), naming the quota,
    # the Network and the fix
    [(path, warning)] = _endpoint_rule_warnings(app)
    assert path.startswith("Jobs0/Worker60/")
    assert "with this function, 61 functions reach the interface endpoints of 'Net/Network'" in (
        warning
    )
    assert "'Inbound rules per security group' is 60 by default" in warning
    assert "request a higher 'Inbound rules per security group'" in warning


def test_a_rule_description_holds_only_what_ec2_takes() -> None:
    # Proves (quotas): the endpoints' rule for a function is described by its construct
    # path, and a path with a character EC2 refuses in a rule's description ("Büro",
    # "&", "'": it takes a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=;{}!$*) passed synth and
    # cdk-nag and failed the deploy
    # GIVEN a worker whose id has such characters, in a Network
    stack = new_stack()
    network = Network(stack, "Network")
    QueueWorker(stack, "Büro&Jobs'2", handler=echo_handler(), network=network)
    # THEN its rule's description has each replaced, the rest of the path kept
    rules = Template.from_stack(stack).find_resources("AWS::EC2::SecurityGroupIngress")
    descriptions = [rule["Properties"]["Description"] for rule in rules.values()]
    assert descriptions == ["HTTPS from Test/B_ro_Jobs_2/Handler"]
    assert rule_description("x" * 300) == "x" * 255


def test_an_existing_vpc_s_link_refusal_names_its_nat_and_its_own_endpoints() -> None:
    # Proves (endpoints49): an existing VPC's function was told to give the Network
    # nat_gateways, which it refuses (the VPC's NAT is its owner's)
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    vpc = ec2.Vpc(
        stack,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )
    queue = sqs.Queue(stack, "Jobs")
    network = Network(stack, "Network", existing_vpc=vpc)
    QueueWorker(stack, "Worker", handler=echo_handler(links=[queue]), network=network)
    assert synth_error(stack).endswith(
        "Fix: add 'sqs' to the Handler's endpoints (an interface endpoint: about $7.30 per AZ "
        "per month), or give its functions subnets of the VPC that route to a NAT gateway (the "
        "Network uses the VPC's private subnets when it has any, else those its subnets= "
        "selects), or pass interface_endpoints=False to the Network if the VPC has its own sqs "
        "endpoint with private DNS outside the app (their security groups admitting HTTPS from "
        "the functions; one the app defines is seen without it)"
    )
