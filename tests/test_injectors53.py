"""Follow-ups of trial53: more of what a property injector
(``cdk.PropertyInjectors.of(scope).add(...)``) may change in the L2s the library creates. A
queue made FIFO or standard against its construct, a function given other code, another
handler or the text log format, and a physical name reaching two of the library's
resources are a ConstructError naming the resource, the property and the fix; a queue S3
notifies sized below its notifications warns as ``max_message_size`` does; a bucket's
lower or missing minimum TLS version passes (S3 refuses TLS below 1.2 itself)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    BucketEvents,
    EventHandler,
    Handler,
    Network,
    QueueWorker,
    ServerlessApi,
    StaticSite,
    StreamWorker,
    TableOptions,
)
from tests.stream_support import CDK_CONTEXT, ENV, HANDLER, STREAM
from tests.support import ECHO, SITE, echo_handler, raised, warnings_of
from tests.test_trial53 import Blueprint, Props, _set, _stack_with


def _worker(stack: cdk.Stack, id: str = "Worker", **props: object) -> QueueWorker:
    return QueueWorker(stack, id, handler=echo_handler(), alarms=False, **props)


def _events(stack: cdk.Stack) -> None:
    EventHandler(stack, "Events", handler=echo_handler(), event_pattern={"source": ["a"]})


def _api(stack: cdk.Stack, id: str = "Api") -> None:
    ServerlessApi(
        stack,
        id,
        routes={"GET /items": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(),
        alarms=False,
    )


def _standard(props: Props, scope: Construct, id: str) -> Props:
    return {**props, "fifo": False, "contentBasedDeduplication": None}


# --- 1. FIFO ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("injector", "build", "expected"),
    [
        pytest.param(
            Blueprint(sqs.Queue, _set(fifo=True)),
            _events,
            "Test/Events/DeadLetterQueue: `fifo` is on: a property injector of sqs.Queue "
            "(cdk.PropertyInjectors) returned fifo=True for the EventHandler's standard "
            "queue, and a FIFO queue refuses every message without a message group id, which "
            "S3, EventBridge, EventBridge Scheduler and Lambda never send: each delivery to "
            "it fails. Fix: leave it out of the props your property injector returns",
            id="fifo-on-standard",
        ),
        pytest.param(
            Blueprint(sqs.Queue, _standard),
            lambda stack: _worker(stack, fifo=True),
            "Test/Worker/DeadLetterQueue: `fifo` is off: a property injector of sqs.Queue "
            "(cdk.PropertyInjectors) returned fifo=False for the QueueWorker's FIFO queue, "
            "which then neither keeps the order of a message group nor drops duplicates",
            id="standard-on-fifo",
        ),
        pytest.param(
            Blueprint(sqs.Queue, _set(contentBasedDeduplication=False)),
            lambda stack: _worker(stack, fifo=True),
            "Test/Worker/DeadLetterQueue: `content_based_deduplication` is off: a property "
            "injector of sqs.Queue (cdk.PropertyInjectors) returned no "
            "contentBasedDeduplication for the QueueWorker's FIFO queue, which then refuses "
            "every message sent without a MessageDeduplicationId",
            id="fifo-without-deduplication",
        ),
    ],
)
def test_an_injector_changing_fifo_is_refused(
    injector: Blueprint, build: Callable[[cdk.Stack], object], expected: str
) -> None:
    # GIVEN an injector making every queue FIFO, or every queue standard
    stack = _stack_with(injector)
    # THEN the first queue the construct builds is refused, at its path
    assert str(raised(lambda: build(stack))).startswith(f"1 invalid prop:\n  - {expected}")


def test_an_injector_agreeing_with_the_queues_fifo_passes() -> None:
    # GIVEN an injector returning fifo=True for the FIFO worker's queues (as they are)
    stack = _stack_with(Blueprint(sqs.Queue, _set(fifo=True)))
    _worker(stack, fifo=True)
    # THEN both queues are FIFO in the template
    queues = Template.from_stack(stack).find_resources("AWS::SQS::Queue")
    assert [q["Properties"].get("FifoQueue") for q in queues.values()] == [True, True]


# --- 3. code, handler, log format --------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            _set(code=lambda_.Code.from_inline("def handler(event, context): pass")),
            "Test/Worker/Handler/Function: `code` is not the Handler's: a property injector of "
            "lambda_.Function (cdk.PropertyInjectors) returned another code for the "
            "QueueWorker's function, so the Handler's code is never deployed. Fix: leave it out",
            id="inline-code",
        ),
        pytest.param(
            lambda props, scope, id: {**props, "code": lambda_.Code.from_asset(str(ECHO))},
            "Test/Worker/Handler/Function: `code` is not the Handler's",
            id="another-asset",
        ),
        pytest.param(
            _set(handler="index.handler"),
            "Test/Worker/Handler/Function: `handler` is 'index.handler': a property injector "
            "of lambda_.Function (cdk.PropertyInjectors) returned handler='index.handler' for "
            "the QueueWorker's function, whose Handler's entry 'app.handler' then never runs",
            id="handler",
        ),
        pytest.param(
            _set(loggingFormat=lambda_.LoggingFormat.TEXT),
            "Test/Worker/Handler/Function: `logging_format` is Text: a property injector of "
            "lambda_.Function (cdk.PropertyInjectors) returned another loggingFormat for the "
            "QueueWorker's function, whose log lines below WARNING are then dropped",
            id="text-logs",
        ),
    ],
)
def test_an_injector_replacing_what_the_function_runs_is_refused(
    change: Callable[[Props, Construct, str], Props], expected: str
) -> None:
    stack = _stack_with(Blueprint(lambda_.Function, change))
    error = raised(lambda: _worker(stack))
    assert str(error).startswith(f"1 invalid prop:\n  - {expected}")
    assert "Fix: leave it out of the props your property injector returns" in str(error)


def test_every_problem_of_a_function_is_listed_at_once() -> None:
    stack = _stack_with(
        Blueprint(
            lambda_.Function,
            _set(
                code=lambda_.Code.from_inline("x"),
                handler="index.handler",
                loggingFormat=lambda_.LoggingFormat.TEXT,
            ),
        )
    )
    error = raised(lambda: _worker(stack))
    assert [p.prop for p in error.problems] == ["code", "handler", "logging_format"]


def test_an_injector_keeping_the_functions_code_and_logs_passes() -> None:
    # GIVEN an injector returning JSON logs and the library's own code and handler
    stack = _stack_with(
        Blueprint(
            lambda_.Function,
            lambda props, scope, id: {**props, "loggingFormat": lambda_.LoggingFormat.JSON},
        )
    )
    _worker(stack)
    # THEN the Handler's entry runs, in JSON logs
    Template.from_stack(stack).has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Handler": "app.handler",
            "LoggingConfig": {"LogFormat": "JSON", "LogGroup": Match.any_value()},
        },
    )


# --- 2. message size under S3's notifications, minimum TLS -------------------------------


def _notified_worker(stack: cdk.Stack, **props: object) -> None:
    bucket = s3.Bucket(stack, "Uploads", enforce_ssl=True)
    _worker(stack, sources=[BucketEvents(bucket)], **props)


def test_an_injected_message_size_below_s3s_notifications_warns() -> None:
    # GIVEN an injector sizing every queue at 2 KiB, and a worker S3 notifies
    stack = _stack_with(Blueprint(sqs.Queue, _set(maxMessageSizeBytes=2048)))
    _notified_worker(stack)
    # THEN the worker warns as for its own max_message_size, naming the injector
    (warning,) = warnings_of(stack, "constructs_lib:messageSizeBelowNotifications")
    assert warning.startswith(
        "the queue Test/Worker/Queue takes messages of 2048 bytes at most: a property "
        "injector of sqs.Queue (cdk.PropertyInjectors) returned maxMessageSizeBytes=2048 for "
        "the QueueWorker's queue, and `sources` has S3 send it its event notifications"
    )
    assert "Fix: leave maxMessageSizeBytes out of the props" in warning


@pytest.mark.parametrize(
    ("injected", "sources"), [(64 * 1024, True), (2048, False)], ids=["large", "no-sources"]
)
def test_an_injected_message_size_s3_fits_or_no_s3_does_not_warn(
    injected: int, sources: bool
) -> None:
    stack = _stack_with(Blueprint(sqs.Queue, _set(maxMessageSizeBytes=injected)))
    if sources:
        _notified_worker(stack)
    else:
        _worker(stack)
    Template.from_stack(stack).has_resource_properties(
        "AWS::SQS::Queue", {"MaximumMessageSize": injected}
    )
    assert warnings_of(stack, "constructs_lib:messageSizeBelowNotifications") == []


@pytest.mark.parametrize("version", [None, 1.0])
def test_a_lower_minimum_tls_version_passes_with_the_tls_only_policy(version: float | None) -> None:
    # GIVEN an injector dropping or lowering the bucket's minimum TLS version
    stack = _stack_with(Blueprint(s3.Bucket, _set(minimumTLSVersion=version)))
    StaticSite(stack, "Site", source=SITE, alarms=False)
    # THEN it synthesizes (S3 refuses TLS below 1.2 itself), and keeps its TLS-only policy
    policies = Template.from_stack(stack).find_resources("AWS::S3::BucketPolicy")
    conditions = [
        s.get("Condition", {})
        for p in policies.values()
        for s in p["Properties"]["PolicyDocument"]["Statement"]
    ]
    assert {"Bool": {"aws:SecureTransport": "false"}} in conditions
    tls = {c["NumericLessThan"]["s3:TlsVersion"] for c in conditions if "NumericLessThan" in c}
    assert tls == (set() if version is None else {version})


# --- 4. physical names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("injector", "build", "expected"),
    [
        pytest.param(
            Blueprint(lambda_.Function, _set(functionName="orders")),
            lambda stack: (_worker(stack, "First"), _worker(stack, "Second")),
            "Test/Second/Handler/Function: `function_name` is 'orders': a property injector "
            "of lambda_.Function (cdk.PropertyInjectors) returned functionName='orders' for "
            "the QueueWorker's function and for Test/First/Handler/Function, and two "
            "functions of one name cannot both be created (in one account and region): the "
            "deploy fails on the second. Fix: leave it out",
            id="function",
        ),
        pytest.param(
            Blueprint(sqs.Queue, lambda props, scope, id: {**props, "queueName": f"team-{id}"}),
            lambda stack: (_worker(stack, "First"), _worker(stack, "Second")),
            "Test/Second/DeadLetterQueue: `queue_name` is 'team-DeadLetterQueue'",
            id="queue-from-id",
        ),
        pytest.param(
            Blueprint(sqs.Queue, _set(queueName="jobs")),
            _worker,
            "Test/Worker/Queue: `queue_name` is 'jobs': a property injector of sqs.Queue "
            "(cdk.PropertyInjectors) returned queueName='jobs' for the QueueWorker's queue and "
            "for Test/Worker/DeadLetterQueue",
            id="queue",
        ),
        pytest.param(
            Blueprint(logs.LogGroup, _set(logGroupName="/team/logs")),
            lambda stack: (_worker(stack, "First"), _worker(stack, "Second")),
            "Test/Second/Handler/LogGroup: `log_group_name` is '/team/logs'",
            id="log-group",
        ),
        pytest.param(
            Blueprint(dynamodb.Table, _set(tableName="items")),
            lambda stack: (_api(stack, "First"), _api(stack, "Second")),
            "Test/Second/Table: `table_name` is 'items'",
            id="table",
        ),
        pytest.param(
            Blueprint(s3.Bucket, _set(bucketName="team-site")),
            lambda stack: StaticSite(stack, "Site", source=SITE, alarms=False),
            "Test/Site/Bucket: `bucket_name` is 'team-site': a property injector of s3.Bucket "
            "(cdk.PropertyInjectors) returned bucketName='team-site' for the StaticSite's "
            "bucket and for Test/Site/LogBucket, and two buckets of one name cannot both be "
            "created (in any two accounts)",
            id="bucket",
        ),
        pytest.param(
            Blueprint(
                lambda_.Function,
                lambda props, scope, id: {
                    **props,
                    "functionName": f"{cdk.Aws.STACK_NAME}-fn",
                },
            ),
            lambda stack: (_worker(stack, "First"), _worker(stack, "Second")),
            "Test/Second/Handler/Function: `function_name` is a string with a deploy-time value",
            id="token-in-one-stack",
        ),
    ],
)
def test_a_name_an_injector_gives_two_resources_is_refused(
    injector: Blueprint, build: Callable[[cdk.Stack], object], expected: str
) -> None:
    stack = _stack_with(injector)
    error = raised(lambda: build(stack))
    assert str(error).startswith(f"1 invalid prop:\n  - {expected}")


def _two_stacks(first: cdk.Environment | None, second: cdk.Environment | None) -> list[cdk.Stack]:
    app = cdk.App()
    cdk.PropertyInjectors.of(app).add(Blueprint(lambda_.Function, _set(functionName="orders")))
    return [cdk.Stack(app, "One", env=first), cdk.Stack(app, "Two", env=second)]


def test_a_name_reaching_two_stacks_of_one_account_and_region_is_refused() -> None:
    env = cdk.Environment(account="111111111111", region="eu-west-1")
    one, two = _two_stacks(env, env)
    _worker(one)
    error = raised(lambda: _worker(two))
    assert error.problems[0].path == "Two/Worker/Handler/Function"
    assert "and for One/Worker/Handler/Function" in str(error)


@pytest.mark.parametrize(
    "second",
    [cdk.Environment(account="111111111111", region="us-east-1"), None],
    ids=["another-region", "environment-agnostic"],
)
def test_one_name_per_stack_elsewhere_passes(second: cdk.Environment | None) -> None:
    # GIVEN one function named "orders" in each of two stacks of other places (or of a
    # place only the CLI knows: compared within its stack)
    one, two = _two_stacks(cdk.Environment(account="111111111111", region="eu-west-1"), second)
    _worker(one)
    _worker(two)
    # THEN each stack's function has the name
    for stack in (one, two):
        Template.from_stack(stack).has_resource_properties(
            "AWS::Lambda::Function", {"FunctionName": "orders"}
        )


def test_a_name_for_one_resource_only_passes() -> None:
    # GIVEN an injector naming only the worker's function
    def name_the_worker(props: Props, scope: Construct, id: str) -> Props:
        return {**props, "functionName": "orders"} if "/Worker/" in scope.node.path else props

    stack = _stack_with(Blueprint(lambda_.Function, name_the_worker))
    _worker(stack)
    _api(stack)
    template = Template.from_stack(stack)
    names = [
        f["Properties"].get("FunctionName")
        for f in template.find_resources("AWS::Lambda::Function").values()
    ]
    assert names.count("orders") == 1


# --- 5. the Powertools layer and the function's own security group ----------------------

_PLATFORM_LAYER = "arn:aws:lambda:eu-west-1:123456789012:layer:platform:1"


def _platform_layer(scope: Construct) -> lambda_.ILayerVersion:
    return lambda_.LayerVersion.from_layer_version_arn(scope, "PlatformLayer", _PLATFORM_LAYER)


def test_layers_in_place_of_the_powertools_layer_are_refused() -> None:
    # GIVEN an injector replacing every function's layers with the platform's
    stack = _stack_with(
        Blueprint(
            lambda_.Function,
            lambda props, scope, id: {**props, "layers": [_platform_layer(scope)]},
        )
    )
    # THEN a Powertools function is refused: its code imports aws_lambda_powertools
    error = raised(lambda: QueueWorker(stack, "Worker", handler=echo_handler(powertools=True)))
    assert str(error.problems[0]) == (
        "Test/Worker/Handler/Function: `layers` lack the Powertools layer: a property "
        "injector of lambda_.Function (cdk.PropertyInjectors) returned other layers for the "
        "QueueWorker's function (powertools=True), whose code then fails to import "
        "aws_lambda_powertools. Fix: leave it out of the props your property injector returns "
        "for the library's resources (return original_props unchanged when "
        "any(type(s).__module__.startswith('constructs_lib') for s in scope.node.scopes)), or "
        "add yours to them: {**original_props, 'layers': [*original_props.get('layers', []), "
        "layer]}"
    )


def test_a_layer_added_beside_the_powertools_layer_passes() -> None:
    stack = _stack_with(
        Blueprint(
            lambda_.Function,
            lambda props, scope, id: {
                **props,
                "layers": [*(props.get("layers") or []), _platform_layer(scope)],
            },
        )
    )
    QueueWorker(stack, "Worker", handler=echo_handler(powertools=True), alarms=False)
    (function,) = Template.from_stack(stack).find_resources("AWS::Lambda::Function").values()
    layers = function["Properties"]["Layers"]
    assert len(layers) == 2 and _PLATFORM_LAYER in layers


def test_security_groups_in_place_of_the_functions_own_are_refused() -> None:
    # GIVEN an injector giving every function the platform's group only
    def platform_group(props: Props, scope: Construct, id: str) -> Props:
        group = ec2.SecurityGroup(scope, "PlatformGroup", vpc=props["vpc"])
        return {**props, "securityGroups": [group]}

    stack = _stack_with(Blueprint(lambda_.Function, platform_group))
    network = Network(stack, "Network")
    # THEN refused: the endpoints let the function's own group in
    error = raised(lambda: QueueWorker(stack, "Worker", handler=echo_handler(), network=network))
    assert str(error.problems[0]).startswith(
        "Test/Worker/Handler/Function: `security_groups` lack the function's own: a property "
        "injector of lambda_.Function (cdk.PropertyInjectors) returned other securityGroups "
        "for the QueueWorker's function, and Test/Worker/Handler/SecurityGroup is the group "
        "its Network's endpoints and the library's rules let in: every AWS call times out"
    )


def test_an_image_function_and_a_networked_one_keep_their_code_and_groups() -> None:
    # GIVEN company defaults reaching an image function and a function in a Network
    stack = _stack_with(Blueprint(lambda_.Function, _set(memorySize=1024)))
    image = Path(__file__).parent / "fixtures" / "images" / "echo"
    QueueWorker(stack, "Images", handler=Handler.from_image(image), alarms=False)
    _worker(stack, network=Network(stack, "Network"))
    # THEN neither is refused: the image and the Handler's code are what they run
    found = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    functions = {
        name[:6]: f["Properties"] for name, f in found.items() if "HandlerFunction" in name
    }
    assert {name: f["MemorySize"] for name, f in functions.items()} == {
        "Images": 1024,
        "Worker": 1024,
    }
    assert "ImageUri" in functions["Images"]["Code"]
    assert functions["Worker"]["Handler"] == "app.handler"


def _stream_worker(*injectors: Blueprint) -> StreamWorker:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=ENV)
    cdk.PropertyInjectors.of(stack).add(*injectors)
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=STREAM
    )
    return StreamWorker(stack, "Worker", handler=HANDLER, table=table, failed_batches_bucket=True)


def test_metrics_in_place_of_the_failed_batches_filter_are_refused() -> None:
    # GIVEN an injector giving every bucket the platform's request metrics only
    everything = Blueprint(s3.Bucket, _set(metrics=[s3.BucketMetrics(id="EntireBucket")]))
    # THEN the worker's failed-batches bucket is refused: its alarm reads its own filter
    error = raised(lambda: _stream_worker(everything))
    assert str(error.problems[0]).startswith(
        "Test/Worker/FailedBatches/Bucket: `metrics` lack the filter 'FailedBatches': a "
        "property injector of s3.Bucket (cdk.PropertyInjectors) returned other metrics for "
        "the StreamWorker's bucket, whose alarm reads that filter's requests"
    )


def test_a_metrics_filter_added_beside_the_failed_batches_one_passes() -> None:
    beside = Blueprint(
        s3.Bucket,
        lambda props, scope, id: {
            **props,
            "metrics": [*(props.get("metrics") or []), s3.BucketMetrics(id="EntireBucket")],
        },
    )
    worker = _stream_worker(beside)
    bucket = Template.from_stack(cdk.Stack.of(worker)).find_resources("AWS::S3::Bucket")
    ids = [
        [m["Id"] for m in b["Properties"].get("MetricsConfigurations", [])] for b in bucket.values()
    ]
    assert ["FailedBatches", "EntireBucket"] in ids
