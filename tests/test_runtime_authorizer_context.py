"""constructs_lib_runtime.http.authorizer_context: who a route's JWT or Lambda authorizer let
in, read-only, and a 401 to return when the request has no authorizer's context."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from constructs_lib_runtime.http import (
    AuthorizerContext,
    NoAuthorizerContext,
    authorizer_context,
)
from constructs_lib_runtime.testing import http_api_event


def test_a_jwt_authorizer_s_claims_and_scopes() -> None:
    # GIVEN a route behind a JWT authorizer, as the testing builder makes its event
    event = http_api_event(
        "POST /orders",
        "{}",
        claims={"sub": "user-1", "cognito:groups": ["admins", "readers"], "exp": 1700000000},
        scopes=["orders/write"],
    )
    # WHEN the handler reads the authorizer's context
    caller = authorizer_context(event)
    # THEN it has the claims as API Gateway passes them, the scopes and the principal
    assert caller == AuthorizerContext(
        kind="jwt",
        claims={"sub": "user-1", "cognito:groups": "[admins readers]", "exp": "1700000000"},
        scopes=("orders/write",),
        principal_id="user-1",
        context={},
    )
    assert caller.has_scope("orders/write") and not caller.has_scope("orders/read")


def test_a_token_without_scopes_or_sub() -> None:
    caller = authorizer_context(http_api_event("GET /orders", claims={"client_id": "c-1"}))
    assert (caller.scopes, caller.principal_id) == ((), None)


@pytest.mark.parametrize(
    ("claims", "scopes", "expected"),
    [
        # a route without authorization_scopes: jwt.scopes null, the token's OAuth `scope`
        # claim (space-separated) holds them, as in awsdocs/amazon-api-gateway-developer-guide#113
        ({"scope": "get:data read:policies"}, None, ("get:data", "read:policies")),
        # Okta's `scp`, a list in the token, which API Gateway flattens to "[a b]"
        ({"scp": ["orders/read", "orders/write"]}, None, ("orders/read", "orders/write")),
        ({"scope": ""}, None, ()),
        # a route with scopes: jwt.scopes as API Gateway passes them
        ({"scope": "orders/read orders/write"}, ["orders/write"], ("orders/write",)),
        ({"scope": "orders/read"}, [], ()),
    ],
    ids=["scope claim", "scp list claim", "empty scope claim", "route scopes", "none matched"],
)
def test_the_token_s_scopes_are_read_where_api_gateway_puts_them(
    claims: dict[str, Any], scopes: list[str] | None, expected: tuple[str, ...]
) -> None:
    # Proves (fix43): on a route without authorization_scopes (jwt.scopes null) the scopes
    # were empty, and has_scope(...) refused a token that had the scope in its claim
    event = http_api_event("GET /orders", claims={"sub": "u-1", **claims}, scopes=scopes)
    caller = authorizer_context(event)
    assert caller.scopes == expected
    assert all(caller.has_scope(scope) for scope in expected)
    assert not caller.has_scope("admin")


def test_scopes_as_space_separated_text_are_split() -> None:
    event = http_api_event("GET /orders", claims={"sub": "u-1"})
    event["requestContext"]["authorizer"]["jwt"]["scopes"] = "orders/read orders/write"
    assert authorizer_context(event).scopes == ("orders/read", "orders/write")


def test_a_lambda_authorizer_s_context() -> None:
    # GIVEN a route behind ApiAuth.function, whose authorizer answered with a context
    event = http_api_event(
        "GET /orders",
        authorizer_context={
            "partner": "acme",
            "principalId": "p-7",
            "tiers": ["gold"],
            "limits": {"rpm": 50, "burst": True},
        },
    )
    caller = authorizer_context(event)
    # THEN the context as JSON gave it, the principal the authorizer named, no claims
    assert caller.kind == "lambda"
    assert caller.principal_id == "p-7"
    assert (caller.claims, caller.scopes) == ({}, ())
    assert caller.context["partner"] == "acme"
    assert caller.context["tiers"] == ("gold",)
    assert dict(caller.context["limits"]) == {"rpm": 50, "burst": True}
    # AND without a principalId of the authorizer's, there is none
    other = authorizer_context(http_api_event("GET /orders", authorizer_context={"p": 1}))
    assert other.principal_id is None


def test_a_lambda_authorizer_that_passed_no_context() -> None:
    # GIVEN a request a Lambda authorizer let in with a simple response and no context,
    # whose key the event may hold as null
    event = http_api_event("GET /orders", authorizer_context={"p": 1})
    event["requestContext"]["authorizer"] = {"lambda": None}
    caller = authorizer_context(event)
    # THEN it is the authorizer's caller, with an empty context (not a 401 for whom it let in)
    assert (caller.kind, caller.principal_id, dict(caller.context)) == ("lambda", None, {})


def test_the_view_is_read_only() -> None:
    jwt = authorizer_context(http_api_event("GET /orders", claims={"sub": "u"}))
    passed = authorizer_context(
        http_api_event("GET /orders", authorizer_context={"limits": {"rpm": 5}, "tags": ["a"]})
    )
    with pytest.raises(TypeError):
        jwt.claims["sub"] = "someone-else"  # type: ignore[index]
    with pytest.raises(TypeError):
        passed.context["limits"]["rpm"] = 10_000
    with pytest.raises(AttributeError):
        passed.context["tags"].append("admin")
    with pytest.raises(AttributeError):
        jwt.principal_id = "admin"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("event", "why"),
    [
        (
            http_api_event("GET /health"),
            "the route is public (ApiAuth.none or Route(..., public=...)), or a test built "
            "the event without claims=, authorizer_context= or iam_caller=",
        ),
        (
            {**http_api_event("GET /health"), "requestContext": {"authorizer": {"iam": {}}}},
            "its IAM context names no signer (no userArn)",
        ),
        ({"routeKey": "GET /health", "body": "{}"}, "the event is not an HTTP API's"),
    ],
    ids=["public", "iam", "not-v2"],
)
def test_a_request_without_an_authorizer_s_context_is_a_401(
    event: dict[str, Any], why: str
) -> None:
    # WHEN the handler reads an authorizer's context the request does not have
    with pytest.raises(NoAuthorizerContext, match=re.escape(why)) as raised:
        authorizer_context(event)
    # THEN its error says why (for the logs) and is the 401 API Gateway would answer
    error = raised.value
    assert isinstance(error, ValueError)
    assert "the request to 'GET /health' has no JWT, Lambda or IAM authorizer context" in str(error)
    assert error.response["statusCode"] == 401
    assert json.loads(error.response["body"]) == {"message": "Unauthorized"}


def test_something_else_than_the_event_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="authorizer_context: event is a str, not the event dict"):
        authorizer_context("{}")  # type: ignore[arg-type]
