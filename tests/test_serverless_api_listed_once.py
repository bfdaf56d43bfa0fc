"""ServerlessApi: a JWT audience, a CORS header or method listed twice. API Gateway takes
the repeat (CloudFormation's schema allows it), so it deployed; but it is most often a paste
where another value was meant (a second app's client ID), so it is refused, naming it."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, CorsPolicy, ServerlessApi
from tests.support import RuleCase, assert_rule, echo_handler, new_stack, rule_cases

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
