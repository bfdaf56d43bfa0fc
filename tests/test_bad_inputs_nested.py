"""Bad inputs inside the library's value objects (ApiAuth, Route, CorsPolicy, TableOptions,
GlobalIndex, Throttle, Deployment, Link, BucketEvents) and aws-cdk-lib objects of the wrong
kind for a resource prop: each is a ConstructError naming the prop by its path
(``table.sort_key``, ``routes['GET /a'].authorization_scopes``), found before anything is
built, never a raw TypeError, a jsii trace or silence. Their value objects never raise on
a wrong value: the construct that receives them names the prop (a call that cannot bind
is tests/test_call_arguments.py's). The library's functions
(``enable_checks``, ``acknowledge``, ``security_headers``, the testing kit) name the wrong
argument the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    BucketEvents,
    ConstructError,
    CorsPolicy,
    Deployment,
    EventHandler,
    FunctionDefaults,
    GlobalIndex,
    Handler,
    Link,
    Monitoring,
    Network,
    QueueWorker,
    Route,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    TableOptions,
    Throttle,
    acknowledge,
    enable_checks,
    security_headers,
)
from constructs_lib.testing import (
    assert_stateful_resources_unchanged,
    stateful_resources,
    template_snapshot,
)
from tests.support import ECHO, SITE, new_stack

H = Handler(code=ECHO)
JWT = ApiAuth.jwt("https://auth.example.com/", ["api"])


def _api(stack: cdk.Stack, **props: Any) -> ServerlessApi:
    return ServerlessApi(stack, "X", **{"routes": {"GET /a": H}, "auth": ApiAuth.iam(), **props})


def _duration(_: cdk.Stack) -> cdk.Duration:
    return cdk.Duration.seconds(1)  # an aws-cdk-lib object, but not a resource


CASES: list[tuple[str, str, Callable[[cdk.Stack], Any]]] = [
    # aws-cdk-lib objects of another kind where a resource is expected
    (
        "worker existing_queue Duration",
        "existing_queue",
        lambda s: QueueWorker(s, "X", handler=H, existing_queue=_duration(s)),
    ),
    (
        "worker alarm_topic a queue",
        "alarm_topic",
        lambda s: QueueWorker(s, "X", handler=H, alarm_topic=sqs.Queue(s, "Q")),
    ),
    (
        "api existing_table Duration",
        "existing_table",
        lambda s: _api(s, existing_table=_duration(s)),
    ),
    (
        "events event_bus Duration",
        "event_bus",
        lambda s: EventHandler(
            s, "X", handler=H, event_pattern={"source": ["a"]}, event_bus=_duration(s)
        ),
    ),
    (
        "site existing_bucket a queue",
        "existing_bucket",
        lambda s: StaticSite(s, "X", source=SITE, existing_bucket=sqs.Queue(s, "Q")),
    ),
    (
        "network existing_vpc Duration",
        "existing_vpc",
        lambda s: Network(s, "X", existing_vpc=_duration(s)),
    ),
    (
        "monitoring alarm_topic a queue",
        "alarm_topic",
        lambda s: Monitoring(s, alarm_topic=sqs.Queue(s, "Q")),
    ),
    # ApiAuth
    ("auth kind list", "auth", lambda s: _api(s, auth=ApiAuth([]))),
    ("jwt issuer number", "auth.issuer", lambda s: _api(s, auth=ApiAuth.jwt(1.5, ["api"]))),
    (
        "jwt audiences number",
        "auth.audiences",
        lambda s: _api(s, auth=ApiAuth.jwt("https://auth.example.com/", 5)),
    ),
    ("none reason number", "auth.reason", lambda s: _api(s, auth=ApiAuth.none(reason=5))),
    (
        "none with an issuer",
        "auth.issuer",
        lambda s: _api(
            s, auth=ApiAuth("none", reason="public by design", issuer="https://a.example.com/")
        ),
    ),
    (
        "cognito user_pool a queue",
        "auth.user_pool",
        lambda s: _api(s, auth=ApiAuth.cognito(sqs.Queue(s, "Q"))),
    ),
    (
        "cognito clients number",
        "auth.clients",
        lambda s: _api(s, auth=ApiAuth.cognito(cognito.UserPool(s, "P"), clients=3)),
    ),
    # Route
    (
        "route scopes a string",
        "routes['GET /a'].authorization_scopes",
        lambda s: _api(s, auth=JWT, routes={"GET /a": Route(H, authorization_scopes="read")}),
    ),
    (
        "route scopes a number",
        "routes['GET /a'].authorization_scopes",
        lambda s: _api(s, auth=JWT, routes={"GET /a": Route(H, authorization_scopes=1)}),
    ),
    # CorsPolicy, Throttle
    (
        "cors allow_credentials dict",
        "cors.allow_credentials",
        lambda s: _api(s, cors=CorsPolicy(["https://a.example.com"], allow_credentials={})),
    ),
    (
        "cors max_age seconds",
        "cors.max_age",
        lambda s: _api(s, cors=CorsPolicy(["https://a.example.com"], max_age=600)),
    ),
    (
        "throttle burst fraction",
        "throttling.burst",
        lambda s: _api(s, throttling=Throttle(burst=1.5)),
    ),
    # TableOptions, GlobalIndex
    ("table sort_key empty", "table.sort_key", lambda s: _api(s, table=TableOptions(sort_key=""))),
    (
        "table ttl empty",
        "table.time_to_live_attribute",
        lambda s: _api(s, table=TableOptions(time_to_live_attribute="")),
    ),
    (
        "table partition_key_type None",
        "table.partition_key_type",
        lambda s: _api(s, table=TableOptions(partition_key_type=None)),
    ),
    (
        "index name list",
        "table.global_secondary_indexes[0].name",
        lambda s: _api(s, table=TableOptions(global_secondary_indexes=[GlobalIndex(["g"], "gpk")])),
    ),
    # a NaN on its way to the jsii kernel would end it (every later synth would fail)
    (
        "site runtime_config NaN",
        "runtime_config",
        lambda s: StaticSite(s, "X", source=SITE, runtime_config={"retry": float("nan")}),
    ),
    (
        "job payload infinity",
        "payload",
        lambda s: ScheduledJob(
            s, "X", handler=H, schedule="rate(1 hour)", payload={"limit": float("inf")}
        ),
    ),
    (
        "event pattern NaN",
        "event_pattern['detail']['size'][0]",
        lambda s: EventHandler(
            s, "X", handler=H, event_pattern={"source": ["a"], "detail": {"size": [float("nan")]}}
        ),
    ),
    (
        "EventPattern struct infinity",
        "event_pattern['detail']['size'][0]['numeric'][1]",
        lambda s: EventHandler(
            s,
            "X",
            handler=H,
            event_pattern=events.EventPattern(
                source=["a"], detail={"size": [{"numeric": [">", float("inf")]}]}
            ),
        ),
    ),
    # Deployment, Link, BucketEvents
    (
        "deployment kind list",
        "deployment.kind",
        lambda s: QueueWorker(s, "X", handler=H, deployment=Deployment(kind=["canary"])),
    ),
    (
        "link access list",
        "handler.links[0].access",
        lambda s: QueueWorker(
            s, "X", handler=Handler(code=ECHO, links=[Link(sqs.Queue(s, "Q"), access=["read"])])
        ),
    ),
    (
        "bucket events None",
        "sources[0].events",
        lambda s: QueueWorker(
            s, "X", handler=H, sources=[BucketEvents(s3.Bucket(s, "B"), events=[None])]
        ),
    ),
]


def test_a_resource_of_another_kind_is_named_with_the_kind_expected() -> None:
    with pytest.raises(ConstructError) as error:
        QueueWorker(new_stack(), "X", handler=H, existing_queue=cdk.Duration.seconds(1))
    assert "`existing_queue` is a Duration; it must be an aws_sqs.IQueue" in str(error.value)


def test_a_resource_of_another_kind_is_named_by_its_kind_and_path() -> None:
    # Proves (user trial): the message showed jsii's proxy, "is <aws_cdk.aws_sqs.
    # _QueueBaseProxy object at 0x7f...>, a _QueueBaseProxy", instead of what the user passed
    stack = new_stack()
    queue = sqs.Queue.from_queue_arn(stack, "Downstream", "arn:aws:sqs:us-east-1:1:q")
    with pytest.raises(ConstructError) as error:
        QueueWorker(stack, "X", handler=H, alarm_topic=queue)
    assert (
        f"`alarm_topic` is the aws_sqs.QueueBase '{stack.node.path}/Downstream'"
        "; it must be an aws_sns.ITopic" in str(error.value)
    )
    assert "Proxy" not in str(error.value)


def test_an_object_made_in_javascript_is_named_by_its_interface_and_path() -> None:
    # Proves: an imported VPC (an interface proxy, no class of its own) was shown as
    # "<jsii._reference_map.InterfaceDynamicProxy object at 0x...>, an InterfaceDynamicProxy"
    stack = new_stack()
    vpc = ec2.Vpc.from_vpc_attributes(stack, "Shared", vpc_id="vpc-1", availability_zones=["a"])
    with pytest.raises(ConstructError) as error:
        QueueWorker(stack, "X", handler=H, network=vpc)
    message = str(error.value)
    assert f"`network` is the aws_ec2.IVpc '{stack.node.path}/Shared'; it must be a Network" in (
        message
    )
    # AND the fix is the Network that wraps it, not "pass a Network"
    assert "Fix: pass a Network wrapping the VPC, made once per stack" in message
    assert "existing_vpc=vpc" in message and "Proxy" not in message


@pytest.mark.parametrize(
    ("prop", "build"),
    [
        (
            "auth.clients",
            lambda s: ApiAuth.cognito(
                cognito.UserPool(s, "Users"), cognito.UserPool(s, "P").add_client("Web")
            ),
        ),
        ("auth.user_pool", lambda s: ApiAuth.cognito(cognito.UserPool(s, "P").add_client("Web"))),
    ],
    ids=["client without its list", "client as the pool"],
)
def test_a_cognito_object_in_the_wrong_place_is_named_by_its_path(
    prop: str, build: Callable[[cdk.Stack], ApiAuth]
) -> None:
    # Proves (user trial): the messages showed "<aws_cdk.aws_cognito.UserPoolClient object
    # at 0x7f...>" instead of the client the user passed
    stack = new_stack()
    with pytest.raises(ConstructError) as error:
        ServerlessApi(stack, "X", routes={"GET /a": H}, auth=build(stack))
    message = str(error.value)
    assert f"`{prop}` is the aws_cognito.UserPoolClient '{stack.node.path}/P/Web'" in message
    assert "object at 0x" not in message


def test_one_link_without_its_list_is_named_by_its_target() -> None:
    # Proves (user trial): links=Link.to(queue) showed "Link(target=<aws_cdk.aws_sqs.Queue
    # object at 0x7f...>, access=None, ...)" and a list of every kind of target as the fix
    stack = new_stack()
    queue = sqs.Queue(stack, "Jobs")
    with pytest.raises(ConstructError) as error:
        QueueWorker(stack, "X", handler=Handler(code=ECHO, links=Link.to(queue)))  # type: ignore[arg-type]
    message = str(error.value)
    assert f"is one link (of the aws_sqs.Queue '{stack.node.path}/Jobs')" in message
    assert "Fix: put it in a list: links=[...]" in message and "object at 0x" not in message


def _age(stack: cdk.Stack) -> cloudwatch.Metric:
    return sqs.Queue(stack, "Q").metric_approximate_age_of_oldest_message()


#: An aws-cdk-lib object where Monitoring, the testing kit, the checks or a Duration prop
#: wants something else, with how the message names it.
OBJECT_CASES: list[tuple[str, str, Callable[[cdk.Stack], Any]]] = [
    (
        "`alarm_topic` is the aws_sqs.Queue 'Test/Q'.",
        "monitoring topic",
        lambda s: Monitoring(s, alarm_topic=sqs.Queue(s, "Q")),
    ),
    (
        "`alarms` is the aws_cloudwatch.Alarm 'Test/A', not a list.",
        "one alarm",
        lambda s: Monitoring(s).add_alarms(
            cloudwatch.Alarm(s, "A", threshold=1, evaluation_periods=1, metric=_age(s))  # type: ignore[arg-type]
        ),
    ),
    (
        "`alarms` is a list whose item 0 is an aws_cloudwatch.Metric.",
        "a metric",
        lambda s: Monitoring(s).add_alarms([_age(s)]),  # type: ignore[list-item]
    ),
    (
        "`stack_or_template` is an App, neither a Stack nor a template dict.",
        "snapshot of the app",
        lambda s: template_snapshot(s.node.root),  # type: ignore[arg-type]
    ),
    (
        "`snapshot` is an assertions.Template, not a template dict.",
        "a Template",
        lambda s: assert_stateful_resources_unchanged(s, Template.from_stack(s)),  # type: ignore[arg-type]
    ),
    (
        "`scope` is an aws_cloudwatch.Metric, not a construct.",
        "acknowledge",
        lambda s: acknowledge(_age(s), "AwsSolutions-SQS3", "x" * 20),  # type: ignore[arg-type]
    ),
    (
        "`FunctionDefaults.of(scope)` is given an aws_cloudwatch.Metric.",
        "defaults scope",
        lambda s: FunctionDefaults.of(_age(s)),  # type: ignore[arg-type]
    ),
    (
        "`FunctionDefaults.timeout` is the aws_sqs.Queue 'Test/Q', not a Duration.",
        "a queue as timeout",
        lambda s: FunctionDefaults.of(s).set(timeout=sqs.Queue(s, "Q")),  # type: ignore[arg-type]
    ),
]


@pytest.mark.parametrize(
    ("named", "build"), [(c[0], c[2]) for c in OBJECT_CASES], ids=[c[1] for c in OBJECT_CASES]
)
def test_an_object_in_the_wrong_place_is_named_by_its_kind_and_path(
    named: str, build: Callable[[cdk.Stack], Any]
) -> None:
    # Proves (user trial): Monitoring's, the testing kit's and the checks' messages (and a
    # Duration's) showed "<aws_cdk.aws_sqs.Queue object at 0x7f...>, a Queue" or
    # "<aws_cdk.App object at 0x7f...>" instead of what the user passed
    with pytest.raises(ConstructError) as error:
        build(new_stack())
    assert named in str(error.value)
    assert "object at 0x" not in str(error.value)


def test_value_objects_never_raise_on_their_own() -> None:
    # WHEN a value object gets wrong types THEN building it is fine: its construct reports
    ApiAuth([], audiences=5, clients=3)
    ApiAuth.jwt(issuer=1.5, audiences=None)  # type: ignore[arg-type]
    Route(H, authorization_scopes=1)  # type: ignore[arg-type]
    CorsPolicy(["https://a.example.com"], allow_credentials={})  # type: ignore[arg-type]
    Deployment(kind=[])  # type: ignore[arg-type]


#: The library's functions, with one wrong argument each.
FUNCTION_CASES: list[tuple[str, str, Callable[[cdk.Stack], Any]]] = [
    ("enable_checks NaN", "app", lambda s: enable_checks(float("nan"))),  # type: ignore[arg-type]
    ("acknowledge scope str", "scope", lambda s: acknowledge("S", "AwsSolutions-S1", "x" * 20)),  # type: ignore[arg-type]
    ("acknowledge rule None", "rule_id", lambda s: acknowledge(s, None, "x" * 20)),  # type: ignore[arg-type]
    ("acknowledge reason None", "reason", lambda s: acknowledge(s, "AwsSolutions-S1", None)),  # type: ignore[arg-type]
    ("acknowledge reason short", "reason", lambda s: acknowledge(s, "AwsSolutions-S1", "ok")),
    ("Monitoring scope NaN", "scope", lambda s: Monitoring(float("nan"))),  # type: ignore[arg-type]
    ("Monitoring scope an app", "scope", lambda s: Monitoring(s.node.root)),
    (
        "security_headers origins str",
        "api_origins",
        lambda s: security_headers(api_origins="https://a.example.com"),
    ),  # type: ignore[arg-type]
    (
        "security_headers csp int",
        "content_security_policy",
        lambda s: security_headers(content_security_policy=0),
    ),  # type: ignore[arg-type]
    ("template_snapshot None", "stack_or_template", lambda s: template_snapshot(None)),  # type: ignore[arg-type]
    ("template_snapshot str", "stack_or_template", lambda s: template_snapshot("{}")),  # type: ignore[arg-type]
    ("stateful snapshot list", "snapshot", lambda s: assert_stateful_resources_unchanged(s, [])),  # type: ignore[arg-type]
    ("stateful template None", "template", lambda s: assert_stateful_resources_unchanged(None, {})),  # type: ignore[arg-type]
    # Proves (sweep): stateful_resources("x") was an AttributeError ('str' ... 'get')
    ("stateful_resources str", "template", lambda s: stateful_resources("x")),  # type: ignore[arg-type]
]


#: A value that is right but for a trailing newline (a pasted line, a file read without
#: strip()): Python's `$` matches before a final newline, so each passed until the rules
#: anchored at the very end, and CloudFormation would have refused it at deploy.
NEWLINE_CASES: list[tuple[str, str, Callable[[cdk.Stack], Any]]] = [
    ("route key", "routes['GET /a\\n']", lambda s: _api(s, routes={"GET /a\n": H})),
    (
        "environment name",
        "handler.environment",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, environment={"MODE\n": "x"})),
    ),
    (
        "entry",
        "handler.entry",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, entry="app.handler\n")),
    ),
    (
        "function name",
        "handler.name",
        lambda s: QueueWorker(s, "X", handler=Handler(code=ECHO, name="Worker\n")),
    ),
    (
        "cors origin",
        "cors.allow_origins",
        lambda s: _api(s, cors=CorsPolicy(["https://a.example.com\n"])),
    ),
    (
        "index name",
        "table.global_secondary_indexes[0].name",
        lambda s: _api(
            s, table=TableOptions(global_secondary_indexes=[GlobalIndex("byOwner\n", "owner")])
        ),
    ),
    (
        "schedule",
        "schedule",
        lambda s: ScheduledJob(s, "X", handler=H, schedule="rate(1 hour)\n"),
    ),
    ("site api_path", "api_path", lambda s: StaticSite(s, "X", source=SITE, api_path="/api\n")),
    (
        "site domain",
        "domain_name",
        lambda s: StaticSite(s, "X", source=SITE, domain_name="www.example.com\n"),
    ),
    (
        "link env",
        "handler.links[0]",
        lambda s: QueueWorker(
            s, "X", handler=Handler(code=ECHO, links=[Link.to(sqs.Queue(s, "Q"), env="QUEUE\n")])
        ),
    ),
]


ALL_CASES = CASES + FUNCTION_CASES + NEWLINE_CASES


@pytest.mark.parametrize(
    ("prop", "build"), [c[1:] for c in ALL_CASES], ids=[c[0] for c in ALL_CASES]
)
def test_a_bad_input_is_a_construct_error_naming_its_path(
    prop: str, build: Callable[[cdk.Stack], Any]
) -> None:
    # (a NaN among them that reached the jsii kernel would end it: later synths would fail)
    with pytest.raises(ConstructError, match=re.escape(f"`{prop}`")):
        build(new_stack())
