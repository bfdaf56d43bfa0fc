"""Each alarm a construct creates is a typed, read-only attribute of its own
(``worker.dead_letter_queue_alarm``, ``api.server_errors_alarm``, ...), besides the
``alarms`` list: None until the alarm exists (no destination yet, ``alarms=False``), the
alarm once a destination appears."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from constructs_lib import (
    ApiAuth,
    ConstructError,
    EventHandler,
    Monitoring,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    StreamWorker,
)
from tests.support import SITE, echo_handler, new_stack

FUNCTION = ("errors_alarm", "throttles_alarm", "dead_letter_queue_alarm")
# each construct, how it is built, and the attributes naming its alarms
NAMED: dict[str, tuple[Callable[[cdk.Stack], Any], tuple[str, ...]]] = {
    "EventHandler": (
        lambda s: EventHandler(
            s, "Events", handler=echo_handler(), event_pattern={"source": ["orders"]}
        ),
        (*FUNCTION, "dead_letter_delivery_alarm"),
    ),
    "ScheduledJob": (
        lambda s: ScheduledJob(s, "Job", handler=echo_handler(), schedule="rate(1 hour)"),
        (*FUNCTION, "dead_letter_delivery_alarm", "failed_invocations_alarm"),
    ),
    "QueueWorker": (
        lambda s: QueueWorker(s, "Worker", handler=echo_handler()),
        (*FUNCTION, "oldest_message_alarm"),
    ),
    "StreamWorker": (
        lambda s: StreamWorker(s, "Stream", handler=echo_handler(), table=_table(s)),
        (*FUNCTION, "dead_letter_delivery_alarm", "iterator_age_alarm"),
    ),
    "ServerlessApi": (
        lambda s: ServerlessApi(s, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam()),
        ("server_errors_alarm", "latency_alarm"),
    ),
    "StaticSite": (
        lambda s: StaticSite(s, "Site", source=SITE),
        ("server_errors_alarm",),
    ),
}
US_EAST_1 = cdk.Environment(account="111111111111", region="us-east-1")


def _table(stack: cdk.Stack) -> dynamodb.Table:
    return dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    )


def _named(construct: Any, names: tuple[str, ...]) -> list[Any]:
    named = [getattr(construct, name) for name in names]
    for mapping in ("errors_alarms", "throttles_alarms"):  # the API's, by route
        named += list(getattr(construct, mapping, {}).values())
    return named


@pytest.mark.parametrize("kind", NAMED)
def test_every_alarm_a_construct_creates_has_its_name(kind: str) -> None:
    # GIVEN the construct with a destination for its alarms
    build, names = NAMED[kind]
    stack = new_stack(env=US_EAST_1)  # where CloudFront's metrics are: the site alarms
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
    # WHEN it is built
    construct = build(stack)
    # THEN each named attribute is one of its alarms, and together they are all of them
    named = _named(construct, names)
    assert all(isinstance(alarm, cloudwatch.Alarm) for alarm in named)
    assert len({id(alarm) for alarm in named}) == len(named) == len(construct.alarms)
    assert all(any(alarm is own for own in construct.alarms) for alarm in named)


@pytest.mark.parametrize("kind", ["QueueWorker", "ServerlessApi"])
def test_a_named_alarm_is_none_until_a_destination_appears_then_the_alarm(kind: str) -> None:
    # GIVEN the construct in a stack without an alarm topic: its alarms wait
    build, names = NAMED[kind]
    stack = new_stack()
    construct = build(stack)
    assert [getattr(construct, name) for name in names] == [None] * len(names)
    assert getattr(construct, "errors_alarms", {}) == {}
    # WHEN the stack gets its topic after the construct
    Monitoring.of(stack).set_alarm_topic(sns.Topic(stack, "Topic"))
    # THEN the attributes hold the alarms created then
    assert all(isinstance(getattr(construct, name), cloudwatch.Alarm) for name in names)
    assert len(_named(construct, names)) == len(construct.alarms)


def test_without_alarms_every_named_alarm_is_none() -> None:
    stack = new_stack()
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
    job = ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)", alarms=False)
    assert [getattr(job, name) for name in NAMED["ScheduledJob"][1]] == [None] * 5


def test_a_named_alarm_is_the_one_its_name_says() -> None:
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), alarms=True)
    assert worker.errors_alarm is not None and worker.dead_letter_queue_alarm is not None
    assert worker.errors_alarm.node.path == "Test/Worker/Handler/ErrorsAlarm"
    assert worker.throttles_alarm is not None
    assert worker.throttles_alarm.node.path == "Test/Worker/Handler/ThrottlesAlarm"
    assert worker.dead_letter_queue_alarm.node.path == "Test/Worker/DeadLetterQueueAlarm"
    assert worker.oldest_message_alarm is not None
    assert worker.oldest_message_alarm.node.path == "Test/Worker/OldestMessageAlarm"


def test_a_worker_on_an_imported_queue_has_no_dead_letter_alarm_to_name() -> None:
    # the worker cannot know the dead-letter queue of a queue imported by its ARN
    stack = new_stack()
    queue = sqs.Queue.from_queue_arn(stack, "Queue", "arn:aws:sqs:eu-west-1:111111111111:jobs")
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue, alarms=True)
    assert worker.dead_letter_queue_alarm is None
    assert worker.errors_alarm is not None and worker.oldest_message_alarm is not None


def test_a_site_outside_us_east_1_has_no_server_errors_alarm() -> None:
    stack = new_stack(env=cdk.Environment(account="111111111111", region="eu-west-1"))
    site = StaticSite(stack, "Site", source=SITE, alarms=True)  # warns: no alarm there
    assert site.server_errors_alarm is None and list(site.alarms) == []


def test_the_apis_function_alarms_are_named_by_route() -> None:
    stack = new_stack()
    shared = echo_handler()
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": shared, "POST /a": shared, "GET /b": echo_handler(name="Other")},
        auth=ApiAuth.iam(),
        alarms=True,
    )
    errors, throttles = api.errors_alarms, api.throttles_alarms
    assert set(errors) == set(throttles) == {"GET /a", "POST /a", "GET /b"}
    assert errors["GET /a"] is errors["POST /a"]  # one function, one alarm
    assert errors["GET /a"] is not errors["GET /b"]
    function_path = api.functions["GET /b"].node.path.rsplit("/", 1)[0]
    assert errors["GET /b"].node.path == f"{function_path}/ErrorsAlarm"
    assert throttles["GET /b"].node.path == f"{function_path}/ThrottlesAlarm"
    with pytest.raises(TypeError, match="read-only"):
        errors["GET /c"] = errors["GET /a"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("kind", "name"),
    [("QueueWorker", "errors_alarm"), ("ServerlessApi", "server_errors_alarm")],
)
def test_a_named_alarm_cannot_be_rebound_or_deleted(kind: str, name: str) -> None:
    stack = new_stack()
    construct = NAMED[kind][0](stack)
    with pytest.raises(ConstructError, match=rf"`{name}` is assigned None, but it is what"):
        setattr(construct, name, None)
    with pytest.raises(ConstructError, match=rf"`{name}` is deleted, but it is what"):
        delattr(construct, name)
