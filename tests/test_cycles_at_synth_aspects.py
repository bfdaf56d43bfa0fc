"""The cycle check at synth (an Aspect on the referenced resource's L1, cycles47) beside the
Aspects of a user's app (sweep47). aws-cdk-lib (Aspects v2, the default) refuses an Aspect
added during the synth whose priority is below one that already ran on a node: at READONLY,
the check made an app whose Aspect tags the app from its visit fail with
CannotInvokeAspectWithLowerPriority, naming an Aspect "Object", where it synthesized before
cycles47. Its priority is MUTATING (it adds a stack dependency)."""

from __future__ import annotations

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk.assertions import Template
from constructs import IConstruct

from tests.support import new_app
from tests.test_cycles_at_synth import ENV, _api, _table


@jsii.implements(cdk.IAspect)
class _TagsTheAppAtStack:
    """A platform's Aspect: on reaching ``stack``, tags every resource of the app."""

    def __init__(self, app: cdk.App, stack: cdk.Stack) -> None:
        self._app, self._stack = app, stack

    def visit(self, node: IConstruct) -> None:
        if node is self._stack:
            cdk.Tags.of(self._app).add("owner", "platform")


@jsii.implements(cdk.IAspect)
class _DependsOn:
    """A platform's Aspect: ``stack`` deploys after ``on``, added when it visits ``at``."""

    def __init__(self, at: cdk.Stack, stack: cdk.Stack, on: cdk.Stack) -> None:
        self._at, self._stack, self._on = at, stack, on

    def visit(self, node: IConstruct) -> None:
        if node is self._at:
            self._stack.add_dependency(self._on, "the platform's order")


def _two_stacks() -> tuple[cdk.App, cdk.Stack, cdk.Stack]:
    """The data stack's table, and the API of a later stack using it (existing_table)."""
    app = new_app()
    data, here = cdk.Stack(app, "Data", env=ENV), cdk.Stack(app, "Api", env=ENV)
    _api(here, _table(data))
    return app, data, here


@pytest.mark.parametrize(
    "priority", [cdk.AspectPriority.MUTATING, cdk.AspectPriority.DEFAULT], ids=["200", "500"]
)
def test_an_aspect_tagging_the_app_from_its_visit_synthesizes(priority: int) -> None:
    # GIVEN a user's Aspect that, on reaching the API stack, tags the whole app (the table
    # of the data stack, visited before, included)
    app, data, here = _two_stacks()
    cdk.Aspects.of(app).add(_TagsTheAppAtStack(app, here), priority=priority)
    # WHEN the app is synthesized, THEN it is (was CannotInvokeAspectWithLowerPriority)
    template = Template.from_stack(data)
    (table,) = template.find_resources("AWS::DynamoDB::GlobalTable").values()
    assert {"Key": "owner", "Value": "platform"} in table["Properties"]["Replicas"][0]["Tags"]
    assert [d.node.path for d in here.dependencies] == ["Data"]


def test_an_aspect_adding_the_librarys_own_dependency_synthesizes() -> None:
    app, data, here = _two_stacks()
    cdk.Aspects.of(app).add(_DependsOn(here, here, data), priority=cdk.AspectPriority.MUTATING)
    app.synth()
    assert [d.node.path for d in here.dependencies] == ["Data"]


def test_an_aspect_adding_the_dependency_back_before_the_table_is_named() -> None:
    # GIVEN an Aspect making the data stack depend on the API's, on reaching the data stack
    # (before its table: the check runs after it)
    app, data, here = _two_stacks()
    cdk.Aspects.of(app).add(_DependsOn(data, data, here))
    # THEN the synth fails naming the prop, the way back and the fix
    with pytest.raises(RuntimeError) as failed:
        app.synth()
    assert (
        "Api/Orders: `existing_table` makes stack Api depend on stack Data (Api/Orders refers "
        "(existing_table) to Data/Table), and stack Data depends on stack Api by now (Data "
        "depends on Api (a stack dependency)), made after this construct"
    ) in str(failed.value)


def test_an_aspect_adding_the_dependency_back_after_the_table_names_the_prop() -> None:
    # GIVEN the same dependency back, added on reaching the API stack (after the table)
    app, data, here = _two_stacks()
    cdk.Aspects.of(app).add(_DependsOn(here, data, here))
    # THEN aws-cdk-lib's DependencyCycle names the library's reference and its prop
    with pytest.raises(RuntimeError) as failed:
        app.synth()
    assert (
        "DependencyCycle: 'Api' depends on 'Data' (Api/Orders refers (existing_table) to "
        "Data/Table: the reference constructs_lib made for `existing_table` of Api/Orders;"
    ) in str(failed.value)
