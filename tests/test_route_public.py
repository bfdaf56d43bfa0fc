"""Route(handler, public="<reason>"): one route answers anyone (AuthorizationType NONE) on
an API whose other routes keep its auth, the reason the cdk-nag acknowledgement of that
route alone; its refusals, and the warning on an API without auth."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_cognito as cognito
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, CorsPolicy, Route, ServerlessApi, Throttle
from constructs_lib.serverless_api.route_auth import PUBLIC_ROUTE_WARNING
from tests.support import (
    CDK_CONTEXT,
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    nag_findings,
    new_stack,
    rule_cases,
    warnings_of,
)

HANDLER = echo_handler()
HEALTH = echo_handler(name="Health")
REASON = "load balancers' health checks carry no token"
JWT = ApiAuth.jwt("https://issuer.example.com/", ["todo-api"])


def _api(
    routes: dict[str, Any] | None = None, stack: cdk.Stack | None = None, **props: Any
) -> ServerlessApi:
    return ServerlessApi(
        stack or new_stack(),
        "Api",
        routes=routes or {"GET /items": HANDLER, "GET /health": Route(HEALTH, public=REASON)},
        **{"auth": JWT, **props},
    )


def _routes(api: ServerlessApi) -> dict[str, dict[str, Any]]:
    """Each route resource's properties, by route key."""
    found = Template.from_stack(cdk.Stack.of(api)).find_resources("AWS::ApiGatewayV2::Route")
    return {r["Properties"]["RouteKey"]: r["Properties"] for r in found.values()}


def _acknowledged(construct: Any) -> list[dict[str, str]]:
    """The cdk-nag 3 acknowledgements written on ``construct`` itself."""
    return [
        m.data
        for m in construct.node.metadata
        if m.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY
    ]


def _cognito(stack: cdk.Stack) -> ApiAuth:
    pool = cognito.UserPool.from_user_pool_id(stack, "Pool", "us-east-1_abc")
    client = cognito.UserPoolClient.from_user_pool_client_id(stack, "Client", "client123")
    return ApiAuth.cognito(pool, [client])


AUTHS: dict[str, tuple[Callable[[cdk.Stack], ApiAuth], str]] = {
    "jwt": (lambda _: JWT, "JWT"),
    "cognito": (_cognito, "JWT"),
    "iam": (lambda _: ApiAuth.iam(), "AWS_IAM"),
    "function": (lambda _: ApiAuth.function(echo_handler(entry="app.other")), "CUSTOM"),
}


@pytest.mark.parametrize("kind", AUTHS)
def test_the_public_route_has_no_authorizer_and_the_others_keep_the_api_s(kind: str) -> None:
    # GIVEN an API with auth, a public health route and two routes behind the auth
    stack = new_stack()
    make_auth, authorization = AUTHS[kind]
    api = _api(
        {
            "GET /items": HANDLER,
            "POST /items": HANDLER,
            "GET /health": Route(HEALTH, public=REASON),
        },
        stack,
        auth=make_auth(stack),
    )
    # THEN the health route is NONE, without an authorizer, and the others are as before
    routes = _routes(api)
    assert routes["GET /health"]["AuthorizationType"] == "NONE"
    assert "AuthorizerId" not in routes["GET /health"]
    for key in ("GET /items", "POST /items"):
        assert routes[key]["AuthorizationType"] == authorization
        assert ("AuthorizerId" in routes[key]) == (kind != "iam")


def test_a_public_route_changes_nothing_of_the_other_routes() -> None:
    # GIVEN the same API without and with a public route beside it
    without = _routes(_api({"GET /items": HANDLER}))
    with_public = _routes(
        _api({"GET /items": HANDLER, "GET /health": Route(HEALTH, public=REASON)})
    )
    # THEN the authenticated route's resource is the same
    assert with_public["GET /items"] == without["GET /items"]


def test_the_reason_is_acknowledged_on_that_route_s_resource_alone() -> None:
    api = _api()
    public = api.http_api.node.find_child("GET--health").node.default_child
    private = api.http_api.node.find_child("GET--items").node.default_child
    # THEN cdk-nag 3 reads the user's reason on the health route's CfnRoute (its path)
    assert public.node.path == "Test/Api/HttpApi/GET--health/Resource"
    assert _acknowledged(public) == [
        {"Annotation::AwsSolutions-APIG4": f"Public route by design (Route(public=...)): {REASON}"}
    ]
    # AND nothing else of the API is acknowledged as public: not the API, not the other route
    assert _acknowledged(private) == []
    assert "APIG4" not in json.dumps(_acknowledged(api.http_api))
    # AND cdk-nag 2 reads it in the route's template metadata, on that route only
    found = Template.from_stack(cdk.Stack.of(api)).find_resources("AWS::ApiGatewayV2::Route")
    metadata = {r["Properties"]["RouteKey"]: r.get("Metadata") for r in found.values()}
    assert metadata["GET /items"] is None
    assert metadata["GET /health"] == {
        "cdk_nag": {
            "rules_to_suppress": [
                {
                    "id": "AwsSolutions-APIG4",
                    "reason": f"Public route by design (Route(public=...)): {REASON}",
                }
            ]
        }
    }


def test_cdk_nag_reports_no_acknowledged_route_but_one_left_without_auth(tmp_path: Path) -> None:
    # GIVEN an API with a public route, and a route added to http_api without its authorizer
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    stack = cdk.Stack(app, "Test")
    api = _api(stack=stack)
    api.http_api.add_routes(
        path="/open",
        methods=[apigwv2.HttpMethod.GET],
        integration=integrations.HttpLambdaIntegration("Open", api.aliases["GET /items"]),
    )
    # THEN only the route nobody said is public is reported: the acknowledgement is the
    # health route's alone
    assert nag_findings(app, tmp_path) == {
        ("AwsSolutions-APIG4", "Test/Api/HttpApi/GET--open/Resource")
    }


def test_the_default_route_may_be_public() -> None:
    api = _api({"GET /items": HANDLER, "$default": Route(HEALTH, public=REASON)})
    routes = _routes(api)
    assert routes["$default"]["AuthorizationType"] == "NONE"
    assert routes["GET /items"]["AuthorizationType"] == "JWT"


def test_a_public_options_route_is_not_preflight_behind_the_authorizer() -> None:
    # GIVEN a JWT API answering preflight itself on a public OPTIONS route (AWS's way for
    # an authorized ANY /{proxy+}), and CORS configured
    api = _api(
        {
            "ANY /{proxy+}": HANDLER,
            "OPTIONS /{proxy+}": Route(HEALTH, public="CORS preflight requests carry no token"),
        },
        cors=CorsPolicy(allow_origins=["https://todos.example.com"]),
    )
    routes = _routes(api)
    assert routes["OPTIONS /{proxy+}"]["AuthorizationType"] == "NONE"
    assert routes["ANY /{proxy+}"]["AuthorizationType"] == "JWT"


@pytest.mark.parametrize(
    "reason",
    [
        "Health checks from the ALB",  # the shortest sentences pass
        "Stripe signs each request; the handler checks it.",
        "Öffentliche Statusseite — für alle Kunden",  # any language
        "x" * 1000,
    ],
)
def test_reasons_of_any_length_and_language_are_taken(reason: str) -> None:
    api = _api({"GET /items": HANDLER, "GET /health": Route(HEALTH, public=reason)})
    assert _routes(api)["GET /health"]["AuthorizationType"] == "NONE"


def test_a_public_route_keeps_its_other_settings() -> None:
    # GIVEN a public webhook route with its own throttle and a route sharing its handler
    api = _api(
        {
            "GET /items": HEALTH,
            "POST /hooks": Route(
                HEALTH, public="partners sign each request", throttle=Throttle(rate=5)
            ),
        }
    )
    routes = _routes(api)
    assert routes["POST /hooks"]["AuthorizationType"] == "NONE"
    assert routes["GET /items"]["AuthorizationType"] == "JWT"
    assert api.functions["POST /hooks"] is api.functions["GET /items"]


# --- an API without auth -----------------------------------------------------------------


def test_on_an_api_without_auth_public_warns_and_changes_nothing() -> None:
    # GIVEN an ApiAuth.none API whose health route says why it is public
    none = ApiAuth.none(reason="a public catalogue, read-only")
    marked = _api({"GET /items": HANDLER, "GET /health": Route(HEALTH, public=REASON)}, auth=none)
    plain = _api({"GET /items": HANDLER, "GET /health": HEALTH}, auth=none)
    # THEN it synthesizes (the route stays public if the API gets auth: may be meant) with
    # a warning that it lifts nothing, and the template is the API's without public=
    (warning,) = warnings_of(cdk.Stack.of(marked), PUBLIC_ROUTE_WARNING)
    assert "`routes['GET /health'].public` lifts nothing: auth is ApiAuth.none" in warning
    assert f"acknowledge '{PUBLIC_ROUTE_WARNING}'" in warning
    assert (
        Template.from_stack(cdk.Stack.of(marked)).to_json()
        == Template.from_stack(cdk.Stack.of(plain)).to_json()
    )
    assert not warnings_of(
        cdk.Stack.of(_api()), PUBLIC_ROUTE_WARNING
    )  # an API with auth: no warning


def test_the_warning_can_be_acknowledged() -> None:
    stack = new_stack()
    cdk.Annotations.of(stack).acknowledge_warning(PUBLIC_ROUTE_WARNING, "kept for later auth")
    api = _api(
        {"GET /health": Route(HEALTH, public=REASON)},
        stack,
        auth=ApiAuth.none(reason="a public catalogue, read-only"),
    )
    assert not warnings_of(cdk.Stack.of(api), PUBLIC_ROUTE_WARNING)


# --- refusals ------------------------------------------------------------------------------

_PROP = r"`routes\['GET /health'\]\.public`"


def _public(public: object, **route: Any) -> ServerlessApi:
    return _api({"GET /items": HANDLER, "GET /health": Route(HEALTH, public=public, **route)})


CASES: list[RuleCase] = [
    (
        "public=True",
        {"public": True},
        rf"{_PROP} is True; public= is not a switch but the reason.*Fix: write the reason: "
        r"Route\(handler, public='",
    ),
    ("public=False", {"public": False}, rf"{_PROP} is False.*Fix: leave public out"),
    (
        "empty",
        {"public": ""},
        rf"{_PROP} is '', no reason: the route's cdk-nag acknowledgement would say "
        r"nothing.*Fix: write why it answers anyone",
    ),
    ("whitespace", {"public": " \n\t"}, rf"{_PROP} is ' \\n\\t', no reason"),
    ("a number", {"public": 1}, rf"{_PROP} is 1, an int, not a string"),
    ("a list", {"public": ["health"]}, rf"{_PROP} is \['health'\], a list, not a string"),
    (
        "too short",
        {"public": "health"},
        rf"{_PROP} is 'health'; it must say why the route is public, in at least 10 "
        r"characters: it is recorded as a cdk-nag acknowledgement, which a security reviewer "
        r"reads; cdk-nag 2 refuses shorter reasons, and the library holds cdk-nag 3's "
        r"\(which takes any\) to the same rule",
    ),
    (
        "a deploy-time reason",
        {"public": cdk.Fn.import_value("Reason")},
        rf"{_PROP} is a deploy-time value .*; it must be known at synth: cdk-nag writes it",
    ),
    (
        "with scopes",
        {"public": REASON, "authorization_scopes": ["items/read"]},
        rf"{_PROP} is set with `routes\['GET /health'\]\.authorization_scopes` "
        r"\(\['items/read'\]\): a public route has no authorizer.*Fix: drop authorization_scopes",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(lambda **p: _public(p.pop("public"), **p), props, message)


def test_every_problem_is_listed_at_once() -> None:
    def build(**_: Any) -> ServerlessApi:
        return _api(
            {
                "GET /items": HANDLER,
                "GET /health": Route(HEALTH, public=True),  # type: ignore[arg-type]
                "POST /hooks": Route(HEALTH, public=REASON, authorization_scopes=["w"]),
                "GET /status": Route(HEALTH, public=" "),
            }
        )

    error = assert_every_problem(
        build,
        {},
        "Test/Api",
        [
            "routes['GET /health'].public",
            "routes['POST /hooks'].public",
            "routes['GET /status'].public",
        ],
    )
    assert "no reason" in str(error)


def test_public_is_keyword_only() -> None:
    with pytest.raises(
        ConstructError, match=r"`throttle, public` given by position.*public=\.\.\."
    ):
        Route(HANDLER, None, (), None, REASON)  # type: ignore[misc]
