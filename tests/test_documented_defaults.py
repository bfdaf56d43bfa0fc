"""What the docstrings say against what the constructs build: a prop given its documented
default builds the template the omitted prop builds, a documented limit passes and one
past it is a ConstructError naming the prop, and the documented alarm destinations are
the alarms' actions."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    AutoScaledCapacity,
    ConstructError,
    CorsPolicy,
    EventHandler,
    FunctionDefaults,
    Handler,
    Monitoring,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    TableOptions,
    Throttle,
)
from tests.support import ECHO, SITE, new_stack

Build = Callable[[cdk.Stack], object]
_PATTERN = events.EventPattern(source=["my.app"])
_ORIGINS = ["https://app.example.com"]


def _handler(**options: Any) -> Handler:
    return Handler(code=ECHO, **options)


def _worker(stack: cdk.Stack, **props: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", **{"handler": _handler(), **props})


def _job(stack: cdk.Stack, **props: Any) -> ScheduledJob:
    return ScheduledJob(stack, "Job", handler=_handler(), schedule="cron(0 3 * * ? *)", **props)


def _api(stack: cdk.Stack, **props: Any) -> ServerlessApi:
    return ServerlessApi(stack, "Api", routes={"GET /x": _handler()}, auth=ApiAuth.iam(), **props)


def _template(build: Build) -> str:
    stack = new_stack()
    build(stack)
    return json.dumps(Template.from_stack(stack).to_json(), sort_keys=True)


#: Each documented default: the construct without the prop, and with the default the
#: docstring states given explicitly.
DEFAULTS: dict[str, tuple[Build, Build]] = {
    "Handler memory_mib 256": (_worker, lambda s: _worker(s, handler=_handler(memory_mib=256))),
    "Handler timeout 10 seconds": (
        _worker,
        lambda s: _worker(s, handler=_handler(timeout=Duration.seconds(10))),
    ),
    "Handler runtime 3.14": (_worker, lambda s: _worker(s, handler=_handler(runtime="3.14"))),
    "Handler architecture arm64": (
        _worker,
        lambda s: _worker(s, handler=_handler(architecture="arm64")),
    ),
    "Handler log_retention 30 days": (
        _worker,
        lambda s: _worker(s, handler=_handler(log_retention=logs.RetentionDays.ONE_MONTH)),
    ),
    "Handler powertools False": (_worker, lambda s: _worker(s, handler=_handler(powertools=False))),
    "FunctionDefaults memory_mib 256": (
        _worker,
        lambda s: (FunctionDefaults.of(s).set(memory_mib=256), _worker(s)),
    ),
    "QueueWorker visibility_timeout 6x the timeout": (
        _worker,
        lambda s: _worker(s, visibility_timeout=Duration.seconds(60)),
    ),
    "EventHandler max_event_age 1 hour": (
        lambda s: EventHandler(s, "Events", handler=_handler(), event_pattern=_PATTERN),
        lambda s: EventHandler(
            s, "Events", handler=_handler(), event_pattern=_PATTERN, max_event_age=Duration.hours(1)
        ),
    ),
    "ScheduledJob timezone UTC": (_job, lambda s: _job(s, timezone="UTC")),
    "ScheduledJob payload {}": (_job, lambda s: _job(s, payload={})),
    "ScheduledJob max_event_age 1 hour": (_job, lambda s: _job(s, max_event_age=Duration.hours(1))),
    "ServerlessApi throttling 50 rps, burst 100": (
        _api,
        lambda s: _api(s, throttling=Throttle(rate=50, burst=100)),
    ),
    "ServerlessApi access_log_retention 30 days": (
        _api,
        lambda s: _api(s, access_log_retention=logs.RetentionDays.ONE_MONTH),
    ),
    "CorsPolicy max_age 1 hour": (
        lambda s: _api(s, cors=CorsPolicy(allow_origins=_ORIGINS)),
        lambda s: _api(s, cors=CorsPolicy(allow_origins=_ORIGINS, max_age=Duration.hours(1))),
    ),
    "ApiAuth.function results_cache_ttl 0": (
        lambda s: ServerlessApi(
            s, "Api", routes={"GET /x": _handler()}, auth=ApiAuth.function(_handler(name="Auth"))
        ),
        lambda s: ServerlessApi(
            s,
            "Api",
            routes={"GET /x": _handler()},
            auth=ApiAuth.function(_handler(name="Auth"), results_cache_ttl=Duration.seconds(0)),
        ),
    ),
    "StaticSite retentions 30 and 90 days, cache_control": (
        lambda s: StaticSite(s, "Site", source=SITE),
        lambda s: StaticSite(
            s,
            "Site",
            source=SITE,
            noncurrent_version_expiration=Duration.days(30),
            access_log_retention=Duration.days(90),
            cache_control=[
                s3deploy.CacheControl.from_string(
                    "public, max-age=0, must-revalidate, s-maxage=86400"
                )
            ],
        ),
    ),
    "Network max_azs 2, nat_gateways 0": (
        lambda s: Network(s, "Net"),
        lambda s: Network(s, "Net", max_azs=2, nat_gateways=0),
    ),
    "Monitoring dashboard False": (
        lambda s: (Monitoring(s), _worker(s)),
        lambda s: (Monitoring(s, dashboard=False), _worker(s)),
    ),
}


@pytest.mark.parametrize("name", DEFAULTS)
def test_the_documented_default_given_builds_the_same_template(name: str) -> None:
    # Proves (docs49): each default a docstring states is the one the construct applies
    # GIVEN the construct without the prop, and with its documented default
    omitted, given = DEFAULTS[name]
    # THEN both templates are the same
    assert _template(omitted) == _template(given)


def test_lambdas_default_ephemeral_storage_is_not_written_but_a_given_one_is() -> None:
    # Proves (docs49): FunctionDefaults.set and Handler.from_image documented "Default: 512",
    # which given explicitly writes EphemeralStorage (and publishes a new version): the
    # default is Lambda's 512, left out of the template, as Handler's docstring says
    def storage(build: Build) -> list[Any]:
        stack = new_stack()
        build(stack)
        functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
        return [f["Properties"].get("EphemeralStorage") for f in functions.values()]

    assert storage(_worker) == [None]
    assert storage(lambda s: (FunctionDefaults.of(s).set(ephemeral_storage_mib=512), _worker(s)))
    assert storage(lambda s: _worker(s, handler=_handler(ephemeral_storage_mib=512))) == [
        {"Size": 512}
    ]


#: Each documented limit: the construct with a value, the highest value it takes, and the
#: message of the value one past it.
LIMITS: dict[str, tuple[Callable[[cdk.Stack, int], object], int, str]] = {
    "Handler reserved_concurrency 0..10000": (
        lambda s, n: _worker(s, handler=_handler(reserved_concurrency=n)),
        10000,
        "`handler.reserved_concurrency` is 10001; it must be between 0 and 10000",
    ),
    "QueueWorker visibility_timeout up to 12 hours": (
        lambda s, n: _worker(s, visibility_timeout=Duration.seconds(n)),
        43200,
        "`visibility_timeout` is 43201 seconds; it must be between 0 and 43200 seconds",
    ),
    "CorsPolicy max_age up to 24 hours": (
        lambda s, n: _api(s, cors=CorsPolicy(allow_origins=_ORIGINS, max_age=Duration.seconds(n))),
        86400,
        "`cors.max_age` is 86401 seconds; it must be between 0 and 86400 seconds",
    ),
    "Network nat_gateways at most max_azs": (
        lambda s, n: Network(s, "Net", max_azs=2, nat_gateways=n),
        2,
        "`nat_gateways` is 3, more than max_azs (2)",
    ),
    "Network max_azs 2 in an env-agnostic stack": (
        lambda s, n: Network(s, "Net", max_azs=n),
        2,
        "`max_azs` is 3, but the stack is env-agnostic",
    ),
    "AutoScaledCapacity min_capacity at most max_capacity": (
        lambda s, n: _api(
            s,
            table=TableOptions(
                read_capacity=AutoScaledCapacity(min_capacity=n, max_capacity=10),
                write_capacity=5,
            ),
        ),
        10,
        "`table.read_capacity.max_capacity` is 10, below min_capacity 11",
    ),
}


@pytest.mark.parametrize("name", LIMITS)
def test_a_documented_limit_passes_and_one_past_it_is_refused(name: str) -> None:
    # Proves (docs49): these limits were enforced but the docstrings did not state them
    build, highest, message = LIMITS[name]
    # GIVEN the highest value the docstring allows THEN the construct builds
    build(new_stack(), highest)
    # AND one past it is a ConstructError naming the prop
    with pytest.raises(ConstructError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build(new_stack(), highest + 1)


def _alarm_actions(build: Callable[[cdk.Stack], list[sns.Topic]]) -> tuple[set[str], set[str]]:
    """The alarms' actions, and the references to the topics ``build`` returns."""
    stack = new_stack()
    topics = build(stack)
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    assert alarms
    actions = {json.dumps(a["Properties"]["AlarmActions"], sort_keys=True) for a in alarms.values()}
    return actions, {json.dumps([stack.resolve(t.topic_arn) for t in topics], sort_keys=True)}


_TOPIC_PROPS: dict[str, Callable[..., object]] = {
    "QueueWorker": _worker,
    "StaticSite": lambda s, **props: StaticSite(s, "Site", source=SITE, **props),
}


@pytest.mark.parametrize("name", _TOPIC_PROPS)
def test_alarm_topic_defaults_to_the_stacks_monitoring_topic_and_adds_to_it(name: str) -> None:
    # Proves (docs49): QueueWorker's, StreamWorker's and StaticSite's alarm_topic said
    # "Default: none", though their alarms notify the stack's Monitoring topic without it
    # (and alarm_topic alone is a destination), as the other constructs' docstrings say
    build = _TOPIC_PROPS[name]

    def monitored(stack: cdk.Stack) -> sns.Topic:
        topic = sns.Topic(stack, "Stack")
        Monitoring(stack, alarm_topic=topic)
        return topic

    def own(stack: cdk.Stack) -> sns.Topic:
        topic = sns.Topic(stack, "Own")
        build(stack, alarm_topic=topic)
        return topic

    def monitored_only(stack: cdk.Stack) -> sns.Topic:
        topic = monitored(stack)
        build(stack)
        return topic

    # GIVEN no alarm_topic THEN the alarms notify the stack's Monitoring topic only
    actions, expected = _alarm_actions(lambda s: [monitored_only(s)])
    assert actions == expected
    # AND alarm_topic alone is a destination: the alarms notify it
    actions, expected = _alarm_actions(lambda s: [own(s)])
    assert actions == expected
    # AND with both, the alarms notify both
    actions, expected = _alarm_actions(lambda s: [own(s), monitored(s)])
    assert actions == expected


def test_the_alarms_attribute_fills_once_the_alarms_have_a_destination() -> None:
    # Proves (docs49): `alarms` was documented "empty with alarms=False", but by default it
    # is also empty while the alarms have no destination, and filled once one is named
    # GIVEN a worker in a stack with no alarm destination
    stack = new_stack()
    worker = _worker(stack)
    # THEN it has no alarms yet
    assert list(worker.alarms) == []
    # WHEN the stack's Monitoring names a topic, after the worker
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
    # THEN the worker's alarms are there
    assert len(worker.alarms) == len(
        Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    )
    assert worker.alarms
