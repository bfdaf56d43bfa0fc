"""A call with a missing, misspelt or extra argument (to a construct, a value object, a
factory or a library function) is a ConstructError naming the construct path (or the
callable), the prop and the fix, with the prop's documentation: never Python's own
TypeError, which names neither, and which came before any validation ran."""

from __future__ import annotations

import dataclasses
import enum
import inspect
import pydoc
import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    ApiDomain,
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
    Problem,
    QueueWorker,
    Route,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    StreamWorker,
    TableOptions,
    _sam_props,
    _serverless_props,
    _solutions_constructs,
    acknowledge,
    enable_checks,
    security_headers,
)
from constructs_lib.testing import template_snapshot
from tests.support import ECHO, SITE, echo_handler, new_stack

Call = Callable[[cdk.Stack], object]

# (what a user writes, the path, the prop, words of the fix)
CASES: dict[str, tuple[Call, str, str, str]] = {
    "api without auth": (
        lambda s: ServerlessApi(s, "Todos", routes={"GET /a": echo_handler()}),
        "Test/Todos",
        "auth",
        "pass auth=... (ApiAuth): required: `ApiAuth.jwt(...)`",
    ),
    "api prop misspelt": (
        lambda s: ServerlessApi(
            s, "Todos", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), throttle=None
        ),
        "Test/Todos",
        "throttle",
        "did you mean `throttling`?",
    ),
    "api routes by position": (
        lambda s: ServerlessApi(s, "Todos", {"GET /a": echo_handler()}),
        "Test/Todos",
        "routes",
        "pass the props by name, e.g. routes=...",
    ),
    "api without scope and id": (
        lambda s: ServerlessApi(routes={"GET /a": echo_handler()}, auth=ApiAuth.iam()),
        "ServerlessApi",
        "scope",
        'ServerlessApi(self, "MyId", ...)',
    ),
    "worker without handler": (
        lambda s: QueueWorker(s, "Worker"),
        "Test/Worker",
        "handler",
        "pass handler=... (Handler): the function that processes the messages",
    ),
    "worker prop in camel case": (
        lambda s: QueueWorker(s, "Worker", handler=echo_handler(), batchSize=5),
        "Test/Worker",
        "batchSize",
        "did you mean `batch_size`? (messages per invocation",
    ),
    "job without schedule": (
        lambda s: ScheduledJob(s, "Job", handler=echo_handler()),
        "Test/Job",
        "schedule",
        'pass schedule=... (str | scheduler.ScheduleExpression): `"cron(',
    ),
    "event handler without pattern": (
        lambda s: EventHandler(s, "Events", handler=echo_handler()),
        "Test/Events",
        "event_pattern",
        "e.g. `EventPattern(source=",
    ),
    "site prop unknown": (
        lambda s: StaticSite(s, "Site", source=SITE, spa_mode=True),
        "Test/Site",
        "spa_mode",
        "use one of its props: `source`, `spa`,",
    ),
    "network prop misspelt": (
        lambda s: Network(s, "Net", max_az=2),
        "Test/Net",
        "max_az",
        "did you mean `max_azs`?",
    ),
    "monitoring prop misspelt": (
        lambda s: Monitoring(s, topic=None),
        "Test/Monitoring",  # the stack's Monitoring's path (papercuts249)
        "topic",
        "did you mean `alarm_topic`?",
    ),
    "handler without code": (
        lambda s: Handler(entry="app.handler"),
        "Handler",
        "code",
        "pass code=... (str | os.PathLike[str]): directory holding the handler's code",
    ),
    "handler memory misspelt": (
        lambda s: Handler(code=ECHO, memory=512),
        "Handler",
        "memory",
        "did you mean `memory_mib`? (memory in MiB, 128..10240",
    ),
    "table option misspelt": (
        lambda s: TableOptions(partition_key="pk", sortkey="sk"),
        "TableOptions",
        "sortkey",
        "did you mean `sort_key`?",
    ),
    "index without name": (
        lambda s: GlobalIndex(partition_key="status"),
        "GlobalIndex",
        "name",
        "pass name=... (str): the index name",
    ),
    "cors origins misspelt": (
        lambda s: CorsPolicy(origins=["https://app.example.com"]),
        "CorsPolicy",
        "origins",
        "did you mean `allow_origins`?",
    ),
    "jwt audience misspelt": (
        lambda s: ApiAuth.jwt(issuer="https://id.example.com", audience=["app"]),
        "ApiAuth.jwt",
        "audience",
        "did you mean `audiences`?",
    ),
    "public api without reason": (
        lambda s: ApiAuth.none(),
        "ApiAuth.none",
        "reason",
        "pass reason=... (str)",
    ),
    "public api reason by position": (
        lambda s: ApiAuth.none("a public read-only API"),
        "ApiAuth.none",
        "reason",
        "pass the props by name, e.g. reason=...",
    ),
    "cognito without user pool": (
        lambda s: ApiAuth.cognito(),
        "ApiAuth.cognito",
        "user_pool",
        "pass user_pool=... (cognito.IUserPool)",
    ),
    "link option misspelt": (
        lambda s: Link.read(sqs.Queue(s, "Queue"), env_var="QUEUE"),
        "Link.read",
        "env_var",
        "did you mean `env`? (the environment variable's name)",
    ),
    "canary option unknown": (
        lambda s: Deployment.canary(percentage=10),
        "Deployment.canary",
        "percentage",
        "did you mean `percent`?",
    ),
    "bucket events without bucket": (
        lambda s: BucketEvents(),
        "BucketEvents",
        "bucket",
        "pass bucket=... (s3.IBucket): the bucket whose events are sent",
    ),
    "api domain without certificate": (
        lambda s: ApiDomain(name="api.example.com"),
        "ApiDomain",
        "certificate",
        "an ACM certificate for `name` in the API's region",
    ),
    "route without handler": (
        lambda s: Route(),
        "Route",
        "handler",
        "pass handler=... (Handler): the function serving the route",
    ),
    # Proves (user trial): the fix read "its props are " and nothing more: a worker's
    # link(...) takes no keyword argument
    "link option misspelt on a construct": (
        lambda s: QueueWorker(s, "Worker", handler=echo_handler()).link(
            sqs.Queue(s, "Queue"), route=["GET /a"]
        ),
        "Test/Worker",
        "route",
        "remove `route=`: QueueWorker.link takes no keyword argument, only *targets",
    ),
    "monitoring method without its argument": (
        lambda s: Monitoring.of(s).set_alarm_topic(),
        "Test/Monitoring",
        "topic",
        "pass topic=... (sns.ITopic)",
    ),
    "function defaults without scope": (
        lambda s: FunctionDefaults.of(),
        "FunctionDefaults.of",
        "scope",
        "pass the scope: FunctionDefaults.of(self)",
    ),
    "function defaults option misspelt": (
        lambda s: FunctionDefaults.of(s).set(memory=512),
        "FunctionDefaults.set",
        "memory",
        "did you mean `memory_mib`?",
    ),
    "security headers option misspelt": (
        lambda s: security_headers(api_origin=["https://api.example.com"]),
        "security_headers",
        "api_origin",
        "did you mean `api_origins`?",
    ),
    "enable_checks without app": (
        lambda s: enable_checks(),
        "enable_checks",
        "app",
        "pass app=... (cdk.App | cdk.Stage)",
    ),
    "acknowledge without reason": (
        lambda s: acknowledge(s, "AwsSolutions-S1"),
        "acknowledge",
        "reason",
        "why the finding is acceptable here",
    ),
    # Proves (trial29): a Solutions Constructs prop got the list of every prop, or a
    # spelling match pointing at an unrelated one (`event_rule_props` -> `event_bus`,
    # `existing_vpc` -> `existing_queue`, `existing_lambda_obj` -> `existing_table`); the
    # fix now names the library's way to the same behaviour
    "solutions constructs dead-letter switch": (
        lambda s: QueueWorker(s, "Worker", handler=echo_handler(), deploy_dead_letter_queue=True),
        "Test/Worker",
        "deploy_dead_letter_queue",
        "leave it out: QueueWorker always creates a dead-letter queue (`dead_letter_queue`); "
        "max_receive_count=",
    ),
    "solutions constructs rule props": (
        lambda s: EventHandler(s, "Events", handler=echo_handler(), event_rule_props={}),
        "Test/Events",
        "event_rule_props",
        "pass event_pattern=events.EventPattern(",
    ),
    "solutions constructs rule props on a job": (
        lambda s: ScheduledJob(s, "Job", handler=echo_handler(), event_rule_props={}),
        "Test/Job",
        "event_rule_props",
        "pass schedule='cron(0 3 * * ? *)'",
    ),
    "solutions constructs vpc": (
        lambda s: QueueWorker(s, "Worker", handler=echo_handler(), existing_vpc=None),
        "Test/Worker",
        "existing_vpc",
        "pass network=Network(self, 'Network')",
    ),
    "solutions constructs lambda object": (
        lambda s: ServerlessApi(s, "Todos", auth=ApiAuth.iam(), existing_lambda_obj=None),
        "Test/Todos",
        "existing_lambda_obj",
        "pass routes={'GET /items': Handler(",
    ),
    "solutions constructs table on a job": (
        lambda s: ScheduledJob(
            s, "Job", handler=echo_handler(), schedule="rate(1 day)", existing_table_obj=None
        ),
        "Test/Job",
        "existing_table_obj",
        "links=[Link.read_write(table, env='DDB_TABLE_NAME')]",
    ),
    # Proves (migrate44): the fixes named TABLE_NAME where the patterns' functions read
    # DDB_TABLE_NAME (a port following them failed at run time), and the patterns' variable
    # and permission props of aws-lambda-dynamodb, -s3 and -sqs got the list of every prop
    "solutions constructs table variable on a job": (
        lambda s: ScheduledJob(
            s,
            "Job",
            handler=echo_handler(),
            schedule="rate(1 day)",
            table_environment_variable_name="ITEMS",
        ),
        "Test/Job",
        "table_environment_variable_name",
        "links=[Link.read_write(table, env='DDB_TABLE_NAME')]",
    ),
    "solutions constructs table permissions on a worker": (
        lambda s: QueueWorker(s, "Worker", handler=echo_handler(), table_permissions="Read"),
        "Test/Worker",
        "table_permissions",
        "; Link.read or Link.write for less",
    ),
    "solutions constructs bucket variable on an event handler": (
        lambda s: EventHandler(
            s,
            "Events",
            handler=echo_handler(),
            event_pattern={"source": ["shop"]},
            bucket_environment_variable_name="ARCHIVE",
        ),
        "Test/Events",
        "bucket_environment_variable_name",
        "links=[Link.read_write(bucket, env='S3_BUCKET_NAME')]",
    ),
    "solutions constructs queue variable on a job": (
        lambda s: ScheduledJob(
            s,
            "Job",
            handler=echo_handler(),
            schedule="rate(1 day)",
            queue_environment_variable_name="JOBS",
        ),
        "Test/Job",
        "queue_environment_variable_name",
        "links=[Link.to(queue, env='SQS_QUEUE_URL')]",
    ),
    "solutions constructs stream event source props": (
        lambda s: StreamWorker(s, "Changes", handler=echo_handler(), dynamo_event_source_props={}),
        "Test/Changes",
        "dynamo_event_source_props",
        "pass batch_size=, starting_position=, retry_attempts=",
    ),
    "solutions constructs table variable on an api": (
        lambda s: ServerlessApi(
            s,
            "Todos",
            routes={"GET /a": echo_handler()},
            auth=ApiAuth.iam(),
            table_environment_variable_name="DDB_TABLE_NAME",
        ),
        "Test/Todos",
        "table_environment_variable_name",
        "environment={'DDB_TABLE_NAME': table.table_name}",
    ),
    "solutions constructs table props": (
        lambda s: ServerlessApi(
            s,
            "Todos",
            routes={"GET /a": echo_handler()},
            auth=ApiAuth.iam(),
            dynamo_table_props={},
        ),
        "Test/Todos",
        "dynamo_table_props",
        "pass table=TableOptions(partition_key='id'",
    ),
    "solutions constructs bucket on a worker": (
        lambda s: QueueWorker(s, "Worker", handler=echo_handler(), existing_bucket_obj=None),
        "Test/Worker",
        "existing_bucket_obj",
        "pass sources=[BucketEvents(bucket, events=[s3.EventType.OBJECT_CREATED]",
    ),
    "solutions constructs site logs": (
        lambda s: StaticSite(s, "Site", source=SITE, log_s3_access_logs=True),
        "Test/Site",
        "log_s3_access_logs",
        "access logs always go to the site's log bucket (`log_bucket`)",
    ),
    "function props handler string": (
        lambda s: Handler(code=ECHO, handler="app.handler"),
        "Handler",
        "handler",
        "pass entry='module.function' (Lambda's handler string",
    ),
    "function props layers": (
        lambda s: Handler(code=ECHO, layers=[]),
        "Handler",
        "layers",
        "`worker.function.add_layers(layer)`",
    ),
    # Proves (migrate44): a SAM property written as a prop listed every prop and named
    # none (the README's SAM section promises the prop to use)
    "policies": (
        lambda s: Handler(code=ECHO, policies=[{"DynamoDBCrudPolicy": {"TableName": "t"}}]),
        "Handler",
        "policies",
        "links=[table, Link.read(bucket), Link.to(secret), worker]",
    ),
    "SAM's own spelling": (
        lambda s: Handler(code=ECHO, CodeUri="src/"),
        "Handler",
        "CodeUri",
        "pass code='src'",
    ),
    "SAM's spelling of a Solutions Constructs prop": (
        lambda s: Handler(code=ECHO, Handler="app.handler"),
        "Handler",
        "Handler",
        "pass entry='module.function'",
    ),
    "SAM's layers": (
        lambda s: Handler(code=ECHO, Layers=[]),
        "Handler",
        "Layers",
        "`worker.function.add_layers(layer)`",
    ),
    "tracing in the defaults": (
        lambda s: FunctionDefaults.of(s).set(tracing="Active"),
        "FunctionDefaults.set",
        "tracing",
        "always active",
    ),
    "a schedule's input": (
        lambda s: ScheduledJob(
            s, "Job", handler=echo_handler(), schedule="rate(1 day)", input='{"a": 1}'
        ),
        "Test/Job",
        "input",
        "pass payload={...}",
    ),
    "an sqs event's response types": (
        lambda s: QueueWorker(
            s,
            "Worker",
            handler=echo_handler(),
            function_response_types=["ReportBatchItemFailures"],
        ),
        "Test/Worker",
        "function_response_types",
        "return process_batch(event, handle)",
    ),
    "a stream event's retries": (
        lambda s: StreamWorker(s, "Changes", handler=echo_handler(), maximum_retry_attempts=5),
        "Test/Changes",
        "maximum_retry_attempts",
        "pass retry_attempts=",
    ),
    "a rule event's pattern": (
        lambda s: EventHandler(s, "Events", handler=echo_handler(), pattern={"source": ["a"]}),
        "Test/Events",
        "pattern",
        "pass event_pattern=",
    ),
    # Proves (docs44): the function's settings given to the construct that builds it were
    # told every prop of the construct, or a spelling match to an unrelated one (layers ->
    # alarms): SAM's Policies, a FunctionProps' layers and a Handler's timeout are the
    # function's, set on its Handler
    "SAM's policies on a worker": (
        lambda s: QueueWorker(s, "Worker", handler=echo_handler(), policies=["SQSPollerPolicy"]),
        "Test/Worker",
        "policies",
        "move it to the function's Handler (handler=Handler(...)): link what the function uses",
    ),
    "function props layers on a worker": (
        lambda s: QueueWorker(s, "Worker", handler=echo_handler(), layers=[]),
        "Test/Worker",
        "layers",
        "`worker.function.add_layers(layer)`",
    ),
    "a handler's timeout on a job": (
        lambda s: ScheduledJob(
            s, "Job", handler=echo_handler(), schedule="rate(1 day)", timeout=30
        ),
        "Test/Job",
        "timeout",
        "which takes it: handler=Handler(..., timeout=...)",
    ),
    # Proves (bad44): these SAM properties, written on the construct, listed every prop
    "Solutions Constructs' function props on a Handler": (
        lambda s: Handler(code=ECHO, lambda_function_props={"memorySize": 512}),
        "Handler",
        "lambda_function_props",
        "pass its settings to Handler itself: Handler(code='<directory>'",
    ),
    "SAM's VpcConfig on a Handler": (
        lambda s: Handler(code=ECHO, VpcConfig={"SubnetIds": []}),
        "Handler",
        "VpcConfig",
        "network=Network(self, 'Network')",
    ),
    **{
        f"SAM's {key} on a job": (
            lambda s, key=key: ScheduledJob(
                s, "Job", handler=echo_handler(), schedule="cron(0 3 * * ? *)", **{key: {}}
            ),
            "Test/Job",
            key,
            fix,
        )
        for key, fix in {
            "VpcConfig": "pass network=Network(self, 'Network')",
            "State": "pass enabled=False",
            "ScheduleExpressionTimezone": "pass timezone=",
        }.items()
    },
    "SAM's FilterCriteria on a stream worker": (
        lambda s: StreamWorker(s, "Changes", handler=echo_handler(), FilterCriteria={}),
        "Test/Changes",
        "FilterCriteria",
        "pass filters=[lambda_.FilterCriteria.filter({'eventName': ",
    ),
    "SAM's RetryPolicy on an event handler": (
        lambda s: EventHandler(s, "Events", handler=echo_handler(), RetryPolicy={}),
        "Test/Events",
        "RetryPolicy",
        "pass retry_attempts= and max_event_age=",
    ),
    "SAM's DeadLetterConfig on an event handler": (
        lambda s: EventHandler(s, "Events", handler=echo_handler(), DeadLetterConfig={}),
        "Test/Events",
        "DeadLetterConfig",
        "always has a dead-letter queue",
    ),
    **{
        f"SAM's {key} on an API": (
            lambda s, key=key: ServerlessApi(
                s, "Todos", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), **{key: {}}
            ),
            "Test/Todos",
            key,
            fix,
        )
        for key, fix in {
            "CorsConfiguration": "pass cors=CorsPolicy(",
            "DefinitionBody": "pass routes={'GET /items': Handler(...)}",
            "DefaultRouteSettings": "pass throttling=Throttle(",
            "Policies": "routes={'GET /items': Handler(..., links=[table,",
            "Events": "give each route its Handler",
        }.items()
    },
    # Proves (harness49): the value objects' methods were unchecked (the scan read the
    # constructs' methods only): Python's TypeError, naming no fix
    "a value object's method given an argument": (
        lambda s: Handler(code=ECHO).key(1),
        "Handler.key",
        "(arguments)",
        "remove the arguments: Handler.key takes none",
    ),
    "bucket events' method given a keyword": (
        lambda s: BucketEvents(s3.Bucket(s, "Bucket")).key_filters(prefix="a/"),
        "BucketEvents.key_filters",
        "prefix",
        "remove `prefix=`: BucketEvents.key_filters takes no keyword argument",
    ),
    "snapshot of nothing": (
        lambda s: template_snapshot(),
        "template_snapshot",
        "stack_or_template",
        "pass stack_or_template=...",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_call_is_a_construct_error_naming_the_prop_and_the_fix(case: str) -> None:
    call, path, prop, fix = CASES[case]
    with pytest.raises(ConstructError) as raised:
        call(new_stack())
    problems = {(p.path, p.prop): p for p in raised.value.problems}
    assert (path, prop) in problems, raised.value
    assert fix in problems[(path, prop)].fix


def test_every_problem_of_one_call_is_listed() -> None:
    # GIVEN an API call with neither routes nor auth, and a misspelt prop
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Todos", cors=None, throttel=None)
    # THEN all three are reported together
    assert {(p.prop, p.message) for p in raised.value.problems} == {
        ("throttel", "is not a prop of ServerlessApi"),
        ("routes", "is required and not given"),
        ("auth", "is required and not given"),
    }


def test_a_prop_given_by_position_and_by_name_is_reported_once() -> None:
    with pytest.raises(ConstructError) as raised:
        acknowledge(new_stack(), "AwsSolutions-S1", "x" * 20, reason="y" * 20)
    assert [(p.prop, p.message) for p in raised.value.problems] == [
        ("reason", "is given twice, by position and by name")
    ]


@pytest.mark.parametrize(
    "callable_",
    [QueueWorker.__init__, ServerlessApi.__init__, Handler.__init__, ApiAuth.jwt, Link.read],
)
def test_the_checked_callables_keep_their_signatures(callable_: Callable[..., Any]) -> None:
    # what IDEs, help() and the docs show is the real signature, not (*args, **kwargs)
    parameters = inspect.signature(callable_).parameters
    assert "args" not in parameters and "kwargs" not in parameters
    assert callable_.__doc__ == inspect.unwrap(callable_).__doc__


@pytest.mark.parametrize(
    "cls", [QueueWorker, ServerlessApi, StaticSite, ScheduledJob, EventHandler, Network]
)
def test_a_construct_class_shows_its_constructors_signature(cls: type) -> None:
    # Proves (trial29): help(QueueWorker) and inspect.signature(QueueWorker) showed jsii's
    # metaclass call, "QueueWorker(*args: Any, **kwargs) -> ~M", naming no prop
    parameters = list(inspect.signature(cls).parameters)
    assert parameters[:2] == ["scope", "id"]
    assert "args" not in parameters and "kwargs" not in parameters
    assert "*args" not in pydoc.render_doc(cls, renderer=pydoc.plaintext).split("\n")[3]


def test_a_good_call_is_unchanged() -> None:
    # GIVEN the same props by name THEN the construct builds as before
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO), batch_size=5)
    assert worker.node.path == "Test/Worker"
    assert Handler(ECHO, "app.handler") == Handler(code=ECHO, entry="app.handler")


@pytest.mark.parametrize(
    "given",
    [
        lambda: (o for o in ["https://app.example.com"]),
        lambda: iter(["https://app.example.com"]),
        # Proves (sweep26): a dict's keys or values (ORIGINS.keys()) were refused as no list
        lambda: {"https://app.example.com": "the app"}.keys(),
        lambda: {"app": "https://app.example.com"}.values(),
    ],
    ids=["generator", "iterator", "dict keys", "dict values"],
)
def test_a_generator_where_a_list_is_wanted_is_taken_as_its_items(given: Any) -> None:
    # Proves (sweep25): CorsPolicy(allow_origins=(o for o in origins)), a generator or an
    # iterator for any list prop (audiences, endpoints, events, api_origins...), was a
    # ConstructError quoting "<generator object ... at 0x7f...>"; it is the list of its items
    # GIVEN a generator for a value object's list prop and for a construct's
    cors = CorsPolicy(allow_origins=given())
    stack = new_stack()
    network = Network(stack, "Net", interface_endpoint_accounts=iter(["111122223333"]))
    # THEN each holds the items, read as often as the checks read them
    assert cors.allow_origins == ("https://app.example.com",)
    assert network.node.path == "Test/Net"
    assert Handler(code=ECHO, endpoints=(s for s in ["sns"])).endpoints == ("sns",)


def _library_members(cls: type) -> dict[str, Any]:
    """The members ``cls`` and its bases of the library define (mixins such as
    ``RouteRollbackAlarms`` or the ``*Alarms`` classes included), up to, not including,
    aws-cdk-lib's and constructs' classes: what a user can reach on an object of it.
    The nearest definition of a name wins, as for Python's own lookup."""
    members: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.partition(".")[0] == "constructs_lib":
            members |= vars(klass)
    return members


def _entry_points(value: Any) -> dict[str, Any]:
    """What a user calls with arguments: a function, or a class's constructor, its factory
    classmethods and static methods, and its public methods, its bases' included (a
    method a mixin defines is called on the construct as any other)."""
    if not isinstance(value, type):
        return {"": value}
    found = {"__init__": value.__init__}
    for k, v in _library_members(value).items():
        if isinstance(v, classmethod | staticmethod) and not k.startswith("__"):
            found[k] = getattr(value, k)  # (__init_subclass__: a hook, no user call)
        elif not k.startswith("_") and inspect.isfunction(v):
            found[k] = v
    return found


def test_every_public_callable_is_checked() -> None:
    # GIVEN every public name of the library: a new construct, value object or factory
    # must be checked too (CONTRIBUTING.md); errors and enums take no props
    import constructs_lib

    unchecked = [
        f"{name}.{entry}".rstrip(".")
        for name in constructs_lib.__all__
        if callable(getattr(constructs_lib, name))
        and name != "checked_arguments"  # the decorator: what it wraps is checked
        and not (
            isinstance(value := getattr(constructs_lib, name), type)
            and issubclass(value, BaseException | enum.Enum | Problem)
        )
        for entry, function in _entry_points(value).items()
        if getattr(function, "__wrapped__", None) is None
    ]
    # THEN each one binds its arguments before it runs
    assert unchecked == []
    # AND the methods the constructs inherit were among them (Proves (harness49): the scan
    # read each class's own dict, so a mixin's method was never checked, nor were the
    # value objects' methods: Handler.key(1) was Python's TypeError)
    checked = {
        f"{name}.{entry}"
        for name in ("ServerlessApi", "QueueWorker", "Monitoring", "Handler", "BucketEvents")
        for entry in _entry_points(getattr(constructs_lib, name))
    }
    assert {
        "ServerlessApi.add_rollback_alarm",  # RouteRollbackAlarms
        "QueueWorker.add_rollback_alarm",  # FunctionParts
        "Monitoring.add_alarms",  # MonitoringAlarms
        "Handler.key",
        "BucketEvents.key_filters",
    } <= checked


def _public_objects() -> dict[str, object]:
    """One object of each public class a user calls methods on: every construct (built
    as test_read_only_attributes builds them, with every attribute), FunctionDefaults
    and the value objects."""
    from tests.test_read_only_attributes import BUILDERS

    stack = new_stack()
    objects: dict[str, object] = {name: build(stack) for name, build in BUILDERS.items()}
    objects["FunctionDefaults"] = FunctionDefaults.of(stack)
    return objects | {name: build() for name, build in _value_objects().items()}


def test_every_public_method_and_property_of_an_object_answers_as_the_library_does() -> None:
    # Proves (harness49): methods and properties are called on objects, their mixins'
    # too; an unknown keyword to any of them is a ConstructError naming it, and reading a
    # property (the *Alarms ones: None before the alarms exist) raises nothing
    objects = _public_objects()
    raw, silent, read = [], [], 0
    for name, obj in objects.items():
        for attribute, member in _library_members(type(obj)).items():
            if attribute.startswith("_"):
                continue
            if isinstance(member, property):
                getattr(obj, attribute)  # WHEN read THEN no error
                read += 1
            elif inspect.isfunction(member):
                # WHEN called with an unknown keyword
                try:
                    getattr(obj, attribute)(not_a_prop=1)
                except ConstructError as error:
                    if "not_a_prop" not in {p.prop for p in error.problems}:
                        raw.append(f"{name}.{attribute}: {error}")
                except Exception as error:  # what the test reports
                    raw.append(f"{name}.{attribute}: {type(error).__name__}: {error}")
                else:
                    silent.append(f"{name}.{attribute}")
    # THEN each names the keyword, never Python's TypeError or silence
    assert raw == [] and silent == []
    assert read > 30  # the *Alarms properties among them (not a vacuous pass)


@pytest.mark.parametrize(
    "name", ["ServerlessApi", "QueueWorker", "ScheduledJob", "StaticSite", "Monitoring", "Handler"]
)
def test_help_on_a_constructor_points_to_the_class_not_to_constructs(name: str) -> None:
    # Proves (user trial): help(QueueWorker.__init__) and editors' hovers showed the base
    # class's docstring ("Creates a new construct node."), about none of the props
    import constructs_lib

    cls = getattr(constructs_lib, name)
    assert inspect.getdoc(cls.__init__) == (
        f"Builds the {name}; its props are documented on the class."
    )
    # AND the class docstring it points to documents the props
    assert len(cls.__doc__ or "") > 200


# the owners of _solutions_constructs' fixes, by the name a ConstructError gives them
_FOREIGN_OWNERS: dict[str, Callable[..., Any]] = {
    "QueueWorker": QueueWorker.__init__,
    "EventHandler": EventHandler.__init__,
    "ScheduledJob": ScheduledJob.__init__,
    "StreamWorker": StreamWorker.__init__,
    "ServerlessApi": ServerlessApi.__init__,
    "StaticSite": StaticSite.__init__,
    "BucketEvents": BucketEvents.__init__,
    "Handler": Handler.__init__,
    "Handler.from_image": Handler.from_image,
    "FunctionDefaults.set": FunctionDefaults.set,
    "Route": Route.__init__,
    "Deployment": Deployment.__init__,
    "Deployment.canary": Deployment.canary,
    "Deployment.linear": Deployment.linear,
    "TableOptions": TableOptions.__init__,
    "ApiAuth.jwt": ApiAuth.jwt,
}


_TABLES = {
    "solutions constructs": _solutions_constructs._BY_OWNER,
    "sam": _sam_props._BY_OWNER,
    "serverless framework": _serverless_props._BY_OWNER,
}


@pytest.mark.parametrize(
    ("table", "owner"),
    [
        (table, owner)
        for table, owners in _TABLES.items()
        for owner in sorted(owners)
        if owner in _FOREIGN_OWNERS
    ],
)
def test_a_foreign_prop_fix_is_for_a_prop_the_construct_lacks_and_names_its_own(
    table: str, owner: str
) -> None:
    # Proves (trial29, migrate44 for SAM's): each fix is reachable (the construct does not
    # take that prop) and names props the construct does take (a renamed prop would leave
    # a stale fix)
    params = inspect.signature(_FOREIGN_OWNERS[owner]).parameters
    fixes = _TABLES[table][owner]
    assert fixes
    for key, fix in fixes.items():
        assert key not in params, (owner, key)
        for named in re.findall(r"\bpass (\w+)=", fix):
            assert named in params, (owner, key, named)


def test_a_constructs_own_prop_misspelt_is_still_matched_to_it() -> None:
    # Proves (docs44): only the function's settings are sent to the Handler; a misspelt
    # prop of the worker itself keeps its match
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=echo_handler(), batch_sise=5)
    assert "did you mean `batch_size`?" in raised.value.problems[0].fix


def test_every_owner_of_a_sam_fix_is_checked() -> None:
    assert set(_sam_props._BY_OWNER) <= set(_FOREIGN_OWNERS)
    assert set(_serverless_props._BY_OWNER) <= set(_FOREIGN_OWNERS)


def test_the_solutions_constructs_fixes_quote_the_librarys_defaults() -> None:
    # GIVEN the defaults the fixes quote as text (the module imports no aws_cdk, so no
    # _defaults): a changed default would leave a fix telling users the old one
    from constructs_lib import _defaults

    fixes = " ".join(_solutions_constructs._BY_OWNER["QueueWorker"].values())
    # THEN each number is the library's
    assert f"(default {_defaults.MAX_RECEIVE_COUNT})" in fixes
    assert f"keeps messages {_defaults.DEAD_LETTER_RETENTION_DAYS} days" in fixes
    assert _defaults.LOG_RETENTION == cdk.aws_logs.RetentionDays.ONE_MONTH
    assert "own log group (30 days)" in fixes


def _value_objects() -> dict[str, Callable[[], Any]]:
    """Each public value object, built from what users give as lists and dicts."""
    stack = cdk.Stack(cdk.App(), "Values")
    queue = sqs.Queue(stack, "Queue")
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "uploads")
    hour = cdk.Duration.hours(1)  # one object: aws-cdk-lib's Durations equal only themselves
    return {
        "Handler": lambda: Handler(code="src", environment={"MODE": "a"}, endpoints=["sns"]),
        "Route": lambda: Route(handler=Handler(code="src", environment={"MODE": "a"})),
        "CorsPolicy": lambda: CorsPolicy(allow_origins=["https://a.example.com"], max_age=hour),
        "Deployment": lambda: Deployment.canary(
            percent=10, minutes=5, pre_traffic=Handler(code="hooks", environment={"A": "b"})
        ),
        "Link": lambda: Link.read(queue),
        "GlobalIndex": lambda: GlobalIndex(name="byOwner", partition_key="owner"),
        "TableOptions": lambda: TableOptions(
            global_secondary_indexes=[GlobalIndex(name="byOwner", partition_key="owner")]
        ),
        "BucketEvents": lambda: BucketEvents(bucket, events=[s3.EventType.OBJECT_CREATED]),
    }


@pytest.mark.parametrize("name", list(_value_objects()))
def test_a_value_object_holding_lists_and_dicts_is_hashable(name: str) -> None:
    # Proves (fix29): hash(Handler(...)) raised "TypeError: unhashable type: 'dict'" (its
    # environment defaults to a dict), as did a CorsPolicy's or a Route's: frozen
    # dataclasses users put in sets and use as dict keys
    # GIVEN two equal value objects and another one
    build = _value_objects()[name]
    first, same = build(), build()
    # THEN equal ones hash alike, and a set holds one of them
    assert first == same and hash(first) == hash(same)
    assert len({first, same}) == 1
    assert {first: "x"}[same] == "x"


def test_a_handler_hashes_by_what_it_holds() -> None:
    # GIVEN Handlers differing in one variable, and one holding a value that cannot be
    # hashed (reported when a construct validates it, not by hash())
    a = Handler(code="src", environment={"MODE": "a"})
    b = Handler(code="src", environment={"MODE": "b"})

    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

    odd = Handler(code="src", environment={"MODE": Unhashable()})  # type: ignore[dict-item]
    # THEN they are told apart, and the odd one hashes too
    assert len({a, b, Handler(code="src", environment={"MODE": "a"})}) == 2
    assert isinstance(hash(odd), int)


def test_a_users_value_object_subclass_hashes_as_its_base() -> None:
    # Proves (review32): a user's `@dataclass(frozen=True) class TeamHandler(Handler)`
    # got dataclass's generated hash back: hash() raised "TypeError: unhashable type:
    # 'dict'" (its environment); and with eq=False (its base's __eq__, base fields only)
    # two equal ones hashed apart, so a set held both
    @dataclasses.dataclass(frozen=True)
    class TeamHandler(Handler):
        team: str = "core"

    @dataclasses.dataclass(frozen=True, eq=False)
    class TaggedHandler(Handler):
        tag: str = ""

    class ComparesAll(Handler):
        def __eq__(self, other: object) -> bool:
            return True

    # GIVEN equal and unequal instances of each
    team, same_team = TeamHandler(code="src", team="a"), TeamHandler(code="src", team="a")
    tagged = TaggedHandler(code="src", tag="a"), TaggedHandler(code="src", tag="b")
    # THEN equal ones hash alike and a set holds one of them; the team is still compared
    assert hash(team) == hash(same_team) and len({team, same_team}) == 1
    assert len({team, TeamHandler(code="src", team="b")}) == 2
    assert tagged[0] == tagged[1] and len(set(tagged)) == 1
    # and a subclass whose body defines __eq__ keeps Python's rule (no hash)
    assert ComparesAll.__hash__ is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda stack: FunctionDefaults.set(stack, memory_mib=512),
            r"FunctionDefaults\.set: `self` is the Stack 'Test', not a FunctionDefaults: the "
            r"method was called on the class\. Fix: call it on the object FunctionDefaults\.of "
            r"gives: FunctionDefaults\.of\(scope\)\.set\(\.\.\.\)",
        ),
        (
            lambda stack: FunctionDefaults.set(memory_mib=512),
            r"FunctionDefaults\.set: `self` is not given: the method was called on the class",
        ),
        (
            lambda stack: Monitoring.enable_dashboard(stack),
            r"Monitoring\.enable_dashboard: `self` is the Stack 'Test', not a Monitoring.*"
            r"Monitoring\.of\(scope\)\.enable_dashboard\(\.\.\.\)",
        ),
        (
            lambda stack: QueueWorker.link(stack),
            r"QueueWorker\.link: `self` is the Stack 'Test', not a QueueWorker.*Fix: call it on "
            r'the QueueWorker you built: x = QueueWorker\(self, "Id", \.\.\.\), then x\.link',
        ),
        (
            lambda stack: Network.endpoint("sqs"),
            r"Network\.endpoint: `self` is 'sqs', not a Network",
        ),
    ],
)
def test_a_method_called_on_its_class_is_a_construct_error(
    call: Callable[[cdk.Stack], object], message: str
) -> None:
    # Proves (sweep30): FunctionDefaults.set(stack, memory_mib=512) (the class, not
    # FunctionDefaults.of(stack)) raised "AttributeError: 'Stack' object has no attribute
    # '_problems'", and without the stack the fix said "pass self=..."
    stack = cdk.Stack(cdk.App(), "Test")
    with pytest.raises(ConstructError, match=message):
        call(stack)


#: A construct called without an id (or with one that is no name): (call, problems).
WITHOUT_AN_ID: dict[str, tuple[Callable[[Construct], object], set[tuple[str, str]]]] = {
    "QueueWorker()": (
        lambda s: QueueWorker(s, handler=echo_handler()),  # type: ignore[call-arg]
        {("Test/Holder/QueueWorker", "id")},
    ),
    "ServerlessApi()": (
        lambda s: ServerlessApi(s, routes={}),  # type: ignore[call-arg]
        {("Test/Holder/ServerlessApi", "id"), ("Test/Holder/ServerlessApi", "auth")},
    ),
    "Network(5)": (lambda s: Network(s, 5), {("Test/Holder/Network", "id")}),  # type: ignore[arg-type]
    "QueueWorker('')": (
        lambda s: QueueWorker(s, "", handler=echo_handler()),
        {("Test/Holder/QueueWorker", "id")},
    ),
    "Monitoring(topic=)": (
        lambda s: Monitoring(s, topic=None),  # type: ignore[call-arg]
        {("Test/Monitoring", "topic")},  # the stack's: a stack has one, whatever the scope
    ),
    "Monitoring('Ops')": (
        lambda s: Monitoring(s, "Ops"),  # type: ignore[arg-type]
        {("Test/Monitoring", "id")},  # the stack's: a stack has one, whatever the scope
    ),
}


@pytest.mark.parametrize("case", sorted(WITHOUT_AN_ID))
def test_a_construct_without_an_id_is_named_by_its_scope_s_path(case: str) -> None:
    # Proves (papercuts249): `Monitoring(scope, topic=None)`, `QueueWorker(scope,
    # handler=...)` and an id that is no name were reported at "Monitoring",
    # "QueueWorker" or the scope ("Test"): in an app of many stacks, no telling which
    call, expected = WITHOUT_AN_ID[case]
    holder = Construct(new_stack(), "Holder")
    with pytest.raises(ConstructError) as raised:
        call(holder)
    assert {(p.path, p.prop) for p in raised.value.problems} == expected
