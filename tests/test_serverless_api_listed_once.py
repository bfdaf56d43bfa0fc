"""ServerlessApi: a JWT audience, a CORS header or method listed twice. API Gateway takes
the repeat (CloudFormation's schema allows it), so it deployed; but it is most often a paste
where another value was meant (a second app's client ID), so it is refused, naming it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, CorsPolicy, ServerlessApi
from tests.support import RuleCase, assert_rule, echo_handler, new_stack, rule_cases
from tests.template_support import authorizers_of

ISSUER = "https://auth.example.com/"
ORIGINS = ["https://app.example.com"]


def _api(**props: Any) -> ServerlessApi:
    props.setdefault("auth", ApiAuth.jwt(ISSUER, ["web"]))
    return ServerlessApi(new_stack(), "Api", routes={"GET /a": echo_handler()}, **props)


# Proves (fix41): each synthesized in silence
CASES: list[RuleCase] = [
    (
        "an audience twice",
        {"auth": ApiAuth.jwt(ISSUER, ["web", "mobile", "web"])},
        r"^1 invalid prop:\n  - Test/Api: `auth.audiences` lists 'web' twice\. Fix: list each "
        r"audience once \(was another audience meant\?\)$",
    ),
    (
        "an exposed header twice, in two cases",
        {
            "cors": CorsPolicy(
                allow_origins=ORIGINS, expose_headers=["X-Request-Id", "x-request-id"]
            )
        },
        r"^1 invalid prop:\n  - Test/Api: `cors.expose_headers` lists 'X-Request-Id' and "
        r"'x-request-id', one header name: header names ignore case\. Fix: list each header "
        r"name once \(was another header name meant\?\)$",
    ),
    (
        "an exposed header twice",
        {"cors": CorsPolicy(allow_origins=ORIGINS, expose_headers=["location", "location"])},
        r"`cors.expose_headers` lists 'location' twice\. Fix: list each header name once",
    ),
    (
        "an allowed header twice, in two cases",
        {
            "cors": CorsPolicy(
                allow_origins=ORIGINS, allow_headers=["authorization", "Authorization"]
            )
        },
        r"`cors.allow_headers` lists 'authorization' and 'Authorization', one header name",
    ),
    (
        "a method twice",
        {"cors": CorsPolicy(allow_origins=ORIGINS, allow_methods=["GET", "POST", "GET"])},
        r"`cors.allow_methods` lists 'GET' twice\. Fix: list each method once",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


@pytest.mark.parametrize(
    "props",
    [
        # `aud` is compared as written (RFC 7519): two audiences
        {"auth": ApiAuth.jwt(ISSUER, ["web", "Web", "web-admin"])},
        {
            "cors": CorsPolicy(
                allow_origins=ORIGINS,
                allow_headers=["authorization", "x-request-id", "x-request"],
                allow_methods=["GET", "POST", "PUT"],
                expose_headers=["x-request-id", "location", "x-request"],
            )
        },
    ],
    ids=["audiences differing in case", "distinct headers and methods"],
)
def test_distinct_values_are_built(props: dict[str, Any]) -> None:
    api = _api(**props)
    assert Template.from_stack(cdk.Stack.of(api)).find_resources("AWS::ApiGatewayV2::Api")


def _cognito_api(
    clients: Callable[[cognito.UserPool], list[cognito.IUserPoolClient]],
) -> tuple[ServerlessApi, list[cognito.IUserPoolClient]]:
    stack = new_stack()
    pool = cognito.UserPool(stack, "Users")
    given = clients(pool)
    auth = ApiAuth.cognito(pool, given)
    return ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=auth), given


@pytest.mark.parametrize(
    ("clients", "shown"),
    [
        (
            lambda pool: [web := pool.add_client("Web"), pool.add_client("Mobile"), web],
            "the aws_cognito.UserPoolClient 'Test/Users/Web'",
        ),
        (
            lambda pool: [
                cognito.UserPoolClient.from_user_pool_client_id(pool, id, client_id)
                for id, client_id in (
                    ("Partner", "4f6ja8sq2a"),
                    ("Mobile", "4f6ja8sq2b"),
                    ("PartnerAgain", "4f6ja8sq2a"),
                )
            ],
            "the aws_cognito.IUserPoolClient 'Test/Users/PartnerAgain'",
        ),
    ],
    ids=["a client", "an imported id"],
)
def test_a_cognito_client_listed_twice_is_refused(
    clients: Callable[[cognito.UserPool], list[cognito.IUserPoolClient]], shown: str
) -> None:
    # Proves (sweep41): its ID was the authorizer's audience twice, in silence (a JWT
    # audience listed twice is refused)
    with pytest.raises(ConstructError) as raised:
        _cognito_api(clients)
    assert (
        f"Test/Api: `auth.clients[2]` is {shown}, whose ID the client at index 0 has already: "
        "one client listed twice. Fix: list each client once (was another app's client meant?)"
    ) in str(raised.value)


def test_cognito_clients_of_other_ids_are_built() -> None:
    api, clients = _cognito_api(
        lambda pool: [
            pool.add_client("Web"),
            pool.add_client("Mobile"),
            cognito.UserPoolClient.from_user_pool_client_id(pool, "Partner", "4f6ja8sq2a"),
            cognito.UserPoolClient.from_user_pool_client_id(pool, "Other", "4f6ja8sq2b"),
        ]
    )
    # THEN the authorizer's audience is each client's ID, once
    (authorizer,) = authorizers_of(api)
    stack = cdk.Stack.of(api)
    ids = [stack.resolve(client.user_pool_client_id) for client in clients]
    assert authorizer["jwt"]["audience"] == ids
    assert ids[2:] == ["4f6ja8sq2a", "4f6ja8sq2b"]
