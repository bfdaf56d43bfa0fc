"""A construct given a resource of another region or account: each is a ConstructError
naming the prop, before CDK's jsii trace about physical names (or a template AWS refuses).
Environment-agnostic stacks are never refused: their region is known only at deploy. A
resource created in another Stage (or the app, outside a stage) is refused the same way."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    BucketEvents,
    ConstructError,
    EventHandler,
    Handler,
    Link,
    Monitoring,
    Network,
    QueueWorker,
    ServerlessApi,
    StaticSite,
)
from tests.support import ECHO, SITE, new_app
from tests.template_support import granted

EU = cdk.Environment(account="111111111111", region="eu-west-1")
US = cdk.Environment(account="111111111111", region="us-east-1")
OTHER_ACCOUNT = cdk.Environment(account="222222222222", region="us-east-1")
H = Handler(code=ECHO)
EU_TOPIC = "arn:aws:sns:eu-west-1:111111111111:alarms"


def _stacks(
    there: cdk.Environment | None, here: cdk.Environment | None
) -> tuple[cdk.Stack, cdk.Stack]:
    app = new_app()
    return cdk.Stack(app, "There", env=there), cdk.Stack(app, "Here", env=here)


CASES: list[tuple[str, str, str, Callable[[cdk.Stack, cdk.Stack], Any]]] = [
    (
        "network in another region",
        "network",
        "region eu-west-1, not us-east-1",
        lambda there, here: QueueWorker(here, "W", handler=H, network=Network(there, "N")),
    ),
    # Proves (fuzz): the four cases below were accepted; a table's ARN named another region
    # (aws-cdk-lib gives an imported table the importing stack's environment) and the
    # others failed at synth with a jsii "CannotUseCrossEnvironment"/"CrossRegionReferences"
    (
        "link to a table imported by an ARN of another region",
        "handler.links[0]",
        "region eu-west-1, not us-east-1",
        lambda there, here: QueueWorker(
            here,
            "W",
            handler=Handler(
                code=ECHO,
                links=[
                    dynamodb.Table.from_table_arn(
                        here, "T", "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"
                    )
                ],
            ),
        ),
    ),
    (
        "existing table imported by an ARN of another region",
        "existing_table",
        "region eu-west-1, not us-east-1",
        lambda there, here: ServerlessApi(
            here,
            "Api",
            routes={"GET /a": H},
            auth=ApiAuth.iam(),
            existing_table=dynamodb.Table.from_table_arn(
                here, "T", "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"
            ),
        ),
    ),
    (
        "existing queue of another region",
        "existing_queue",
        "region eu-west-1, not us-east-1",
        lambda there, here: QueueWorker(
            here, "W", handler=H, existing_queue=sqs.Queue(there, "Q", enforce_ssl=True)
        ),
    ),
    (
        "existing vpc of another region",
        "existing_vpc",
        "region eu-west-1, not us-east-1",
        lambda there, here: Network(here, "N", existing_vpc=ec2.Vpc(there, "V", nat_gateways=0)),
    ),
    (  # Proves (fuzz): accepted, and the rule listened to this region's bus of that name
        "event bus imported by an ARN of another region",
        "event_bus",
        "region eu-west-1, not us-east-1",
        lambda there, here: EventHandler(
            here,
            "Events",
            handler=H,
            event_pattern={"source": ["shop"]},
            event_bus=events.EventBus.from_event_bus_arn(
                here, "Bus", "arn:aws:events:eu-west-1:111111111111:event-bus/shop"
            ),
        ),
    ),
    (
        "alarm topic of another region",
        "alarm_topic",
        "region eu-west-1, not us-east-1",
        lambda there, here: QueueWorker(here, "W", handler=H, alarm_topic=sns.Topic(there, "T")),
    ),
    (
        "imported alarm topic of another region (its ARN says so)",
        "alarm_topic",
        "region eu-west-1, not us-east-1",
        lambda there, here: QueueWorker(
            here, "W", handler=H, alarm_topic=sns.Topic.from_topic_arn(here, "T", EU_TOPIC)
        ),
    ),
    (
        "the stack's Monitoring topic of another region",
        "alarm_topic",
        "region eu-west-1, not us-east-1",
        lambda there, here: Monitoring(here, alarm_topic=sns.Topic(there, "T")),
    ),
    (
        "a site's alarm topic of another region",
        "alarm_topic",
        "region eu-west-1, not us-east-1",
        lambda there, here: StaticSite(here, "S", source=SITE, alarm_topic=sns.Topic(there, "T")),
    ),
    (
        "link to a worker of another region",
        "handler.links[0]",
        "region eu-west-1, not us-east-1",
        lambda there, here: QueueWorker(
            here, "W", handler=Handler(code=ECHO, links=[QueueWorker(there, "Q", handler=H)])
        ),
    ),
]


@pytest.mark.parametrize(
    ("prop", "where", "build"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_resource_of_another_region_is_named(
    prop: str, where: str, build: Callable[[cdk.Stack, cdk.Stack], Any]
) -> None:
    there, here = _stacks(EU, US)
    with pytest.raises(ConstructError, match=rf"`{re.escape(prop)}` .*{re.escape(where)}"):
        build(there, here)


def test_a_resource_of_another_account_is_named() -> None:
    there, here = _stacks(OTHER_ACCOUNT, US)
    with pytest.raises(ConstructError, match=r"`network` is in account 222222222222, not 1111"):
        QueueWorker(here, "W", handler=H, network=Network(there, "N"))


@pytest.mark.parametrize("envs", [(US, US), (None, None)], ids=repr)
def test_the_same_environment_is_accepted(
    envs: tuple[cdk.Environment | None, cdk.Environment | None],
) -> None:
    there, here = _stacks(*envs)
    QueueWorker(here, "W", handler=H, alarm_topic=sns.Topic(there, "T"))
    app = here.node.root
    assert isinstance(app, cdk.App)
    app.synth()


@pytest.mark.parametrize(
    ("envs", "where"),
    [
        ((None, US), "an environment-agnostic stack, not region us-east-1 and account 1111"),
        ((US, None), "region us-east-1 and account 111111111111, not this environment-agnostic"),
    ],
    ids=repr,
)
def test_a_stack_with_an_environment_and_an_agnostic_one_are_two_environments(
    envs: tuple[cdk.Environment | None, cdk.Environment | None], where: str
) -> None:
    # Proves (fuzz): this was accepted, and synth then failed with aws-cdk-lib's
    # "CannotUseCrossEnvironment" trace (CDK compares an agnostic stack's environment, a
    # token, with a literal one as different); the same for links, existing_* and networks
    there, here = _stacks(*envs)
    with pytest.raises(ConstructError, match=rf"`alarm_topic` is in {re.escape(where)}"):
        QueueWorker(here, "W", handler=H, alarm_topic=sns.Topic(there, "T"))


def test_an_imported_resource_of_an_unknown_environment_is_accepted() -> None:
    # an ARN's account and region in an environment-agnostic stack cannot be compared
    _, here = _stacks(None, None)
    topic = sns.Topic.from_topic_arn(here, "T", EU_TOPIC)
    worker = QueueWorker(here, "W", handler=H, alarm_topic=topic)
    # THEN every alarm notifies the topic of the ARN (resolved as CloudFormation will)
    assert worker.alarms
    for alarm in worker.alarms:
        assert here.resolve(alarm.node.default_child.alarm_actions) == [EU_TOPIC]


CERT_OTHER_ACCOUNT = (
    "arn:aws:acm:us-east-1:222222222222:certificate/11111111-2222-3333-4444-555555555555"
)


@pytest.mark.parametrize(
    ("prop", "build"),
    [
        (
            "domain.certificate",
            lambda stack, cert: ServerlessApi(
                stack,
                "Api",
                routes={"GET /a": H},
                auth=ApiAuth.iam(),
                domain=ApiDomain(name="api.example.com", certificate=cert),
            ),
        ),
        (
            "certificate",
            lambda stack, cert: StaticSite(
                stack, "Site", source=SITE, domain_name="www.example.com", certificate=cert
            ),
        ),
    ],
    ids=["ApiDomain", "StaticSite"],
)
def test_a_certificate_of_another_account_is_named(
    prop: str, build: Callable[[cdk.Stack, acm.ICertificate], Any]
) -> None:
    # GIVEN a certificate ARN of account 222222222222 for a stack in 111111111111
    _, stack = _stacks(None, US)
    cert = acm.Certificate.from_certificate_arn(stack, "Cert", CERT_OTHER_ACCOUNT)
    # THEN API Gateway and CloudFront would refuse it at deploy: named at synth
    with pytest.raises(
        ConstructError, match=rf"`{re.escape(prop)}` belongs to the account 222222222222, not 1"
    ):
        build(stack, cert)


#: The cases above whose resource is created in the other stack (not imported into this one).
CREATED_THERE = [c for c in CASES if "imported" not in c[0]]


def _staged(there_stage: str | None) -> tuple[cdk.Stack, cdk.Stack]:
    """A stack of stage ``there_stage`` (None: of the app itself) and one of stage Prod,
    in one environment."""
    app = new_app()
    there_scope = cdk.Stage(app, there_stage) if there_stage else app
    return cdk.Stack(there_scope, "There", env=US), cdk.Stack(
        cdk.Stage(app, "Prod"), "Here", env=US
    )


@pytest.mark.parametrize(
    ("prop", "build"), [(c[1], c[3]) for c in CREATED_THERE], ids=[c[0] for c in CREATED_THERE]
)
@pytest.mark.parametrize(
    ("there_stage", "where"), [("Beta", "stage 'Beta'"), (None, "app (outside any stage)")]
)
def test_a_resource_of_another_stage_is_named(
    prop: str, build: Callable[[cdk.Stack, cdk.Stack], Any], there_stage: str | None, where: str
) -> None:
    # Proves (fuzz): each was accepted, and synth failed with aws-cdk-lib's
    # NoCrossStageDependency trace, which names no prop (Beta and Prod stages of one app)
    there, here = _staged(there_stage)
    with pytest.raises(
        ConstructError,
        match=rf"`{re.escape(prop)}` is in {re.escape(where)}, not this construct's stage "
        r"'Prod': a stage is deployed on its own.*Fix: create the resource in a stack of this "
        r"stage",
    ):
        build(there, here)


@pytest.mark.parametrize(
    ("prop", "build"), [(c[1], c[3]) for c in CREATED_THERE], ids=[c[0] for c in CREATED_THERE]
)
def test_a_resource_of_another_app_is_named(
    prop: str, build: Callable[[cdk.Stack, cdk.Stack], Any]
) -> None:
    # Proves (user trial): a topic of another cdk.App (a test's second app) was reported as
    # "in app (outside any stage), not this construct's app (outside any stage)"
    there, here = cdk.Stack(new_app(), "There", env=US), cdk.Stack(new_app(), "Here", env=US)
    with pytest.raises(
        ConstructError,
        match=rf"`{re.escape(prop)}` is .* of another cdk\.App: a construct can only use "
        r"resources of its own app\. Fix: create it in this construct's app",
    ):
        build(there, here)


_DEFAULT_APP_USERS: list[Callable[[cdk.Stack], Any]] = [
    lambda stack: QueueWorker(stack, "W", handler=H, existing_queue=sqs.Queue(stack, "Q")),
    lambda stack: QueueWorker(stack, "W", handler=H, alarm_topic=sns.Topic(stack, "T")),
    lambda stack: QueueWorker(stack, "W", handler=H, network=Network(stack, "N")),
    lambda stack: ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": H},
        auth=ApiAuth.iam(),
        domain=ApiDomain(
            name="api.example.com",
            certificate=acm.Certificate(stack, "C", domain_name="api.example.com"),
            hosted_zone=route53.PublicHostedZone(stack, "Z", zone_name="example.com"),
        ),
    ),
]


@pytest.mark.parametrize(
    "build", _DEFAULT_APP_USERS, ids=["existing_queue", "alarm_topic", "network", "domain"]
)
def test_a_resource_of_a_stack_without_an_app_is_accepted(
    build: Callable[[cdk.Stack], Any],
) -> None:
    # Proves (sweep40b): in cdk.Stack() (no scope: aws-cdk-lib makes its App, in
    # JavaScript) each was "in app (outside any stage), not this construct's app (outside
    # any stage)": the one App, compared as two Python proxies of it
    stack = cdk.Stack(env=US)
    build(stack)
    stack.node.root.synth()


_BUCKET_USERS: list[tuple[str, Callable[[cdk.Stack, s3.IBucket], Any]]] = [
    ("existing_bucket", lambda here, b: StaticSite(here, "Site", source=SITE, existing_bucket=b)),
    (
        "sources[0].bucket",
        lambda here, b: QueueWorker(here, "W", handler=H, sources=[BucketEvents(b)]),
    ),
]


@pytest.mark.parametrize(("prop", "build"), _BUCKET_USERS, ids=["StaticSite", "BucketEvents"])
@pytest.mark.parametrize("other", ["app", "stage"])
def test_a_bucket_of_another_app_or_stage_is_named_as_such(
    prop: str, build: Callable[[cdk.Stack, s3.IBucket], Any], other: str
) -> None:
    # Proves (user trial): a bucket of another cdk.App (a test's second app) was "the bucket
    # There/B of the stack There: ... each stack would depend on the other", fixed by
    # "create the StaticSite (QueueWorker) in the bucket's stack", a stack of another app
    if other == "app":
        there, here = cdk.Stack(new_app(), "There", env=US), cdk.Stack(new_app(), "Here", env=US)
        message = r"of another cdk\.App: a construct can only use resources of its own app"
    else:
        there, here = _staged("Beta")
        message = r"is in stage 'Beta', not this construct's stage 'Prod'"
    with pytest.raises(ConstructError) as raised:
        build(here, s3.Bucket(there, "B"))
    assert re.search(rf"`{re.escape(prop)}` (is .* )?{message}", str(raised.value))
    assert "would depend on the other" not in str(raised.value)


def test_a_site_of_another_stage_than_its_api_is_named() -> None:
    # Proves (fuzz): StaticSite(api=...) of another stage failed at synth (NoCrossStageDependency)
    there, here = _staged("Beta")
    api = ServerlessApi(there, "Api", routes={"GET /api/a": H}, auth=ApiAuth.iam())
    with pytest.raises(ConstructError, match=r"`api` is in stage 'Beta', not this construct's"):
        StaticSite(here, "S", source=SITE, api=api)


def test_a_resource_imported_into_another_stage_is_accepted() -> None:
    # an imported resource is referenced by its name: no reference between the stages
    there, here = _staged("Beta")
    table = dynamodb.Table.from_table_name(there, "T", "orders")
    worker = QueueWorker(here, "W", handler=Handler(code=ECHO, links=[table]))
    # THEN the grant names the table by its name, in this stack's own terms
    (resource,) = granted(worker.function_role, "dynamodb:PutItem")
    assert ":table/orders" in json.dumps(resource)
    assert "Fn::ImportValue" not in json.dumps(resource)


def _zone_of(env: cdk.Environment, construct: Callable[[cdk.Stack, Any], Any]) -> Any:
    """``construct`` in a stack of US given the example.com zone imported into a stack of
    ``env``."""
    there, here = _stacks(env, US)
    zone = route53.HostedZone.from_hosted_zone_attributes(
        there, "Zone", hosted_zone_id="Z0123456789ABCDEFGHIJ", zone_name="example.com"
    )
    return construct(here, zone)


def _api_in_zone(stack: cdk.Stack, zone: Any) -> ServerlessApi:
    cert = acm.Certificate.from_certificate_arn(stack, "Cert", CERT_US)
    domain = ApiDomain(name="api.example.com", certificate=cert, hosted_zone=zone)
    return ServerlessApi(stack, "Api", routes={"GET /a": H}, auth=ApiAuth.iam(), domain=domain)


def _site_in_zone(stack: cdk.Stack, zone: Any) -> StaticSite:
    cert = acm.Certificate.from_certificate_arn(stack, "Cert", CERT_US)
    return StaticSite(
        stack,
        "Site",
        source=SITE,
        domain_name="www.example.com",
        certificate=cert,
        hosted_zone=zone,
    )


CERT_US = "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555"


@pytest.mark.parametrize(
    ("prop", "construct"),
    [("domain.hosted_zone", _api_in_zone), ("hosted_zone", _site_in_zone)],
    ids=["ApiDomain", "StaticSite"],
)
def test_a_hosted_zone_of_another_account_is_named(
    prop: str, construct: Callable[[cdk.Stack, Any], Any]
) -> None:
    # Proves (user trial): a zone of the DNS team's account (imported into a stack of that
    # account) was accepted, and the deploy would fail creating the alias records in it
    with pytest.raises(
        ConstructError,
        match=rf"`{re.escape(prop)}` is a hosted zone of the account 222222222222 \(its stack "
        r"'There'\), not 111111111111: CloudFormation creates the alias records only in a "
        r"zone of the account it deploys to.*Fix: leave hosted_zone out",
    ):
        _zone_of(OTHER_ACCOUNT, construct)


@pytest.mark.parametrize(
    "construct", [_api_in_zone, _site_in_zone], ids=["ApiDomain", "StaticSite"]
)
def test_a_hosted_zone_of_another_region_is_accepted(
    construct: Callable[[cdk.Stack, Any], Any],
) -> None:
    # Route 53 zones have no region: a zone imported into the eu-west-1 stack of the account
    built = _zone_of(EU, construct)
    # THEN its alias records go into the zone, by its ID
    assert built.records
    for record in built.records:
        zone_id = cdk.Stack.of(built).resolve(record.node.default_child.hosted_zone_id)
        assert zone_id == "Z0123456789ABCDEFGHIJ"


def _dns_validated(stack: cdk.Stack, name: str, region: str) -> acm.ICertificate:
    zone = route53.HostedZone.from_hosted_zone_attributes(
        stack, "Zone", hosted_zone_id="Z0123456789ABCDEFGHIJ", zone_name="example.com"
    )
    return acm.DnsValidatedCertificate(
        stack, "Cert", domain_name=name, hosted_zone=zone, region=region
    )


def test_a_dns_validated_certificate_is_in_its_region_prop_for_a_site() -> None:
    # Proves (user trial): DnsValidatedCertificate(region="us-east-1") in the site's
    # eu-west-1 stack (the classic way to CloudFront's region) was refused as "in eu-west-1"
    _, stack = _stacks(None, EU)
    cert = _dns_validated(stack, "www.example.com", "us-east-1")
    StaticSite(stack, "Site", source=SITE, domain_name="www.example.com", certificate=cert)


def test_a_dns_validated_certificate_of_another_region_is_named_for_an_api() -> None:
    # Proves (user trial): DnsValidatedCertificate(region="us-east-1") for an eu-west-1
    # API's domain was accepted (API Gateway refuses it at deploy)
    _, stack = _stacks(None, EU)
    cert = _dns_validated(stack, "api.example.com", "us-east-1")
    with pytest.raises(
        ConstructError,
        match=r"`domain.certificate` is in 'us-east-1', but the API is in 'eu-west-1'",
    ):
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /a": H},
            auth=ApiAuth.iam(),
            domain=ApiDomain(name="api.example.com", certificate=cert),
        )


@pytest.mark.parametrize(
    "bucket",
    [
        lambda there, here: s3.Bucket(there, "B", enforce_ssl=True),
        lambda there, here: s3.Bucket.from_bucket_attributes(
            here, "B", bucket_name="landing", region="eu-west-1"
        ),
    ],
    ids=["bucket of an eu-west-1 stack", "bucket imported with region eu-west-1"],
)
def test_bucket_events_of_another_region_are_named(
    bucket: Callable[[cdk.Stack, cdk.Stack], s3.IBucket],
) -> None:
    # Proves (user trial): a bucket imported with its region into the worker's stack of
    # another region was accepted (S3 notifies only a queue of its own region: the deploy
    # fails); one defined in a stack of another region was reported as a stack cycle
    there, here = _stacks(EU, US)
    with pytest.raises(
        ConstructError,
        match=r"`sources\[0\].bucket` is in region eu-west-1, the worker's queue in us-east-1: "
        r"S3 sends event notifications only to a queue of the bucket's own region.*Fix: create "
        r"the QueueWorker in a stack of region eu-west-1",
    ):
        QueueWorker(here, "W", handler=H, sources=[BucketEvents(bucket(there, here))])


def _site_warnings(env: cdk.Environment | None) -> list[str]:
    _, stack = _stacks(None, env)
    Monitoring(stack, alarm_topic=sns.Topic(stack, "T"), dashboard=True)
    StaticSite(stack, "Site", source=SITE)
    template = Template.from_stack(stack)
    dashboards = template.find_resources("AWS::CloudWatch::Dashboard")
    body = json.dumps(next(iter(dashboards.values()))["Properties"]["DashboardBody"])
    warnings = Annotations.from_stack(stack).find_warning("*", Match.any_value())
    return [str(w.entry.data) for w in warnings] + [body]


def test_a_site_outside_us_east_1_warns_instead_of_an_alarm_and_graphs_us_east_1() -> None:
    # Proves (user trial): a site in an eu-west-1 stack with the stack's alarm topic got a
    # 5xx alarm that can never fire (CloudFront's metrics are in us-east-1 only) and empty
    # dashboard graphs, in silence (the alarm itself: tests/test_monitoring.py)
    *warnings, body = _site_warnings(EU)
    assert any(
        "no 5xx-rate alarm for this site: CloudFront publishes its metrics in us-east-1 only" in w
        for w in warnings
    ), warnings
    assert '\\"region\\":\\"us-east-1\\"' in body, body


@pytest.mark.parametrize("env", [US, None], ids=["us-east-1", "environment-agnostic"])
def test_a_site_in_us_east_1_or_an_agnostic_stack_is_no_warning_and_graphs_us_east_1(
    env: cdk.Environment | None,
) -> None:
    *warnings, body = _site_warnings(env)
    assert not any("5xx-rate alarm" in w for w in warnings), warnings
    # an agnostic stack may deploy anywhere: its graphs read CloudFront's region too
    assert '\\"region\\":\\"us-east-1\\"' in body, body


def _global_table(there: cdk.Stack, *regions: str) -> dynamodb.TableV2:
    return dynamodb.TableV2(
        there,
        "Orders",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        replicas=[dynamodb.ReplicaTableProps(region=r) for r in regions or ("us-east-1",)],
    )


#: A table given to a construct of another stack: as its table, and through a link.
_TABLE_USERS = pytest.mark.parametrize(
    ("prop", "construct"),
    [
        (
            "existing_table",
            lambda here, table: ServerlessApi(
                here, "Api", routes={"GET /a": H}, auth=ApiAuth.iam(), existing_table=table
            ),
        ),
        (
            "handler.links[0]",
            lambda here, table: QueueWorker(
                here, "W", handler=Handler(code=ECHO, links=[Link.read_write(table)])
            ),
        ),
    ],
    ids=["existing_table", "link"],
)


@_TABLE_USERS
def test_a_global_table_of_another_region_points_at_its_replica(
    prop: str, construct: Callable[[cdk.Stack, Any], Any]
) -> None:
    # Proves (user trial): the DR region's API given the primary region's global table was
    # told to "pass a table of this stack's region", not that the table's replica is one
    there, here = _stacks(EU, US)
    table = _global_table(there)
    with pytest.raises(
        ConstructError,
        match=rf"`{re.escape(prop)}` .*region eu-west-1, not us-east-1.*Fix: .*; the global "
        r"table There/Orders has a replica in us-east-1: use table\.replica\('us-east-1'\)",
    ):
        construct(here, table)
    # WHEN the replica is passed (in a stack of the region) THEN it is of that region
    app = there.node.root
    assert isinstance(app, cdk.App)
    construct(cdk.Stack(app, "Dr", env=US), table.replica("us-east-1"))


@_TABLE_USERS
def test_a_replica_of_another_region_points_at_the_table_or_its_replica_here(
    prop: str, construct: Callable[[cdk.Stack, Any], Any]
) -> None:
    # Proves (trial38multiregion): table.replica('us-east-1') given to a stack of the
    # table's own region was told only to "link a resource of this stack's region"
    there, _ = _stacks(EU, US)
    table = _global_table(there, "us-east-1", "us-east-2")
    app = there.node.root
    assert isinstance(app, cdk.App)
    replica = table.replica("us-east-1")  # aws-cdk-lib imports it once per table
    with pytest.raises(
        ConstructError,
        match=rf"`{re.escape(prop)}` .*region us-east-1, not eu-west-1.*Fix: .*; it is a "
        r"replica of the global table There/Orders, which is in eu-west-1: pass the table "
        r"itself",
    ):
        construct(cdk.Stack(app, "Eu", env=EU), replica)
    # WHEN the table has a replica in the stack's region THEN the fix names that one
    ohio = cdk.Environment(account="111111111111", region="us-east-2")
    with pytest.raises(
        ConstructError,
        match=r"the global table There/Orders has a replica in us-east-2: use "
        r"table\.replica\('us-east-2'\)",
    ):
        construct(cdk.Stack(app, "Ohio", env=ohio), replica)


@_TABLE_USERS
def test_a_table_of_another_account_in_this_region_is_not_pointed_at_itself(
    prop: str, construct: Callable[[cdk.Stack, Any], Any]
) -> None:
    # Proves (cicd46): a stage's table in another account of the same region was told to
    # "use table.replica('eu-west-1')", which returns that table: the same error again
    there, here = _stacks(cdk.Environment(account="222222222222", region="eu-west-1"), EU)
    with pytest.raises(ConstructError) as raised:
        construct(here, _global_table(there))
    assert "account 222222222222, not 111111111111" in str(raised.value)
    assert "replica" not in str(raised.value)


def _cognito_api(here: cdk.Stack, there: cdk.Stack) -> ServerlessApi:
    pool = cognito.UserPool(there, "Users")
    auth = ApiAuth.cognito(pool, [pool.add_client("Web")])
    return ServerlessApi(here, "Api", routes={"GET /a": H}, auth=auth)


@pytest.mark.parametrize(
    ("envs", "where"),
    [
        ((None, EU), "is in stack 'There', which is environment-agnostic, and the API's stack "),
        ((EU, None), "is in stack 'There' of region eu-west-1, and the API's stack is environm"),
    ],
    ids=["agnostic pool", "agnostic api"],
)
def test_a_user_pool_of_an_agnostic_stack_and_an_api_with_a_region_are_named(
    envs: tuple[cdk.Environment | None, cdk.Environment | None], where: str
) -> None:
    # Proves (user trial): synth failed with aws-cdk-lib's
    # CrossRegionReferencesRequireExplicitRegion trace, which names no prop
    there, here = _stacks(*envs)
    with pytest.raises(
        ConstructError,
        match=rf"`auth.user_pool` {re.escape(where)}.*only when both regions are known.*Fix: "
        r"give both stacks env=",
    ):
        _cognito_api(here, there)


def test_a_user_pool_of_another_stage_is_named() -> None:
    # Proves (user trial): synth failed with aws-cdk-lib's NoCrossStageDependency trace
    there, here = _staged("Beta")
    with pytest.raises(ConstructError, match=r"`auth.user_pool` is in stage 'Beta', not this"):
        _cognito_api(here, there)


def test_a_user_pool_of_another_region_is_accepted() -> None:
    # one pool in eu-west-1 serves the API of each region (its issuer names its region)
    there, here = _stacks(EU, US)
    _cognito_api(here, there)
    template = Template.from_stack(here).to_json()
    assert "https://cognito-idp.eu-west-1.amazonaws.com/" in json.dumps(template)


@_TABLE_USERS
def test_a_table_v2_of_an_environment_agnostic_stack_is_a_construct_error(
    prop: str, construct: Callable[[cdk.Stack, Any], Any]
) -> None:
    # Proves (trial30): a stage's env-agnostic DataStack's TableV2 (its own replica's region
    # is {"Ref": "AWS::Region"}) given to a stack with an env raised a raw
    # "TypeError: unhashable type: 'dict'" instead of the environment's ConstructError
    there, here = _stacks(None, EU)
    table = dynamodb.TableV2(
        there,
        "Orders",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
    )
    with pytest.raises(
        ConstructError,
        match=rf"`{re.escape(prop)}` is .*in an environment-agnostic stack, not region "
        r"eu-west-1.*Fix: ",
    ) as raised:
        construct(here, table)
    assert "has a replica" not in str(raised.value)
