"""Route(handler, auth=ApiAuth....): a route behind an authorizer of its own while the API's
``auth`` stays every other route's: each kind per route, one authorizer per distinct
setting with names from the setting, scopes against the route's authorizer, cdk-nag,
monitoring, CORS, the refusals, and an API without it unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_cognito as cognito
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    CorsPolicy,
    Route,
    ServerlessApi,
    TableAccess,
    TableOptions,
)
from constructs_lib._switched_off import AUTHORIZER_SWITCHED_OFF_WARNING
from tests.support import CDK_CONTEXT, assert_every_problem, echo_handler, nag_findings, new_stack

ITEMS = echo_handler()
TELEMETRY = echo_handler(name="Telemetry")
AGGREGATES = echo_handler(name="Aggregates")
#: the device tokens' authorizer: a Handler of its own, named as its function is
DEVICE_TOKENS = echo_handler(entry="app.other", name="DeviceTokens")
JWT = ApiAuth.jwt("https://auth.example.com/", ["todo-api"])
ADMIN_SCOPE = "aws.cognito.signin.user.admin"  # a scope every default client may request


def _devices(**options: Any) -> ApiAuth:
    return ApiAuth.function(
        DEVICE_TOKENS, identity_source=["$request.header.X-Device-Token"], **options
    )


def _operators(stack: cdk.Stack, name: str = "Operators") -> ApiAuth:
    pool = cognito.UserPool(stack, name)
    return ApiAuth.cognito(pool, [pool.add_client("Console")])


def _api(routes: dict[str, Any], stack: cdk.Stack | None = None, **props: Any) -> ServerlessApi:
    return ServerlessApi(stack or new_stack(), "Api", routes=routes, **{"auth": JWT, **props})


def _resources(api: ServerlessApi, kind: str) -> dict[str, dict[str, Any]]:
    return Template.from_stack(cdk.Stack.of(api)).find_resources(kind)


def _routes(api: ServerlessApi) -> dict[str, dict[str, Any]]:
    """Each route resource's properties, by route key."""
    found = _resources(api, "AWS::ApiGatewayV2::Route")
    return {r["Properties"]["RouteKey"]: r["Properties"] for r in found.values()}


def _authorizer_id(api: ServerlessApi, name: str) -> dict[str, str]:
    """The AuthorizerId a route has for the authorizer of construct id ``name``."""
    resource = api.http_api.node.find_child(name).node.default_child
    return {"Ref": cdk.Stack.of(api).resolve(resource.logical_id)}


def _mixed(stack: cdk.Stack, **props: Any) -> ServerlessApi:
    """The trial's product: devices with a Lambda authorizer, operators with Cognito, a
    machine client signing with IAM, and the API's JWT for the rest."""
    devices = _devices()
    return _api(
        {
            "POST /v1/telemetry": Route(TELEMETRY, auth=devices),
            "PUT /v1/telemetry": Route(TELEMETRY, auth=devices),
            "GET /v1/aggregates": Route(
                AGGREGATES, auth=_operators(stack), authorization_scopes=[ADMIN_SCOPE]
            ),
            "GET /v1/exports": Route(echo_handler(name="Exports"), auth=ApiAuth.iam()),
            "GET /items": ITEMS,
        },
        stack,
        **props,
    )


def test_each_route_is_behind_its_own_authorizer_and_the_others_behind_the_api_s() -> None:
    stack = new_stack()
    api = _mixed(stack)
    routes = _routes(api)
    # THEN the device routes share one Lambda authorizer (CUSTOM), named as its Handler
    telemetry = _authorizer_id(api, "DeviceTokensLambdaAuthorizer")
    for key in ("POST /v1/telemetry", "PUT /v1/telemetry"):
        assert routes[key]["AuthorizationType"] == "CUSTOM"
        assert routes[key]["AuthorizerId"] == telemetry
    # AND the operators' route its Cognito authorizer (JWT), named after the pool, with scopes
    aggregates = routes["GET /v1/aggregates"]
    assert aggregates["AuthorizationType"] == "JWT"
    assert aggregates["AuthorizerId"] == _authorizer_id(api, "OperatorsCognitoAuthorizer")
    assert aggregates["AuthorizationScopes"] == [ADMIN_SCOPE]
    # AND the machine route is signed (AWS_IAM, no authorizer resource)
    assert routes["GET /v1/exports"]["AuthorizationType"] == "AWS_IAM"
    assert "AuthorizerId" not in routes["GET /v1/exports"]
    # AND the other route keeps the API's JWT authorizer, under its id of before
    assert routes["GET /items"]["AuthorizationType"] == "JWT"
    assert routes["GET /items"]["AuthorizerId"] == _authorizer_id(api, "JwtAuthorizer")
    # AND there are three authorizers, one invoke permission for the Lambda authorizer
    assert len(_resources(api, "AWS::ApiGatewayV2::Authorizer")) == 3
    function = api.authorizer_functions["POST /v1/telemetry"]
    invoking = [
        p
        for p in _resources(api, "AWS::Lambda::Permission").values()
        if "AuthorizerPermission" in str(p) or "authorizers" in str(p["Properties"]["SourceArn"])
    ]
    assert len(invoking) == 1
    assert function.node.path == "Test/Api/DeviceTokens/Function"
    assert api.authorizer_functions["PUT /v1/telemetry"] is function
    assert "GET /items" not in api.authorizer_functions


def test_the_attributes_name_each_route_s_authorizer() -> None:
    api = _mixed(new_stack())
    assert api.authorizers["GET /items"] is api.authorizer
    assert api.authorizers["POST /v1/telemetry"] is api.authorizers["PUT /v1/telemetry"]
    assert api.authorizers["GET /v1/aggregates"] is not api.authorizer
    with pytest.raises(ConstructError, match=r"authorizers\['GET /nothing'\].*no route"):
        api.authorizers["GET /nothing"]


AUTHORIZATION = {"jwt": "JWT", "cognito": "JWT", "iam": "AWS_IAM", "function": "CUSTOM"}


def _auth(kind: str, stack: cdk.Stack) -> ApiAuth:
    return {
        "jwt": lambda: ApiAuth.jwt("https://partners.example.org/", ["partners"]),
        "cognito": lambda: _operators(stack),
        "iam": ApiAuth.iam,
        "function": _devices,
    }[kind]()


@pytest.mark.parametrize("api_kind", [*AUTHORIZATION, "none"])
@pytest.mark.parametrize("route_kind", AUTHORIZATION)
def test_every_kind_of_auth_goes_on_a_route_of_an_api_of_every_kind(
    route_kind: str, api_kind: str
) -> None:
    stack = new_stack()
    api_auth = (
        ApiAuth.none(reason="a public catalogue, read-only")
        if api_kind == "none"
        else ApiAuth.function(echo_handler(entry="app.other", name="Keys"))
        if api_kind == "function"
        else _operators(stack, "Users")
        if api_kind == "cognito"
        else _auth(api_kind, stack)
    )
    api = _api(
        {
            "GET /items": ITEMS,
            "POST /v1/telemetry": Route(TELEMETRY, auth=_auth(route_kind, stack)),
        },
        stack,
        auth=api_auth,
    )
    routes = _routes(api)
    assert routes["POST /v1/telemetry"]["AuthorizationType"] == AUTHORIZATION[route_kind]
    assert routes["GET /items"]["AuthorizationType"] == AUTHORIZATION.get(api_kind, "NONE")


def test_a_route_s_cognito_authorizer_without_clients_gets_its_own_new_client() -> None:
    stack = new_stack()
    pool = cognito.UserPool(stack, "Operators")
    api = _api(
        {"GET /items": ITEMS, "GET /v1/aggregates": Route(AGGREGATES, auth=ApiAuth.cognito(pool))},
        stack,
    )
    clients = Template.from_stack(stack).find_resources("AWS::Cognito::UserPoolClient")
    assert len(clients) == 1
    assert _routes(api)["GET /v1/aggregates"]["AuthorizationType"] == "JWT"


# --- one authorizer per setting ---------------------------------------------------------


def test_equal_auths_are_one_authorizer_and_the_api_s_own_is_the_api_s() -> None:
    # GIVEN routes given distinct but equal ApiAuths, and one given the API's own setting
    stack = new_stack()
    api = _api(
        {
            "GET /items": ITEMS,
            "POST /v1/telemetry": Route(TELEMETRY, auth=_devices()),
            "PUT /v1/telemetry": Route(TELEMETRY, auth=_devices()),
            "GET /v1/mine": Route(
                AGGREGATES, auth=ApiAuth.jwt("https://auth.example.com/", ["todo-api"])
            ),
        },
        stack,
    )
    # THEN the two device routes share one authorizer and one function
    assert len(_resources(api, "AWS::ApiGatewayV2::Authorizer")) == 2
    assert api.authorizers["POST /v1/telemetry"] is api.authorizers["PUT /v1/telemetry"]
    assert api.authorizers["GET /v1/mine"] is api.authorizer


def test_an_api_without_per_route_auth_synthesizes_as_before() -> None:
    # GIVEN the same API without per-route auth, and with every route given the API's auth
    def template(auth: ApiAuth | None) -> dict[str, Any]:
        stack = new_stack()
        own = {"auth": auth} if auth else {}
        _api(
            {
                "GET /items": Route(ITEMS, **own),
                "POST /v1/telemetry": Route(TELEMETRY, **own),
                "GET /health": Route(
                    AGGREGATES,
                    public="load balancers carry no token",
                    table_access=TableAccess.READ,  # a public route says it (leastpriv52)
                ),
            },
            stack,
            table=TableOptions(),
            cors=CorsPolicy(allow_origins=["https://app.example.com"]),
        )
        return Template.from_stack(stack).to_json()

    # THEN the templates are the same: the API's authorizer, under its construct id of
    # before (Test/Api/HttpApi/JwtAuthorizer), and nothing more
    assert template(JWT) == template(None)
    api = _api({"GET /items": ITEMS}, auth=ApiAuth.function(DEVICE_TOKENS))
    assert api.http_api.node.try_find_child("LambdaAuthorizer") is not None
    assert api.authorizer_function.node.path == "Test/Api/Authorizer/Function"  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["iam", "cognito", "function"])
def test_a_route_given_the_api_s_own_auth_is_accepted_without_a_warning(kind: str) -> None:
    # Proves (papercuts48): Route(auth=ApiAuth.iam()) on an IAM API was thought silently
    # wrong. It is the API's authorizer on purpose (documented): a route may pin its auth,
    # so that changing the API's later leaves it behind the same one; a warning would fail
    # `cdk synth --strict` for that deliberate pin
    def synthesized(restated: bool) -> tuple[dict[str, Any], list[Any]]:
        stack = new_stack()
        auth = _auth(kind, stack)
        equal = (
            ApiAuth.cognito(auth.user_pool, list(auth.clients))  # the same pool and clients
            if kind == "cognito"
            else _auth(kind, stack)
        )
        own = {"auth": equal} if restated else {}
        _api({"GET /items": ITEMS, "POST /v1/exports": Route(TELEMETRY, **own)}, stack, auth=auth)
        warnings = Annotations.from_stack(stack).find_warning("*", Match.any_value())
        return Template.from_stack(stack).to_json(), warnings

    # GIVEN a route given an ApiAuth equal to the API's (another object, the same setting)
    # THEN it synthesizes as the route without one does, and warns of nothing more
    assert synthesized(restated=True) == synthesized(restated=False)


def test_names_come_from_the_setting_not_from_the_routes_order() -> None:
    def paths(first: str) -> set[str]:
        stack = new_stack()
        routes = {
            "GET /a": Route(ITEMS, auth=ApiAuth.jwt("https://partners.example.org/", ["p"])),
            "GET /b": Route(TELEMETRY, auth=ApiAuth.jwt("https://partners.example.org/", ["q"])),
            "GET /c": Route(AGGREGATES, auth=_devices()),
        }
        ordered = {first: routes.pop(first), **routes}
        api = _api(ordered, stack)
        return {c.node.path for c in api.node.find_all() if "Authorizer" in c.node.id}

    found = paths("GET /a")
    assert {
        "Test/Api/HttpApi/PartnersExampleOrgJwtAuthorizer",
        "Test/Api/HttpApi/PartnersExampleOrg2JwtAuthorizer",
        "Test/Api/HttpApi/DeviceTokensLambdaAuthorizer",
    } <= found
    # the Lambda authorizer's function (its log group a stateful resource) is named as its
    # Handler wherever its routes are
    assert paths("GET /c") >= {"Test/Api/HttpApi/DeviceTokensLambdaAuthorizer"}
    stack = new_stack()
    api = _api({"GET /z": ITEMS, "GET /c": Route(AGGREGATES, auth=_devices())}, stack)
    assert api.authorizer_functions["GET /c"].node.path == "Test/Api/DeviceTokens/Function"


# --- scopes -----------------------------------------------------------------------------


def test_scopes_are_checked_against_the_route_s_authorizer_not_the_api_s() -> None:
    # GIVEN an IAM API whose operators' route has Cognito auth: its scopes are taken
    stack = new_stack()
    api = _api(
        {
            "GET /items": ITEMS,
            "GET /v1/aggregates": Route(
                AGGREGATES, auth=_operators(stack), authorization_scopes=[ADMIN_SCOPE]
            ),
        },
        stack,
        auth=ApiAuth.iam(),
    )
    assert _routes(api)["GET /v1/aggregates"]["AuthorizationScopes"] == [ADMIN_SCOPE]
    # AND on a JWT API a route with IAM auth of its own cannot take scopes
    with pytest.raises(ConstructError) as raised:
        _api({"GET /x": Route(ITEMS, auth=ApiAuth.iam(), authorization_scopes=["items/read"])})
    (problem,) = raised.value.problems
    assert problem.prop == "routes['GET /x'].authorization_scopes"
    assert "but `routes['GET /x'].auth` is 'iam'" in problem.message
    # AND a Cognito scope no client of the route's pool may request is refused
    stack = new_stack()
    with pytest.raises(ConstructError, match=r"routes\['GET /x'\]\.authorization_scopes\[0\]"):
        _api(
            {"GET /x": Route(ITEMS, auth=_operators(stack), authorization_scopes=["orders/x"])},
            stack,
        )


# --- cdk-nag, monitoring, warnings --------------------------------------------------------


def test_a_mixed_api_leaves_no_cdk_nag_finding(tmp_path: Path) -> None:
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test")
    _mixed(stack, table=TableOptions(partition_key="id"))
    # only the user pool's own findings (MFA, password policy), none of the API's
    assert {path for _rule, path in nag_findings(app, tmp_path)} == {"Test/Operators/Resource"}


def test_a_route_s_lambda_authorizer_is_monitored_as_the_api_s() -> None:
    api = _mixed(new_stack(), alarms=True)
    alarmed = [a for a in api.alarms if a.node.path.startswith("Test/Api/DeviceTokens/")]
    assert alarmed, [a.node.path for a in api.alarms]
    # THEN its errors and throttles are alarmed on, as a route function's, on its function
    stack = cdk.Stack.of(api)
    function = api.authorizer_functions["POST /v1/telemetry"]
    dimension = [{"name": "FunctionName", "value": stack.resolve(function.function_name)}]
    alarms = [alarm.node.default_child for alarm in alarmed]
    assert sorted(stack.resolve(alarm.metric_name) for alarm in alarms) == ["Errors", "Throttles"]
    assert all(stack.resolve(alarm.dimensions) == dimension for alarm in alarms)


def test_a_switched_off_route_authorizer_warns_naming_the_route() -> None:
    stack = new_stack()
    off = ApiAuth.function(echo_handler(entry="app.other", name="Off", reserved_concurrency=0))
    _api({"GET /items": ITEMS, "GET /x": Route(TELEMETRY, auth=off)}, stack)
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    texts = [
        str(w.entry.data) for w in found if AUTHORIZER_SWITCHED_OFF_WARNING in str(w.entry.data)
    ]
    assert len(texts) == 1
    assert "routes['GET /x'].auth.handler.reserved_concurrency is 0" in texts[0]


# --- CORS -------------------------------------------------------------------------------


def _cors_headers(api: ServerlessApi) -> list[str]:
    (resource,) = _resources(api, "AWS::ApiGatewayV2::Api").values()
    return resource["Properties"]["CorsConfiguration"]["AllowHeaders"]


def test_cors_allows_by_default_the_headers_of_every_authorizer() -> None:
    cors = CorsPolicy(allow_origins=["https://app.example.com"])
    api = _mixed(new_stack(), cors=cors)
    headers = _cors_headers(api)
    assert {"authorization", "x-device-token", "x-amz-date", "x-amz-security-token"} <= set(headers)


def test_cors_headers_of_your_own_must_list_a_route_authorizer_s() -> None:
    cors = CorsPolicy(allow_origins=["https://app.example.com"], allow_headers=["authorization"])
    with pytest.raises(ConstructError) as raised:
        _api({"GET /items": ITEMS, "GET /x": Route(TELEMETRY, auth=_devices())}, cors=cors)
    (problem,) = raised.value.problems
    assert problem.prop == "cors.allow_headers"
    assert "'x-device-token'" in problem.message
    # AND with it listed the API builds
    cors = CorsPolicy(
        allow_origins=["https://app.example.com"],
        allow_headers=["authorization", "x-device-token"],
    )
    _api({"GET /items": ITEMS, "GET /x": Route(TELEMETRY, auth=_devices())}, cors=cors)


# --- refusals -------------------------------------------------------------------------------


def test_every_problem_of_routes_auth_is_listed_at_once_with_the_route_key() -> None:
    stack = new_stack()
    reason = "load balancers carry no token"
    routes = {
        "GET /items": ITEMS,
        "GET /none": Route(ITEMS, auth=ApiAuth.none(reason=reason)),
        "GET /both": Route(ITEMS, auth=ApiAuth.jwt("https://a.example.com/", []), public=reason),
        "GET /str": Route(ITEMS, auth="jwt"),  # type: ignore[arg-type]
        "POST /v1/telemetry": Route(
            TELEMETRY, auth=ApiAuth.jwt("http://auth.example.com", ["a", "a"])
        ),
        "GET /own": Route(AGGREGATES, auth=ApiAuth.function(ITEMS)),  # a route's handler
        "GET /cache": Route(AGGREGATES, auth=_devices(results_cache_ttl=Duration.hours(2))),
    }
    error = assert_every_problem(
        lambda **props: _api(props["routes"], stack),
        {"routes": routes},
        "Test/Api",
        [
            "routes['GET /none'].auth",
            "routes['GET /both'].auth",
            "routes['GET /both'].auth.audiences",
            "routes['GET /str'].auth",
            "routes['POST /v1/telemetry'].auth.issuer",
            "routes['POST /v1/telemetry'].auth.audiences",
            "routes['GET /own'].auth.handler",
            "routes['GET /cache'].auth.results_cache_ttl",
        ],
    )
    messages = {p.prop: (p.message, p.fix) for p in error.problems}
    assert "Route(handler, public=" in messages["routes['GET /none'].auth"][1]
    assert "either behind an authorizer or public" in messages["routes['GET /both'].auth"][0]
    assert "is 'jwt', a str, not an ApiAuth" in messages["routes['GET /str'].auth"][0]


def test_a_shared_object_s_problem_is_listed_once_at_its_first_route() -> None:
    bad = ApiAuth.jwt("https://auth.example.com/", [])
    with pytest.raises(ConstructError) as raised:
        _api({"GET /a": Route(ITEMS, auth=bad), "GET /b": Route(TELEMETRY, auth=bad)})
    assert [p.prop for p in raised.value.problems] == ["routes['GET /a'].auth.audiences"]


def test_one_handler_with_two_settings_or_a_taken_name_is_refused() -> None:
    with pytest.raises(ConstructError) as raised:
        _api(
            {
                "GET /a": Route(ITEMS, auth=_devices()),
                "GET /b": Route(TELEMETRY, auth=_devices(results_cache_ttl=Duration.minutes(5))),
                "GET /c": Route(AGGREGATES, auth=ApiAuth.function(echo_handler(name="Table"))),
            },
            auth=ApiAuth.function(echo_handler(entry="app.other", name="Authorizer")),
        )
    problems = {p.prop: p.message for p in raised.value.problems}
    assert list(problems) == ["routes['GET /b'].auth.handler", "routes['GET /c'].auth.handler"]
    assert "equal Handlers are one function" in problems["routes['GET /b'].auth.handler"]
    assert "'Table'" in problems["routes['GET /c'].auth.handler"]
    with pytest.raises(ConstructError, match=r"routes\['GET /a'\]\.auth\.handler.*'Authorizer'"):
        _api(
            {"GET /a": Route(ITEMS, auth=ApiAuth.function(echo_handler(name="Authorizer")))},
            auth=ApiAuth.function(echo_handler(entry="app.other", name="Keys")),
        )


@pytest.mark.parametrize("routes_of_it", [1, 2])
def test_a_route_authorizer_named_as_a_route_s_function_is_refused(routes_of_it: int) -> None:
    # GIVEN a route's function (of one route or two: bad44, it was reported once per route)
    # and a route's Lambda authorizer both named DeviceTokens
    with pytest.raises(ConstructError) as raised:
        _api(
            {
                **{f"GET /a{i}": echo_handler(name="DeviceTokens") for i in range(routes_of_it)},
                "GET /b": Route(TELEMETRY, auth=_devices()),
            }
        )
    (problem,) = raised.value.problems
    assert problem.prop == "routes['GET /b'].auth.handler"
    assert "meets a route's function named 'DeviceTokens'" in problem.message


def test_legitimate_inputs_of_the_same_shapes_pass() -> None:
    # a route's authorizer named 'Authorizer' on an API whose auth has no function
    _api(
        {
            "GET /a": Route(
                ITEMS, auth=ApiAuth.function(echo_handler(entry="app.other", name="Authorizer"))
            )
        }
    )
    # the API's own Lambda authorizer given to a route: the API's, no second one
    keys = ApiAuth.function(echo_handler(entry="app.other", name="Keys"))
    api = _api({"GET /a": ITEMS, "GET /b": Route(TELEMETRY, auth=keys)}, auth=keys)
    assert api.authorizers["GET /b"] is api.authorizer
    # two Lambda authorizers of their own, a public route beside routes with auth
    api = _api(
        {
            "GET /a": Route(ITEMS, auth=_devices()),
            "GET /b": Route(
                TELEMETRY, auth=ApiAuth.function(echo_handler(entry="app.other", name="Partners"))
            ),
            "GET /health": Route(AGGREGATES, public="load balancers carry no token"),
        }
    )
    assert api.authorizers["GET /health"] is None
    # (the API's JWT authorizer guards no route here, so it is not in the template)
    assert len(_resources(api, "AWS::ApiGatewayV2::Authorizer")) == 2
    # an authorizing route on a public API
    api = _api(
        {"GET /a": ITEMS, "POST /admin": Route(TELEMETRY, auth=ApiAuth.iam())},
        auth=ApiAuth.none(reason="a public catalogue, read-only"),
    )
    assert api.authorizers["GET /a"] is None
    assert _routes(api)["POST /admin"]["AuthorizationType"] == "AWS_IAM"
