"""A reference the library makes across two stacks of different accounts (a ServerlessApi's
Cognito pool of another account's stack): aws-cdk-lib reads the value at deploy time
through the consuming stack's CloudFormation execution role and orders no stacks, so the
library adds no stack dependency either (one across accounts would make `cdk deploy Api`
deploy the other account's stack too). The pool's stack must still be deployed first: a
dependency going back from it is refused as for stacks of one account, before the
construct and after it (cycles48: the cross-account branch had no test)."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito

from constructs_lib import ApiAuth, ConstructError, ServerlessApi
from tests.support import echo_handler, new_app

DATA = cdk.Environment(account="111111111111", region="us-east-1")
API = cdk.Environment(account="222222222222", region="us-east-1")


def _stacks() -> tuple[cdk.App, cdk.Stack, cdk.Stack, cognito.UserPool]:
    app = new_app()
    data = cdk.Stack(app, "Data", env=DATA)
    return app, data, cdk.Stack(app, "Api", env=API), cognito.UserPool(data, "Pool")


def _api(here: cdk.Stack, pool: cognito.IUserPool) -> ServerlessApi:
    routes = {"GET /x": echo_handler()}
    return ServerlessApi(here, "Orders", routes=routes, auth=ApiAuth.cognito(pool), alarms=False)


def test_a_reference_across_accounts_orders_no_stacks() -> None:
    app, data, here, pool = _stacks()
    _api(here, pool)
    assembly = app.synth()
    # THEN neither stack depends on the other (only the API's on its assets)
    assert here.dependencies == [] and data.dependencies == []
    assert [d.id for d in assembly.get_stack_by_name("Api").dependencies] == ["Api.assets"]
    # and the pool's id is read from the other account's stack output at deploy time
    template = assembly.get_stack_by_name("Api").template
    assert "Fn::ImportValue" not in str(template)
    assert "Fn::GetStackOutput" in str(template)


def test_a_dependency_back_made_before_the_construct_is_refused() -> None:
    _, data, here, pool = _stacks()
    data.add_dependency(here)
    with pytest.raises(ConstructError) as raised:
        _api(here, pool)
    assert str(raised.value) == (
        "1 invalid prop:\n"
        "  - Api/Orders: `auth.user_pool` is the user pool Data/Pool, of stack Data, which "
        "already depends on stack Api (Data depends on Api (a stack dependency)): a "
        "ServerlessApi using it from here makes a dependency cycle that CloudFormation "
        "cannot deploy. Fix: keep references between the two stacks one way: build the "
        "ServerlessApi in the stack of the user pool (or the user pool in this one), or move "
        "what in that stack refers to this one (named above) to this stack"
    )


def test_a_dependency_back_made_after_the_construct_fails_the_synth() -> None:
    app, data, here, pool = _stacks()
    _api(here, pool)
    data.add_dependency(here)
    with pytest.raises(RuntimeError) as raised:
        app.synth()
    assert (
        "Api/Orders: `auth.user_pool` makes stack Api depend on stack Data (Api/Orders refers "
        "(auth.user_pool) to Data/Pool), and stack Data depends on stack Api by now (Data "
        "depends on Api (a stack dependency)), made after this construct: a dependency cycle "
        "that CloudFormation cannot deploy. Fix: keep references between the two stacks one "
        "way:"
    ) in str(raised.value)


def test_in_one_account_the_library_adds_the_dependency_with_its_reason() -> None:
    # the contrast: aws-cdk-lib orders stacks of one account, and the library adds that
    # dependency first, naming its prop
    app = new_app()
    data = cdk.Stack(app, "Data", env=DATA)
    here = cdk.Stack(app, "Api", env=DATA)
    _api(here, cognito.UserPool(data, "Pool"))
    app.synth()
    assert [d.node.path for d in here.dependencies] == ["Data"]
