"""What the constructs check when built, checked again on the template at synth: a
platform's Aspect (every function's reserved concurrency or timeout set to a company
standard, every dead-letter queue's retention shortened) and a user's
``function.add_environment`` changed the resources after the checks ran, and the synth
passed in silence (mutate46). A change that keeps the promise (memory, a tag, a new
variable, a reservation above the worker's concurrency) still synthesizes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Annotations, Match, Template
from constructs import IConstruct

from constructs_lib import ApiAuth, Handler, QueueWorker, ScheduledJob, ServerlessApi
from tests.support import echo_handler, new_app, warnings_of, write_tree


@jsii.implements(cdk.IAspect)
class _Set:
    """A platform's Aspect: ``properties`` set on every L1 of ``kind`` (whose path holds
    ``within``)."""

    def __init__(self, kind: type, within: str = "", **properties: Any) -> None:
        self._kind, self._within, self._properties = kind, within, properties

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, self._kind) and self._within in node.node.path:
            for name, value in self._properties.items():
                setattr(node, name, value)


def _synth(build: Callable[[cdk.Stack], object], *aspects: _Set) -> Template:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    build(stack)
    for aspect in aspects:
        cdk.Aspects.of(app).add(aspect)
    return Template.from_stack(stack)


def warnings_after(
    build: Callable[[cdk.Stack], Any],
    *aspects: _Set,
    containing: str,
    then: Callable[[Any], None] = lambda c: None,
) -> list[tuple[str, str]]:
    """(path, message) of each warning holding ``containing`` of the synth of ``build``'s
    stack with ``aspects`` on the app (``then`` given what ``build`` returned first)."""
    app = new_app()
    stack = cdk.Stack(app, "Test")
    then(build(stack))
    for aspect in aspects:
        cdk.Aspects.of(app).add(aspect)
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    return [(w.id, str(w.entry.data)) for w in found if containing in str(w.entry.data)]


def _synth_failure(build: Callable[[cdk.Stack], object], *aspects: _Set) -> str:
    """The message of the synth's failure (aws-cdk-lib's RuntimeError)."""
    with pytest.raises(RuntimeError) as failed:
        _synth(build, *aspects)
    return str(failed.value)


def _worker(**props: Any) -> Callable[[cdk.Stack], QueueWorker]:
    props.setdefault("handler", echo_handler())
    return lambda stack: QueueWorker(stack, "Worker", alarms=False, **props)


def _api(stack: cdk.Stack) -> ServerlessApi:
    shared = echo_handler()
    return ServerlessApi(
        stack, "Api", auth=ApiAuth.iam(), alarms=False, routes={"GET /a": shared, "POST /a": shared}
    )


def _job(**props: Any) -> Callable[[cdk.Stack], ScheduledJob]:
    return lambda stack: ScheduledJob(
        stack, "Job", handler=echo_handler(), schedule="rate(1 hour)", alarms=False, **props
    )


def _reserved(count: int | None) -> _Set:
    return _Set(lambda_.CfnFunction, reserved_concurrent_executions=count)


FAILING = {
    "reservation below the worker's max_concurrency": (
        _worker(max_concurrency=5),
        [_reserved(2)],
        r"\[Test/Worker\] `reserved_concurrency` is 2 in the template \(the function "
        r"Test/Worker/Handler/Function/Resource\), but its event source \(the mapping "
        r"Test/Worker/Handler/Live/SqsEventSource:\w+/Resource\) invokes up to 5 batches at once "
        r"\(MaximumConcurrency\): Lambda throttles the batches above the reserved concurrency.*"
        r"Something changed it after the QueueWorker was built \(an Aspect, or an escape hatch "
        r"on its CfnFunction or CfnEventSourceMapping\)\. Fix: .* to at most 2 too",
    ),
    "reservation on a worker without max_concurrency": (
        _worker(),
        [_reserved(10)],
        r"`reserved_concurrency` is 10 .* has no MaximumConcurrency and invokes up to 1000 "
        r"batches at once",
    ),
    "negative reservation on a worker": (
        # Proves (bad46): an Aspect's -1 passed (the check took it for a paused function's
        # 0) and failed only at deploy
        _worker(),
        [_reserved(-1)],
        r"\[Test/Worker\] `reserved_concurrency` is -1 in the template \(the function "
        r"Test/Worker/Handler/Function/Resource\): Lambda reserves 0 or more concurrent "
        r"executions, and CloudFormation refuses a negative number at deploy\. Something "
        r"changed it after the QueueWorker was built .* or None for no reservation",
    ),
    "dead-letter retention below the queue's": (
        _worker(),
        [_Set(sqs.CfnQueue, "DeadLetter", message_retention_period=3600)],
        r"\[Test/Worker\] `message_retention_period` is 3600 seconds in the template \(the "
        r"dead-letter queue Test/Worker/DeadLetterQueue/Resource\), shorter than the queue's "
        r"\(345600 seconds, Test/Worker/Queue/Resource\): .* deleted on arrival",
    ),
    "worker's partial batch failures off": (
        _worker(),
        [_Set(lambda_.CfnEventSourceMapping, function_response_types=None)],
        r"\[Test/Worker\] `FunctionResponseTypes` of the event source \(the mapping "
        r"Test/Worker/Handler/Live/SqsEventSource:\w+/Resource\) is not set in the template, "
        r"without ReportBatchItemFailures: .* deletes every message of a batch that returned",
    ),
    "API function past 29 seconds": (
        _api,
        [_Set(lambda_.CfnFunction, timeout=60)],
        r"\[Test/Api\] `timeout` is 60 seconds in the template \(the function "
        r"Test/Api/\w+/Function/Resource, serving 'GET /a' and 'POST /a'\); API Gateway gives "
        r"up after 30 seconds and answers 503",
    ),
    "job reservation raised": (
        _job(),
        [_reserved(5)],
        r"\[Test/Job\] `reserved_concurrency` is 5 in the template \(the function "
        r"Test/Job/Handler/Function/Resource\), but allow_overlap=False needs 1",
    ),
    "job reservation removed": (
        _job(),
        [_reserved(None)],
        r"`reserved_concurrency` is not set in the template .* allow_overlap=False needs 1",
    ),
}


@pytest.mark.parametrize(("build", "aspects", "expected"), FAILING.values(), ids=list(FAILING))
def test_an_aspect_breaking_a_construct_s_promise_fails_the_synth(
    build: Callable[[cdk.Stack], object], aspects: list[_Set], expected: str
) -> None:
    message = _synth_failure(build, *aspects)
    assert re.search(expected, message), message


PASSING = {
    "memory raised everywhere": (
        lambda s: (_worker(max_concurrency=5)(s), _api(s), _job()(s)),
        [_Set(lambda_.CfnFunction, memory_size=1024)],
    ),
    "reservation at the worker's max_concurrency": (_worker(max_concurrency=5), [_reserved(5)]),
    "reservation of 1000 without max_concurrency": (_worker(), [_reserved(1000)]),
    "reservation on a worker created paused": (_worker(enabled=False), [_reserved(2)]),
    "every queue's retention the same": (
        _worker(),
        [_Set(sqs.CfnQueue, message_retention_period=345600)],
    ),
    "a FIFO worker's dead-letter retention": (
        _worker(fifo=True),
        [_Set(sqs.CfnQueue, "DeadLetter", message_retention_period=3600)],
    ),
    "worker's batch size and partial batch failures kept": (
        _worker(),
        [
            _Set(
                lambda_.CfnEventSourceMapping,
                batch_size=5,
                function_response_types=["ReportBatchItemFailures"],
            )
        ],
    ),
    "API function at 20 seconds": (_api, [_Set(lambda_.CfnFunction, timeout=20)]),
    "job reservation set to 1": (_job(), [_reserved(1)]),
    "overlapping job's reservation": (_job(allow_overlap=True), [_reserved(5)]),
    "deploy-time values": (
        lambda s: (_worker(max_concurrency=5)(s), _api(s), _job()(s)),
        [
            _reserved(cdk.Token.as_number(cdk.Fn.ref("Reserved"))),
            _Set(lambda_.CfnFunction, timeout=cdk.Token.as_number(cdk.Fn.ref("Timeout"))),
        ],
    ),
}


@pytest.mark.parametrize(("build", "aspects"), PASSING.values(), ids=list(PASSING))
def test_changes_that_keep_the_promise_synthesize(
    build: Callable[[cdk.Stack], object], aspects: list[_Set]
) -> None:
    template = _synth(build, *aspects)
    assert template.find_resources("AWS::Lambda::Function")


def test_a_variable_the_worker_sets_replaced_fails_the_synth() -> None:
    # Proves (mutate46): worker.function.add_environment("QUEUE_URL", ...) replaced the
    # queue's URL in silence; the code read another queue than the one it was granted
    def build(stack: cdk.Stack) -> None:
        worker = _worker()(stack)
        worker.function.add_environment("QUEUE_URL", "https://example.com/other")
        worker.function.add_environment("FEATURE_FLAGS", "on")  # a new name: fine

    message = _synth_failure(build)
    assert (
        "[Test/Worker/Handler/Function] `QUEUE_URL` is 'https://example.com/other' in the "
        "template (the function Test/Worker/Handler/Function/Resource), not the value the "
        'QueueWorker set ({"Ref": "WorkerQueue'
    ) in message
    assert "Fix: give your variable another name than QUEUE_URL" in message
    assert "FEATURE_FLAGS" not in message


def test_a_link_s_variable_replaced_fails_the_synth_and_the_handler_s_own_does_not() -> None:
    def build(stack: cdk.Stack) -> None:
        table = dynamodb.TableV2(
            stack,
            "Orders",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        )
        handler = Handler(code=echo_handler().code, environment={"STAGE": "beta"}, links=[table])
        worker = QueueWorker(stack, "Worker", alarms=False, handler=handler)
        worker.function.add_environment("STAGE", "prod")  # the user's own variable
        worker.function.add_environment("ORDERS_TABLE_NAME", "orders-copy")

    message = _synth_failure(build)
    assert (
        "`ORDERS_TABLE_NAME` is 'orders-copy' in the template (the function "
        "Test/Worker/Handler/Function/Resource), not the value the link to the table "
        "Test/Orders set"
    ) in message
    assert "STAGE" not in message


def test_a_construct_depending_on_another_depends_on_resources_of_the_template() -> None:
    # Proves (mutate46): worker.node.add_dependency(api) gave the worker's function a
    # DependsOn naming the API function's current version without its hash, a resource the
    # template does not have (CloudFormation: "Unresolved resource dependencies")
    def build(stack: cdk.Stack) -> None:
        api = _api(stack)
        _worker()(stack).node.add_dependency(api)

    resources = _synth(build).to_json()["Resources"]
    named = {name for resource in resources.values() for name in resource.get("DependsOn", [])}
    assert named - set(resources) == set()
    assert any(n.startswith("ApiHandler") and "CurrentVersion" in n for n in named), named


def _code_with(tmp_path: Path, *extensions: str) -> Handler:
    """A function's own code directory holding compiled extension modules (named files:
    the names say the build; the library bundles them as they are)."""
    write_tree(tmp_path, {"app.py": "def handler(event, context):\n    return event\n"})
    for name in extensions:
        (tmp_path / name).write_bytes(b"")
    return Handler(code=str(tmp_path), entry="app.handler")


@pytest.mark.parametrize(
    ("aspect", "extension", "expected"),
    [
        (
            _Set(lambda_.CfnFunction, architectures=["x86_64"]),
            "fast.cpython-314-aarch64-linux-gnu.so",
            "`architecture` is x86_64 in the template (the function "
            "Test/Worker/Handler/Function/Resource), but its code was bundled for arm64 and "
            "holds compiled extension modules built for it "
            "('fast.cpython-314-aarch64-linux-gnu.so'): Lambda's x86_64 cannot load them",
        ),
        (
            _Set(lambda_.CfnFunction, runtime="python3.12"),
            "fast.cpython-314-aarch64-linux-gnu.so",
            "`runtime` is python3.12 in the template (the function "
            "Test/Worker/Handler/Function/Resource), but its code was bundled for Python 3.14",
        ),
    ],
    ids=["architecture", "runtime"],
)
def test_a_platform_changed_under_compiled_code_fails_the_synth(
    tmp_path: Path, aspect: _Set, extension: str, expected: str
) -> None:
    # Proves (mutate46): an Aspect setting every function's Architectures to x86_64 (or
    # another Python) deployed code whose extension modules were built for the Handler's
    # platform: the function failed at its first import
    handler = _code_with(tmp_path, extension)
    message = _synth_failure(_worker(handler=handler), aspect)
    assert expected in message
    assert "Fix: set the" in message


@pytest.mark.parametrize(
    ("aspect", "extensions"),
    [
        (_Set(lambda_.CfnFunction, architectures=["x86_64"]), []),  # pure Python
        (_Set(lambda_.CfnFunction, memory_size=2048), ["fast.cpython-314-aarch64-linux-gnu.so"]),
        (_Set(lambda_.CfnFunction, runtime="python3.13"), ["fast.abi3.so"]),  # stable ABI
        (_Set(lambda_.CfnFunction, architectures=["arm64"]), ["fast.abi3.so"]),  # as it was
    ],
    ids=["no extension", "memory", "stable ABI, other Python", "same architecture"],
)
def test_platform_changes_the_code_allows_synthesize(
    tmp_path: Path, aspect: _Set, extensions: list[str]
) -> None:
    handler = _code_with(tmp_path, *extensions)
    _synth(_worker(handler=handler), aspect).resource_count_is("AWS::Lambda::Function", 1)


def _public_invoke_warnings(build: Callable[[ServerlessApi], object]) -> list[str]:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    build(_api(stack))
    return warnings_of(stack, "constructs_lib:publicFunctionInvoke")


def test_a_public_url_or_permission_on_a_route_function_warns() -> None:
    # Proves (mutate46): api.functions[...].add_function_url(auth_type=NONE) put the API's
    # function on the internet past its authorizer with no finding from cdk-nag or the
    # library; so did add_permission(principal=AnyPrincipal())
    def build(api: ServerlessApi) -> None:
        function = api.functions["GET /a"]
        function.add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)
        function.add_permission("Anyone", principal=iam.AnyPrincipal())

    warnings = _public_invoke_warnings(build)
    assert len(warnings) == 2, warnings
    url, permission = sorted(warnings, key=lambda w: "permission" in w)
    assert (
        "The function Test/Api/Handler/Function has a function URL with auth_type NONE "
        "(Test/Api/Handler/Function/FunctionUrl/Resource): anyone on the internet can invoke "
        "it, past the trigger its construct wired"
    ) in url
    assert "has a permission letting any principal invoke it (" in permission


def test_an_authenticated_url_or_a_scoped_permission_does_not_warn() -> None:
    def build(api: ServerlessApi) -> None:
        function = api.functions["GET /a"]
        function.add_function_url(auth_type=lambda_.FunctionUrlAuthType.AWS_IAM)
        function.add_permission(
            "Events",
            principal=iam.ServicePrincipal("events.amazonaws.com"),
            source_arn="arn:aws:events:eu-west-1:123456789012:rule/x",
        )
        function.add_permission(
            "Partner", principal=iam.AnyPrincipal(), source_account="123456789012"
        )

    assert _public_invoke_warnings(build) == []


def test_a_public_url_acknowledged_on_its_function_does_not_warn() -> None:
    def build(api: ServerlessApi) -> None:
        function = api.functions["GET /a"]
        function.add_function_url(
            auth_type=lambda_.FunctionUrlAuthType.NONE,
            invoke_mode=lambda_.InvokeMode.RESPONSE_STREAM,
        )
        cdk.Annotations.of(function).acknowledge_warning(
            "constructs_lib:publicFunctionInvoke",
            "Streams reports; checks a signed token itself.",
        )

    assert _public_invoke_warnings(build) == []
