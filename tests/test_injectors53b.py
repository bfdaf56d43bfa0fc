"""Second round of injector follow-ups: what a property injector
(``cdk.PropertyInjectors.of(scope).add(...)``) may change in the library's roles, buckets'
lifecycle rules, tables' keys and streams, dead-letter queues' message size and functions'
subnets and asynchronous settings. What the construct relies on is a ConstructError
naming the resource, the property and the fix; a platform's usual settings pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    Deployment,
    EventHandler,
    Network,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    TableOptions,
)
from tests.support import SITE, echo_handler, raised
from tests.test_trial53 import Blueprint, Props, _set, _stack_with

_SKIP = "Fix: leave it out of the props your property injector returns"


def _events(stack: cdk.Stack, id: str = "Events", **props: Any) -> EventHandler:
    props.setdefault("handler", echo_handler())
    return EventHandler(stack, id, event_pattern={"source": ["a"]}, **props)


def _job(stack: cdk.Stack) -> ScheduledJob:
    return ScheduledJob(
        stack,
        "Job",
        handler=echo_handler(),
        schedule=scheduler.ScheduleExpression.rate(Duration.hours(1)),
    )


def _api(stack: cdk.Stack, **table: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /items": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(**table),
        alarms=False,
    )


def _only(id: str, change: Callable[[Props, Construct, str], Props]) -> Callable[..., Props]:
    """``change`` for the L2 of construct id ``id`` only (the others as the library built them)."""
    return lambda props, scope, given: change(props, scope, given) if given == id else props


def _message(build: Callable[[], object]) -> str:
    return str(raised(build))


# --- 1. roles ---------------------------------------------------------------------------


def _platform_role(props: Props, scope: Construct, id: str) -> Props:
    boundary = iam.ManagedPolicy.from_managed_policy_name(scope, f"{id}Boundary", "boundary")
    return {
        **props,
        "permissionsBoundary": boundary,
        "path": "/platform/",
        "description": "platform role",
        "maxSessionDuration": Duration.hours(2),
        "managedPolicies": [iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")],
    }


def test_a_platforms_role_blueprint_passes_and_is_in_the_template() -> None:
    # GIVEN a platform's blueprint for every iam.Role: a boundary, a path, a description, a
    # longer session and one more managed policy
    stack = _stack_with(Blueprint(iam.Role, _platform_role))
    cdk.Tags.of(stack).add("team", "platform")
    # WHEN a ScheduledJob (its function's role and its Scheduler role) is built
    _job(stack)
    # THEN both roles carry the blueprint, and keep the library's trust and inline policies
    roles = Template.from_stack(stack).find_resources("AWS::IAM::Role")
    assert len(roles) == 2
    for role in roles.values():
        properties = role["Properties"]
        assert properties["Path"] == "/platform/"
        assert properties["MaxSessionDuration"] == 7200
        assert "boundary" in str(properties["PermissionsBoundary"])
        assert "ReadOnlyAccess" in str(properties["ManagedPolicyArns"])
        assert {"Key": "team", "Value": "platform"} in properties["Tags"]
    names = sorted(p["PolicyName"] for r in roles.values() for p in r["Properties"]["Policies"])
    assert names == ["Invoke", "Logs", "Tracing"]


@pytest.mark.parametrize(
    ("injector", "build", "expected"),
    [
        pytest.param(
            Blueprint(iam.Role, _set(assumedBy=iam.ServicePrincipal("ec2.amazonaws.com"))),
            _events,
            "Test/Events/Handler/Role: `assumed_by` does not trust lambda.amazonaws.com: a "
            "property injector of iam.Role (cdk.PropertyInjectors) returned another assumedBy "
            "for the EventHandler's role, which that service assumes to run the construct: the "
            f"deploy or every invocation fails. {_SKIP}",
            id="assumed-by",
        ),
        pytest.param(
            Blueprint(
                iam.Role,
                _only(
                    "SchedulerRole", _set(assumedBy=iam.ServicePrincipal("lambda.amazonaws.com"))
                ),
            ),
            _job,
            "Test/Job/SchedulerRole: `assumed_by` does not trust scheduler.amazonaws.com",
            id="scheduler-assumed-by",
        ),
        pytest.param(
            Blueprint(iam.Role, _set(inlinePolicies={})),
            _events,
            "Test/Events/Handler/Role: `inline_policies` lack the library's 'Logs', 'Tracing': "
            "a property injector of iam.Role (cdk.PropertyInjectors) returned other "
            "inlinePolicies for the EventHandler's role, whose permissions (its log group, "
            "X-Ray, a Network's ENIs, what it invokes) are those policies: without them its "
            f"calls are denied. {_SKIP}",
            id="inline-policies",
        ),
        pytest.param(
            Blueprint(iam.Role, _only("SchedulerRole", _set(inlinePolicies={}))),
            _job,
            "Test/Job/SchedulerRole: `inline_policies` lack the library's 'Invoke'",
            id="scheduler-inline-policies",
        ),
        pytest.param(
            Blueprint(iam.Role, _only("DeploymentRole", _set(inlinePolicies={}))),
            lambda stack: _events(
                stack, handler=echo_handler(deployment=Deployment.canary(percent=10, minutes=5))
            ),
            "Test/Events/Handler/DeploymentRole: `inline_policies` lack the library's "
            "'Deploy': a property injector of iam.Role (cdk.PropertyInjectors) returned other "
            "inlinePolicies for the EventHandler's role",
            id="deployment-inline-policies",
        ),
        pytest.param(
            Blueprint(iam.Role, _set(roleName="platform-role")),
            lambda stack: (_events(stack), _events(stack, "Other")),
            "Test/Other/Handler/Role: `role_name` is 'platform-role': a property injector of "
            "iam.Role (cdk.PropertyInjectors) returned roleName='platform-role' for the "
            "EventHandler's role and for Test/Events/Handler/Role, and two roles of one name "
            "cannot both be created (in one account, whatever the region): the deploy fails "
            f"on the second. {_SKIP}",
            id="one-role-name",
        ),
    ],
)
def test_an_injector_changing_what_a_role_needs_is_refused(
    injector: Blueprint, build: Callable[[cdk.Stack], object], expected: str
) -> None:
    # GIVEN an injector changing the library's roles' trust, inline policies or name
    stack = _stack_with(injector)
    # THEN building the construct is refused at the role
    assert _message(lambda: build(stack)).startswith(f"1 invalid prop:\n  - {expected}")


def test_inline_policies_added_beside_the_librarys_pass() -> None:
    # GIVEN an injector adding an inline policy beside the library's
    extra = iam.PolicyDocument(
        statements=[iam.PolicyStatement(actions=["s3:ListAllMyBuckets"], resources=["*"])]
    )

    def beside(props: Props, scope: Construct, id: str) -> Props:
        return {**props, "inlinePolicies": {**props.get("inlinePolicies", {}), "Audit": extra}}

    stack = _stack_with(Blueprint(iam.Role, beside))
    _events(stack)
    # THEN the role holds both
    (role,) = Template.from_stack(stack).find_resources("AWS::IAM::Role").values()
    names = sorted(p["PolicyName"] for p in role["Properties"]["Policies"])
    assert names == ["Audit", "Logs", "Tracing"]


# --- 2. lifecycle rules, recursive loops, asynchronous settings --------------------------


_TIERING = s3.LifecycleRule(
    transitions=[
        s3.Transition(
            storage_class=s3.StorageClass.INTELLIGENT_TIERING, transition_after=Duration.days(0)
        )
    ]
)


def test_lifecycle_rules_in_place_of_the_librarys_are_refused() -> None:
    # GIVEN an injector replacing every bucket's lifecycle rules
    stack = _stack_with(Blueprint(s3.Bucket, _set(lifecycleRules=[_TIERING])))
    # THEN the StaticSite's log bucket is refused: its logs would never expire
    assert _message(lambda: StaticSite(stack, "Site", source=SITE)).startswith(
        "1 invalid prop:\n  - Test/Site/LogBucket: `lifecycle_rules` lack the library's: a "
        "property injector of s3.Bucket (cdk.PropertyInjectors) returned other "
        "lifecycleRules for the StaticSite's bucket, which loses the expiry after 90 days: "
        f"its objects are then kept, and paid for, forever. {_SKIP}"
    )


def test_lifecycle_rules_replaced_on_the_content_bucket_are_refused() -> None:
    # GIVEN an injector replacing the rules of the site's content bucket only
    stack = _stack_with(Blueprint(s3.Bucket, _only("Bucket", _set(lifecycleRules=[_TIERING]))))
    # THEN it is refused: replaced versions and incomplete uploads would be kept
    assert _message(lambda: StaticSite(stack, "Site", source=SITE)).startswith(
        "1 invalid prop:\n  - Test/Site/Bucket: `lifecycle_rules` lack the library's: a "
        "property injector of s3.Bucket (cdk.PropertyInjectors) returned other "
        "lifecycleRules for the StaticSite's bucket, which loses the clean-up of incomplete "
        "uploads (and of replaced versions)"
    )


def test_lifecycle_rules_added_beside_the_librarys_pass() -> None:
    # GIVEN an injector adding a rule beside the library's
    def beside(props: Props, scope: Construct, id: str) -> Props:
        return {**props, "lifecycleRules": [*props.get("lifecycleRules", []), _TIERING]}

    stack = _stack_with(Blueprint(s3.Bucket, beside))
    StaticSite(stack, "Site", source=SITE)
    # THEN each bucket has the library's rule and the platform's
    buckets = Template.from_stack(stack).find_resources("AWS::S3::Bucket")
    rules = [b["Properties"]["LifecycleConfiguration"]["Rules"] for b in buckets.values()]
    assert [len(r) for r in rules] == [2, 2]
    assert any(rule.get("ExpirationInDays") == 90 for r in rules for rule in r)


def test_recursive_loop_allow_and_async_settings_on_the_function_pass() -> None:
    # GIVEN an injector allowing recursive loops and giving every function its own
    # asynchronous settings (another failure destination, no retries)
    def platform(props: Props, scope: Construct, id: str) -> Props:
        return {
            **props,
            "recursiveLoop": lambda_.RecursiveLoop.ALLOW,
            "onFailure": destinations.SqsDestination(sqs.Queue(scope, "PlatformFailures")),
            "retryAttempts": 0,
            "maxEventAge": Duration.minutes(1),
        }

    stack = _stack_with(Blueprint(lambda_.Function, platform))
    _events(stack)
    template = Template.from_stack(stack)
    # THEN the function allows loops (the platform's choice, Lambda's default is Terminate)
    template.has_resource_properties("AWS::Lambda::Function", {"RecursiveLoop": "Allow"})
    # AND the injector's settings are $LATEST's, while the live alias EventBridge invokes
    # keeps the library's: two retries, then the construct's dead-letter queue
    configs = template.find_resources("AWS::Lambda::EventInvokeConfig")
    by_qualifier = {str(c["Properties"]["Qualifier"]): c["Properties"] for c in configs.values()}
    assert by_qualifier["$LATEST"]["MaximumRetryAttempts"] == 0
    (live,) = (p for q, p in by_qualifier.items() if q != "$LATEST")
    assert live["MaximumRetryAttempts"] == 2
    assert "EventsDeadLetterQueue" in str(live["DestinationConfig"]["OnFailure"])


# --- 3. table keys and stream -----------------------------------------------------------


def _key(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


@pytest.mark.parametrize(
    ("change", "table", "expected"),
    [
        pytest.param(
            _set(partitionKey=_key("id")),
            {},
            "Test/Api/Table: `partition_key` is 'id' (S): a property injector of dynamodb.Table "
            "(cdk.PropertyInjectors) returned another partitionKey for the ServerlessApi's "
            "table, whose items the construct's code reads and writes by 'pk' (S): every such "
            f"write then fails. {_SKIP}",
            id="partition-key",
        ),
        pytest.param(
            _set(sortKey=None),
            {"sort_key": "sk"},
            "Test/Api/Table: `sort_key` is missing: a property injector of dynamodb.Table "
            "(cdk.PropertyInjectors) returned another sortKey",
            id="sort-key-dropped",
        ),
        pytest.param(
            _set(stream=dynamodb.StreamViewType.KEYS_ONLY),
            {"stream": dynamodb.StreamViewType.NEW_AND_OLD_IMAGES},
            "Test/Api/Table: `stream` is KEYS_ONLY: a property injector of dynamodb.Table "
            "(cdk.PropertyInjectors) returned another stream for the ServerlessApi's table, "
            f"whose NEW_AND_OLD_IMAGES records its stream's reader expects. {_SKIP}",
            id="stream-view",
        ),
    ],
)
def test_an_injector_changing_a_tables_keys_or_stream_is_refused(
    change: Callable[..., Props], table: dict[str, Any], expected: str
) -> None:
    # GIVEN an injector changing the API table's keys or stream view
    stack = _stack_with(Blueprint(dynamodb.Table, change))
    # THEN the table is refused
    assert _message(lambda: _api(stack, **table)).startswith(f"1 invalid prop:\n  - {expected}")


def test_a_stream_on_a_table_without_one_passes() -> None:
    # GIVEN an injector giving every table a stream
    stack = _stack_with(Blueprint(dynamodb.Table, _set(stream=dynamodb.StreamViewType.NEW_IMAGE)))
    _api(stack)
    # THEN the API's table has it (DynamoDB charges for reading a stream, not having one)
    Template.from_stack(stack).has_resource_properties(
        "AWS::DynamoDB::Table", {"StreamSpecification": {"StreamViewType": "NEW_IMAGE"}}
    )


# --- 4. dead-letter queues' message size ------------------------------------------------


@pytest.mark.parametrize(
    ("build", "owner"), [(_events, "EventHandler"), (lambda s: _job(s), "ScheduledJob")]
)
def test_a_dead_letter_queue_smaller_than_an_event_is_refused(
    build: Callable[[cdk.Stack], object], owner: str
) -> None:
    # GIVEN an injector capping every queue's messages at 64 KiB
    stack = _stack_with(Blueprint(sqs.Queue, _set(maxMessageSizeBytes=65536)))
    # THEN the construct's dead-letter queue of failed events is refused
    path = "Test/Events" if owner == "EventHandler" else "Test/Job"
    assert _message(lambda: build(stack)).startswith(
        f"1 invalid prop:\n  - {path}/DeadLetterQueue: `max_message_size_bytes` is 65536: a "
        "property injector of sqs.Queue (cdk.PropertyInjectors) returned "
        f"maxMessageSizeBytes=65536 for the {owner}'s dead-letter queue, which holds the "
        "only copy of a failed event: one larger than 65536 bytes (events reach 262144) is "
        f"refused by the queue and delivered nowhere. {_SKIP}"
    )


def test_a_dead_letter_queue_taking_the_largest_event_passes() -> None:
    # GIVEN an injector sizing every queue at 256 KiB
    stack = _stack_with(Blueprint(sqs.Queue, _set(maxMessageSizeBytes=262144)))
    _events(stack)
    # THEN the dead-letter queue has that size
    Template.from_stack(stack).has_resource_properties(
        "AWS::SQS::Queue", {"MaximumMessageSize": 262144}
    )


# --- 5. subnets -------------------------------------------------------------------------


def test_other_subnets_of_the_networks_vpc_are_refused() -> None:
    # GIVEN an injector moving every function into the VPC's isolated subnets
    isolated = ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
    stack = _stack_with(Blueprint(lambda_.Function, _set(vpcSubnets=isolated)))
    # WHEN the Network has a NAT: its functions run in the private subnets (with egress)
    network = Network(stack, "Network", nat_gateways=1)
    # THEN the networked function is refused: from the isolated ones, no internet
    assert _message(lambda: _events(stack, network=network)).startswith(
        "1 invalid prop:\n  - Test/Events/Handler/Function: `vpc_subnets` are not its "
        "Network's: a property injector of lambda_.Function (cdk.PropertyInjectors) returned "
        "other vpcSubnets for the EventHandler's function, whose Network chose the subnets "
        f"its endpoints and routes serve: from others, its calls to S3, DynamoDB and the "
        f"internet may reach no route and time out. {_SKIP}"
    )


def test_some_of_the_networks_own_subnets_pass() -> None:
    # GIVEN an injector keeping every function in one zone of the Network's subnets
    def one_zone(props: Props, scope: Construct, id: str) -> Props:
        selection = ec2.SubnetSelection(
            subnet_type=ec2.SubnetType.PRIVATE_ISOLATED,
            availability_zones=[props["vpc"].availability_zones[0]],
        )
        return {**props, "vpcSubnets": selection}

    stack = _stack_with(Blueprint(lambda_.Function, one_zone))
    _events(stack, network=Network(stack, "Network"))
    # THEN the function is in that one subnet
    functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function").values()
    configs = [f["Properties"]["VpcConfig"] for f in functions if "VpcConfig" in f["Properties"]]
    assert [len(c["SubnetIds"]) for c in configs] == [1]


def test_another_vpc_for_a_networked_function_is_refused() -> None:
    # GIVEN an injector putting every function into a VPC of the platform's
    def platform_vpc(props: Props, scope: Construct, id: str) -> Props:
        vpc = ec2.Vpc(scope, "PlatformVpc", nat_gateways=0, max_azs=2)
        return {**props, "vpc": vpc, "vpcSubnets": None, "securityGroups": None}

    stack = _stack_with(Blueprint(lambda_.Function, platform_vpc))
    network = Network(stack, "Network")
    # THEN the function, in a VPC as before but not its Network's, is refused
    assert (
        "  - Test/Events/Handler/Function: `vpc` is not its Network's: a property injector of "
        "lambda_.Function (cdk.PropertyInjectors) returned another vpc for the EventHandler's "
        "function, whose Network's endpoints, routes and security groups are in another VPC: "
        f"its AWS calls reach none of them and time out. {_SKIP}"
    ) in _message(lambda: _events(stack, network=network))
