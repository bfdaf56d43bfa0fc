"""A dependency cycle between two stacks, one half a reference the library made, the other
half made where the construct could not see it (cycles47; each was aws-cdk-lib's
DependencyCycle trace naming no prop, 156 runs of two-stack apps): a stack dependency made
after the construct is a ConstructError at synth naming the way back; a reference of the
user's own or a ``node.add_dependency`` is aws-cdk-lib's DependencyCycle, whose message
names the library's construct, its prop and the fix. Each as a user's app: two stacks of
an app, and two stacks of one stage."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_sqs as sqs

from constructs_lib import ApiAuth, QueueWorker, ServerlessApi
from tests.support import echo_handler, new_app, synth_error

ENV = cdk.Environment(account="111111111111", region="us-east-1")

#: Builds the user's app's two stacks, "Data" and "Api" (in a stage "Prod", or not).
Stacks = Callable[[], tuple[cdk.App, cdk.Stack, cdk.Stack]]


def _in_app() -> tuple[cdk.App, cdk.Stack, cdk.Stack]:
    app = new_app()
    return app, cdk.Stack(app, "Data", env=ENV), cdk.Stack(app, "Api", env=ENV)


def _in_stage() -> tuple[cdk.App, cdk.Stack, cdk.Stack]:
    app = new_app()
    stage = cdk.Stage(app, "Prod", env=ENV)
    return app, cdk.Stack(stage, "Data"), cdk.Stack(stage, "Api")


STACKS = [pytest.param(_in_app, id="app"), pytest.param(_in_stage, id="stage")]


def _table(data: cdk.Stack) -> dynamodb.TableV2:
    key = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    return dynamodb.TableV2(data, "Table", partition_key=key)


def _api(stack: cdk.Stack, table: dynamodb.ITable) -> ServerlessApi:
    """The library's half: the API stack refers to the data stack's table."""
    routes = {"GET /x": echo_handler()}
    return ServerlessApi(
        stack, "Orders", routes=routes, auth=ApiAuth.iam(), existing_table=table, alarms=False
    )


def _prefix(stack: cdk.Stack) -> str:
    """The stage's path and a slash (paths in messages), or nothing outside a stage."""
    return stack.node.path.removesuffix(stack.node.id)


FIX = (
    "Fix: keep references between the two stacks one way: drop the dependency (or the "
    "reference of your own) that goes back, move the resource into the stack that uses it, "
    "or pass the value another way (an SSM parameter one stack writes and the other reads "
    "by its name)"
)


@pytest.mark.parametrize("stacks", STACKS)
def test_a_stack_dependency_made_after_the_construct_is_named(stacks: Stacks) -> None:
    # GIVEN the API of one stack using the data stack's table
    app, data, here = stacks()
    _api(here, _table(data))
    # WHEN the user makes the data stack depend on the API's afterwards
    data.add_dependency(here)
    # THEN the synth fails naming both stacks, the prop, the dependency and the fix
    p = _prefix(data)
    assert (
        f"{p}Api/Orders: `existing_table` makes stack {p}Api depend on stack {p}Data "
        f"({p}Api/Orders refers (existing_table) to {p}Data/Table), and stack {p}Data depends "
        f"on stack {p}Api by now ({p}Data depends on {p}Api (a stack dependency)), made after "
        f"this construct: a dependency cycle that CloudFormation cannot deploy. {FIX}"
    ) in synth_error(app)


def test_a_dependency_through_a_third_stack_is_named() -> None:
    app, data, here = _in_app()
    _api(here, _table(data))
    middle = cdk.Stack(app, "Middle", env=ENV)
    data.add_dependency(middle)
    middle.add_dependency(here)
    assert (
        "stack Data depends on stack Api by now (Data depends on Middle (a stack "
        "dependency); Middle depends on Api (a stack dependency))"
    ) in synth_error(app)


def _reason(p: str) -> str:
    """aws-cdk-lib's DependencyCycle message up to the user's own half, as the library's
    reason for its stack dependency writes it."""
    return (
        f"DependencyCycle: '{p}Api' depends on '{p}Data' ({p}Api/Orders refers "
        f"(existing_table) to {p}Data/Table: the reference constructs_lib made for "
        f"`existing_table` of {p}Api/Orders; the dependency named next goes back from stack "
        f"{p}Data (a reference of your own to a resource of stack {p}Api, or a "
        f"node.add_dependency). {FIX}). Adding this dependency ("
    )


def _output(data: cdk.Stack, here: cdk.Stack) -> str:
    queue = sqs.Queue(here, "Queue", enforce_ssl=True)
    cdk.CfnOutput(data, "QueueUrl", value=queue.queue_url)
    return f"{_prefix(data)}Data -> {_prefix(data)}Api/Queue/Resource.Ref"


def _environment(data: cdk.Stack, here: cdk.Stack) -> str:
    queue = sqs.Queue(here, "Queue", enforce_ssl=True)
    environment = {"ORDERS_QUEUE": queue.queue_url}
    QueueWorker(data, "Nightly", handler=echo_handler(environment=environment), alarms=False)
    return f"{_prefix(data)}Data -> {_prefix(data)}Api/Queue/Resource.Ref"


def _grant(data: cdk.Stack, here: cdk.Stack) -> str:
    queue = sqs.Queue(here, "Queue", enforce_ssl=True)
    worker = QueueWorker(data, "Nightly", handler=echo_handler(), alarms=False)
    queue.grant_send_messages(worker.function)
    return f"{_prefix(data)}Data -> {_prefix(data)}Api/Queue/Resource.Arn"


#: The user's own half: a reference from the data stack to a resource of the API's.
OWN = [
    pytest.param(_output, id="CfnOutput"),
    pytest.param(_environment, id="environment"),
    pytest.param(_grant, id="grant"),
]


@pytest.mark.parametrize("stacks", STACKS)
@pytest.mark.parametrize("own", OWN)
@pytest.mark.parametrize("own_first", [False, True], ids=["own after", "own before"])
def test_a_reference_of_the_users_own_closing_a_cycle_names_the_prop(
    stacks: Stacks, own: Callable[[cdk.Stack, cdk.Stack], str], own_first: bool
) -> None:
    app, data, here = stacks()
    table = _table(data)
    if own_first:
        reference = own(data, here)
        _api(here, table)
    else:
        _api(here, table)
        reference = own(data, here)
    # THEN aws-cdk-lib's message names the library's half (construct, prop), the fix, and
    # the user's half
    message = synth_error(app)
    p = _prefix(data)
    assert f"{_reason(p)}{reference}) would create a cyclic reference." in message


@pytest.mark.parametrize("stacks", STACKS)
def test_a_node_dependency_closing_a_cycle_names_the_prop(stacks: Stacks) -> None:
    app, data, here = stacks()
    table = _table(data)
    api = _api(here, table)
    table.node.add_dependency(api)
    p = _prefix(data)
    assert (
        f"{_reason(p)}<{p}Data/Table>.node.addDependency(<{p}Api/Orders>)) would create a "
        "cyclic reference."
    ) in synth_error(app)


@pytest.mark.parametrize("stacks", STACKS)
def test_references_one_way_synthesize_as_before(stacks: Stacks) -> None:
    # GIVEN the library's reference and the user's own, both from the API stack
    app, data, here = stacks()
    table = _table(data)
    _api(here, table)
    cdk.CfnOutput(here, "TableName", value=table.table_name)
    data.add_dependency(cdk.Stack(data.node.scope, "Base", env=ENV))  # type: ignore[arg-type]
    # THEN it synthesizes, and the API stack depends on the data stack only
    app.synth()
    assert [d.node.path for d in here.dependencies] == [data.node.path]


def test_a_construct_removed_by_escape_hatch_leaves_no_stack_dependency() -> None:
    # GIVEN the API using the data stack's table, then taken out of the tree
    app, data, here = _in_app()
    _api(here, _table(data))
    assert here.node.try_remove_child("Orders")
    # WHEN the data stack depends on the API's stack (nothing refers to the data stack now)
    data.add_dependency(here)
    # THEN it synthesizes: the library added no dependency for the reference that is gone
    # (cycles48: it added it, and refused the synth naming the removed construct)
    assembly = app.synth()
    assert here.dependencies == []
    assert [d.id for d in assembly.get_stack_by_name("Api").dependencies] == ["Api.assets"]


def test_a_resource_removed_below_the_construct_keeps_the_stack_dependency() -> None:
    # GIVEN the grant's policy removed: the functions still name the table (environment)
    app, data, here = _in_app()
    api = _api(here, _table(data))
    role = api.node.find_child("Handler").node.find_child("Role")
    assert role.node.try_remove_child("DefaultPolicy")
    # THEN the API's stack still depends on the data stack (an extra order edge at most)
    app.synth()
    assert [d.node.path for d in here.dependencies] == ["Data"]
