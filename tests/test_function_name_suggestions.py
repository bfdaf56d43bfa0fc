"""The ``name=`` a ServerlessApi's fix suggests when two of its functions would take one
construct id (two routes' functions, two routes' own Lambda authorizers): a name that
tells the two apart, from the module when it does, else from the route."""

from __future__ import annotations

from pathlib import Path

import pytest

from constructs_lib import ApiAuth, ConstructError, Handler, Route, ServerlessApi
from constructs_lib.serverless_api.function_names import suggested_name
from tests.support import new_stack

JWT = ApiAuth.jwt("https://auth.example.com/", ["todo-api"])


@pytest.mark.parametrize(
    ("entry", "other", "route_key", "taken", "expected"),
    [
        # a module that tells the two apart names the function
        ("orders_api.handler", "items_api.handler", "POST /a", set(), "OrdersApiHandler"),
        ("pkg.orders.handler", "pkg.items.handler", "POST /a", set(), "OrdersHandler"),
        # a one-letter module said 'HHandler': the route says what the function is
        ("h.handler", "items.handler", "GET /orders/{id}", set(), "GetOrdersId"),
        # the same module in two directories (or other settings): the module tells nothing
        ("app.handler", "app.handler", "POST /a", {"Handler"}, "PostA"),
        # '$default' said 'Default': the id aws-cdk-lib takes for a construct's default child
        ("app.handler", "app.handler", "$default", set(), "DefaultRoute"),
        ("app.handler", "app.handler", "GET /a", {"GetA", "GetA2"}, "GetA3"),
        ("app.handler", None, "GET /a", set(), "AppHandler"),  # the other unknown
        ("app.check", "app.check", "GET /a", set(), "GetA"),
    ],
)
def test_the_suggested_name_tells_the_two_apart(
    entry: str, other: str | None, route_key: str, taken: set[str], expected: str
) -> None:
    assert suggested_name(entry, other, route_key, taken) == expected


def test_an_authorizer_s_name_from_its_route_says_it_is_an_authorizer() -> None:
    assert suggested_name("a.check", "a.check", "GET /v1/x", set(), "Authorizer") == (
        "GetV1XAuthorizer"
    )


def _handlers(tmp_path: Path, *directories: str) -> list[Path]:
    made = []
    for directory in directories:
        code = tmp_path / directory
        code.mkdir()
        for module in ("h", "devices", "operators"):
            (code / f"{module}.py").write_text("def handler(event, context):\n    return {}\n")
        made.append(code)
    return made


def test_two_routes_functions_of_one_module_are_told_a_name_from_their_route(
    tmp_path: Path,
) -> None:
    # GIVEN two routes whose handlers are h.handler in two directories (one construct id,
    # 'Handler', for two functions)
    first, second = _handlers(tmp_path, "first", "second")
    routes = {
        "GET /orders": Handler(code=str(first), entry="h.handler"),
        "POST /orders/{id}": Handler(code=str(second), entry="h.handler"),
    }
    # WHEN the API is built THEN the fix names a function the second route's key describes
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes=routes, auth=JWT)
    (problem,) = raised.value.problems
    assert problem.prop == "routes['POST /orders/{id}'].name"
    assert problem.fix.startswith("pass Handler(..., name='PostOrdersId')")
    # AND the name suggested is free: with it the API builds
    routes["POST /orders/{id}"] = Handler(code=str(second), entry="h.handler", name="PostOrdersId")
    api = ServerlessApi(new_stack(), "Api", routes=routes, auth=JWT)
    assert api.functions["POST /orders/{id}"].node.path == "Test/Api/PostOrdersId/Function"


def test_the_suggested_name_is_none_a_later_route_s_function_has(tmp_path: Path) -> None:
    # GIVEN (sweep48) the clash of two h.handler functions, and a later route whose own
    # function is named as the route-based suggestion would be ('PostOrdersId')
    first, second = _handlers(tmp_path, "first", "second")
    routes = {
        "GET /orders": Handler(code=str(first), entry="h.handler"),
        "POST /orders/{id}": Handler(code=str(second), entry="h.handler"),
        "GET /orders/{id}": Handler(code=str(first), entry="devices.handler", name="PostOrdersId"),
    }
    # WHEN the API is built THEN the fix names another free id ('PostOrdersId' was told,
    # which then clashed with the later route's function)
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes=routes, auth=JWT)
    (problem,) = raised.value.problems
    assert problem.fix.startswith("pass Handler(..., name='PostOrdersId2')")
    # AND with it the API builds
    routes["POST /orders/{id}"] = Handler(code=str(second), entry="h.handler", name="PostOrdersId2")
    ServerlessApi(new_stack(), "Api", routes=routes, auth=JWT)


def test_two_routes_own_lambda_authorizers_are_told_names_that_differ(tmp_path: Path) -> None:
    # GIVEN two routes each behind a Lambda authorizer of its own, neither Handler named
    # (both 'HandlerAuthorizer': every route was told name='DeviceTokens', which clashed
    # again)
    (code,) = _handlers(tmp_path, "auth")
    api_code = Path(__file__).parent / "fixtures" / "handlers" / "echo"

    def route(module: str) -> Route:
        return Route(
            Handler(code=str(api_code), name=module.title()),
            auth=ApiAuth.function(Handler(code=str(code), entry=f"{module}.handler")),
        )

    routes = {"GET /a": route("devices"), "GET /b": route("operators")}
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes=routes, auth=JWT)
    (problem,) = raised.value.problems
    assert problem.prop == "routes['GET /b'].auth.handler"
    assert "names the authorizer's function 'HandlerAuthorizer'" in problem.message
    # AND the name suggested says what the function is, as the unnamed one did
    assert problem.fix.endswith("e.g. name='OperatorsHandlerAuthorizer'")


def test_an_authorizer_s_suggested_name_is_no_route_function_s(tmp_path: Path) -> None:
    # GIVEN two unnamed route authorizers that clash, and a route whose function already
    # has the name the fix would suggest (the authorizers' suggestion never looked at the
    # routes' functions)
    (code,) = _handlers(tmp_path, "auth")
    api_code = Path(__file__).parent / "fixtures" / "handlers" / "echo"

    def route(module: str, name: str) -> Route:
        return Route(
            Handler(code=str(api_code), name=name),
            auth=ApiAuth.function(Handler(code=str(code), entry=f"{module}.handler")),
        )

    routes = {
        "GET /a": route("devices", "Devices"),
        "GET /b": route("operators", "OperatorsHandlerAuthorizer"),
    }
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes=routes, auth=JWT)
    # THEN the fix suggests a name no function of the API has
    (problem,) = raised.value.problems
    assert problem.prop == "routes['GET /b'].auth.handler"
    assert problem.fix.endswith("e.g. name='OperatorsHandlerAuthorizer2'")


def test_a_route_function_s_suggested_name_is_no_later_route_s_nor_an_authorizer_s(
    tmp_path: Path,
) -> None:
    # GIVEN two routes whose functions clash ('Handler'), a later route's function already
    # named 'PostOrdersId' and a route authorizer named 'PostOrdersId2' (the suggestion
    # saw the routes' functions only, not the authorizers')
    first, second, auth = _handlers(tmp_path, "first", "second", "auth")
    api_code = Path(__file__).parent / "fixtures" / "handlers" / "echo"
    authorizer = Handler(code=str(auth), entry="devices.handler", name="PostOrdersId2")
    routes: dict[str, Handler | Route] = {
        "GET /orders": Handler(code=str(first), entry="h.handler"),
        "POST /orders/{id}": Handler(code=str(second), entry="h.handler"),
        "GET /orders/{id}": Handler(code=str(api_code), name="PostOrdersId"),
        "GET /devices": Route(
            Handler(code=str(api_code), name="Devices"), auth=ApiAuth.function(authorizer)
        ),
    }
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes=routes, auth=JWT)
    # THEN the fix suggests a name no function of the API has
    (problem,) = raised.value.problems
    assert problem.prop == "routes['POST /orders/{id}'].name"
    assert problem.fix.startswith("pass Handler(..., name='PostOrdersId3')")
    # AND with it the API builds
    routes["POST /orders/{id}"] = Handler(code=str(second), entry="h.handler", name="PostOrdersId3")
    api = ServerlessApi(new_stack(), "Api", routes=routes, auth=JWT)
    assert api.functions["POST /orders/{id}"].node.path == "Test/Api/PostOrdersId3/Function"
