"""FunctionDefaults: a scope's defaults for every function the library creates below it.
Precedence, field by field: Handler > nearest scope > outer scope > library defaults;
``environment`` merges (outer scope, inner scope, Handler)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Deployment,
    EventHandler,
    FunctionDefaults,
    Handler,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
)
from tests.support import CDK_CONTEXT, echo_handler, nag_findings, new_app

IMAGE = Path(__file__).parent / "fixtures" / "images" / "echo"
PATTERN = events.EventPattern(source=["aws.s3"], detail_type=["Object Created"])


def _functions(stack: cdk.Stack, template: Template | None = None) -> list[dict[str, Any]]:
    """Each Lambda function's properties (in ``template``, the stack's if the test has it:
    each ``Template.from_stack`` synthesizes the whole app again)."""
    template = template or Template.from_stack(stack)
    return [r["Properties"] for r in template.find_resources("AWS::Lambda::Function").values()]


def _settings(properties: dict[str, Any]) -> tuple[object, ...]:
    return (
        properties["MemorySize"],
        properties["Timeout"],
        properties["Runtime"],
        properties["Architectures"],
    )


def _worker(scope: Construct, id: str = "Worker", **handler: Any) -> QueueWorker:
    return QueueWorker(scope, id, handler=echo_handler(**handler))


def _function_of(worker: QueueWorker, template: Template | None = None) -> dict[str, Any]:
    """The properties of ``worker``'s function (synthesizes its stack unless given its
    ``template``)."""
    stack = cdk.Stack.of(worker)
    resource = worker.function.node.default_child
    assert isinstance(resource, cdk.CfnResource)
    template = (template or Template.from_stack(stack)).to_json()
    return dict(template["Resources"][stack.get_logical_id(resource)]["Properties"])


def test_without_defaults_the_library_defaults_apply() -> None:
    # GIVEN no FunctionDefaults WHEN a worker is built THEN 256 MiB, 10 s, Python 3.14, arm64
    properties = _function_of(_worker(cdk.Stack(new_app(), "Test")))
    assert _settings(properties) == (256, 10, "python3.14", ["arm64"])


def test_an_apps_defaults_apply_to_every_field() -> None:
    # GIVEN defaults for every field on the app
    app = new_app()
    FunctionDefaults.of(app).set(
        memory_mib=512,
        timeout=cdk.Duration.seconds(20),
        runtime="3.13",
        architecture="x86_64",
        environment={"STAGE": "prod"},
        log_retention=logs.RetentionDays.ONE_YEAR,
    )
    stack = cdk.Stack(app, "Test")
    # WHEN a worker is built in a stack of the app
    worker = _worker(stack)
    template = Template.from_stack(stack)
    properties = _function_of(worker, template)
    # THEN its function has them all, next to the construct's own variable
    assert _settings(properties) == (512, 20, "python3.13", ["x86_64"])
    assert set(properties["Environment"]["Variables"]) == {"STAGE", "QUEUE_URL"}
    template.has_resource_properties("AWS::Logs::LogGroup", {"RetentionInDays": 365})


def test_an_apps_defaults_reach_the_stacks_of_its_stages() -> None:
    # GIVEN defaults on the app, and a stage's own for one field (the README says they
    # reach stacks inside stages, which Tags.of(app) does not)
    app = new_app()
    FunctionDefaults.of(app).set(memory_mib=512, timeout=cdk.Duration.seconds(20))
    prod = cdk.Stage(app, "Prod")
    FunctionDefaults.of(prod).set(timeout=cdk.Duration.seconds(25))
    # WHEN a worker is built in a stack of each stage
    beta = _function_of(_worker(cdk.Stack(cdk.Stage(app, "Beta"), "Services")))
    prod_worker = _function_of(_worker(cdk.Stack(prod, "Services")))
    # THEN both have the app's memory; the stage's timeout wins in its own stacks
    assert (beta["MemorySize"], beta["Timeout"]) == (512, 20)
    assert (prod_worker["MemorySize"], prod_worker["Timeout"]) == (512, 25)


def test_the_nearest_scope_wins_field_by_field() -> None:
    # GIVEN memory and timeout on the app, memory on one stack, timeout on a group in it
    app = new_app()
    FunctionDefaults.of(app).set(memory_mib=512, timeout=cdk.Duration.seconds(20))
    stack = cdk.Stack(app, "Test")
    FunctionDefaults.of(stack).set(memory_mib=1024)
    group = Construct(stack, "Group")
    FunctionDefaults.of(group).set(timeout=cdk.Duration.seconds(30))
    # WHEN workers are built in the group, in the stack and in another stack
    workers = _worker(group), _worker(stack), _worker(cdk.Stack(app, "Other"))
    in_group, in_stack, elsewhere = map(_function_of, workers)
    # THEN each takes each field from the nearest scope that sets it
    assert (in_group["MemorySize"], in_group["Timeout"]) == (1024, 30)
    assert (in_stack["MemorySize"], in_stack["Timeout"]) == (1024, 20)
    assert (elsewhere["MemorySize"], elsewhere["Timeout"]) == (512, 20)


def test_a_handlers_own_values_win() -> None:
    app = new_app()
    FunctionDefaults.of(app).set(memory_mib=512, runtime="3.13", architecture="x86_64")
    properties = _function_of(_worker(cdk.Stack(app, "Test"), memory_mib=128, runtime="3.14"))
    assert _settings(properties) == (128, 10, "python3.14", ["x86_64"])


def _layers(properties: dict[str, Any]) -> int:
    return len(properties.get("Layers", []))


def test_powertools_default_adds_the_layer_to_zip_functions_only() -> None:
    # Proves (user trial): FunctionDefaults took no powertools, so "Powertools on for
    # every function" meant repeating powertools=True on each Handler
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(powertools=True)
    worker = _worker(stack)
    # AND a Handler's own False wins, AND an image (no layers) is left without it
    opted_out = _worker(stack, "OptedOut", powertools=False)
    image = QueueWorker(stack, "Image", handler=Handler.from_image(IMAGE))
    template = Template.from_stack(stack)
    assert _layers(_function_of(worker, template)) == 1
    assert "POWERTOOLS_SERVICE_NAME" in _function_of(worker, template)["Environment"]["Variables"]
    assert _layers(_function_of(opted_out, template)) == 0
    assert _layers(_function_of(image, template)) == 0


def test_a_powertools_default_that_is_no_bool_is_an_error_where_it_is_set() -> None:
    # Proves (user trial): the new default is checked like a Handler's
    with pytest.raises(ConstructError, match=re.escape("`FunctionDefaults.powertools`")):
        FunctionDefaults.of(cdk.Stack(new_app(), "Test")).set(powertools="yes")  # type: ignore[arg-type]


def test_environments_merge_outer_scope_inner_scope_then_handler() -> None:
    # GIVEN variables on the app and the stack, some set again further in
    app = new_app()
    FunctionDefaults.of(app).set(environment={"STAGE": "prod", "OWNER": "app", "TIER": "app"})
    stack = cdk.Stack(app, "Test")
    FunctionDefaults.of(stack).set(environment={"OWNER": "stack", "TIER": "stack"})
    # WHEN the handler sets one of them too
    properties = _function_of(_worker(stack, environment={"TIER": "handler", "EXTRA": "x"}))
    # THEN every variable arrives, the innermost value winning
    variables = properties["Environment"]["Variables"]
    assert {k: v for k, v in variables.items() if k != "QUEUE_URL"} == {
        "STAGE": "prod",
        "OWNER": "stack",
        "TIER": "handler",
        "EXTRA": "x",
    }


def test_a_second_set_adds_to_the_first() -> None:
    app = new_app()
    FunctionDefaults.of(app).set(memory_mib=512, environment={"STAGE": "prod"})
    FunctionDefaults.of(app).set(timeout=cdk.Duration.seconds(20), environment={"OWNER": "me"})
    settings = FunctionDefaults.of(app).settings
    assert (settings.memory_mib, dict(settings.environment or {})) == (
        512,
        {"STAGE": "prod", "OWNER": "me"},
    )
    assert settings.timeout is not None and settings.timeout.to_seconds() == 20


def test_defaults_apply_to_routes_jobs_event_handlers_and_deployment_hooks() -> None:
    # GIVEN 512 MiB for the stack
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(memory_mib=512)
    hook = echo_handler(entry="app.other")
    # WHEN every kind of function-backed construct is built in it
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        deployment=Deployment.canary(pre_traffic=hook),
    )
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)")
    EventHandler(stack, "Events", handler=echo_handler(), event_pattern=PATTERN)
    # THEN every function the library created has it
    memory = [properties["MemorySize"] for properties in _functions(stack)]
    assert memory == [512] * 4  # route, pre-traffic hook, job, event handler


def test_a_handler_equal_to_the_defaults_shares_the_function() -> None:
    # GIVEN 512 MiB for the stack and two routes: one handler says 512, one leaves it out
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(memory_mib=512)
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(), "POST /a": echo_handler(memory_mib=512)},
        auth=ApiAuth.iam(),
    )
    # THEN they are one function (the same settings)
    assert api.functions["GET /a"] is api.functions["POST /a"]


def test_resolved_values_are_validated_where_the_handler_is_used() -> None:
    # GIVEN a 60-second default timeout: too long for an API route
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(timeout=cdk.Duration.seconds(60))
    # WHEN a route leaves its timeout out THEN the route's timeout is the problem
    # Proves (user trial): the message named only the route's timeout, which the user never
    # set: it now says the value is FunctionDefaults' and how to fix either.
    with pytest.raises(
        ConstructError,
        match=r"`routes\['GET /a'\].timeout` is 60 seconds \(FunctionDefaults' timeout: the "
        r"Handler sets none\).*Fix: keep API handlers at 29 seconds or less \(pass "
        r"Handler\(timeout=Duration.seconds\(29\)\) or lower the FunctionDefaults timeout\)",
    ):
        ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    # and a worker sizes its queue's visibility timeout from the resolved timeout
    QueueWorker(stack, "Worker", handler=echo_handler())
    Template.from_stack(stack).has_resource_properties(
        "AWS::SQS::Queue", {"VisibilityTimeout": 360}
    )


def test_a_default_variable_the_construct_sets_itself_is_reported_where_it_is_set() -> None:
    # Proves (fuzz): the problem named `handler.environment`, where the user set nothing
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(environment={"QUEUE_URL": "mine"})
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler(environment={"OTHER": "x"}))
    assert [(p.path, p.prop, p.fix) for p in raised.value.problems] == [
        (
            "Test/Worker",
            "FunctionDefaults.environment",
            "rename your variable in FunctionDefaults; the construct's QUEUE_URL holds what "
            "its name says",
        )
    ]
    # AND the Handler's own variable of that name is still named on the handler
    with pytest.raises(ConstructError, match=r"`handler.environment` sets 'QUEUE_URL'"):
        QueueWorker(stack, "Other", handler=echo_handler(environment={"QUEUE_URL": "x"}))


def test_a_default_variable_that_is_no_string_gets_the_string_meant() -> None:
    # Proves (fix29): FunctionDefaults' environment={"DEBUG": True} was told 'True', as
    # a Handler's was; both suggest 'true' and say why a string
    stack = cdk.Stack(new_app(), "Test")
    with pytest.raises(ConstructError) as raised:
        FunctionDefaults.of(stack).set(environment={"DEBUG": True})
    assert "DEBUG=True, a bool" in str(raised.value)
    assert [p.fix for p in raised.value.problems] == [
        "give a string: DEBUG='true' (or 'True', whatever your code compares with): Lambda "
        "passes variables to the code as strings only"
    ]


def test_a_link_may_not_set_a_default_variable() -> None:
    # GIVEN a default variable with the name a link to the "Orders" worker would set
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(environment={"ORDERS_QUEUE_URL": "mine"})
    orders = QueueWorker(stack, "Orders", handler=echo_handler())
    # THEN the link's variable is reported, as for a Handler's own environment, naming
    # FunctionDefaults as what sets it (user trial: "which the function already has")
    with pytest.raises(
        ConstructError,
        match=r"would set 'ORDERS_QUEUE_URL', which FunctionDefaults' `environment` sets already",
    ):
        ScheduledJob(stack, "Job", handler=echo_handler(links=[orders]), schedule="rate(1 hour)")


def test_every_bad_default_is_listed_at_once() -> None:
    stack = cdk.Stack(new_app(), "Test")
    with pytest.raises(ConstructError, match=r"^5 invalid props:") as raised:
        FunctionDefaults.of(stack).set(
            memory_mib=64,
            timeout=cdk.Duration.minutes(20),
            runtime="3.9",
            environment={"AWS_REGION": "x"},
            log_retention=logs.RetentionDays.INFINITE,
        )
    assert [p.prop for p in raised.value.problems] == [
        "FunctionDefaults.memory_mib",
        "FunctionDefaults.timeout",
        "FunctionDefaults.environment",
        "FunctionDefaults.runtime",
        "FunctionDefaults.log_retention",
    ]
    assert {p.path for p in raised.value.problems} == {"Test"}
    # AND nothing was stored
    assert FunctionDefaults.of(stack).settings.memory_mib is None


def test_a_deploy_time_default_of_the_wrong_kind_is_an_error_where_it_is_set() -> None:
    # Proves: a string token as memory_mib (or timeout) passed set() and every function
    # built afterwards failed with jsii's raw TypeError ("type of argument memory_size ...")
    stack = cdk.Stack(new_app(), "Test")
    shared = cdk.Fn.import_value("SharedSetting")
    with pytest.raises(ConstructError, match=r"^2 invalid props:") as raised:
        FunctionDefaults.of(stack).set(memory_mib=shared, timeout=shared)
    assert [str(p) for p in raised.value.problems] == [
        "Test: `FunctionDefaults.memory_mib` is a deploy-time value (Fn::ImportValue "
        '"SharedSetting"); it must be a whole number. Fix: pass a whole number',
        "Test: `FunctionDefaults.timeout` is a deploy-time value (Fn::ImportValue "
        '"SharedSetting"); it must be a Duration. Fix: pass a Duration',
    ]
    # AND a deploy-time number, which CloudFormation takes, is still a default
    FunctionDefaults.of(stack).set(memory_mib=cdk.Token.as_number(shared))
    assert _function_of(_worker(stack))["MemorySize"] == {"Fn::ImportValue": "SharedSetting"}


def test_defaults_set_after_functions_exist_are_an_error_not_ignored() -> None:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    QueueWorker(stack, "Worker", handler=echo_handler())
    with pytest.raises(
        ConstructError,
        match=r"\(app\): `FunctionDefaults` are set after functions were created below this "
        r"scope \(Test/Worker/Handler\).*Fix: call FunctionDefaults.of\(scope\).set",
    ):
        FunctionDefaults.of(app).set(memory_mib=512)
    # a scope with no function below it may still take defaults
    FunctionDefaults.of(cdk.Stack(app, "Other")).set(memory_mib=512)


def test_a_construct_made_inside_an_l2_is_refused_as_a_scope() -> None:
    # GIVEN the resource aws-cdk-lib created inside a queue (a new proxy on every read)
    stack = cdk.Stack(new_app(), "Test")
    inner = sqs.Queue(stack, "Queue").node.default_child
    assert isinstance(inner, Construct)
    # THEN defaults on it (which no function could find) are an error, not ignored
    with pytest.raises(ConstructError, match=r"`FunctionDefaults.of\(scope\)` is given a "):
        FunctionDefaults.of(inner).set(memory_mib=512)


def test_an_app_with_defaults_synthesizes_under_cdk_nag(tmp_path: Path) -> None:
    # GIVEN an older runtime chosen for every function of the app (cdk-nag flags it)
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    FunctionDefaults.of(app).set(runtime="3.13", environment={"STAGE": "prod"})
    QueueWorker(cdk.Stack(app, "Test"), "Worker", handler=echo_handler())
    # THEN the app synthesizes, and the user's choice is acknowledged with its reason
    assert nag_findings(app, tmp_path) == set()


def _deploy_time_seconds() -> float:
    return cdk.Token.as_number(cdk.Fn.import_value("HandlerTimeout"))


@pytest.mark.parametrize("construct", ["worker", "api", "job", "event handler"])
def test_a_deploy_time_timeout_default_synthesizes(construct: str) -> None:
    # Proves (fuzz): FunctionDefaults.of(stack).set(timeout=Duration.seconds(<token>)) was a
    # jsii "MustBeDurationSpecifiedDuration" trace (the timeout's rules read a Duration
    # holding a token as a literal), then "Duration amounts cannot be negative" (the
    # worker's visibility timeout, 6x a token)
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(timeout=cdk.Duration.seconds(_deploy_time_seconds()))
    {
        "worker": lambda: _worker(stack),
        "api": lambda: ServerlessApi(
            stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam()
        ),
        "job": lambda: ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)"),
        "event handler": lambda: EventHandler(
            stack, "Events", handler=echo_handler(), event_pattern=PATTERN
        ),
    }[construct]()
    template = Template.from_stack(stack)
    (function,) = _functions(stack, template)
    assert function["Timeout"] == {"Fn::ImportValue": "HandlerTimeout"}
    if construct == "worker":  # 6x Lambda's longest timeout: covers any deploy-time value
        template.has_resource_properties(
            "AWS::SQS::Queue", {"VisibilityTimeout": 5400, "RedrivePolicy": Match.any_value()}
        )


def test_a_deploy_time_timeout_in_minutes_is_a_construct_error() -> None:
    # Proves (fuzz): Duration.millis/minutes(<token>) reached lambda.Function, which can
    # convert only Duration.seconds(<token>) (a jsii trace)
    with pytest.raises(ConstructError, match=r"`FunctionDefaults.timeout` is Duration.minutes"):
        FunctionDefaults.of(new_app()).set(timeout=cdk.Duration.minutes(_deploy_time_seconds()))


def test_a_users_handler_subclass_with_a_field_of_its_own_gets_the_defaults() -> None:
    # Proves (sweep30): a user's `@dataclass(frozen=True) class TeamHandler(Handler)` with a
    # field of its own (team=) met a raw `TypeError: ResolvedHandler.__init__() got an
    # unexpected keyword argument 'team'` when the scope's defaults were applied
    @dataclasses.dataclass(frozen=True)
    class TeamHandler(Handler):
        team: str = "core"

    # GIVEN a scope's defaults and the user's Handler subclass
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(memory_mib=512)
    # WHEN a worker runs it
    QueueWorker(stack, "Worker", handler=TeamHandler(code=echo_handler().code, team="payments"))
    # THEN the function gets the scope's default
    assert [f["MemorySize"] for f in _functions(stack)] == [512]
