"""A construct given a resource of another region or account: each is a ConstructError
naming the prop, before CDK's jsii trace about physical names (or a template AWS refuses).
Environment-agnostic stacks are never refused: their region is known only at deploy. A
resource created in another Stage (or the app, outside a stage) is refused the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    ConstructError,
    EventHandler,
    Handler,
    Monitoring,
    Network,
    QueueWorker,
    ServerlessApi,
    StaticSite,
)
from tests.support import ECHO, SITE, new_app

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
    QueueWorker(here, "W", handler=H, alarm_topic=sns.Topic.from_topic_arn(here, "T", EU_TOPIC))


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
    QueueWorker(here, "W", handler=Handler(code=ECHO, links=[table]))
