"""constructs_lib_runtime.testing.http_api_authorizer_event: the event an ApiAuth.function
authorizer gets, as API Gateway sends it (payload format 2.0, REQUEST)."""

from __future__ import annotations

import pytest

from constructs_lib_runtime.testing import http_api_authorizer_event, http_api_event

ROUTE = "GET /todos"


def test_the_identity_sources_values_are_listed_in_their_order() -> None:
    event = http_api_authorizer_event(
        "GET /orders/{id}",
        identity_source=[
            "$request.header.X-Api-Key",
            "$request.querystring.tenant",
            "$context.http.sourceIp",
            "$stageVariables.env",
        ],
        headers={"X-Api-Key": "k-1", "Authorization": "Bearer t"},
        query={"tenant": "acme"},
        stage_variables={"env": "prod"},
        path="/orders/42",
        path_parameters={"id": "42"},
    )
    assert event["identitySource"] == ["k-1", "acme", "203.0.113.7", "prod"]
    assert event["type"] == "REQUEST" and event["version"] == "2.0"
    assert event["routeKey"] == "GET /orders/{id}"
    assert event["routeArn"] == (
        "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/$default/GET/orders/42"
    )
    assert event["headers"] == {"x-api-key": "k-1", "authorization": "Bearer t"}
    assert event["queryStringParameters"] == {"tenant": "acme"}
    assert event["rawQueryString"] == "tenant=acme"
    assert event["pathParameters"] == {"id": "42"}
    assert event["stageVariables"] == {"env": "prod"}
    # an authorizer never gets the body
    assert "body" not in event and "isBase64Encoded" not in event


def test_the_default_identity_source_is_the_authorization_header() -> None:
    event = http_api_authorizer_event("POST /orders", headers={"Authorization": "Bearer t"})
    assert event["identitySource"] == ["Bearer t"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, r"no '\$request.header.Authorization': API Gateway answers it 401"),
        ({"headers": {"Authorization": ""}}, "answers it 401 without invoking"),
        (
            {"identity_source": ["$request.querystring.key"], "query": {"other": "1"}},
            r"no '\$request.querystring.key'",
        ),
        (
            {"identity_source": ["method.request.header.Authorization"]},
            "is not one an HTTP API takes",
        ),
    ],
)
def test_a_request_api_gateway_never_hands_the_authorizer_is_a_value_error(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        http_api_authorizer_event("POST /orders", **kwargs)  # type: ignore[arg-type]


def test_an_identity_source_without_caching_may_be_empty() -> None:
    event = http_api_authorizer_event("POST /orders", identity_source=[])
    assert event["identitySource"] == []


def test_context_variables_are_read_where_the_event_keeps_them() -> None:
    # Proves: $context.identity.sourceIp (AWS's name for the caller's address) was looked
    # up as requestContext.identity.sourceIp, which format 2.0 has not: a ValueError
    sources = [
        "$context.identity.sourceIp",
        "$context.identity.userAgent",
        "$context.httpMethod",
        "$context.path",
        "$context.routeKey",
        "$context.stage",
        "$context.requestTimeEpoch",
    ]
    event = http_api_authorizer_event(
        "GET /orders", identity_source=sources, headers={"User-Agent": "curl/8.5"}
    )
    assert event["identitySource"] == [
        "203.0.113.7",
        "curl/8.5",
        "GET",
        "/orders",
        "GET /orders",
        "$default",
        "1777885201000",
    ]


def test_a_cookie_identity_source_is_the_cookie_header_the_browser_sent() -> None:
    # Proves: the event keeps cookies in its cookies list, not in headers, and a
    # session-cookie authorizer's event was a ValueError ("the request has no ...")
    event = http_api_authorizer_event(
        "GET /me",
        identity_source=["$request.header.Cookie"],
        headers={"Cookie": "session=s-1; theme=dark"},
    )
    assert event["identitySource"] == ["session=s-1; theme=dark"]
    assert event["cookies"] == ["session=s-1", "theme=dark"]
    with pytest.raises(ValueError, match=r"no '\$request.header.Cookie'"):
        http_api_authorizer_event("GET /me", identity_source=["$request.header.Cookie"])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (
            lambda: http_api_authorizer_event(ROUTE, identity_source="$request.header.X"),
            "identity_source is '\\$request.header.X'; it is a list",
        ),
        (
            lambda: http_api_authorizer_event(
                ROUTE, identity_source=["$request.querystring.k"], query={"k": 5}
            ),
            "query has 'k': 5",
        ),
        (
            lambda: http_api_authorizer_event(ROUTE, stage_variables=["a"]),
            "stage_variables is a list",
        ),
        (  # was an AttributeError ('int' object has no attribute 'removeprefix')
            lambda: http_api_authorizer_event(ROUTE, identity_source=["$context.stage", 1]),
            "identity_source\\[1\\] is 1; an identity source is a str",
        ),
        (lambda: http_api_event(ROUTE, claims=["sub"]), "claims is \\['sub'\\]"),
        (lambda: http_api_event(ROUTE, claims={1: "a"}), "claims is \\{1: 'a'\\}"),
        (lambda: http_api_event(ROUTE, claims={"sub": "a"}, scopes=[None]), "scopes is \\[None\\]"),
        (lambda: http_api_event(ROUTE, claims={"sub": "a"}, scopes=5), "scopes is 5"),
    ],
)
def test_a_wrong_argument_to_a_test_event_is_a_type_error_naming_it(
    call: object, match: str
) -> None:
    # a str identity_source was read character by character ("identity source '$'"), a
    # list of claims an AttributeError, an int query value or a None scope silence
    with pytest.raises(TypeError, match=match):
        call()  # type: ignore[operator]


def test_scopes_as_a_tuple_and_claims_of_every_kind_still_make_an_event() -> None:
    event = http_api_event(ROUTE, claims={"sub": "u", "n": 1, "g": ["a"]}, scopes=("r", "w"))
    assert event["requestContext"]["authorizer"]["jwt"]["scopes"] == ["r", "w"]
