"""An export named by hand (``CfnOutput(..., export_name=...)``) imported by name in a
construct's prop (``Fn.import_value``): aws-cdk-lib orders no stacks for it and sees no
cycle, so the synth passed and the deploy failed (cycles48). Exported by a stack that
depends on the importing one, or by that stack itself: a synth error naming the prop; by
a stack the importing one does not depend on: a warning (unordered). An export of a stack
outside the app, or of a stack the importing one depends on, is silent."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib import ApiAuth, QueueWorker, ServerlessApi
from tests.support import echo_handler, new_app, synth_error

ENV = cdk.Environment(account="111111111111", region="us-east-1")
WARNING = "constructs_lib:importedExportUnordered"
FIX = (
    "Fix: pass the output's value itself (the resource, or its attribute) instead of "
    "Fn.import_value: aws-cdk-lib then exports it and orders the stacks"
)


def _stacks() -> tuple[cdk.App, cdk.Stack, cdk.Stack]:
    app = new_app()
    return app, cdk.Stack(app, "Data", env=ENV), cdk.Stack(app, "Api", env=ENV)


def _export(stack: cdk.Stack) -> None:
    key = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
    table = dynamodb.TableV2(stack, "Table", partition_key=key)
    cdk.CfnOutput(stack, "Arn", value=table.table_arn, export_name="orders-arn")


def _existing_table(here: cdk.Stack) -> str:
    imported = dynamodb.Table.from_table_arn(here, "Imported", cdk.Fn.import_value("orders-arn"))
    routes = {"GET /x": echo_handler()}
    ServerlessApi(
        here, "Orders", routes=routes, auth=ApiAuth.iam(), existing_table=imported, alarms=False
    )
    return "existing_table"


def _environment(here: cdk.Stack) -> str:
    handler = echo_handler(environment={"ORDERS_ARN": cdk.Fn.import_value("orders-arn")})
    ServerlessApi(here, "Orders", routes={"GET /x": handler}, auth=ApiAuth.iam(), alarms=False)
    return "routes['GET /x'].environment['ORDERS_ARN']"


def _link(here: cdk.Stack) -> str:
    imported = dynamodb.Table.from_table_arn(here, "Imported", cdk.Fn.import_value("orders-arn"))
    handler = echo_handler(links=[imported])
    ServerlessApi(here, "Orders", routes={"GET /x": handler}, auth=ApiAuth.iam(), alarms=False)
    return "routes['GET /x'].links[0]"


IMPORTS = [
    pytest.param(_existing_table, id="existing_table"),
    pytest.param(_environment, id="environment"),
    pytest.param(_link, id="link"),
]
Import = Callable[[cdk.Stack], str]


def _warnings(assembly: cdk.cx_api.CloudAssembly) -> list[str]:
    return [
        str(message.entry.data)
        for message in assembly.get_stack_by_name("Api").messages
        if f"[ack: {WARNING}]" in str(message.entry.data)
    ]


@pytest.mark.parametrize("imports", IMPORTS)
def test_an_export_of_an_unordered_stack_warns(imports: Import) -> None:
    app, data, here = _stacks()
    _export(data)
    prop = imports(here)
    # THEN the synth passes with a warning naming the prop, the output and the fix
    (warning,) = _warnings(app.synth())
    assert warning.startswith(
        f"`{prop}` imports the export 'orders-arn' (Fn.import_value), which the output "
        "Data/Arn creates, in stack Data, and stack Api does not depend on it: the two deploy "
        "in any order, and a first deploy of stack Api before it fails on the missing export. "
        "Fix: make stack Api depend on it (add_stack_dependency), or pass the output's value "
    )


@pytest.mark.parametrize("imports", IMPORTS)
def test_an_export_of_a_stack_deployed_first_is_silent(imports: Import) -> None:
    app, data, here = _stacks()
    _export(data)
    imports(here)
    here.add_stack_dependency(data)
    assert _warnings(app.synth()) == []


@pytest.mark.parametrize("imports", IMPORTS)
def test_an_export_from_outside_the_app_is_silent(imports: Import) -> None:
    # GIVEN no output of the app exports the name (another app's stack, deployed earlier)
    app, _, here = _stacks()
    imports(here)
    assert _warnings(app.synth()) == []


def test_an_export_of_a_stack_of_another_region_is_not_the_one_imported() -> None:
    app = new_app()
    _export(cdk.Stack(app, "Data", env=cdk.Environment(account=ENV.account, region="eu-west-1")))
    here = cdk.Stack(app, "Api", env=ENV)
    _existing_table(here)
    assert _warnings(app.synth()) == []


@pytest.mark.parametrize("imports", IMPORTS)
def test_an_export_of_a_stack_depending_on_the_importing_one_fails_the_synth(
    imports: Import,
) -> None:
    # GIVEN the data stack's job sending to a worker of the API's stack (a link)
    app, data, here = _stacks()
    _export(data)
    target = QueueWorker(here, "Target", handler=echo_handler(), alarms=False)
    QueueWorker(data, "Nightly", handler=echo_handler(links=[target]), alarms=False)
    prop = imports(here)
    assert (
        f"[Api/Orders] `{prop}` imports the export 'orders-arn' (Fn.import_value), which the "
        "output Data/Arn creates, in stack Data, which depends on stack Api "
        "(Data/Nightly/Handler/Function links queue Api/Target (send)), so it is deployed "
        "after it: CloudFormation cannot import an export before the stack creating it is "
        f"deployed. {FIX}, or drop what makes that stack depend on this one"
    ) in synth_error(app)


def test_a_stack_dependency_back_fails_the_synth() -> None:
    app, data, here = _stacks()
    _export(data)
    _existing_table(here)
    data.add_stack_dependency(here)
    assert (
        "which depends on stack Api (Data depends on Api (a stack dependency)), so it is "
        "deployed after it"
    ) in synth_error(app)


def test_an_export_of_the_importing_stack_itself_fails_the_synth() -> None:
    app, _, here = _stacks()
    _export(here)
    _existing_table(here)
    assert (
        "[Api/Orders] `existing_table` imports the export 'orders-arn' (Fn.import_value), "
        "which the output Api/Arn creates, in this construct's own stack: CloudFormation "
        f"cannot import an export of the stack it deploys. {FIX}"
    ) in synth_error(app)


def test_the_warning_is_acknowledged_on_the_construct() -> None:
    # GIVEN the export exists already (deployed before this app's first deploy)
    app, data, here = _stacks()
    _export(data)
    _existing_table(here)
    api = here.node.find_child("Orders")
    cdk.Annotations.of(api).acknowledge_warning(WARNING, "orders-arn is deployed already")
    assert _warnings(app.synth()) == []
