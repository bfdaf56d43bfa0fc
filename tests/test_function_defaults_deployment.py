"""FunctionDefaults(deployment=...): a scope's gradual deployment for every function below
it (after a Handler's and the construct's own), and reserved_concurrency, which it leaves
to each Handler."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_events as events
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Deployment,
    EventHandler,
    FunctionDefaults,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
)
from tests.support import echo_handler, new_app

CANARY = Deployment.canary(percent=10, minutes=5)
HOOK = echo_handler(entry="app.other")


def _groups(scope: Construct) -> list[str]:
    """The paths of the CodeDeploy deployment groups of ``scope``'s stack, each in its
    template."""
    stack = cdk.Stack.of(scope)
    template = Template.from_stack(stack).find_resources("AWS::CodeDeploy::DeploymentGroup")
    groups = [c for c in stack.node.find_all() if isinstance(c, codedeploy.CfnDeploymentGroup)]
    assert sorted(template) == sorted(stack.get_logical_id(group) for group in groups)
    return sorted(group.node.path.removeprefix(f"{stack.node.id}/") for group in groups)


def _stack_with(deployment: Deployment) -> cdk.Stack:
    stack = cdk.Stack(new_app(), "Test")
    FunctionDefaults.of(stack).set(deployment=deployment)
    return stack


def test_every_function_below_the_scope_deploys_gradually() -> None:
    # GIVEN a canary for every function of the stack
    stack = _stack_with(CANARY)
    # WHEN each kind of function-backed construct is built in it
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(), "GET /b": echo_handler(entry="app.other")},
        auth=ApiAuth.iam(),
    )
    QueueWorker(stack, "Worker", handler=echo_handler())
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)")
    pattern = events.EventPattern(source=["my.app"])
    EventHandler(stack, "Events", handler=echo_handler(), event_pattern=pattern)
    # THEN each function has a deployment group of its own
    assert _groups(stack) == [
        "Api/Handler/Deployment/Resource",
        "Api/Other/Deployment/Resource",
        "Events/Handler/Deployment/Resource",
        "Job/Handler/Deployment/Resource",
        "Worker/Handler/Deployment/Resource",
    ]


def test_the_constructs_and_the_handlers_own_deployment_win() -> None:
    # GIVEN a canary for every function of the stack
    stack = _stack_with(CANARY)
    # WHEN one worker deploys at once, and another's Handler does while its construct
    # says nothing
    QueueWorker(stack, "Construct", handler=echo_handler(), deployment=Deployment.all_at_once())
    QueueWorker(stack, "Handler", handler=echo_handler(deployment=Deployment.all_at_once()))
    QueueWorker(stack, "Scope", handler=echo_handler())
    # THEN only the worker that said nothing deploys gradually
    assert _groups(stack) == ["Scope/Handler/Deployment/Resource"]


def test_the_nearest_scope_wins() -> None:
    # GIVEN a canary on the app and all at once on one group of a stack
    app = new_app()
    FunctionDefaults.of(app).set(deployment=CANARY)
    stack = cdk.Stack(app, "Test")
    group = Construct(stack, "Group")
    FunctionDefaults.of(group).set(deployment=Deployment.all_at_once())
    # WHEN a worker is built in the group and one beside it
    QueueWorker(group, "Inside", handler=echo_handler())
    QueueWorker(stack, "Outside", handler=echo_handler())
    # THEN the group's worker deploys at once, the other gradually
    assert _groups(stack) == ["Outside/Handler/Deployment/Resource"]


def test_the_hooks_functions_deploy_at_once() -> None:
    # GIVEN a canary with both hooks for every function of the stack
    stack = _stack_with(Deployment.canary(pre_traffic=HOOK, post_traffic=HOOK))
    # WHEN a worker is built
    QueueWorker(stack, "Worker", handler=echo_handler())
    # THEN the worker's function deploys gradually with its hooks, which have no deployment
    # group of their own (each would need hooks: without end)
    assert _groups(stack) == ["Worker/Handler/Deployment/Resource"]
    functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    assert len(functions) == 3  # the worker's, its two hooks'


def test_a_bad_deployment_is_an_error_where_it_is_set() -> None:
    # GIVEN a canary percent beyond CodeDeploy's WHEN it is set on a scope
    # THEN FunctionDefaults names it, with the range
    with pytest.raises(
        ConstructError,
        match=r"`FunctionDefaults\.deployment\.percent` is 200; it must be between 1 and 99",
    ):
        FunctionDefaults.of(new_app()).set(deployment=Deployment.canary(percent=200))


def test_a_deployment_of_the_wrong_type_is_an_error_where_it_is_set() -> None:
    # GIVEN SAM's name of a canary WHEN it is set on a scope THEN the factories are named
    sam = "Canary10Percent5Minutes"
    with pytest.raises(
        ConstructError,
        match=r"`FunctionDefaults\.deployment` is 'Canary10Percent5Minutes', a str\. Fix: pass "
        r"Deployment\.canary\(\.\.\.\)",
    ):
        FunctionDefaults.of(new_app()).set(deployment=sam)  # type: ignore[arg-type]


def test_a_hook_is_checked_with_the_network_of_the_construct_it_serves() -> None:
    # GIVEN a scope's canary whose hook calls SQS through an interface endpoint
    # (and reports to CodeDeploy and invokes the new version through theirs)
    hook = echo_handler(entry="app.other", endpoints=("sqs", "codedeploy", "lambda"))
    stack = _stack_with(Deployment.canary(pre_traffic=hook))
    # WHEN a worker without a network is built THEN the hook is named where it was set
    with pytest.raises(
        ConstructError,
        match=r"Test/Outside: `FunctionDefaults\.deployment\.pre_traffic\.endpoints` lists "
        r"interface endpoints, but the construct has no network=",
    ):
        QueueWorker(stack, "Outside", handler=echo_handler())
    # AND a worker inside a Network takes it
    network = Network(stack, "Network")
    QueueWorker(stack, "Inside", handler=echo_handler(), network=network)
    assert _groups(stack) == ["Inside/Handler/Deployment/Resource"]


@pytest.mark.parametrize("prop", ["reserved_concurrency", "reserved_concurrent_executions"])
def test_reserved_concurrency_is_refused_with_the_reason(prop: str) -> None:
    # GIVEN one reserved concurrency for every function of a scope (SAM's Globals take it)
    # WHEN it is set THEN the error says why it is each Handler's only
    with pytest.raises(ConstructError) as raised:
        FunctionDefaults.of(new_app()).set(**{prop: 5})
    (problem,) = raised.value.problems
    assert problem.prop == prop
    assert problem.fix.startswith("set reserved_concurrency= on each Handler that needs it: ")
    assert "reserve it as many times as there are functions" in problem.fix
