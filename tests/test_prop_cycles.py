"""A resource of another stack given as a prop the construct's stack refers to (a
ServerlessApi's existing_table, Cognito pool, certificate and hosted zone, a QueueWorker's
existing_queue, queue keys, a StreamWorker's existing_dead_letter_queue and
failed_batches_bucket and a QueueWorker's once its alarm watches it), with that stack
depending on the construct's already, is a ConstructError naming the prop and the way back
(cycles46: each was aws-cdk-lib's DependencyCycle trace at synth). A link made later that
closes the ring is named too, and references one way across stacks still synthesize."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    ConstructError,
    EventHandler,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StreamWorker,
)
from tests.support import echo_handler, new_app

Build = Callable[[cdk.Stack, cdk.Stack], object]


def _api(here: cdk.Stack, **props: Any) -> ServerlessApi:
    return ServerlessApi(here, "Uses", routes={"GET /x": echo_handler()}, alarms=False, **props)


def _key(data: cdk.Stack) -> kms.Key:
    return kms.Key(data, "Key", enable_key_rotation=True)


def _existing_table(data: cdk.Stack, here: cdk.Stack) -> object:
    key = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    return _api(
        here, auth=ApiAuth.iam(), existing_table=dynamodb.TableV2(data, "Key", partition_key=key)
    )


def _user_pool(data: cdk.Stack, here: cdk.Stack) -> object:
    return _api(here, auth=ApiAuth.cognito(cognito.UserPool(data, "Key")))


def _certificate(data: cdk.Stack, here: cdk.Stack) -> object:
    name = "api.example.com"
    certificate = acm.Certificate(data, "Key", domain_name=name)
    return _api(here, auth=ApiAuth.iam(), domain=ApiDomain(name=name, certificate=certificate))


def _hosted_zone(data: cdk.Stack, here: cdk.Stack) -> object:
    name = "api.example.com"
    certificate = acm.Certificate.from_certificate_arn(
        here, "Certificate", "arn:aws:acm:us-east-1:111111111111:certificate/abc"
    )
    zone = route53.PublicHostedZone(data, "Key", zone_name="example.com")
    return _api(
        here,
        auth=ApiAuth.iam(),
        domain=ApiDomain(name=name, certificate=certificate, hosted_zone=zone),
    )


def _existing_queue(data: cdk.Stack, here: cdk.Stack) -> object:
    queue = sqs.Queue(data, "Key", enforce_ssl=True, visibility_timeout=cdk.Duration.minutes(1))
    return QueueWorker(here, "Uses", handler=echo_handler(), existing_queue=queue, alarms=False)


def _encryption_key(data: cdk.Stack, here: cdk.Stack) -> object:
    return QueueWorker(
        here, "Uses", handler=echo_handler(), encryption_key=_key(data), alarms=False
    )


def _event_dead_letter_key(data: cdk.Stack, here: cdk.Stack) -> object:
    return EventHandler(
        here,
        "Uses",
        handler=echo_handler(),
        event_pattern={"source": ["orders"]},
        dead_letter_queue_key=_key(data),
        alarms=False,
    )


def _job_dead_letter_key(data: cdk.Stack, here: cdk.Stack) -> object:
    return ScheduledJob(
        here,
        "Uses",
        handler=echo_handler(),
        schedule="rate(1 hour)",
        dead_letter_queue_key=_key(data),
        alarms=False,
    )


def _network(data: cdk.Stack, here: cdk.Stack) -> object:
    network = Network(here, "Network", existing_vpc=ec2.Vpc(data, "Key", max_azs=2))
    return QueueWorker(here, "Uses", handler=echo_handler(), network=network, alarms=False)


def _dead_letter_queue(data: cdk.Stack) -> sqs.Queue:
    return sqs.Queue(data, "Key", enforce_ssl=True)


def _stream_worker(here: cdk.Stack, **props: Any) -> object:
    # the mapping's on-failure destination and the function's grants name its ARN
    table = dynamodb.TableV2(
        here,
        "Rows",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE,
    )
    return StreamWorker(here, "Uses", handler=echo_handler(), table=table, alarms=False, **props)


def _stream_dead_letter_queue(data: cdk.Stack, here: cdk.Stack) -> object:
    return _stream_worker(here, existing_dead_letter_queue=_dead_letter_queue(data))


def _stream_failed_batches_bucket(data: cdk.Stack, here: cdk.Stack) -> object:
    return _stream_worker(here, failed_batches_bucket=s3.Bucket(data, "Key", enforce_ssl=True))


def _worker_dead_letter_queue(data: cdk.Stack, here: cdk.Stack, alarms: bool = True) -> object:
    # its alarm's metric names the queue
    queue = sqs.Queue.from_queue_arn(here, "Orders", "arn:aws:sqs:us-east-1:111111111111:orders")
    return QueueWorker(
        here,
        "Uses",
        handler=echo_handler(),
        existing_queue=queue,
        existing_dead_letter_queue=_dead_letter_queue(data),
        alarms=alarms,
    )


CASES = [
    pytest.param(_existing_table, "existing_table", "table", "ServerlessApi", id="existing_table"),
    pytest.param(_user_pool, "auth.user_pool", "user pool", "ServerlessApi", id="user_pool"),
    pytest.param(_certificate, "domain.certificate", "certificate", "ServerlessApi", id="cert"),
    pytest.param(_hosted_zone, "domain.hosted_zone", "hosted zone", "ServerlessApi", id="zone"),
    pytest.param(_existing_queue, "existing_queue", "queue", "QueueWorker", id="existing_queue"),
    pytest.param(_encryption_key, "encryption_key", "KMS key", "QueueWorker", id="queue key"),
    pytest.param(
        _event_dead_letter_key, "dead_letter_queue_key", "KMS key", "EventHandler", id="rule key"
    ),
    pytest.param(
        _job_dead_letter_key, "dead_letter_queue_key", "KMS key", "ScheduledJob", id="job key"
    ),
    pytest.param(_network, "network.vpc", "VPC", "QueueWorker", id="network"),
    pytest.param(
        _stream_dead_letter_queue,
        "existing_dead_letter_queue",
        "queue",
        "StreamWorker",
        id="stream dead-letter queue",
    ),
    pytest.param(
        _stream_failed_batches_bucket,
        "failed_batches_bucket",
        "bucket",
        "StreamWorker",
        id="stream failed-batches bucket",
    ),
    pytest.param(
        _worker_dead_letter_queue,
        "existing_dead_letter_queue",
        "queue",
        "QueueWorker",
        id="worker dead-letter queue",
    ),
]


def _stacks() -> tuple[cdk.App, cdk.Stack, cdk.Stack]:
    app = new_app()
    env = cdk.Environment(account="111111111111", region="us-east-1")
    return app, cdk.Stack(app, "Data", env=env), cdk.Stack(app, "Events", env=env)


@pytest.mark.parametrize(("build", "prop", "kind", "construct"), CASES)
def test_a_prop_closing_a_cycle_is_named(
    build: Build, prop: str, kind: str, construct: str
) -> None:
    # GIVEN the data stack's job sending to a worker of the events stack
    _, data, here = _stacks()
    target = QueueWorker(here, "Target", handler=echo_handler(), alarms=False)
    QueueWorker(data, "Nightly", handler=echo_handler(links=[target]), alarms=False)
    # THEN a construct of the events stack using the data stack's resource is refused
    with pytest.raises(ConstructError) as raised:
        build(data, here)
    assert (
        f"Events/Uses: `{prop}` is the {kind} Data/Key, of stack Data, which already depends "
        "on stack Events (Data/Nightly/Handler/Function links queue Events/Target (send)): "
        f"{'an' if construct[0] in 'AEIOU' else 'a'} {construct} using it from here makes a "
        "dependency cycle"
    ) in str(raised.value)


#: Each case's build and prop.
BUILDS = [pytest.param(*case.values[:2], id=case.id) for case in CASES]


@pytest.mark.parametrize(("build", "prop"), BUILDS)
def test_a_link_closing_the_ring_later_is_named(build: Build, prop: str) -> None:
    _, data, here = _stacks()
    build(data, here)
    target = QueueWorker(here, "Target", handler=echo_handler(), alarms=False)
    with pytest.raises(
        ConstructError, match=re.escape(f"(Events/Uses refers ({prop}) to Data/Key)")
    ):
        QueueWorker(data, "Nightly", handler=echo_handler(links=[target]), alarms=False)


@pytest.mark.parametrize(("build", "prop"), BUILDS)
def test_a_prop_of_a_stack_one_way_synthesizes(build: Build, prop: str) -> None:
    # GIVEN the construct of the events stack using the data stack's resource, no way back
    app, data, here = _stacks()
    build(data, here)
    app.synth()
    # THEN both synthesize, the events stack after the data stack
    assert [d.node.path for d in here.dependencies] == ["Data"]


def test_a_worker_s_dead_letter_queue_nothing_watches_is_no_reference() -> None:
    # GIVEN a QueueWorker without alarms: nothing of its stack names the dead-letter queue
    # (only its alarm and graph read it), so the ring is no cycle
    app, data, here = _stacks()
    target = QueueWorker(here, "Target", handler=echo_handler(), alarms=False)
    QueueWorker(data, "Nightly", handler=echo_handler(links=[target]), alarms=False)
    _worker_dead_letter_queue(data, here, alarms=False)
    app.synth()
    assert [d.node.path for d in data.dependencies] == ["Events"]
    assert here.dependencies == []
