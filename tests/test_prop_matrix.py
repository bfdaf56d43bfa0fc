"""Every keyword of every public construct and value object (read from its signature, so a
new prop is covered the day it is added) given a deploy-time value that is an object,
``cdk.Fn.get_att(...)``: no prop takes one (a string, number or list prop takes it
through ``cdk.Token.as_string/as_number/as_list``), and each must be a ConstructError
naming the prop and the value as a deploy-time value, never a TypeError from jsii's
argument check, an AttributeError, a jsii trace, silence (a bool prop took it as True), the
value's class ("is an Intrinsic") or a rule of another value ("is True on a standard
queue")."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs

from constructs_lib import (
    ApiAuth,
    AutoScaledCapacity,
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
    StreamWorker,
    TableOptions,
    Throttle,
)
from tests.support import ECHO, SITE, new_stack

pytestmark = pytest.mark.slow

H = Handler(code=ECHO)
IMAGE = ECHO.parent.parent / "images" / "echo"
JWT = ApiAuth.jwt("https://auth.example.com/", ["api"])


def _api(stack: cdk.Stack, **props: Any) -> ServerlessApi:
    props.setdefault("routes", {"GET /a": H})
    props.setdefault("auth", ApiAuth.iam())
    return ServerlessApi(stack, "Api", **props)


def _worker(stack: cdk.Stack, **props: Any) -> QueueWorker:
    return QueueWorker(stack, "W", **{"handler": H, **props})


def _construct(cls: type) -> Callable[[cdk.Stack, dict[str, Any]], Any]:
    return lambda stack, props: cls(stack, "X", **props)


def _in(build: Callable[..., Any], factory: Callable[..., Any]) -> Callable[..., Any]:
    """A value object made by ``factory`` with the props, built into a construct."""
    return lambda stack, props: build(stack, factory(**props))


def _streamed_table(stack: cdk.Stack) -> dynamodb.TableV2:
    return dynamodb.TableV2(
        stack,
        "Items",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE,
    )


def _set_defaults(stack: cdk.Stack, props: dict[str, Any]) -> QueueWorker:
    FunctionDefaults.of(stack).set(**props)
    return _worker(stack)


#: (what, the callable whose keywords are fed, its other props, how it is built)
TARGETS: list[tuple[str, Callable[..., Any], Callable[[cdk.Stack], dict[str, Any]], Any]] = [
    (
        "ServerlessApi",
        ServerlessApi,
        lambda s: {"routes": {"GET /a": H}, "auth": ApiAuth.iam()},
        _construct(ServerlessApi),
    ),
    ("QueueWorker", QueueWorker, lambda s: {"handler": H}, _construct(QueueWorker)),
    (
        "ScheduledJob",
        ScheduledJob,
        lambda s: {"handler": H, "schedule": "rate(1 hour)"},
        _construct(ScheduledJob),
    ),
    ("StaticSite", StaticSite, lambda s: {"source": SITE}, _construct(StaticSite)),
    (
        "StreamWorker",
        StreamWorker,
        lambda s: {"handler": H, "table": _streamed_table(s)},
        _construct(StreamWorker),
    ),
    (
        "EventHandler",
        EventHandler,
        lambda s: {"handler": H, "event_pattern": {"source": ["a"]}},
        _construct(EventHandler),
    ),
    ("Network", Network, lambda s: {}, _construct(Network)),
    ("Monitoring", Monitoring, lambda s: {}, lambda stack, props: Monitoring(stack, **props)),
    ("FunctionDefaults.set", FunctionDefaults.set, lambda s: {}, _set_defaults),
    (
        "Handler",
        Handler,
        lambda s: {"code": ECHO},
        _in(lambda s, h: _worker(s, handler=h), Handler),
    ),
    (
        "Handler.from_image",
        Handler.from_image,
        lambda s: {"directory": IMAGE},
        _in(lambda s, h: _worker(s, handler=h), Handler.from_image),
    ),
    (
        "ApiAuth.jwt",
        ApiAuth.jwt,
        lambda s: {"issuer": "https://a.example.com/", "audiences": ["a"]},
        _in(lambda s, a: _api(s, auth=a), ApiAuth.jwt),
    ),
    (
        "ApiAuth.function",
        ApiAuth.function,
        lambda s: {"handler": Handler(code=ECHO, entry="app.other")},
        _in(lambda s, a: _api(s, auth=a), ApiAuth.function),
    ),
    (
        "Route",
        Route,
        lambda s: {"handler": H},
        _in(lambda s, r: _api(s, routes={"GET /a": r}, auth=JWT), Route),
    ),
    (
        "CorsPolicy",
        CorsPolicy,
        lambda s: {"allow_origins": ["https://example.com"]},
        _in(lambda s, c: _api(s, cors=c), CorsPolicy),
    ),
    ("TableOptions", TableOptions, lambda s: {}, _in(lambda s, t: _api(s, table=t), TableOptions)),
    (
        "GlobalIndex",
        GlobalIndex,
        lambda s: {"name": "byX", "partition_key": "x"},
        _in(lambda s, i: _api(s, table=TableOptions(global_secondary_indexes=[i])), GlobalIndex),
    ),
    (
        "AutoScaledCapacity",
        AutoScaledCapacity,
        lambda s: {"max_capacity": 10},
        _in(
            lambda s, c: _api(s, table=TableOptions(read_capacity=c, write_capacity=c)),
            AutoScaledCapacity,
        ),
    ),
    ("Throttle", Throttle, lambda s: {}, _in(lambda s, t: _api(s, throttling=t), Throttle)),
    (
        "Deployment.canary",
        Deployment.canary,
        lambda s: {},
        _in(lambda s, d: _worker(s, handler=Handler(code=ECHO, deployment=d)), Deployment.canary),
    ),
    (
        "BucketEvents",
        BucketEvents,
        lambda s: {"bucket": s3.Bucket(s, "Up")},
        _in(lambda s, e: _worker(s, sources=[e]), BucketEvents),
    ),
    (
        "Link.read",
        Link.read,
        lambda s: {"target": s3.Bucket(s, "Files")},
        _in(lambda s, link: _worker(s, handler=Handler(code=ECHO, links=[link])), Link.read),
    ),
    (
        "Link.to",
        Link.to,
        lambda s: {"target": sqs.Queue(s, "Jobs")},
        _in(lambda s, link: _worker(s, handler=Handler(code=ECHO, links=[link])), Link.to),
    ),
]


def _keywords(call: Callable[..., Any]) -> list[str]:
    parameters = inspect.signature(call).parameters.values()
    return [
        p.name
        for p in parameters
        if p.name not in ("self", "scope", "id") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]


def _outcome(build: Any, stack: cdk.Stack, props: dict[str, Any], prop: str) -> str | None:
    """None when building with ``props`` is a ConstructError naming ``prop``; else what
    happened."""
    try:
        build(stack, props)
    except ConstructError as error:
        text = str(error)
        field = {"directory": "code"}.get(prop, prop)  # Handler.from_image's, as a Handler's
        named = [
            line
            for line in text.splitlines()
            if re.search(rf"`[^`]*\b{field}\b[^`]*`", line)
            # a link is named as the list item it is: `handler.links[0]` (has env=...)
            or ("links[0]`" in line and (prop == "target" or f"{prop}=" in line))
        ]
        # the value named as what it is, never by its class ("is an Intrinsic") nor by a
        # rule of another value ("is True on a standard queue"); or a rule of the prop
        # being given at all ("is set without existing_queue")
        told = [line for line in named if "deploy-time value" in line or " is set " in line]
        return None if told else text
    except Exception as error:  # what is not a ConstructError is the finding
        return f"{type(error).__name__}: {str(error)[:200]}"
    return "synthesized in silence"


@pytest.mark.parametrize(("what", "call", "others", "build"), TARGETS, ids=[t[0] for t in TARGETS])
def test_a_deploy_time_object_as_any_prop_is_named(
    what: str, call: Callable[..., Any], others: Callable[[cdk.Stack], dict[str, Any]], build: Any
) -> None:
    # GIVEN each keyword of the callable in turn, the others valid
    failures = {}
    for prop in _keywords(call):
        stack = new_stack()
        # WHEN it is a deploy-time value that is an object
        props = {**others(stack), prop: cdk.Fn.get_att("Limits", "Value")}
        # THEN building is a ConstructError naming it
        if (outcome := _outcome(build, stack, props, prop)) is not None:
            failures[prop] = outcome
    assert not failures, f"{what}: {failures}"


def test_an_intrinsic_where_a_number_goes_is_told_how_to_encode_it() -> None:
    with pytest.raises(ConstructError) as raised:
        _worker(new_stack(), batch_size=cdk.Fn.get_att("Limits", "Value"))
    assert (
        "Test/W: `batch_size` is a deploy-time value (Fn::GetAtt Limits.Value) as an object, "
        "not encoded as a string, number or list; it must be a whole number. Fix: pass "
        "cdk.Token.as_number(...) of it"
    ) in str(raised.value)


def test_an_encoded_intrinsic_still_passes() -> None:
    stack = new_stack()
    limits = cdk.CfnResource(stack, "Limits", type="AWS::SSM::Parameter")
    worker = _worker(stack, max_concurrency=cdk.Token.as_number(limits.get_att("Value")))
    # THEN the queue's event source scales up to the attribute's value at deploy
    (mapping,) = [
        child
        for child in worker.node.find_all()
        if isinstance(child, lambda_.CfnEventSourceMapping)
    ]
    scaling = stack.resolve(mapping.scaling_config)
    assert scaling == {"maximumConcurrency": {"Fn::GetAtt": ["Limits", "Value"]}}


#: Where a Handler goes, given ``value`` (a deploy-time value).
_HANDLER_PROPS: list[tuple[str, Callable[[cdk.Stack, Any], Any], str]] = [
    ("QueueWorker", lambda s, value: _worker(s, handler=value), "handler"),
    (
        "ScheduledJob",
        lambda s, value: ScheduledJob(s, "X", handler=value, schedule="rate(1 hour)"),
        "handler",
    ),
    (
        "EventHandler",
        lambda s, value: EventHandler(s, "X", handler=value, event_pattern={"source": ["a"]}),
        "handler",
    ),
    (
        "StreamWorker",
        lambda s, value: StreamWorker(s, "X", handler=value, table=_streamed_table(s)),
        "handler",
    ),
    ("a route", lambda s, value: _api(s, routes={"GET /a": value}), r"routes\['GET /a'\]"),
    (
        "a Route's handler",
        lambda s, value: _api(s, routes={"GET /a": Route(handler=value)}, auth=JWT),
        r"routes\['GET /a'\]\.handler",
    ),
]


@pytest.mark.parametrize(
    ("build", "prop"), [t[1:] for t in _HANDLER_PROPS], ids=[t[0] for t in _HANDLER_PROPS]
)
@pytest.mark.parametrize(
    ("value", "named"),
    [
        (lambda s: cdk.Fn.get_att("Limits", "Value"), r"Fn::GetAtt Limits\.Value"),
        (lambda s: cdk.CfnParameter(s, "Name").value, "Ref Name"),
        (lambda s: cdk.CfnParameter(s, "Name").value_as_string, "Ref Name"),
    ],
    ids=["Fn.get_att", "a parameter's value", "a parameter as a string"],
)
def test_a_deploy_time_value_where_a_handler_goes_is_told_to_pass_a_handler(
    build: Callable[[cdk.Stack, Any], Any], prop: str, value: Any, named: str
) -> None:
    # Proves (fix41): it was "`handler` is an Intrinsic" (its class), a parameter's value
    # "is a Reference"
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        build(stack, value(stack))
    assert re.search(
        rf"`{prop}` is a deploy-time value \({named}\), not a Handler: a function's code and "
        r"settings are built into the template at synth\. Fix: pass a constructs_lib\.Handler"
        r"\(code=\.\.\., entry=\.\.\.\); a deploy-time value goes into its settings",
        str(raised.value),
    ), str(raised.value)
