"""Network(subnets=...): the subnets of an existing VPC its functions (and endpoints) use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    EventHandler,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
)
from tests.support import (
    CDK_CONTEXT,
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    cfn_lint,
    echo_handler,
    in_stack,
    nag_findings,
    new_app,
    rule_cases,
)

_EU_WEST_1 = cdk.Environment(account="111111111111", region="eu-west-1")
APP = ["subnet-0a000000000000001", "subnet-0a000000000000002"]
DATA = ["subnet-0d000000000000001", "subnet-0d000000000000002"]
ENDPOINTS = ["subnet-0e000000000000001", "subnet-0e000000000000002"]
PUBLIC = ["subnet-0f000000000000001", "subnet-0f000000000000002"]


def _route_tables(subnets: list[str]) -> list[str]:
    return [s.replace("subnet-", "rtb-") for s in subnets]


def platform_vpc(stack: cdk.Stack, **attributes: Any) -> ec2.IVpc:
    """A platform team's VPC: private tiers "app" and "data", an isolated "endpoints" tier
    and public subnets, in two zones."""
    return ec2.Vpc.from_vpc_attributes(
        stack,
        "PlatformVpc",
        **{
            "vpc_id": "vpc-0a1b2c3d4e5f60718",
            "vpc_cidr_block": "10.20.0.0/16",
            "availability_zones": ["eu-west-1a", "eu-west-1b"],
            "private_subnet_ids": APP + DATA,
            "private_subnet_names": ["app", "data"],
            "private_subnet_route_table_ids": _route_tables(APP + DATA),
            "isolated_subnet_ids": ENDPOINTS,
            "isolated_subnet_names": ["endpoints"],
            "isolated_subnet_route_table_ids": _route_tables(ENDPOINTS),
            "public_subnet_ids": PUBLIC,
            "public_subnet_route_table_ids": _route_tables(PUBLIC),
            **attributes,
        },
    )


def _attach_everything(stack: cdk.Stack, network: Network) -> None:
    """An API with two routes, a worker, a scheduled job and an event handler."""
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(name="A"), "GET /b": echo_handler(name="B")},
        auth=ApiAuth.iam(),
        network=network,
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)", network=network)
    EventHandler(
        stack,
        "OnEvent",
        handler=echo_handler(),
        event_pattern=events.EventPattern(source=["orders"]),
        network=network,
    )


def _app_tier_stack(app: cdk.App) -> cdk.Stack:
    # GIVEN a platform VPC whose "app" tier the functions must use
    stack = cdk.Stack(app, "Orders", env=_EU_WEST_1)
    network = Network(
        stack,
        "Network",
        existing_vpc=platform_vpc(stack),
        subnets=ec2.SubnetSelection(subnet_group_name="app"),
    )
    _attach_everything(stack, network)
    return stack


@pytest.fixture(scope="module")
def template() -> Template:
    return Template.from_stack(_app_tier_stack(new_app()))


def test_every_function_of_the_network_runs_in_the_selected_subnets(template: Template) -> None:
    # THEN the API's routes, the worker, the job and the event handler all run in "app"
    functions = template.find_resources("AWS::Lambda::Function")
    networked = {
        logical_id: f["Properties"]["VpcConfig"]["SubnetIds"]
        for logical_id, f in functions.items()
        if "VpcConfig" in f["Properties"]
    }
    for construct in ("ApiA", "ApiB", "Worker", "Job", "OnEvent"):
        (subnets,) = [
            ids for logical_id, ids in networked.items() if logical_id.startswith(construct)
        ]
        assert subnets == APP, construct
    assert len(networked) == 5


def test_the_endpoints_serve_the_selected_subnets_only(template: Template) -> None:
    # THEN the X-Ray interface endpoint is in "app", and the gateway endpoints go on the
    # app tier's route tables only (the data tier's and the public ones stay the owner's)
    template.has_resource_properties(
        "AWS::EC2::VPCEndpoint", {"VpcEndpointType": "Interface", "SubnetIds": APP}
    )
    gateways = template.find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Gateway"}}
    )
    assert len(gateways) == 2
    for gateway in gateways.values():
        assert gateway["Properties"]["RouteTableIds"] == _route_tables(APP)


def test_the_selection_synthesizes_clean_under_cdk_nag_and_cfn_lint(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = _app_tier_stack(app)
    assert nag_findings(app, tmp_path) == set()
    assert cfn_lint(Template.from_stack(stack).to_json(), regions=["eu-west-1"]) == []


def test_isolated_subnets_of_a_vpc_with_private_ones_have_no_egress() -> None:
    # GIVEN functions in the isolated "endpoints" tier of a VPC that has private tiers too
    stack = cdk.Stack(new_app(), "Orders", env=_EU_WEST_1)
    network = Network(
        stack,
        "Network",
        existing_vpc=platform_vpc(stack),
        subnets=ec2.SubnetSelection(subnet_group_name="endpoints"),
    )
    assert not network.internet_egress
    # WHEN a function links a queue without its endpoint THEN its calls could not leave
    queue = sqs.Queue(stack, "Target", enforce_ssl=True)
    with pytest.raises(ConstructError, match=r"`handler.links\[0\]` is the queue Orders/Target"):
        QueueWorker(stack, "Worker", handler=echo_handler(links=[queue]), network=network)
    # AND with the endpoint listed it is reachable
    QueueWorker(
        stack, "Worker2", handler=echo_handler(links=[queue], endpoints=("sqs",)), network=network
    )


def test_a_vpc_not_looked_up_yet_is_left_to_the_cli() -> None:
    # GIVEN Vpc.from_lookup before the CLI looked it up (a placeholder without the groups)
    stack = cdk.Stack(new_app(), "Orders", env=_EU_WEST_1)
    vpc = ec2.Vpc.from_lookup(stack, "Vpc", vpc_id="vpc-0a1b2c3d4e5f60718")
    # WHEN a group is selected THEN the first synth passes (the lookup's re-synth checks it)
    network = Network(
        stack,
        "Network",
        existing_vpc=vpc,
        subnets=ec2.SubnetSelection(subnet_group_name="app"),
        gateway_endpoints=False,
    )
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    # AND the function is in the VPC, in the group's subnets (the lookup asked of the CLI)
    assert worker.function.is_bound_to_vpc
    assert network.subnets.subnet_group_name == "app"
    assert worker.security_group is not None


def test_the_readme_s_vpc_lookup_answer_is_what_the_lookup_reads() -> None:
    # Proves (user trial): the README told users to write the lookup's answer into
    # cdk.context.json without its shape; the shape it now shows selects the "app" tier
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("`Vpc.from_lookup` needs AWS credentials once", 1)[1]
    answer = json.loads(section.split("```json\n", 1)[1].split("```", 1)[0])
    stack = cdk.Stack(new_app(**answer), "Orders", env=_EU_WEST_1)
    vpc = ec2.Vpc.from_lookup(stack, "Vpc", vpc_id="vpc-0a1b2c3d4e5f60718")
    network = Network(
        stack, "Network", existing_vpc=vpc, subnets=ec2.SubnetSelection(subnet_group_name="app")
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    (function,) = Template.from_stack(stack).find_resources("AWS::Lambda::Function").values()
    assert function["Properties"]["VpcConfig"]["SubnetIds"] == ["subnet-0a01", "subnet-0a02"]


@pytest.mark.parametrize(
    "selection",
    [
        ec2.SubnetSelection(subnet_group_name="app"),
        ec2.SubnetSelection(
            subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS,
            availability_zones=["eu-west-1a", "eu-west-1b"],
        ),
    ],
    ids=["group", "zones"],
)
def test_a_vpc_not_looked_up_yet_takes_a_selection_with_gateway_endpoints(
    selection: ec2.SubnetSelection,
) -> None:
    # Proves (review): with the gateway endpoints on (the default), a selection of a
    # Vpc.from_lookup not looked up yet raised jsii's "Can't add a gateway endpoint to VPC;
    # route table IDs are not available" (the placeholder has no such group or zones), so
    # the first synth failed and the CLI never looked the VPC up
    stack = cdk.Stack(new_app(), "Orders", env=_EU_WEST_1)
    vpc = ec2.Vpc.from_lookup(stack, "Vpc", vpc_id="vpc-0a1b2c3d4e5f60718")
    network = Network(stack, "Network", existing_vpc=vpc, subnets=selection)
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    assert set(network.gateway_endpoints) == {"S3", "DynamoDB"}


def test_a_vpc_of_the_app_takes_a_selection_of_its_groups() -> None:
    # GIVEN the team's VPC defined in a shared stack, with an isolated tier per use
    app = new_app()
    shared = cdk.Stack(app, "Shared", env=_EU_WEST_1)
    vpc = ec2.Vpc(
        shared,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name=name, subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
            for name in ("app", "data")
        ],
    )
    stack = cdk.Stack(app, "Orders", env=_EU_WEST_1)
    network = Network(stack, "Network", existing_vpc=vpc, subnets=_GROUP)
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    # THEN the worker runs in the "app" subnets (imported from the shared stack)
    (function,) = Template.from_stack(stack).find_resources("AWS::Lambda::Function").values()
    subnet_ids = function["Properties"]["VpcConfig"]["SubnetIds"]
    assert len(subnet_ids) == 2 and all("appSubnet" in str(s) for s in subnet_ids)
    # AND another VPC's subnet of the app is refused
    other = ec2.Vpc(shared, "Other", max_azs=2, nat_gateways=0)
    with pytest.raises(ConstructError, match=r"`subnets` lists .*, not among existing_vpc's"):
        Network(
            stack,
            "Wrong",
            existing_vpc=vpc,
            subnets=ec2.SubnetSelection(subnets=other.isolated_subnets),
            gateway_endpoints=False,
        )


def test_public_subnets_of_a_vpc_of_the_app_are_named_by_path() -> None:
    # Proves (user trial): Network(existing_vpc=<a VPC of the app's platform stack>,
    # subnets=SubnetSelection(subnet_group_name="public")) was refused naming the public
    # subnets by their deploy-time IDs, "${Token[TOKEN.11218]}, ${Token[TOKEN.11229]}"
    app = new_app()
    platform = cdk.Stack(app, "Platform", env=_EU_WEST_1)
    vpc = ec2.Vpc(
        platform,
        "Vpc",
        max_azs=2,
        nat_gateways=1,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="public", subnet_type=ec2.SubnetType.PUBLIC),
            ec2.SubnetConfiguration(name="app", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
        ],
    )
    stack = cdk.Stack(app, "Ingest", env=_EU_WEST_1)
    with pytest.raises(ConstructError) as raised:
        Network(
            stack,
            "Network",
            existing_vpc=vpc,
            subnets=ec2.SubnetSelection(subnet_group_name="public"),
        )
    assert (
        "`subnets` selects public subnets (Platform/Vpc/publicSubnet1, "
        "Platform/Vpc/publicSubnet2): a function there gets no public IP address"
    ) in str(raised.value)
    assert "${Token" not in str(raised.value)


def test_the_default_is_unchanged() -> None:
    # GIVEN no subnets THEN the private tiers (both) as before, gateway endpoints everywhere
    stack = cdk.Stack(new_app(), "Orders", env=_EU_WEST_1)
    network = Network(stack, "Network", existing_vpc=platform_vpc(stack))
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::Lambda::Function", {"VpcConfig": Match.object_like({"SubnetIds": APP + DATA})}
    )
    gateway = template.find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Gateway"}}
    )
    assert all(len(g["Properties"]["RouteTableIds"]) == 8 for g in gateway.values())
    assert network.internet_egress


def _subnet(stack: cdk.Stack, subnet_id: str, zone: str) -> ec2.ISubnet:
    return ec2.Subnet.from_subnet_attributes(
        stack, subnet_id, subnet_id=subnet_id, availability_zone=zone
    )


_VPC = InStack(platform_vpc)
_GROUP = ec2.SubnetSelection(subnet_group_name="app")

CASES: list[RuleCase] = [
    (
        "without existing_vpc",
        {"subnets": _GROUP},
        r"Orders/Network: `subnets` is set without existing_vpc: the VPC the Network creates "
        r"has one kind of subnets.*Fix: remove subnets, or pass the VPC they belong to as "
        r"existing_vpc",
    ),
    (
        "a subnet type instead of a selection",
        {"existing_vpc": _VPC, "subnets": ec2.SubnetType.PRIVATE_ISOLATED},
        r"`subnets` is .*, not an aws_ec2.SubnetSelection. Fix: pass "
        r"ec2.SubnetSelection\(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED\)",
    ),
    (
        "a group name instead of a selection",
        {"existing_vpc": _VPC, "subnets": "app"},
        r"Fix: pass ec2.SubnetSelection\(subnet_group_name='app'\)",
    ),
    (
        "subnet IDs instead of a selection",
        {"existing_vpc": _VPC, "subnets": APP},
        r"Fix: pass ec2.SubnetSelection\(subnet_filters=\[ec2.SubnetFilter.by_ids\(\["
        rf"'{APP[0]}', '{APP[1]}'\]\)\]\)",
    ),
    (
        "an unknown group",
        {"existing_vpc": _VPC, "subnets": ec2.SubnetSelection(subnet_group_name="web")},
        r"`subnets` selects no subnets of existing_vpc: There are no subnet groups with name "
        r"'web' in this VPC. Available names: Public,app,data,endpoints. Fix: pass a selection "
        r"of existing_vpc's private or isolated subnets",
    ),
    (
        "two ways of selecting",
        {
            "existing_vpc": _VPC,
            "subnets": ec2.SubnetSelection(
                subnet_group_name="app", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED
            ),
        },
        r"`subnets` gives subnet_type and subnet_group_name: a selection takes one of "
        r"subnet_type, subnet_group_name, subnets. Fix: pass one of them",
    ),
    (
        "filters that leave none",
        {
            "existing_vpc": _VPC,
            "subnets": ec2.SubnetSelection(
                subnet_filters=[ec2.SubnetFilter.by_ids(["subnet-0000000000000000f"])]
            ),
        },
        r"`subnets` selects no subnets of existing_vpc \(its filters or availability_zones "
        r"leave none; an ID in SubnetFilter.by_ids that is not one of existing_vpc's subnets "
        r"\(another VPC's, a typo\) matches nothing\)",
    ),
    (
        # Proves (left alone last session): an unknown ID beside a known one was dropped
        # without a word and the error spoke of zones only
        "by_ids with a typo in one of two IDs",
        {
            "existing_vpc": _VPC,
            "subnets": ec2.SubnetSelection(
                subnet_filters=[ec2.SubnetFilter.by_ids([APP[0], "subnet-0a00000000000002"])]
            ),
        },
        rf"`subnets` selects subnets in one availability zone only \(eu-west-1a: {APP[0]}\): "
        r".*; an ID in SubnetFilter.by_ids that is not one of existing_vpc's subnets "
        r"\(another VPC's, a typo\) matches nothing",
    ),
    (
        "public subnets",
        {
            "existing_vpc": _VPC,
            "subnets": ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
        },
        rf"`subnets` selects public subnets \({PUBLIC[0]}, {PUBLIC[1]}\): a function there "
        r"gets no public IP address, so it has no internet access",
    ),
    (
        "private and isolated",
        {
            "existing_vpc": _VPC,
            "subnets": InStack(
                lambda s: ec2.SubnetSelection(
                    subnets=[
                        _subnet(s, APP[0], "eu-west-1a"),
                        _subnet(s, ENDPOINTS[1], "eu-west-1b"),
                    ]
                )
            ),
        },
        r"`subnets` selects both private subnets \(with egress\) and isolated ones",
    ),
    (
        "one zone",
        {
            "existing_vpc": _VPC,
            "subnets": ec2.SubnetSelection(
                subnet_group_name="app", availability_zones=["eu-west-1a"]
            ),
        },
        rf"`subnets` selects subnets in one availability zone only \(eu-west-1a: {APP[0]}\): "
        r"Lambda keeps a function available through a zone's outage only by running it in "
        r"several zones, so an outage of this one would stop every function of the Network\. "
        r"Fix: pass subnets in two zones at least",
    ),
    (
        "another VPC's subnet",
        {
            "existing_vpc": _VPC,
            "subnets": InStack(
                lambda s: ec2.SubnetSelection(
                    subnets=[_subnet(s, "subnet-0b000000000000009", "eu-west-1a")]
                )
            ),
        },
        r"`subnets` lists subnet-0b000000000000009, not among existing_vpc's subnets",
    ),
    (
        "gateway endpoints without the selected subnets' route tables",
        {
            "existing_vpc": InStack(lambda s: platform_vpc(s, private_subnet_route_table_ids=None)),
            "subnets": _GROUP,
        },
        r"`gateway_endpoints` needs the route table IDs of existing_vpc's subnets",
    ),
]


def _network(**props: Any) -> Network:
    stack = cdk.Stack(new_app(), "Orders", env=_EU_WEST_1)
    if isinstance(props.get("existing_vpc"), InStack):  # the VPC first: selections name it
        props = {**props, "existing_vpc": props["existing_vpc"].make(stack)}
    return Network(stack, "Network", **in_stack(props, stack))


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_network, props, message)


def test_only_the_selected_subnets_need_route_tables() -> None:
    # GIVEN the data tier imported without route table IDs, the app tier with them
    stack = cdk.Stack(new_app(), "Orders", env=_EU_WEST_1)
    vpc = ec2.Vpc.from_vpc_attributes(
        stack,
        "Vpc",
        vpc_id="vpc-0a1b2c3d4e5f60718",
        availability_zones=["eu-west-1a", "eu-west-1b"],
        private_subnet_ids=APP,
        private_subnet_names=["app"],
        private_subnet_route_table_ids=_route_tables(APP),
        isolated_subnet_ids=ENDPOINTS,
    )
    # THEN the gateway endpoints go on the app tier's route tables
    Network(stack, "Network", existing_vpc=vpc, subnets=_GROUP)
    with pytest.raises(ConstructError, match=r"`gateway_endpoints` needs the route table IDs"):
        Network(
            stack,
            "Other",
            existing_vpc=vpc,
            subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        )


def test_every_problem_at_once() -> None:
    error = assert_every_problem(
        _network,
        {
            "existing_vpc": _VPC,
            "max_azs": 3,
            "subnets": ec2.SubnetSelection(
                subnet_type=ec2.SubnetType.PUBLIC, availability_zones=["eu-west-1b"]
            ),
        },
        "Orders/Network",
        ["max_azs", "subnets", "subnets"],
    )
    assert "subnets=ec2.SubnetSelection(availability_zones=[...]) picks zones" in str(error)
