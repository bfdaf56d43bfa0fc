"""ServerlessApi: every secure default, as a spec (GIVEN a default API, THEN ...)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Match, Template

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    ConstructError,
    CorsPolicy,
    Deployment,
    GlobalIndex,
    Network,
    Route,
    ServerlessApi,
    TableAccess,
    TableOptions,
    Throttle,
    _defaults,
)
from constructs_lib.serverless_api.permissions import permission_per_route
from constructs_lib.serverless_api.route_count import (
    RESOURCES_BOUND_API,
    RESOURCES_BOUND_PER_FUNCTION,
    RESOURCES_BOUND_PER_ROUTE,
    ROUTES_WARNING,
)
from constructs_lib.serverless_api.routes import parse_route_key, same_requests, suggested_key
from tests.support import (
    CDK_CONTEXT,
    FUNCTION_DEFAULTS,
    assert_function_parts,
    certificate,
    cfn_lint,
    echo_handler,
    hosted_zone,
    nag_findings,
    networked_canary_options,
    new_stack,
)

JWT = ApiAuth.jwt("https://issuer.example.com/", ["my-client"])


def _resources(template: Template, type_: str) -> dict[str, Any]:
    return template.find_resources(type_)


@pytest.fixture(scope="module")
def default() -> tuple[ServerlessApi, Template]:
    # GIVEN an API with a shared read handler, a writer, a table and CORS
    stack = new_stack()
    reader = echo_handler(entry="app.handler", name="Reader")
    writer = echo_handler(entry="app.other", name="Writer", memory_mib=512)
    api = ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /items": reader,
            "GET /items/{id}": reader,
            "POST /items": writer,
        },
        table=TableOptions(partition_key="pk", sort_key="sk"),
        auth=JWT,
        cors=CorsPolicy(allow_origins=["https://app.example.com"]),
    )
    return api, Template.from_stack(stack)


def _function_logical_id(template: Template, name: str) -> str:
    functions = _resources(template, "AWS::Lambda::Function")
    (logical_id,) = [k for k in functions if k.startswith(f"Api{name}Function")]
    return logical_id


# --- functions -------------------------------------------------------------------------


def test_runtime_is_the_newest_python_aws_cdk_lib_knows() -> None:
    # A newer runtime in aws-cdk-lib fails this test, so the upgrade is deliberate.
    versions = [
        tuple(int(p) for p in name.removeprefix("PYTHON_").split("_"))
        for name in dir(lambda_.Runtime)
        if name.startswith("PYTHON_3_")
    ]
    newest = "python" + ".".join(str(p) for p in max(versions))
    assert _defaults.lambda_runtime().name == newest == "python3.14"
    assert newest == f"python{_defaults.LAMBDA_PYTHON_VERSION}"  # what bundling installs for


def test_equal_handlers_share_one_function(template: Template) -> None:
    template.resource_count_is("AWS::Lambda::Function", 2)


def test_functions_have_secure_explicit_settings(template: Template) -> None:
    template.all_resources_properties(
        "AWS::Lambda::Function",
        {
            **FUNCTION_DEFAULTS,
            "Timeout": 10,
            "LoggingConfig": {"LogFormat": "JSON", "LogGroup": Match.any_value()},
        },
    )
    template.has_resource_properties(
        "AWS::Lambda::Function", {"Handler": "app.other", "MemorySize": 512}
    )
    template.has_resource_properties(
        "AWS::Lambda::Function", {"Handler": "app.handler", "MemorySize": 256}
    )


def test_each_function_has_its_own_role_without_managed_policies(template: Template) -> None:
    roles = _resources(template, "AWS::IAM::Role")
    lambda_roles = [
        r
        for r in roles.values()
        if "lambda.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])
    ]
    assert len(lambda_roles) == 2
    log_groups = set(_resources(template, "AWS::Logs::LogGroup"))
    for role in lambda_roles:
        assert "ManagedPolicyArns" not in role["Properties"]
        logs, tracing = role["Properties"]["Policies"]
        assert logs["PolicyName"] == "Logs"
        (statement,) = logs["PolicyDocument"]["Statement"]
        assert statement["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
        assert statement["Effect"] == "Allow"
        log_group, attribute = statement["Resource"]["Fn::GetAtt"]
        assert log_group in log_groups and attribute == "Arn"
        # X-Ray in a policy of its own, never in the DefaultPolicy where grants land
        assert tracing["PolicyName"] == "Tracing"
        (statement,) = tracing["PolicyDocument"]["Statement"]
        assert statement["Action"] == ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
        assert statement["Resource"] == "*"
    for policy in _resources(template, "AWS::IAM::Policy").values():
        assert "xray" not in json.dumps(policy["Properties"]["PolicyDocument"])


def test_function_log_groups_are_explicit_with_finite_retention(template: Template) -> None:
    template.resource_count_is("Custom::LogRetention", 0)
    # two function log groups + the access log group
    template.resource_count_is("AWS::Logs::LogGroup", 3)
    template.all_resources_properties("AWS::Logs::LogGroup", {"RetentionInDays": 30})
    writer = _resources(template, "AWS::Lambda::Function")[_function_logical_id(template, "Writer")]
    log_group_ref = writer["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
    assert log_group_ref.startswith("ApiWriterLogGroup")


def test_triggers_invoke_the_live_alias_of_a_published_version(template: Template) -> None:
    template.resource_count_is("AWS::Lambda::Version", 2)
    template.resource_count_is("AWS::Lambda::Alias", 2)
    template.all_resources_properties("AWS::Lambda::Alias", {"Name": "live"})
    for integration in _resources(template, "AWS::ApiGatewayV2::Integration").values():
        uri = integration["Properties"]["IntegrationUri"]
        assert uri["Ref"].startswith(("ApiReaderLive", "ApiWriterLive"))
    for permission in _resources(template, "AWS::Lambda::Permission").values():
        assert permission["Properties"]["FunctionName"]["Ref"].startswith(
            ("ApiReaderLive", "ApiWriterLive")
        )


# --- API -------------------------------------------------------------------------------


def test_http_api_with_cors_preflight(template: Template) -> None:
    template.has_resource_properties(
        "AWS::ApiGatewayV2::Api",
        {
            "ProtocolType": "HTTP",
            "CorsConfiguration": {
                "AllowOrigins": ["https://app.example.com"],
                "AllowHeaders": ["authorization", "content-type"],
                "MaxAge": 3600,
            },
        },
    )


@pytest.mark.parametrize(
    ("auth", "headers"),
    [
        (
            ApiAuth.iam(),
            [
                "authorization",
                "content-type",
                "x-amz-date",
                "x-amz-security-token",
                "x-amz-content-sha256",
            ],
        ),
        (JWT, ["authorization", "content-type"]),
        (ApiAuth.none(reason="public read-only catalogue"), ["authorization", "content-type"]),
    ],
    ids=["iam", "jwt", "none"],
)
def test_the_default_cors_headers_follow_the_auth(auth: ApiAuth, headers: list[str]) -> None:
    # Proves (user trial): with ApiAuth.iam() the default allowed only authorization and
    # content-type, so the preflight of every SigV4-signed browser call (x-amz-date,
    # x-amz-security-token) failed
    # GIVEN an API with CORS and no allow_headers
    stack = new_stack()
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=auth,
        cors=CorsPolicy(allow_origins=["https://app.example.com"]),
    )
    # THEN the preflight allows the headers its callers send
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::Api", {"CorsConfiguration": {"AllowHeaders": headers}}
    )


def test_cors_headers_given_are_kept_as_given() -> None:
    # GIVEN an IAM API whose CORS lists the SigV4 headers and one of its own
    stack = new_stack()
    headers = ["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "x-request-id"]
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        cors=CorsPolicy(allow_origins=["https://app.example.com"], allow_headers=headers),
    )
    # THEN the preflight allows exactly those
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::Api", {"CorsConfiguration": {"AllowHeaders": headers}}
    )


def test_cors_takes_http_origins_of_the_developers_machine_only() -> None:
    # Proves (security review): plain http is refused for any other host (see the
    # validation rules); a local dev server on localhost or 127.0.0.1 still works.
    stack = new_stack()
    origins = ["http://localhost:5173", "http://127.0.0.1:8080", "https://app.example.com"]
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        cors=CorsPolicy(allow_origins=origins),
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::Api", {"CorsConfiguration": {"AllowOrigins": origins}}
    )


def test_every_route_is_behind_the_jwt_authorizer_and_none_is_options(
    template: Template,
) -> None:
    routes = _resources(template, "AWS::ApiGatewayV2::Route")
    assert sorted(r["Properties"]["RouteKey"] for r in routes.values()) == [
        "GET /items",
        "GET /items/{id}",
        "POST /items",
    ]
    template.all_resources_properties("AWS::ApiGatewayV2::Route", {"AuthorizationType": "JWT"})
    template.has_resource_properties(
        "AWS::ApiGatewayV2::Authorizer",
        {
            "AuthorizerType": "JWT",
            "JwtConfiguration": {
                "Issuer": "https://issuer.example.com/",
                "Audience": ["my-client"],
            },
        },
    )


def test_a_route_added_to_http_api_takes_the_api_s_authorizer() -> None:
    # Proves (API review): a route added with http_api.add_routes (an integration the
    # construct does not make) could not get the API's JWT authorizer: it was not
    # exposed, so such a route answered anyone
    stack = new_stack()
    api = ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=JWT)
    assert api.authorizer is not None
    # WHEN the user adds a route of their own with it
    api.http_api.add_routes(
        path="/proxy",
        methods=[apigwv2.HttpMethod.GET],
        integration=integrations.HttpUrlIntegration("Proxy", "https://example.com/"),
        authorizer=api.authorizer,
    )
    # THEN both routes are behind the one JWT authorizer
    template = Template.from_stack(stack)
    (authorizer_id,) = _resources(template, "AWS::ApiGatewayV2::Authorizer")
    routes = _resources(template, "AWS::ApiGatewayV2::Route").values()
    assert [r["Properties"].get("AuthorizerId") for r in routes] == [{"Ref": authorizer_id}] * 2
    # AND an API that is public has none to give
    public = ApiAuth.none(reason="public read-only catalogue")
    assert (
        ServerlessApi(new_stack(), "Api", routes={"GET /a": echo_handler()}, auth=public).authorizer
        is None
    )


def test_stage_is_throttled_and_access_logged_as_json(template: Template) -> None:
    template.has_resource_properties(
        "AWS::ApiGatewayV2::Stage",
        {
            "StageName": "$default",
            "AutoDeploy": True,
            "DefaultRouteSettings": {"ThrottlingRateLimit": 50, "ThrottlingBurstLimit": 100},
            "AccessLogSettings": {
                "DestinationArn": {
                    "Fn::GetAtt": [Match.string_like_regexp("ApiAccessLogs"), "Arn"]
                },
                "Format": Match.any_value(),
            },
        },
    )
    (stage,) = _resources(template, "AWS::ApiGatewayV2::Stage").values()
    fields = json.loads(stage["Properties"]["AccessLogSettings"]["Format"])
    assert {"requestId", "status", "routeKey", "responseLatency", "integrationError"} <= set(fields)


def test_access_log_names_the_caller(template: Template) -> None:
    # Proves (security review): the access log said what was called, from which IP, but not
    # by whom; it now holds the JWT's subject (JWT and Cognito routes) and the signer's ARN
    # (IAM routes), API Gateway's "-" where the route has neither.
    (stage,) = _resources(template, "AWS::ApiGatewayV2::Stage").values()
    fields = json.loads(stage["Properties"]["AccessLogSettings"]["Format"])
    assert fields["subject"] == "$context.authorizer.claims.sub"
    assert fields["callerArn"] == "$context.identity.userArn"


def test_attributes_are_exposed(default: tuple[ServerlessApi, Template]) -> None:
    api, _ = default
    assert set(api.functions) == {"GET /items", "GET /items/{id}", "POST /items"}
    assert api.functions["GET /items"] is api.functions["GET /items/{id}"]
    assert api.aliases["POST /items"].function_name != api.functions["POST /items"].function_name
    assert api.table is not None
    assert api.http_api.node.id == "HttpApi"
    assert api.access_log_group.node.id == "AccessLogs"
    assert cdk.Token.is_unresolved(api.url)


@pytest.mark.parametrize("networked_canary", [False, True])
def test_each_route_s_role_security_group_and_deployment_group_are_attributes(
    networked_canary: bool,
) -> None:
    # Proves (API review): a route's function's role was functions[route].role (IRole |
    # None under mypy), its security group and CodeDeploy deployment group not reachable
    stack = new_stack()
    options = networked_canary_options(stack, networked_canary)
    api = ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": echo_handler(),
            "GET /b": echo_handler(),
            "POST /a": echo_handler(entry="app.other"),
        },
        auth=JWT,
        **options,
    )
    for route, function in api.functions.items():
        parts = (
            api.function_roles[route],
            api.security_groups[route],
            api.deployment_groups[route],
        )
        assert_function_parts(function, *parts, networked_canary=networked_canary)
    assert api.function_roles["GET /a"] is api.function_roles["GET /b"]  # one function


@pytest.mark.parametrize(
    "attribute", ["functions", "aliases", "function_roles", "security_groups", "deployment_groups"]
)
def test_a_key_that_is_no_route_names_the_routes(
    default: tuple[ServerlessApi, Template], attribute: str
) -> None:
    # Proves (user trial): api.functions["GET /items/"] (a typo) was a raw KeyError; it is a
    # ConstructError (still a KeyError, as for a dict) naming the closest route and all.
    api, _ = default
    routes = getattr(api, attribute)
    with pytest.raises(KeyError) as raised:
        routes["GET /items/"]
    assert isinstance(raised.value, ConstructError)
    assert str(raised.value) == (
        "1 invalid prop:\n"
        f"  - Test/Api: `{attribute}['GET /items/']` is no route of this API. Fix: did you "
        "mean 'GET /items'? Use a route key as written in routes: 'GET /items', "
        "'GET /items/{id}', 'POST /items'"
    )
    assert routes.get("GET /items/") is None and "GET /items/" not in routes


# --- table -----------------------------------------------------------------------------


def test_table_is_on_demand_recoverable_retained_and_protected(template: Template) -> None:
    template.has_resource(
        "AWS::DynamoDB::Table",
        {
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "BillingMode": "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                "DeletionProtectionEnabled": True,
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
            },
        },
    )


def test_functions_get_the_table_name(template: Template) -> None:
    template.all_resources_properties(
        "AWS::Lambda::Function",
        {
            "Environment": {
                "Variables": {"TABLE_NAME": {"Ref": Match.string_like_regexp("ApiTable")}}
            }
        },
    )


def _dynamodb_actions(template: Template, function: str) -> set[str]:
    policies = _resources(template, "AWS::IAM::Policy")
    actions: set[str] = set()
    for logical_id, policy in policies.items():
        if not logical_id.startswith(f"Api{function}Role"):
            continue
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            action = statement["Action"]
            for a in [action] if isinstance(action, str) else action:
                if a.startswith("dynamodb:"):
                    actions.add(a)
    return actions


def test_get_routes_read_and_other_routes_read_write(template: Template) -> None:
    reader, writer = _dynamodb_actions(template, "Reader"), _dynamodb_actions(template, "Writer")
    assert "dynamodb:GetItem" in reader and "dynamodb:Query" in reader
    assert not {
        a for a in reader if a.startswith(("dynamodb:Put", "dynamodb:Delete", "dynamodb:Update"))
    }
    assert {"dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem"} <= writer


def test_table_access_is_overridable_per_route() -> None:
    # GIVEN a POST route that must not touch the table
    stack = new_stack()
    ServerlessApi(
        stack,
        "Api",
        routes={"POST /ping": Route(echo_handler(name="Ping"), table_access=TableAccess.NONE)},
        table=TableOptions(),
        auth=ApiAuth.iam(),
    )
    # THEN the function gets no DynamoDB permission
    assert _dynamodb_actions(Template.from_stack(stack), "Ping") == set()


def test_shared_handler_gets_the_widest_access() -> None:
    stack = new_stack()
    shared = echo_handler(name="Shared")
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": shared, "DELETE /a": shared},
        table=TableOptions(),
        auth=ApiAuth.iam(),
    )
    assert "dynamodb:DeleteItem" in _dynamodb_actions(Template.from_stack(stack), "Shared")


def test_existing_table_is_used_and_granted() -> None:
    stack = new_stack()
    table = dynamodb.Table.from_table_name(stack, "Mine", "my-table")
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        existing_table=table,
        auth=ApiAuth.iam(),
    )
    template = Template.from_stack(stack)
    assert api.table is table
    template.resource_count_is("AWS::DynamoDB::Table", 0)
    template.has_resource_properties(
        "AWS::Lambda::Function", {"Environment": {"Variables": {"TABLE_NAME": "my-table"}}}
    )


@pytest.fixture(scope="module")
def iam_route() -> tuple[ServerlessApi, Template]:
    """GIVEN an API of one route behind IAM auth, no table (read only by its tests)."""
    stack = new_stack()
    api = ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    return api, Template.from_stack(stack)


def test_no_table_means_no_table_and_no_table_name(
    iam_route: tuple[ServerlessApi, Template],
) -> None:
    api, template = iam_route
    assert api.table is None
    template.resource_count_is("AWS::DynamoDB::Table", 0)
    function = next(iter(_resources(template, "AWS::Lambda::Function").values()))
    assert "TABLE_NAME" not in json.dumps(function["Properties"].get("Environment", {}))


# --- auth variants -----------------------------------------------------------------------


def _single_route(auth: ApiAuth, route_key: str = "GET /a") -> Template:
    stack = new_stack()
    ServerlessApi(stack, "Api", routes={route_key: echo_handler()}, auth=auth)
    return Template.from_stack(stack)


def test_iam_auth(iam_route: tuple[ServerlessApi, Template]) -> None:
    iam_route[1].has_resource_properties(
        "AWS::ApiGatewayV2::Route", {"AuthorizationType": "AWS_IAM"}
    )


def test_cognito_auth() -> None:
    stack = new_stack()
    pool = cognito.UserPool.from_user_pool_id(stack, "Pool", "us-east-1_abc")
    client = cognito.UserPoolClient.from_user_pool_client_id(stack, "Client", "client123")
    ServerlessApi(
        stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.cognito(pool, [client])
    )
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::ApiGatewayV2::Route", {"AuthorizationType": "JWT"})
    template.has_resource_properties(
        "AWS::ApiGatewayV2::Authorizer",
        {"AuthorizerType": "JWT", "JwtConfiguration": {"Audience": ["client123"]}},
    )


def test_public_api_only_when_said_so_and_the_reason_is_recorded() -> None:
    stack = new_stack()
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.none(reason="public health check"),
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::Route", {"AuthorizationType": "NONE"}
    )
    acknowledged = json.dumps(
        [
            m.data
            for m in api.http_api.node.metadata
            if m.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY
        ]
    )
    assert "AwsSolutions-APIG4" in acknowledged and "public health check" in acknowledged


# Proves: 'GET /todos/{todo-id}' was refused, though API Gateway takes a parameter name of
# letters, digits and '_.:-' (CreateRoute's rule); the handler reads it by that name.
@pytest.mark.parametrize(
    "route_key", ["GET /todos/{todo-id}", "GET /v1.2/{a.b}/{c:d}/{e_f}", "ANY /files/{file-path+}"]
)
def test_path_parameter_names_take_what_api_gateway_takes(route_key: str) -> None:
    _single_route(ApiAuth.iam(), route_key).has_resource_properties(
        "AWS::ApiGatewayV2::Route", {"RouteKey": route_key}
    )


def test_route_keys_parse_as_api_gateway_reads_them() -> None:
    assert parse_route_key("GET /todos/{todo-id}") == ("GET", "/todos/{todo-id}")
    assert parse_route_key("GET /a:b/x-y_z.1") == ("GET", "/a:b/x-y_z.1")
    assert "repeats" in str(parse_route_key("GET /{todo-id}/{todo-id}"))
    assert "greedy" in str(parse_route_key("GET /{path-a+}/x"))
    for refused in ("GET /{a b}", "GET /{a~b}", "GET /a~b", "GET /{a}b", "GET /{+}", "GET /a$b"):
        assert isinstance(parse_route_key(refused), str), refused
    assert same_requests(
        [("GET /t/{todo-id}", "GET", "/t/{todo-id}"), ("GET /t/{id}", "GET", "/t/{id}")]
    ) == [("GET /t/{id}", "GET /t/{todo-id}")]


def test_default_route() -> None:
    _single_route(ApiAuth.iam(), "$default").has_resource_properties(
        "AWS::ApiGatewayV2::Route", {"RouteKey": "$default", "AuthorizationType": "AWS_IAM"}
    )


def test_an_existing_table_with_indexes_leaves_no_finding_on_the_library(tmp_path: Path) -> None:
    # Proves (fuzz): existing_table=Table.from_table_attributes(..., global_indexes=[...])
    # left cdk-nag's AwsSolutions-IAM5 (<table>/index/*) on the API's function policy, a
    # library path the user would have had to acknowledge
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test")
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", global_indexes=["byCustomer"]
    )
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /orders": echo_handler()},
        auth=ApiAuth.iam(),
        existing_table=table,
    )
    assert nag_findings(app, tmp_path) == set()
    statements = Template.from_stack(stack).find_resources("AWS::IAM::Policy")
    assert "table/orders/index/*" in json.dumps(statements)


def test_an_imported_user_pool_of_another_region_is_the_issuer_of_its_own_region() -> None:
    # Proves (user trial): a pool imported by ARN from us-east-1 into an eu-west-1 API got
    # the issuer https://cognito-idp.eu-west-1.../us-east-1_abc: every token refused
    stack = new_stack()
    pool = cognito.UserPool.from_user_pool_arn(
        stack, "Pool", "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"
    )
    client = cognito.UserPoolClient.from_user_pool_client_id(stack, "Client", "client123")
    ServerlessApi(
        stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.cognito(pool, [client])
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::Authorizer",
        {
            "JwtConfiguration": Match.object_like(
                {"Issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"}
            )
        },
    )


def test_a_cognito_scope_a_client_may_request_is_accepted() -> None:
    # Proves (user trial): the check of Cognito scopes reads a resource server's scope
    # ('items/read') and the standard ones, without refusing a well-wired API
    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    read = cognito.ResourceServerScope(scope_name="read", scope_description="read")
    server = pool.add_resource_server("Items", identifier="items", scopes=[read])
    scopes = [cognito.OAuthScope.OPENID, cognito.OAuthScope.resource_server(server, read)]
    client = pool.add_client("Web", o_auth=cognito.OAuthSettings(scopes=scopes))
    routes = {
        "GET /a": Route(echo_handler(), authorization_scopes=["items/read"]),
        "GET /b": Route(echo_handler(), authorization_scopes=["openid"]),
    }
    ServerlessApi(stack, "Api", routes=routes, auth=ApiAuth.cognito(pool, [client]))
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::Route", {"RouteKey": "GET /a", "AuthorizationScopes": ["items/read"]}
    )


@pytest.mark.parametrize(
    ("route_key", "fix"),
    [
        ("GET /users/@me", "GET /users/me"),
        ("GET /todos/{todo id}", "GET /todos/{todo_id}"),
        ("GET /e{id}", "GET /e/{id}"),
        ("GET /{id}/{id}", "GET /{id}/{id2}"),
        ("GET /todos/", "GET /todos"),
        ("GET /a/{proxy+}/b", "GET /a/{proxy}/b"),
        # Proves (user trial): a query string got the fix 'POST /hookspartneracme'
        ("POST /hooks?partner=acme", "POST /hooks"),
        ("GET /todos/{id}/?page=2", "GET /todos/{id}"),
    ],
)
def test_a_refused_route_key_s_fix_is_a_key_api_gateway_takes(route_key: str, fix: str) -> None:
    # Proves (review): every refused path (the '@', '~' literals refused since the path-part
    # rule, a parameter's refused name, a parameter inside a segment) had the one fix "write
    # the key like 'GET /todos/{id}'", which said nothing of what to change
    assert suggested_key(route_key) == fix
    assert parse_route_key(fix) == tuple(fix.split(" "))
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes={route_key: echo_handler()}, auth=ApiAuth.iam())
    assert f"Fix: write {fix!r} (or another key API Gateway takes)" in str(raised.value)


def test_a_query_string_in_a_route_key_says_where_the_handler_reads_it() -> None:
    # Proves (user trial): 'POST /hooks?partner=acme' was "an invalid path segment
    # 'hooks?partner=acme'", fixed as 'POST /hookspartneracme'
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(
            new_stack(),
            "Api",
            routes={"POST /hooks?partner=acme": echo_handler()},
            auth=ApiAuth.iam(),
        )
    assert (
        "has the query string '?partner=acme': API Gateway routes on the path alone, and the "
        "handler reads the query in event['queryStringParameters']. Fix: write 'POST /hooks'"
    ) in str(raised.value)
    assert "hookspartneracme" not in str(raised.value)


def test_a_route_key_with_nothing_close_keeps_the_general_fix() -> None:
    assert suggested_key("GET /@") is None
    assert suggested_key("GET todos") is None
    assert suggested_key("GET /todos/{id}") is None  # valid already


def _permissions(template: Template) -> dict[str, str]:
    """Each Lambda permission's source ARN after the API's id, by logical id."""
    return {
        logical_id: resource["Properties"]["SourceArn"]["Fn::Join"][1][-1]
        for logical_id, resource in _resources(template, "AWS::Lambda::Permission").items()
    }


def test_a_handler_serving_many_routes_gets_one_permission_for_the_api(tmp_path: Path) -> None:
    # Proves (quotas): one Handler serving 60 routes gave its function 60 permissions, one
    # statement each in its resource-based policy, which Lambda caps at 20 KB ("Function
    # resource-based policy", Lambda quotas): synth and cdk-nag passed and the deploy
    # failed half-way ("The final policy size (...) is bigger than the limit (20480)").
    # GIVEN one Handler behind 60 routes and the $default route, another behind one route
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test")
    shared = echo_handler()
    routes = {f"GET /items/kind{i}/{{id}}": shared for i in range(60)}
    ServerlessApi(
        stack,
        "Api",
        routes={**routes, "$default": shared, "GET /other": echo_handler(name="Other")},
        auth=ApiAuth.iam(),
    )
    # WHEN synthesized under cdk-nag THEN it passes, and cfn-lint too
    assert nag_findings(app, tmp_path) == set()
    assert cfn_lint(json.loads((tmp_path / "Test.template.json").read_text())) == []
    # AND the shared function has one permission for the whole API, plus the $default
    # route's own (the API-wide ARN, {api}/*/*/*, does not match {api}/{stage}/$default)
    permissions = _permissions(Template.from_stack(stack))
    shared_arns = sorted(arn for arn in permissions.values() if "other" not in arn)
    assert shared_arns == ["/*/*", "/*/*/*"]
    # AND a function with few routes keeps one permission per route (only it may invoke)
    assert [arn for arn in permissions.values() if "other" in arn] == ["/*/*/other"]


def test_routes_sharing_a_handler_keep_a_permission_each_while_they_fit() -> None:
    # Proves (quotas): the API-wide permission is taken only when per-route ones would not
    # fit in the 20 KB policy, counted at their longest (a 100-character statement id, a
    # 64-character function name): an API whose routes fit keeps its template
    _, template = build_api({f"GET /items/kind{i}": echo_handler() for i in range(40)})
    assert sorted(_permissions(template).values()) == sorted(
        f"/*/*/items/kind{i}" for i in range(40)
    )
    assert permission_per_route([f"/items/kind{i}" for i in range(40)])
    assert not permission_per_route([f"/items/kind{i}" for i in range(44)])
    assert not permission_per_route(["/" + "p" * 2000] * 10)  # long paths fill it sooner


def build_api(routes: dict[str, Any]) -> tuple[ServerlessApi, Template]:
    stack = new_stack()
    api = ServerlessApi(stack, "Api", routes=routes, auth=ApiAuth.iam())
    return api, Template.from_stack(stack)


def _route_count_warnings(api: ServerlessApi) -> list[str]:
    return [
        str(entry.data)
        for entry in api.node.metadata
        if entry.type == "aws:cdk:warning" and ROUTES_WARNING in str(entry.data)
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("routes", "warned"), [(300, False), (301, True)])
def test_more_routes_than_api_gateways_quota_warn(routes: int, warned: bool) -> None:
    # Proves (quotas): 301 routes sharing one Handler (about 310 resources, within
    # CloudFormation's 500) passed synth and cdk-nag, and API Gateway's "Routes per API"
    # (300 by default, adjustable per API) failed the deploy half-way; now a warning
    shared = echo_handler()
    api = ServerlessApi(
        new_stack(),
        "Api",
        routes={f"GET /items/kind{i}": shared for i in range(routes)},
        auth=ApiAuth.iam(),
    )
    warnings = _route_count_warnings(api)
    assert bool(warnings) is warned
    if warned:
        assert (
            "`routes` has 301 routes, and Amazon API Gateway's quota 'Routes per API' is 300"
            in (warnings[0])
        )
        assert "request a higher 'Routes per API' for this API" in warnings[0]


def test_the_resource_bound_that_skips_the_walk_holds_for_a_heavy_api() -> None:
    # Proves (bench): check_resource_count walks the API's constructs (~3.5 ms a synth)
    # only when its upper bound passes 500; the bound must hold for any configuration
    # GIVEN an API with every option that adds resources: a domain in a hosted zone, JWT
    # scopes, CORS, a table with an index and a stream, throttling, alarms to a topic, a
    # Network and a canary on each of two handlers (one behind two routes), a link
    stack = new_stack(env=cdk.Environment(account="123456789012", region="eu-west-1"))
    network = Network(stack, "Network")
    topic = sns.Topic(stack, "Alarms")
    options = {"network": network, "deployment": Deployment.canary(percent=5)}
    shared = echo_handler(name="A")
    api = ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": Route(shared, authorization_scopes=["read"]),
            "POST /a": Route(shared, authorization_scopes=["write"]),
            "GET /b": echo_handler(name="B", links=[topic], endpoints=["sns"]),
        },
        auth=JWT,
        cors=CorsPolicy(allow_origins=["https://app.example.com"]),
        table=TableOptions(
            global_secondary_indexes=[GlobalIndex("by-owner", "owner")],
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        ),
        throttling=Throttle(rate=100, burst=50),
        domain=ApiDomain(
            name="api.example.com",
            certificate=certificate(stack, "eu-west-1"),
            hosted_zone=hosted_zone(stack),
        ),
        alarm_topic=topic,
        **options,
    )
    # WHEN its resources are counted
    made = sum(isinstance(c, cdk.CfnResource) for c in api.node.find_all())
    # THEN the bound for 2 handlers and 3 routes is above them
    bound = RESOURCES_BOUND_API + 2 * RESOURCES_BOUND_PER_FUNCTION + 3 * RESOURCES_BOUND_PER_ROUTE
    assert made <= bound, (made, bound)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("distinct", "routes", "says"),
    [
        (True, 70, ["make 563 resources (70 distinct handlers", "or let routes share a Handler"]),
        (False, 495, ["(1 distinct handlers, each", "and 495 routes), and", "{proxy+}')"]),
    ],
    ids=["distinct-handlers", "one-handler"],
)
def test_an_api_past_cloudformations_500_resources_is_a_construct_error(
    distinct: bool, routes: int, says: list[str]
) -> None:
    # Proves (quotas): 70 routes with distinct handlers (8 resources each) made a stack
    # aws-cdk-lib refused at synth only as a jsii error naming resource types
    # ("TooManyResourcesInStack"), not the construct, its prop or a fix. (Large-API trial)
    # 495 routes sharing one Handler (a resource each) were told to "let routes share a
    # Handler", which they all did: they are told to serve a subtree with a greedy route
    shared = echo_handler()
    handlers = {
        f"GET /items/kind{i}": echo_handler(name=f"Kind{i}") if distinct else shared
        for i in range(routes)
    }
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes=handlers, auth=ApiAuth.iam())
    message = str(raised.value)
    assert "Test/Api: `routes` make " in message
    assert "CloudFormation takes at most 500 in a stack" in message
    assert "Fix: serve some routes from a ServerlessApi in another stack" in message
    for said in says:
        assert said in message
    assert ("share a Handler" in message) is distinct
