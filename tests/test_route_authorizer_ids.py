"""The construct id of a route's own Lambda authorizer's function: its Handler's ``name=``,
else its function's id with ``Authorizer`` after it (an unnamed ``x.handler`` was
``Api/Handler``, which said nothing of an authorizer and took the id of every unnamed
route function of a ``handler``); the API's own stays ``Api/Authorizer``. The authorizer's
own id in the HttpApi: its function's without a trailing ``Authorizer``, then
``LambdaAuthorizer`` (``HandlerLambdaAuthorizer``, never the word twice); two that would
meet (``X``, ``XAuthorizer``) are a ConstructError, and no route authorizer of any kind
takes another's id."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, Handler, Route, ServerlessApi
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
    # AND its authorizer is named after it without the word twice (was
    # 'HandlerAuthorizerLambdaAuthorizer'), its function and log group in the template
    assert _authorizer_ids(api) == {"JwtAuthorizer", "HandlerLambdaAuthorizer"}
    stack = cdk.Stack.of(api)
    assert stack.get_logical_id(function.node.default_child).startswith(
        "ApiHandlerAuthorizerFunction"
    )
    log_groups = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup")
    assert [i for i in log_groups if i.startswith("ApiHandlerAuthorizer")], list(log_groups)


@pytest.mark.parametrize(
    ("entry", "name", "expected", "authorizer"),
    [
        # a name= is kept as given, its authorizer's too
        ("devices.handler", "DeviceTokens", "DeviceTokens", "DeviceTokensLambdaAuthorizer"),
        # says so already: its authorizer was 'DeviceAuthorizerLambdaAuthorizer'
        ("devices.device_authorizer", None, "DeviceAuthorizer", "DeviceLambdaAuthorizer"),
        ("devices.handler", "Authorizer2", "Authorizer2", "Authorizer2LambdaAuthorizer"),
    ],
)
def test_a_named_or_telling_route_authorizer_keeps_its_id(
    auth_code: Path, entry: str, name: str | None, expected: str, authorizer: str
) -> None:
    api = _api(Handler(code=str(auth_code), entry=entry, name=name))
    function = api.authorizer_functions["POST /v1/telemetry"]
    assert function.node.path == f"Test/Api/{expected}/Function"
    assert _authorizer_ids(api) == {"JwtAuthorizer", authorizer}


def test_the_api_s_own_lambda_authorizer_keeps_its_id(auth_code: Path) -> None:
    # GIVEN an API whose own auth is a Lambda authorizer of an unnamed Handler
    routes = {"GET /items": echo_handler()}
    auth = ApiAuth.function(Handler(code=str(auth_code), entry="devices.handler"))
    api = ServerlessApi(new_stack(), "Api", routes=routes, auth=auth)
    # THEN its function is 'Authorizer', and its authorizer 'LambdaAuthorizer', as before
    assert api.authorizer_function is not None
    assert api.authorizer_function.node.path == "Test/Api/Authorizer/Function"
    assert _authorizer_ids(api) == {"LambdaAuthorizer"}


def _authorizer_ids(api: ServerlessApi) -> set[str]:
    """The ids of the authorizers bound in the API's HttpApi."""
    return {
        child.node.id
        for child in api.http_api.node.children
        if child.node.id.endswith("Authorizer")
    }


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"name": "Device"}, {"entry": "devices.device_authorizer"}),  # 'DeviceAuthorizer'
        ({"name": "DeviceAuthorizer"}, {"name": "Device"}),
    ],
)
def test_two_authorizers_of_one_id_are_a_construct_error(
    auth_code: Path, first: dict[str, str], second: dict[str, str]
) -> None:
    # GIVEN two routes' Lambda authorizers whose functions are 'Device' and
    # 'DeviceAuthorizer': both authorizers would be 'DeviceLambdaAuthorizer' in the HttpApi
    handlers = [
        Handler(code=str(auth_code), **{"entry": "devices.handler", **given})
        for given in (first, second)
    ]
    # WHEN the API is built THEN a ConstructError names both and a free name (never
    # constructs' "There is already a Construct with name")
    with pytest.raises(ConstructError) as raised:
        _two_authorizers(*handlers)
    ids = [str(handler.construct_id) for handler in handlers]
    assert raised.value.problems[0].prop == "routes['POST /b'].auth.handler"
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Api: `routes['POST /b'].auth.handler` names the "
        f"authorizer's function {ids[1]!r} and `routes['POST /a'].auth.handler` names "
        f"another {ids[0]!r}: both authorizers would take the id 'DeviceLambdaAuthorizer' "
        "in the HTTP API (an authorizer's id is its function's without a trailing "
        "'Authorizer', then 'LambdaAuthorizer'). Fix: give one of the two Handlers another "
        "name=, e.g. name='PostBAuthorizer' on this one"
    )
    # AND the name suggested builds
    renamed = Handler(code=str(auth_code), entry=handlers[1].entry, name="PostBAuthorizer")
    api = _two_authorizers(handlers[0], renamed)
    assert _authorizer_ids(api) >= {"DeviceLambdaAuthorizer", "PostBLambdaAuthorizer"}


def test_a_suggested_name_is_free_for_the_authorizer_too(auth_code: Path) -> None:
    # GIVEN two routes' authorizers of one function id, and a third Handler named as the
    # suggestion's authorizer would be ('PostB', of 'PostBAuthorizer')
    handlers = [
        Handler(code=str(auth_code), entry="devices.handler", name=name)
        for name in ("Device", "DeviceAuthorizer", "PostB")
    ]
    with pytest.raises(ConstructError) as raised:
        _two_authorizers(*handlers)
    # THEN the name suggested is one whose authorizer meets none
    assert raised.value.problems[0].fix.endswith("e.g. name='PostBAuthorizer2' on this one")


def _two_authorizers(*handlers: Handler) -> ServerlessApi:
    """An API whose routes 'POST /a', 'POST /b'... are behind a Lambda authorizer each."""
    routes: dict[str, object] = {"GET /items": echo_handler()}
    for path, handler in zip("abc", handlers, strict=False):
        routes[f"POST /{path}"] = Route(
            echo_handler(name=f"Route{path.upper()}"), auth=ApiAuth.function(handler)
        )
    return ServerlessApi(new_stack(), "Api", routes=routes, auth=JWT)


def test_no_route_authorizer_of_any_kind_takes_another_s_id(auth_code: Path) -> None:
    # GIVEN an API whose routes have authorizers of every kind, named alike on purpose: two
    # issuers on one host, a host whose name is the second's, a pool of that name, and
    # Lambda authorizers named after them
    stack = new_stack()
    pool = cognito.UserPool(stack, "AuthExampleCom")
    auths = [
        ApiAuth.jwt("https://auth.example.com/a", ["todo-api"]),
        ApiAuth.jwt("https://auth.example.com/b", ["todo-api"]),
        ApiAuth.jwt("https://auth.example.com2/", ["todo-api"]),
        ApiAuth.cognito(pool, [pool.add_client("Console")]),
        *(
            ApiAuth.function(Handler(code=str(auth_code), entry="devices.handler", name=name))
            for name in ("AuthExampleCom", "AuthExampleComJwt", "Authorizer")
        ),
    ]
    routes: dict[str, object] = {"GET /items": echo_handler()}
    for number, auth in enumerate(auths):
        routes[f"GET /r{number}"] = Route(echo_handler(name=f"R{number}"), auth=auth)
    api = ServerlessApi(stack, "Api", routes=routes, auth=JWT)
    # THEN each is an authorizer of its own id, one resource each, beside the API's
    assert _authorizer_ids(api) == {
        "JwtAuthorizer",
        "AuthExampleComJwtAuthorizer",
        "AuthExampleCom2JwtAuthorizer",
        "AuthExampleCom22JwtAuthorizer",
        "AuthExampleCom3CognitoAuthorizer",
        "AuthExampleComLambdaAuthorizer",
        "AuthExampleComJwtLambdaAuthorizer",
        "LambdaAuthorizer",  # 'Authorizer''s: the API has no Lambda authorizer of its own
    }
    resources = Template.from_stack(stack).find_resources("AWS::ApiGatewayV2::Authorizer")
    assert len(resources) == len(auths) + 1
