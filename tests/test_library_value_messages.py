"""The library's own value objects given in the wrong place are named as a reader names
them (``a constructs_lib Handler (tests/fixtures/handlers/echo/app.py)``, ``a
constructs_lib ApiAuth.iam()``), never by their dataclass repr: ``is_jsii_object`` took every
module starting with "constructs" for jsii's, so a Handler given as ``existing_queue`` was
told as ``Handler(code=PosixPath('...'), entry='app.handler', memory_mib=None, ...)``, the
whole of it and every default (messages54)."""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    ApiDomainMapping,
    AutoScaledCapacity,
    BucketEvents,
    ConstructError,
    CorsPolicy,
    Deployment,
    GlobalIndex,
    Handler,
    Link,
    LocalIndex,
    Network,
    QueueWorker,
    Route,
    ScheduledJob,
    ServerlessApi,
    StreamWorker,
    TableOptions,
    Throttle,
)
from constructs_lib._jsii import described, is_jsii_object
from constructs_lib._library_values import library_value
from tests.support import ECHO, ROOT, echo_handler, new_stack

ECHO_FILE = "tests/fixtures/handlers/echo/app.py"


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    # a Handler's code is shown relative to the working directory, as users write it
    monkeypatch.chdir(ROOT)


class TeamHandler(Handler):
    """A user's subclass of Handler (a team's defaults)."""


def test_is_jsii_object_takes_only_jsii_packages() -> None:
    # GIVEN objects of the library, of constructs, and of a module named like them
    lookalike = types.new_class("Thing")
    lookalike.__module__ = "constructs_extra.things"
    stack = new_stack()
    # THEN only jsii's (constructs, aws_cdk) are jsii objects
    assert is_jsii_object(Construct(stack, "Plain"))
    assert is_jsii_object(stack)
    assert not is_jsii_object(echo_handler())
    assert not is_jsii_object(ApiAuth.iam())
    assert not is_jsii_object(lookalike())


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda b: echo_handler(), f"a constructs_lib Handler ({ECHO_FILE})"),
        (
            lambda b: Handler(code=ECHO, entry="pkg.jobs.run"),
            "a constructs_lib Handler (tests/fixtures/handlers/echo/pkg/jobs.py)",
        ),
        (
            lambda b: Handler.from_image(ECHO),
            "a constructs_lib Handler (the image in tests/fixtures/handlers/echo)",
        ),
        (
            lambda b: TeamHandler(code=ECHO),
            f"a TeamHandler (a constructs_lib Handler ({ECHO_FILE}))",
        ),
        (lambda b: Route(echo_handler()), f"a constructs_lib Route ({ECHO_FILE})"),
        (lambda b: ApiAuth.iam(), "a constructs_lib ApiAuth.iam()"),
        (
            lambda b: ApiAuth.jwt("https://id.example.com", ["a"]),
            "a constructs_lib ApiAuth.jwt(...)",
        ),
        (lambda b: ApiAuth.none(reason="public"), "a constructs_lib ApiAuth.none(...)"),
        (lambda b: Deployment.canary(), "a constructs_lib Deployment.canary(...)"),
        (lambda b: Deployment.all_at_once(), "a constructs_lib Deployment.all_at_once()"),
        (lambda b: Link.read(b), "a constructs_lib Link.read(...)"),
        (lambda b: Link.to(b), "a constructs_lib Link.to(...)"),
        (lambda b: TableOptions(), "a constructs_lib TableOptions"),
        (lambda b: GlobalIndex("by-owner", "owner"), "a constructs_lib GlobalIndex ('by-owner')"),
        (lambda b: LocalIndex("by-date", "date"), "a constructs_lib LocalIndex ('by-date')"),
        (lambda b: AutoScaledCapacity(10), "a constructs_lib AutoScaledCapacity"),
        (lambda b: Throttle(), "a constructs_lib Throttle"),
        (
            lambda b: CorsPolicy(allow_origins=["https://a.example.com"]),
            "a constructs_lib CorsPolicy",
        ),
        (lambda b: ApiDomainMapping(domain_name=None), "a constructs_lib ApiDomainMapping"),
        (lambda b: BucketEvents(b), "a constructs_lib BucketEvents"),
    ],
)
def test_each_value_object_is_named_by_what_was_written(make: Any, name: str) -> None:
    bucket = s3.Bucket(new_stack(), "Uploads")
    value = make(bucket)
    assert library_value(value) == name
    assert described(value) == name  # no ", a Handler" after it


def test_a_handler_given_as_the_queue_is_named_by_its_file() -> None:
    # GIVEN a Handler passed where the worker's existing queue goes
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=echo_handler(), existing_queue=echo_handler())
    # THEN the message names it in a few words (it spelled out every field and default)
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Worker: `existing_queue` is a constructs_lib Handler "
        f"({ECHO_FILE}); it must be an aws_sqs.IQueue. Fix: pass an aws_sqs.IQueue: an "
        "aws_sqs.Queue(...), or one imported with aws_sqs.Queue.from_queue_arn(...)"
    )


def test_an_api_auth_given_as_a_route_is_named_by_its_factory() -> None:
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes={"GET /x": ApiAuth.iam()}, auth=ApiAuth.iam())
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Api: `routes['GET /x']` is a constructs_lib ApiAuth.iam(). "
        "Fix: pass a constructs_lib.Handler(...)"
    )


@pytest.mark.parametrize(
    ("holder", "fix"),
    [
        (
            Route(echo_handler()),
            "pass the Handler it holds (route.handler): a Route goes in a ServerlessApi's routes",
        ),
        (
            ApiAuth.function(echo_handler(entry="app.other")),
            "pass the Handler it holds (auth.handler): an ApiAuth goes in a ServerlessApi's "
            "(or a Route's) auth",
        ),
    ],
)
def test_a_value_holding_a_handler_given_as_one_is_told_to_pass_its_handler(
    holder: object, fix: str
) -> None:
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=holder)  # type: ignore[arg-type]
    (problem,) = raised.value.problems
    assert (problem.prop, problem.fix) == ("handler", fix)
    assert problem.message == f"is {library_value(holder)}"


def test_a_handler_given_as_a_time_zone_is_named_by_its_file() -> None:
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(
            new_stack(),
            "Job",
            handler=echo_handler(),
            schedule="rate(1 hour)",
            timezone=echo_handler(),  # type: ignore[arg-type]
        )
    (problem,) = raised.value.problems
    assert problem.message == (
        f"is a constructs_lib Handler ({ECHO_FILE}); it must be an IANA time zone name"
    )


def test_a_value_object_as_the_starting_position_is_its_type_problem() -> None:
    # a GlobalIndex has a name too: it was read as the position ("is by-owner")
    stack = new_stack()
    table = dynamodb.Table(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        stream=dynamodb.StreamViewType.NEW_IMAGE,
    )
    with pytest.raises(ConstructError) as raised:
        StreamWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            table=table,
            starting_position=GlobalIndex("by-owner", "owner"),  # type: ignore[arg-type]
        )
    (problem,) = raised.value.problems
    assert problem.message == (
        "is a constructs_lib GlobalIndex ('by-owner'); it must be an aws_lambda.StartingPosition"
    )


def test_a_value_object_in_a_payload_is_named_where_it_is() -> None:
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(
            new_stack(),
            "Job",
            handler=echo_handler(),
            schedule="rate(1 hour)",
            payload={"report": {"handler": echo_handler()}},
        )
    (problem,) = raised.value.problems
    assert problem.message == (
        "is not JSON-serialisable (the value at ['report']['handler'] is a constructs_lib "
        f"Handler ({ECHO_FILE}), not a JSON type)"
    )


def test_a_wrong_kind_of_dead_letter_queue_is_told_beside_the_missing_queue() -> None:
    # Proves: "set without existing_queue" was the only problem; passing the queue then
    # showed that the dead-letter queue given was a Handler
    with pytest.raises(ConstructError) as raised:
        QueueWorker(
            new_stack(),
            "Worker",
            handler=echo_handler(),
            existing_dead_letter_queue=echo_handler(),  # type: ignore[arg-type]
        )
    messages = [(p.prop, p.message.split(":")[0]) for p in raised.value.problems]
    assert messages == [
        ("existing_dead_letter_queue", "is set without existing_queue"),
        (
            "existing_dead_letter_queue",
            f"is a constructs_lib Handler ({ECHO_FILE}); it must be an aws_sqs.IQueue",
        ),
    ]


def test_a_wrong_kind_of_security_groups_is_told_beside_the_missing_vpc() -> None:
    with pytest.raises(ConstructError) as raised:
        Network(new_stack(), "Net", function_security_groups=[Route(echo_handler())])  # type: ignore[list-item]
    assert [p.message for p in raised.value.problems][1] == (
        f"is [a constructs_lib Route ({ECHO_FILE})], a list; it must be a list of "
        "aws_ec2.ISecurityGroup"
    )


# every prop of one construct, given each kind of value object: short, no repr
_VALUES = {
    "Handler": lambda: echo_handler(),
    "Route": lambda: Route(echo_handler()),
    "ApiAuth": lambda: ApiAuth.function(echo_handler(entry="app.other")),
    "Deployment": lambda: Deployment.linear(),
    "TableOptions": lambda: TableOptions(sort_key="sk"),
    "GlobalIndex": lambda: GlobalIndex("by-owner", "owner"),
    "CorsPolicy": lambda: CorsPolicy(allow_origins=["https://a.example.com"]),
}
_PROPS = [
    "existing_queue",
    "batch_size",
    "max_batching_window",
    "fifo",
    "network",
    "alarm_topic",
    "deployment",
    "sources",
    "max_message_size",
    "encryption_key",
]
# what a dataclass repr looks like: ``Handler(code=...``, ``TableOptions(partition_key=...``
_REPR = re.compile(r"\b[A-Z]\w*\(\w+=")


@pytest.mark.parametrize(
    ("kind", "prop"),
    # (a Deployment is what deployment takes)
    [(k, p) for k in sorted(_VALUES) for p in _PROPS if (k, p) != ("Deployment", "deployment")],
)
def test_no_prop_spells_out_a_value_object(kind: str, prop: str) -> None:
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=echo_handler(), **{prop: _VALUES[kind]()})
    (problem, *_) = (p for p in raised.value.problems if p.prop == prop)
    assert f"a constructs_lib {kind}" in problem.message
    assert not _REPR.search(problem.message), problem.message
    assert len(problem.message) < 160, problem.message


def test_the_echo_file_exists() -> None:
    # the name the messages above show is a real file (the Handler's entry's module)
    assert (ROOT / ECHO_FILE).is_file() and Path(ECHO_FILE).parts[0] == "tests"
