"""Route(handler, auth=...) from a user's side (the independent check of the feature): two
APIs of one user pool leaving its clients out, a StaticSite of an IAM API whose routes have
authorizers of their own, and the messages of inputs a user gets wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, Route, ServerlessApi, StaticSite
from tests.support import SITE, echo_handler, new_app, new_stack
from tests.template_support import routes_of

ITEMS = echo_handler()
JWT = ApiAuth.jwt("https://auth.example.com/", ["todo-api"])
CLIENT = "AWS::Cognito::UserPoolClient"


def _api(
    scope: cdk.Stack, id: str, route: Route | None = None, prefix: str = "", **props: Any
) -> ServerlessApi:
    routes: dict[str, Any] = {f"GET {prefix}/items": ITEMS}
    routes.update({f"GET {prefix}/own": route} if route else {})
    return ServerlessApi(scope, id, routes=routes, **{"auth": JWT, **props})


def _audiences(stack: cdk.Stack) -> list[Any]:
    """Each Cognito authorizer's audiences (not the JWT ones' of JWT)."""
    found = Template.from_stack(stack).find_resources("AWS::ApiGatewayV2::Authorizer")
    audiences = [r["Properties"]["JwtConfiguration"]["Audience"] for r in found.values()]
    return [a for a in audiences if a != list(JWT.audiences)]


# --- two APIs of one pool, clients left out --------------------------------------------

#: Proves: each pair synthesized to a jsii RuntimeError ("There is already a Construct with
#: name 'UserPoolAuthorizerClient' in UserPool"): aws-cdk-lib adds its new client to the
#: pool under one fixed id, once per authorizer.
PAIRS: dict[str, Callable[[cognito.UserPool], tuple[dict[str, Any], dict[str, Any]]]] = {
    "two APIs' auth": lambda pool: (
        {"auth": ApiAuth.cognito(pool)},
        {"auth": ApiAuth.cognito(pool)},
    ),
    "an API's auth and another's route": lambda pool: (
        {"auth": ApiAuth.cognito(pool)},
        {"route": Route(ITEMS, auth=ApiAuth.cognito(pool))},
    ),
    "two APIs' routes": lambda pool: (
        {"route": Route(ITEMS, auth=ApiAuth.cognito(pool))},
        {"route": Route(ITEMS, auth=ApiAuth.cognito(pool))},
    ),
}


@pytest.mark.parametrize("pair", PAIRS.values(), ids=PAIRS.keys())
def test_apis_leaving_a_pool_s_clients_out_share_its_one_new_client(
    pair: Callable[[cognito.UserPool], tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    first, second = pair(pool)
    _api(stack, "Orders", **first)
    _api(stack, "Billing", **second)
    # THEN one client, aws-cdk-lib's, whose id both authorizers accept as the audience
    clients = Template.from_stack(stack).find_resources(CLIENT)
    assert len(clients) == 1
    (client,) = clients
    assert client.startswith("UsersUserPoolAuthorizerClient")
    assert _audiences(stack) == [[{"Ref": client}]] * 2


def test_another_stack_s_api_shares_the_client_and_the_first_s_template_is_as_before() -> None:
    def template(second: bool) -> tuple[dict[str, Any], cdk.Stack]:
        app = new_app()
        users, orders = cdk.Stack(app, "Users"), cdk.Stack(app, "Orders")
        pool = cognito.UserPool(users, "Pool")
        _api(orders, "Orders", auth=ApiAuth.cognito(pool))
        billing = cdk.Stack(app, "Billing")
        if second:
            _api(billing, "Billing", route=Route(ITEMS, auth=ApiAuth.cognito(pool)))
        return Template.from_stack(orders).to_json(), billing

    alone, _ = template(second=False)
    shared, billing = template(second=True)
    # THEN the first API's stack is unchanged, and the second's authorizer takes the client
    assert shared == alone
    assert "Fn::ImportValue" in str(_audiences(billing))


def test_clients_given_stay_the_api_s_own() -> None:
    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    _api(stack, "Orders", auth=ApiAuth.cognito(pool))
    _api(stack, "Billing", auth=ApiAuth.cognito(pool, [pool.add_client("Billing")]))
    clients = Template.from_stack(stack).find_resources(CLIENT)
    assert len(clients) == 2
    assert sorted(map(str, _audiences(stack))) == sorted(str([{"Ref": c}]) for c in clients)


# --- StaticSite(api=) of an IAM API with authorizers of its routes' own ---------------------


def test_a_site_takes_an_iam_api_whose_routes_have_a_jwt_authorizer_of_their_own() -> None:
    # Proves: refused as "an API whose routes take only SigV4-signed requests", which the
    # route behind its JWT authorizer is not; through the site its calls are answered
    stack = new_stack()
    api = _api(stack, "Api", Route(ITEMS, auth=JWT), "/api", auth=ApiAuth.iam())
    StaticSite(stack, "Site", source=SITE, api=api)
    # THEN the route keeps its JWT authorizer, the others SigV4
    assert routes_of(api) == {"GET /api/items": "AWS_IAM", "GET /api/own": "JWT"}


@pytest.mark.parametrize(
    "route",
    [None, Route(ITEMS, auth=ApiAuth.iam()), Route(ITEMS, public="load balancers' checks")],
    ids=["API's IAM only", "a route's own IAM", "a public route"],
)
def test_a_site_still_refuses_an_iam_api_no_route_of_which_has_another_authorizer(
    route: Route | None,
) -> None:
    stack = new_stack()
    api = _api(stack, "Api", route, "/api", auth=ApiAuth.iam())
    with pytest.raises(ConstructError, match="take only SigV4-signed requests"):
        StaticSite(stack, "Site", source=SITE, api=api)


# --- messages -------------------------------------------------------------------------


@pytest.mark.parametrize("prop", ["auth", "route"])
def test_a_handler_given_as_auth_is_told_to_be_wrapped(prop: str) -> None:
    # Proves: the message spelled out the Handler's every field (code, entry, memory_mib...)
    # and offered the five factories, not the one meant (the API's auth too: bad44)
    handler = echo_handler(name="DeviceTokens")
    given = {"auth": handler} if prop == "auth" else {"route": Route(ITEMS, auth=handler)}
    with pytest.raises(ConstructError) as raised:
        _api(new_stack(), "Api", **given)  # type: ignore[arg-type]
    (problem,) = raised.value.problems
    assert problem.prop == ("auth" if prop == "auth" else "routes['GET /own'].auth")
    assert problem.message.startswith("is the Handler 'DeviceTokens'")
    assert "memory_mib" not in problem.message
    assert "auth=ApiAuth.function(handler)" in problem.fix


@pytest.mark.parametrize("prop", ["auth", "route"])
def test_a_jwt_issuer_left_none_is_missing_not_an_empty_string(prop: str) -> None:
    # Proves: `auth.issuer` is '' (None shown as the empty string it was replaced by)
    auth = ApiAuth.jwt(None, ["todo-api"])  # type: ignore[arg-type]
    given = {"auth": auth} if prop == "auth" else {"route": Route(ITEMS, auth=auth)}
    with pytest.raises(ConstructError) as raised:
        _api(new_stack(), "Api", **given)
    (problem,) = raised.value.problems
    assert problem.prop.endswith("auth.issuer")
    assert problem.message == "is missing"


@pytest.mark.parametrize("prop", ["auth", "route"])
def test_a_factory_given_as_auth_uncalled_is_told_to_be_called(prop: str) -> None:
    # Proves: the fix offered the five factories, not the call of the one given (the API's
    # auth too: bad44)
    given = {"auth": ApiAuth.iam} if prop == "auth" else {"route": Route(ITEMS, auth=ApiAuth.iam)}
    with pytest.raises(ConstructError) as raised:
        _api(new_stack(), "Api", **given)  # type: ignore[arg-type]
    (problem,) = raised.value.problems
    assert problem.prop == ("auth" if prop == "auth" else "routes['GET /own'].auth")
    assert problem.fix == "call it: ApiAuth.iam(...)"


def _function(scope: cdk.Stack) -> lambda_.Function:
    return lambda_.Function(
        scope,
        "Authorizer",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context): return {}"),
    )


#: aws-cdk-lib's authorizers, each with the factory of its kind (a REST API's too)
CDK_AUTHORIZERS: dict[str, tuple[Callable[[cdk.Stack], object], str]] = {
    "HttpIamAuthorizer": (lambda _: authorizers.HttpIamAuthorizer(), "ApiAuth.iam()"),
    "HttpJwtAuthorizer": (
        lambda _: authorizers.HttpJwtAuthorizer("Jwt", JWT.issuer or "", jwt_audience=["a"]),
        "ApiAuth.jwt(issuer, audiences)",
    ),
    "HttpUserPoolAuthorizer": (
        lambda s: authorizers.HttpUserPoolAuthorizer("Users", cognito.UserPool(s, "Pool")),
        "ApiAuth.cognito(user_pool, clients)",
    ),
    "HttpLambdaAuthorizer": (
        lambda s: authorizers.HttpLambdaAuthorizer("Keys", _function(s)),
        "ApiAuth.function(Handler(...))",
    ),
    "TokenAuthorizer (REST)": (
        lambda s: apigw.TokenAuthorizer(s, "Token", handler=_function(s)),
        "ApiAuth.function(Handler(...))",
    ),
}


@pytest.mark.parametrize("prop", ["auth", "route"])
@pytest.mark.parametrize("made", CDK_AUTHORIZERS.values(), ids=CDK_AUTHORIZERS.keys())
def test_an_aws_cdk_lib_authorizer_is_told_the_factory_of_its_kind(
    made: tuple[Callable[[cdk.Stack], object], str], prop: str
) -> None:
    # Proves: the fix listed every factory (ApiAuth.jwt(...), .cognito(...), .iam(), ...)
    # for the authorizer a user had built the aws-cdk-lib way, not the one of its kind
    stack = new_stack()
    build, factory = made
    given = build(stack)
    props = {"auth": given} if prop == "auth" else {"route": Route(ITEMS, auth=given)}
    with pytest.raises(ConstructError) as raised:
        _api(stack, "Api", **props)  # type: ignore[arg-type]
    (problem,) = raised.value.problems
    assert problem.prop == ("auth" if prop == "auth" else "routes['GET /own'].auth")
    assert problem.fix == f"pass {factory} instead: the library builds the authorizer from it"


def test_a_route_s_client_listed_twice_names_no_prop_of_the_api_s_auth() -> None:
    # Proves: "whose ID auth.clients[0] has already", a prop the API's auth names, under
    # `routes['GET /own'].auth.clients[1]`; the empty list's fix named api.authorizer
    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    client = pool.add_client("Web")
    twice, empty = ApiAuth.cognito(pool, [client, client]), ApiAuth.cognito(pool, [])
    with pytest.raises(ConstructError) as raised:
        _api(stack, "Api", route=Route(ITEMS, auth=twice), auth=empty)
    left_empty, listed = raised.value.problems
    assert (left_empty.prop, listed.prop) == ("auth.clients", "routes['GET /own'].auth.clients[1]")
    assert "the client at index 0 has already" in listed.message
    assert "auth.clients" not in listed.message
    assert "api.authorizer" not in left_empty.fix


def test_a_routes_none_on_an_open_api_is_told_to_leave_auth_out() -> None:
    # Proves (docs43): Route(auth=ApiAuth.none(...)) on an API whose auth is ApiAuth.none was
    # told to write Route(handler, public=...), "a route that answers anyone on an API with
    # auth", on an API without auth; leaving auth= out is the fix there
    reason = "a public catalogue, read-only"
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(
            new_stack(),
            "Api",
            routes={"GET /a": Route(echo_handler(), auth=ApiAuth.none(reason=reason))},
            auth=ApiAuth.none(reason=reason),
        )
    [problem] = raised.value.problems
    assert problem.prop == "routes['GET /a'].auth"
    assert "whose own auth is ApiAuth.none" in problem.message
    assert problem.fix == "leave auth= out of this Route"


def test_a_field_of_another_kind_names_both_factories() -> None:
    # Proves (routebad43): ApiAuth("iam", issuer=...) read "..., not a iam auth"
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(
            new_stack(),
            "Api",
            routes={"GET /a": echo_handler()},
            auth=ApiAuth("iam", issuer="https://auth.example.com/"),
        )
    [problem] = raised.value.problems
    assert problem.prop == "auth.issuer"
    assert problem.message.endswith(
        "but only ApiAuth.jwt(issuer, audiences) uses it, not ApiAuth.iam"
    )
