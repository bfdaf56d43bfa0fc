"""ServerlessApi with ApiAuth.function: a Lambda authorizer (payload 2.0, simple responses)
whose function is built as the routes' are, with a role of its own, and its checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk.assertions import Match, Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    CorsPolicy,
    FunctionDefaults,
    Handler,
    Network,
    ServerlessApi,
    TableOptions,
)
from tests.support import (
    CDK_CONTEXT,
    ECHO,
    FUNCTION_DEFAULTS,
    assert_every_problem,
    echo_handler,
    nag_findings,
    new_stack,
)
from tests.template_support import authorizers_of

AUTHORIZER = echo_handler(entry="app.other")
ROUTE = echo_handler()


def _api(stack: cdk.Stack, auth: ApiAuth | None = None, **props: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /items": ROUTE, "POST /items": ROUTE},
        auth=auth or ApiAuth.function(AUTHORIZER),
        **props,
    )


def test_every_route_is_behind_a_request_authorizer_with_simple_responses_and_no_cache() -> None:
    stack = new_stack()
    api = _api(stack)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::ApiGatewayV2::Authorizer", 1)
    template.has_resource_properties(
        "AWS::ApiGatewayV2::Authorizer",
        {
            "AuthorizerType": "REQUEST",
            "AuthorizerPayloadFormatVersion": "2.0",
            "EnableSimpleResponses": True,
            "IdentitySource": ["$request.header.Authorization"],
            "AuthorizerResultTtlInSeconds": 0,
        },
    )
    routes = template.find_resources("AWS::ApiGatewayV2::Route")
    assert len(routes) == 2
    assert {r["Properties"]["AuthorizationType"] for r in routes.values()} == {"CUSTOM"}
    assert all("AuthorizerId" in r["Properties"] for r in routes.values())
    # API Gateway may invoke the authorizer's alias, from this API's authorizers only
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Action": "lambda:InvokeFunction",
            "Principal": "apigateway.amazonaws.com",
            "FunctionName": {"Ref": Match.string_like_regexp("^ApiAuthorizerLive")},
            "SourceArn": Match.object_like(
                {"Fn::Join": ["", Match.array_with([Match.string_like_regexp("/authorizers/")])]}
            ),
        },
    )
    assert api.authorizer_function is not None
    assert api.authorizer_function.node.path == "Test/Api/Authorizer/Function"
    assert api.authorizer_function not in api.functions.values()


def test_the_authorizer_function_has_the_library_defaults_and_a_role_granted_no_table() -> None:
    stack = new_stack()
    api = _api(stack, table=TableOptions(partition_key="id"))
    template = Template.from_stack(stack)
    authorizer = stack.resolve(api.authorizer_function.node.default_child.logical_id)  # type: ignore[union-attr]
    function = template.to_json()["Resources"][authorizer]
    assert FUNCTION_DEFAULTS.items() <= function["Properties"].items()
    assert "TABLE_NAME" not in json.dumps(function["Properties"].get("Environment", {}))
    role = function["Properties"]["Role"]["Fn::GetAtt"][0]
    policies = [
        p
        for p in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role} in p["Properties"]["Roles"]
    ]
    assert "dynamodb" not in json.dumps(policies)
    # the routes' function still reads and writes the table
    assert "dynamodb:PutItem" in json.dumps(template.find_resources("AWS::IAM::Policy"))


def test_the_identity_sources_and_cache_ttl_are_the_ones_given() -> None:
    stack = new_stack()
    auth = ApiAuth.function(
        AUTHORIZER,
        identity_source=["$request.header.X-Api-Key", "$context.identity.sourceIp"],
        results_cache_ttl=Duration.minutes(5),
    )
    _api(stack, auth)
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::Authorizer",
        {
            "IdentitySource": ["$request.header.X-Api-Key", "$context.identity.sourceIp"],
            "AuthorizerResultTtlInSeconds": 300,
        },
    )


def test_the_authorizer_function_gets_function_defaults_the_network_and_alarms() -> None:
    stack = new_stack()
    FunctionDefaults.of(stack).set(memory_mib=512)
    api = _api(stack, network=Network(stack, "Network"), alarms=True)
    template = Template.from_stack(stack)
    logical_id = stack.resolve(api.authorizer_function.node.default_child.logical_id)  # type: ignore[union-attr]
    properties = template.to_json()["Resources"][logical_id]["Properties"]
    assert properties["MemorySize"] == 512
    assert "VpcConfig" in properties
    alarmed = [a for a in api.alarms if a.node.path.startswith("Test/Api/Authorizer/")]
    assert alarmed, [a.node.path for a in api.alarms]


def test_an_api_behind_a_lambda_authorizer_leaves_no_cdk_nag_finding(tmp_path: Path) -> None:
    # an authorizer IS authorization: its routes need no "public" acknowledgement
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test")
    _api(stack, table=TableOptions(partition_key="id"))
    assert nag_findings(app, tmp_path) == set()


@pytest.mark.parametrize(
    ("auth", "identity_source", "ttl"),
    [
        (
            ApiAuth.function(AUTHORIZER, identity_source=["$request.querystring.api_key"]),
            ["$request.querystring.api_key"],
            0,
        ),
        (
            ApiAuth.function(AUTHORIZER, identity_source=["$stageVariables.tenant"]),
            ["$stageVariables.tenant"],
            0,
        ),
        (
            ApiAuth.function(AUTHORIZER, identity_source=["$request.header.X-Hub-Signature-256"]),
            ["$request.header.X-Hub-Signature-256"],
            0,
        ),
        (ApiAuth.function(AUTHORIZER, identity_source=[]), [], 0),  # no cache: none needed
        (
            ApiAuth.function(AUTHORIZER, results_cache_ttl=Duration.hours(1)),
            ["$request.header.Authorization"],
            3600,
        ),
        (
            ApiAuth.function(AUTHORIZER, results_cache_ttl=Duration.seconds(0), identity_source=()),
            [],
            0,
        ),
    ],
)
def test_every_form_and_range_api_gateway_takes_is_accepted(
    auth: ApiAuth, identity_source: list[str], ttl: int
) -> None:
    api = _api(new_stack(), auth)
    # THEN the request authorizer takes the identity source and cache TTL as given
    (authorizer,) = authorizers_of(api)
    assert (authorizer["type"], authorizer["identity_source"], authorizer["ttl"]) == (
        "REQUEST",
        identity_source,
        ttl,
    )


def test_every_problem_of_the_authorizer_is_listed_at_once() -> None:
    stack = new_stack()
    auth = ApiAuth.function(
        AUTHORIZER,
        identity_source=[
            "method.request.header.Authorization",
            "Authorization",
            "$request.header.Authorization",
            "$request.header.authorization",
        ],
        results_cache_ttl=Duration.hours(2),
    )
    error = assert_every_problem(
        lambda: _api(stack, auth),
        {},
        "Test/Api",
        [
            "auth.identity_source[0]",
            "auth.identity_source[1]",
            "auth.identity_source[3]",
            "auth.results_cache_ttl",
        ],
    )
    text = str(error)
    assert "write '$request.header.Authorization' (an HTTP API's form)" in text
    # a header's name alone: its HTTP API form first
    assert "write '$request.header.Authorization' for the header, or one of" in text
    assert "'$request.header.Name', '$request.querystring.name'" in text
    assert "0 (no cache) to 3600 seconds" in text


@pytest.mark.parametrize(
    ("auth", "prop", "message"),
    [
        (
            ApiAuth.function(AUTHORIZER, identity_source=[], results_cache_ttl=Duration.minutes(1)),
            "auth.results_cache_ttl",
            "caching needs at least one",
        ),
        (
            ApiAuth.function(AUTHORIZER, results_cache_ttl=Duration.millis(1500)),
            "auth.results_cache_ttl",
            "in whole seconds",
        ),
        (
            ApiAuth.function(AUTHORIZER, results_cache_ttl=300),  # type: ignore[arg-type]
            "auth.results_cache_ttl",
            "not a Duration",
        ),
        (
            ApiAuth.function(AUTHORIZER, identity_source="$request.header.Authorization"),  # type: ignore[arg-type]
            "auth.identity_source",
            "not a list of strings",
        ),
        (ApiAuth.function("authorizer.handler"), "auth.handler", "Handler"),  # type: ignore[arg-type]
        (ApiAuth.function(ROUTE), "auth.handler", "is also a route's handler"),
        (
            # it synthesized: API Gateway stops waiting for an authorizer at 10 s
            ApiAuth.function(echo_handler(entry="app.other", timeout=Duration.seconds(11))),
            "auth.handler.timeout",
            "waits 10 seconds for an authorizer's answer",
        ),
        (
            ApiAuth("iam", identity_source=["$request.header.Authorization"]),
            "auth.identity_source",
            "only ApiAuth.function",
        ),
    ],
)
def test_a_bad_authorizer_is_a_construct_error_naming_the_prop_and_fix(
    auth: ApiAuth, prop: str, message: str
) -> None:
    with pytest.raises(ConstructError) as raised:
        _api(new_stack(), auth)
    problems = [p for p in raised.value.problems if p.prop == prop]
    assert problems, raised.value
    assert message in f"{problems[0].message} {problems[0].fix}"
    assert all(p.path == "Test/Api" and p.fix for p in raised.value.problems)


def test_a_route_function_named_like_the_authorizer_is_refused() -> None:
    stack = new_stack()
    with pytest.raises(ConstructError, match="give that route's Handler another name="):
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /a": echo_handler(name="Authorizer")},
            auth=ApiAuth.function(AUTHORIZER),
        )


def test_an_api_of_another_auth_has_no_authorizer_function() -> None:
    stack = new_stack()
    api = _api(stack, ApiAuth.iam())
    assert api.authorizer_function is None
    Template.from_stack(stack).resource_count_is("AWS::ApiGatewayV2::Authorizer", 0)


def test_cors_allows_the_headers_the_authorizer_reads_by_default() -> None:
    # Proves (user trial): with identity_source=['$request.header.X-Api-Key'] the default
    # preflight allowed only authorization and content-type: browsers never sent the key
    stack = new_stack()
    auth = ApiAuth.function(
        AUTHORIZER, identity_source=["$request.header.X-Api-Key", "$context.http.sourceIp"]
    )
    _api(stack, auth, cors=CorsPolicy(allow_origins=["https://app.example.com"]))
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::Api",
        {
            "CorsConfiguration": Match.object_like(
                {"AllowHeaders": ["authorization", "content-type", "x-api-key"]}
            )
        },
    )


def test_cors_headers_of_your_own_must_list_the_authorizers_headers() -> None:
    stack = new_stack()
    auth = ApiAuth.function(AUTHORIZER, identity_source=["$request.header.X-Api-Key"])
    cors = CorsPolicy(allow_origins=["https://app.example.com"], allow_headers=["content-type"])
    with pytest.raises(ConstructError, match="without 'x-api-key': browsers would not send"):
        _api(stack, auth, cors=cors)
    # '*' covers it (it is not authorization), as does the name in any case
    for allowed in (["*"], ["Content-Type", "X-API-Key"]):
        wide = CorsPolicy(allow_origins=["https://app.example.com"], allow_headers=allowed)
        _api(new_stack(), auth, cors=wide)


def test_one_auth_on_two_apis_gives_each_its_own_authorizer_function() -> None:
    # a Handler used elsewhere (another API, a worker) is another function: allowed
    stack = new_stack()
    auth = ApiAuth.function(AUTHORIZER)
    first = ServerlessApi(stack, "First", routes={"GET /a": ROUTE}, auth=auth)
    second = ServerlessApi(stack, "Second", routes={"GET /b": ROUTE}, auth=auth)
    assert first.authorizer_function is not second.authorizer_function
    Template.from_stack(stack).resource_count_is("AWS::ApiGatewayV2::Authorizer", 2)


def test_an_authorizer_within_api_gateways_wait_passes_whatever_function_defaults_say() -> None:
    stack = new_stack()
    FunctionDefaults.of(stack).set(timeout=Duration.seconds(29))  # the routes' own limit
    api = _api(
        stack, ApiAuth.function(echo_handler(entry="app.other", timeout=Duration.seconds(10)))
    )
    assert api.authorizer_function is not None
    _api(new_stack(), ApiAuth.function(AUTHORIZER))  # no timeout of its own: the library's 10 s
    for seconds in (5, 10):  # inherited, within the wait
        within = new_stack()
        FunctionDefaults.of(within).set(timeout=Duration.seconds(seconds))
        _api(within, ApiAuth.function(AUTHORIZER))
    # the nearest FunctionDefaults wins, as for the function built
    nearer = new_stack()
    FunctionDefaults.of(nearer.node.scope).set(timeout=Duration.seconds(29))
    FunctionDefaults.of(nearer).set(timeout=Duration.seconds(8))
    _api(nearer, ApiAuth.function(AUTHORIZER))


@pytest.mark.parametrize("on_app", [False, True])
def test_an_authorizer_inheriting_a_timeout_past_api_gateways_wait_is_refused(on_app: bool) -> None:
    # Proves (bad40): it synthesized with FunctionDefaults' 29 s, checked on the Handler only
    stack = new_stack()
    FunctionDefaults.of(stack.node.scope if on_app else stack).set(timeout=Duration.seconds(29))
    with pytest.raises(ConstructError) as raised:
        _api(stack, ApiAuth.function(AUTHORIZER))
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/Api", "auth.handler.timeout")
    where = "the app" if on_app else "'Test'"
    assert f"inherits 29 seconds from the FunctionDefaults of {where}" in problem.message
    assert "waits 10 seconds for an authorizer's answer" in problem.message
    assert "Handler a timeout of its own: Handler(timeout=Duration.seconds(10))" in problem.fix


def test_an_image_route_handler_as_the_authorizer_is_told_cmd_not_entry() -> None:
    # an image Handler takes no entry=: the fix told one to give it another entry
    image = Handler.from_image(ECHO.parent.parent / "images" / "echo", cmd=["app.handler"])
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes={"GET /a": image}, auth=ApiAuth.function(image))
    (problem,) = [p for p in raised.value.problems if p.prop == "auth.handler"]
    assert "the image in " in problem.message and "cmd=['app.handler']" in problem.message
    assert "cmd=['authorizer.handler']" in problem.fix and "entry" not in problem.fix
    # the same image with another cmd is a function of its own
    other = Handler.from_image(ECHO.parent.parent / "images" / "echo", cmd=["app.other"])
    ServerlessApi(new_stack(), "Api", routes={"GET /a": image}, auth=ApiAuth.function(other))
