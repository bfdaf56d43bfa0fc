"""The construct id of a route's own Lambda authorizer's function: its Handler's ``name=``,
else its function's id with ``Authorizer`` after it (an unnamed ``x.handler`` was
``Api/Handler``, which said nothing of an authorizer and took the id of every unnamed
route function of a ``handler``); the API's own stays ``Api/Authorizer``."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, Handler, Route, ServerlessApi
from tests.support import echo_handler, new_stack

JWT = ApiAuth.jwt("https://auth.example.com/", ["todo-api"])


@pytest.fixture(scope="module")
def auth_code(tmp_path_factory: pytest.TempPathFactory) -> Path:
    code = tmp_path_factory.mktemp("auth")
    (code / "devices.py").write_text(
        "def handler(event, context):\n    return {'isAuthorized': True}\n\n\n"
        "def device_authorizer(event, context):\n    return {'isAuthorized': True}\n"
    )
    return code


def _api(auth_handler: Handler, api_auth: ApiAuth = JWT) -> ServerlessApi:
    routes = {
        "GET /items": echo_handler(),  # app.handler: 'Handler'
        "POST /v1/telemetry": Route(echo_handler(), auth=ApiAuth.function(auth_handler)),
    }
    return ServerlessApi(new_stack(), "Api", routes=routes, auth=api_auth)


def test_an_unnamed_route_authorizer_says_it_is_one(auth_code: Path) -> None:
    # GIVEN a route behind a Lambda authorizer of its own whose Handler has no name=, its
    # function 'handler' as the routes' function is
    api = _api(Handler(code=str(auth_code), entry="devices.handler"))
    # THEN its function is 'HandlerAuthorizer', beside the routes' 'Handler' (the two took
    # one id and the synth failed)
    function = api.authorizer_functions["POST /v1/telemetry"]
    assert function.node.path == "Test/Api/HandlerAuthorizer/Function"
    assert api.functions["GET /items"].node.path == "Test/Api/Handler/Function"
    # AND its authorizer is named after it, its function and log group in the template
    assert api.http_api.node.try_find_child("HandlerAuthorizerLambdaAuthorizer") is not None
    stack = cdk.Stack.of(api)
    assert stack.get_logical_id(function.node.default_child).startswith(
        "ApiHandlerAuthorizerFunction"
    )
    log_groups = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup")
    assert [i for i in log_groups if i.startswith("ApiHandlerAuthorizer")], list(log_groups)


@pytest.mark.parametrize(
    ("entry", "name", "expected"),
    [
        ("devices.handler", "DeviceTokens", "DeviceTokens"),  # a name= is kept as given
        ("devices.device_authorizer", None, "DeviceAuthorizer"),  # says so already
    ],
)
def test_a_named_or_telling_route_authorizer_keeps_its_id(
    auth_code: Path, entry: str, name: str | None, expected: str
) -> None:
    api = _api(Handler(code=str(auth_code), entry=entry, name=name))
    function = api.authorizer_functions["POST /v1/telemetry"]
    assert function.node.path == f"Test/Api/{expected}/Function"


def test_the_api_s_own_lambda_authorizer_keeps_its_id(auth_code: Path) -> None:
    # GIVEN an API whose own auth is a Lambda authorizer of an unnamed Handler
    routes = {"GET /items": echo_handler()}
    auth = ApiAuth.function(Handler(code=str(auth_code), entry="devices.handler"))
    api = ServerlessApi(new_stack(), "Api", routes=routes, auth=auth)
    # THEN its function is 'Authorizer', as before
    assert api.authorizer_function is not None
    assert api.authorizer_function.node.path == "Test/Api/Authorizer/Function"
