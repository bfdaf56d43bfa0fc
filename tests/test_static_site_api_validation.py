"""StaticSite(api=...): every rule of api and api_path by its message; all problems at once."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    ApiDomainMapping,
    ConstructError,
    Handler,
    Link,
    ServerlessApi,
    StaticSite,
)
from tests.static_site_support import build_site, todo_api
from tests.support import (
    ECHO,
    SITE,
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    certificate,
    echo_handler,
    new_app,
    new_stack,
    rule_cases,
)
from tests.template_support import routes_of

API = InStack(todo_api)


def _api_on_its_domain_only(stack: cdk.Stack) -> ServerlessApi:
    # an env-agnostic stack: the certificate's region is not compared
    domain = ApiDomain(
        name="api.example.com", certificate=certificate(stack), disable_default_endpoint=True
    )
    return todo_api(stack, domain=domain)


def _api_mapped_on_a_domain_only(stack: cdk.Stack) -> ServerlessApi:
    # the domain's API, and this one mapped onto it at /v2 with its own endpoint off
    owner = ServerlessApi(
        stack,
        "V1",
        routes={"GET /api/todos": echo_handler()},
        auth=ApiAuth.none(reason="a test API"),
        domain=ApiDomain(name="api.example.com", certificate=certificate(stack)),
    )
    mapping = ApiDomainMapping(
        domain_name=owner.domain_name, base_path="v2", disable_default_endpoint=True
    )
    return todo_api(stack, domain=mapping)


CASES: list[RuleCase] = [
    (
        "api an HttpApi",
        {"api": InStack(lambda stack: apigwv2.HttpApi(stack, "Raw"))},
        # Proves (user trial): the HttpApi is named by kind and path, not by its repr
        r"Test/Site: `api` is the aws_apigatewayv2\.HttpApi 'Test/Raw'; it must be a "
        r"ServerlessApi\. Fix: pass the "
        r"ServerlessApi construct itself \(not its URL\)",
    ),
    (
        "api a URL",
        {"api": "https://abc.execute-api.eu-west-1.amazonaws.com/"},
        r"`api` is 'https://abc.*', a str; it must be a ServerlessApi\. .*list its URL in "
        r"api_origins instead",
    ),
    (
        "routes outside api_path",
        {"api": InStack(lambda stack: todo_api(stack, prefix=""))},
        r"`api` has routes outside api_path '/api': 'GET /todos', 'POST /todos/\{id\}'\. "
        r"CloudFront forwards /api/\* to the API with the path unchanged.* Fix: start every "
        r"route of the ServerlessApi with '/api/' \('GET /todos' -> 'GET /api/todos'",
    ),
    (
        "api_path other than the routes'",
        {"api": API, "api_path": "/backend"},
        r"`api` has routes outside api_path '/backend': 'GET /api/todos'",
    ),
    (
        "api_path trailing slash",
        {"api": API, "api_path": "/api/"},
        r"`api_path` is '/api/'; it must be a path such as '/api': a leading '/', no trailing",
    ),
    ("api_path wildcard", {"api": API, "api_path": "/api/*"}, r"`api_path` is '/api/\*'; it"),
    ("api_path root", {"api": API, "api_path": "/"}, r"`api_path` is '/'; it must be a path"),
    ("api_path relative", {"api": API, "api_path": "api"}, r"`api_path` is 'api'; it must be"),
    (
        # Proves (user trial): the site's /api/* went to the execute-api endpoint that the
        # API's domain turned off; it synthesized, and every call through the site got 403
        "api whose default endpoint is off",
        {"api": InStack(_api_on_its_domain_only)},
        r"`api` is Test/Api, whose domain turns off its execute-api endpoint "
        r"\(disable_default_endpoint=True in its domain=\), but the site forwards /api/\* to "
        r"that endpoint: every API call through the site would be answered 403 Forbidden\. "
        r"Fix: drop disable_default_endpoint=True",
    ),
    (
        # Proves (review): the message of an API mapped with ApiDomainMapping(...,
        # disable_default_endpoint=True) named ApiDomain(...), which the user had not written
        "api mapped on a domain with its default endpoint off",
        {"api": InStack(_api_mapped_on_a_domain_only)},
        r"`api` is Test/Api, whose domain turns off its execute-api endpoint "
        r"\(disable_default_endpoint=True in its domain=\)",
    ),
    (
        # Proves: an IAM-authorized API behind the site synthesized, and every call through
        # the site was refused (CloudFront does not sign, the page's signature is for the
        # site's host)
        "api behind IAM auth",
        {"api": InStack(lambda stack: todo_api(stack, auth=ApiAuth.iam()))},
        r"`api` is Test/Api, whose routes take only SigV4-signed requests \(ApiAuth\.iam\(\)\), "
        r"but the site forwards /api/\* through CloudFront, which signs no request to API "
        r"Gateway.*answered 403 Forbidden\. Fix: give the API ApiAuth\.jwt\(\.\.\.\) or "
        r"ApiAuth\.cognito\(\.\.\.\).*or leave out api= and let IAM-signed callers call "
        r"api\.url directly",
    ),
    (
        "api_path without api",
        {"api_path": "/backend"},
        r"`api_path` is '/backend', but no api is given whose routes it would prefix\. "
        r"Fix: pass api= the ServerlessApi",
    ),
    (
        "runtime_config apiUrl elsewhere",
        {"api": API, "runtime_config": {"apiUrl": "https://api.example.com"}},
        r"`runtime_config\['apiUrl'\]` is 'https://api.example.com', but with api= the page "
        r"must call the API on the site's own origin at '/api'.* Fix: drop 'apiUrl' from "
        r"runtime_config",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(build_site, props, message)


def test_api_url_in_api_origins_is_rejected() -> None:
    # GIVEN the API served on the site's origin AND listed as a cross-origin API
    stack = new_stack()
    api = todo_api(stack)
    # THEN the redundant (and cycle-prone) origin is a ConstructError naming the fix
    with pytest.raises(
        ConstructError,
        match=r"`api_origins` lists api.url, which the site already serves on its own origin"
        r".* Fix: drop api.url from api_origins",
    ):
        StaticSite(stack, "Site", source=SITE, api=api, api_origins=[api.url])


def test_api_url_as_the_pages_api_url_is_named_not_shown_as_a_token() -> None:
    # Proves (user trial): runtime_config={"apiUrl": api.url} (the README's first StaticSite
    # snippet) with api= showed the URL as 'https://${Token[TOKEN.748]}.execute-api...'
    stack = new_stack()
    api = todo_api(stack)
    with pytest.raises(
        ConstructError,
        match=r"`runtime_config\['apiUrl'\]` is api.url, but with api= the page must call the "
        r"API on the site's own origin at '/api'",
    ):
        StaticSite(stack, "Site", source=SITE, api=api, runtime_config={"apiUrl": api.url})


def test_allowed_combinations() -> None:
    # a $default route, the same apiUrl as api_path, and another API's origin are fine
    stack = new_stack()
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /api/todos": echo_handler(), "$default": echo_handler()},
        auth=ApiAuth.none(reason="a test API"),
    )
    site = StaticSite(
        stack,
        "Site",
        source=SITE,
        api=api,
        runtime_config={"apiUrl": "/api", "other": 1},
        api_origins=["https://maps.example.com"],
    )
    # THEN both routes are built, and the page may connect to the other API's origin
    assert set(routes_of(api)) == {"GET /api/todos", "$default"}
    policy = site.response_headers_policy.node.default_child
    config = stack.resolve(policy.response_headers_policy_config)
    csp = config["securityHeadersConfig"]["contentSecurityPolicy"]["contentSecurityPolicy"]
    assert "https://maps.example.com" in str(csp)


def test_every_problem_is_reported_at_once() -> None:
    assert_every_problem(
        build_site,
        {
            "api": InStack(lambda stack: todo_api(stack, prefix="")),
            "runtime_config": {"apiUrl": "https://api.example.com"},
            "deployment_memory_mib": 1,
        },
        "Test/Site",
        ["api", "runtime_config['apiUrl']", "deployment_memory_mib"],
    )


@pytest.mark.parametrize(
    ("api_env", "site_env", "message"),
    [
        (None, "us-east-1", r"`api` is in stack 'A', which is environment-agnostic, and the "),
        ("us-east-1", None, r"`api` is in stack 'A' of region us-east-1, and the site's stack "),
    ],
)
def test_an_api_of_an_agnostic_stack_and_a_site_of_a_regional_one_are_refused(
    api_env: str | None, site_env: str | None, message: str
) -> None:
    # Proves (fuzz): synth failed with aws-cdk-lib's CrossRegionReferencesRequireExplicitRegion
    # trace. (Two known regions, or accounts, synthesize: aws-cdk-lib references across them.)
    def env(region: str | None) -> cdk.Environment | None:
        return cdk.Environment(account="111111111111", region=region) if region else None

    app = new_app()
    api = todo_api(cdk.Stack(app, "A", env=env(api_env)))
    with pytest.raises(ConstructError, match=message + r".*Fix: give both stacks env="):
        StaticSite(cdk.Stack(app, "B", env=env(site_env)), "Site", source=SITE, api=api)


def _site_and_api_stacks() -> tuple[cdk.Stack, cdk.Stack, dynamodb.TableV2]:
    app = new_app()
    site_stack, api_stack = cdk.Stack(app, "Site"), cdk.Stack(app, "Api")
    table = dynamodb.TableV2(
        site_stack,
        "Notes",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
    )
    return site_stack, api_stack, table


def test_an_api_that_links_into_the_sites_stack_is_a_cycle() -> None:
    # Proves (user trial): a raw jsii DependencyCycle at synth ('Site' depends on 'Api' ...
    # would create a cyclic reference) when the API's routes link a table of the site's stack
    # GIVEN an API whose route links a table of the site's stack
    site_stack, api_stack, table = _site_and_api_stacks()
    api = ServerlessApi(
        api_stack,
        "Todos",
        routes={"GET /api/todos": Handler(code=ECHO, links=[Link.read(table)])},
        auth=ApiAuth.none(reason="a test API"),
    )
    # WHEN the site serves it THEN the cycle is a ConstructError naming the link and the fix
    with pytest.raises(
        ConstructError,
        match=r"Site/Site: `api` is the ServerlessApi Api/Todos, of stack Api, which already "
        r"depends on stack Site \(Api/Todos/Handler/Function links table Site/Notes \(read\)\): "
        r"serving it would make each stack depend on the other, a dependency cycle that "
        r"CloudFormation cannot deploy\. Fix: build the StaticSite in the API's stack, or move "
        r"what the API's functions link out of the site's stack",
    ):
        StaticSite(site_stack, "Site", source=SITE, api=api)


def test_a_link_from_the_api_into_the_sites_stack_afterwards_is_a_cycle() -> None:
    # Proves (user trial): the same raw DependencyCycle when api.link(...) came after the site
    site_stack, api_stack, table = _site_and_api_stacks()
    api = todo_api(api_stack)
    StaticSite(site_stack, "Site", source=SITE, api=api)
    with pytest.raises(
        ConstructError,
        match=r"Api/Api: `links\[0\]` is the table Site/Notes, of stack Site, which already "
        r"depends on stack Api \(Site/Site serves the API Api/Api\): links both ways",
    ):
        api.link(table)


@pytest.mark.parametrize(
    ("api_path", "message", "fix"),
    [
        (
            None,
            "is None; it must be a string",
            "leave api_path out for its default ('/api'), or pass a string",
        ),
        (
            "",
            "is ''; it must be a path such as '/api': a leading '/', no trailing '/', no "
            "wildcard, not '/' itself (the site's files are served there)",
            "pass '/api' (the default) or another prefix such as '/backend/v1'",
        ),
        (5, "is 5, an int; it must be a string", "pass a string"),
    ],
    ids=["None", "empty", "int"],
)
def test_a_wrong_api_path_without_api_is_told_what_api_path_takes(
    api_path: object, message: str, fix: str
) -> None:
    # Proves (papercuts50): a config's null was told "no api is given whose routes it
    # would prefix. Fix: pass api= ..." instead of its default '/api' ('' was told both)
    with pytest.raises(ConstructError) as raised:
        build_site(api_path=api_path)
    assert [(p.prop, p.message, p.fix) for p in raised.value.problems] == [
        ("api_path", message, fix)
    ]


def test_a_wrong_api_path_is_not_named_as_a_pattern_by_the_api_s_rules() -> None:
    # Proves (papercuts50): with api_path=None the IAM rule said "the site forwards None/*"
    with pytest.raises(ConstructError) as raised:
        build_site(api=InStack(lambda stack: todo_api(stack, auth=ApiAuth.iam())), api_path=None)
    messages = {p.prop: p.message for p in raised.value.problems}
    assert "the site forwards api_path/* through CloudFront" in messages["api"]
    assert messages["api_path"] == "is None; it must be a string"
