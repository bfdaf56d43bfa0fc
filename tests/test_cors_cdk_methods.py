"""CorsPolicy's ``allow_methods`` takes aws-cdk-lib's own ``apigwv2.CorsHttpMethod`` members,
which a CDK user writes first (``CorsPreflightOptions`` takes them): each stands for its
name (the same template, and the same method for the check of a method listed twice); a
member of another enum (a route's ``apigwv2.HttpMethod``) is refused, naming the member
to pass."""

from __future__ import annotations

import re
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, CorsPolicy, ServerlessApi
from tests.support import echo_handler, new_app

ORIGINS = ["https://app.example.com"]
M = apigwv2.CorsHttpMethod


def _template(methods: list[Any]) -> dict[str, Any]:
    stack = cdk.Stack(new_app(), "Test")
    ServerlessApi(
        stack,
        "Api",
        auth=ApiAuth.iam(),
        routes={"GET /a": echo_handler()},
        cors=CorsPolicy(allow_origins=ORIGINS, allow_methods=methods),
    )
    return Template.from_stack(stack).to_json()


def _allowed(template: dict[str, Any]) -> list[str]:
    (api,) = (
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::ApiGatewayV2::Api"
    )
    return list(api["CorsConfiguration"]["AllowMethods"])


@pytest.mark.parametrize(
    ("members", "names", "written"),
    [
        ([M.GET, M.POST], ["GET", "POST"], ["GET", "POST"]),
        ([M.GET, "DELETE", M.OPTIONS], ["GET", "DELETE", "OPTIONS"], ["GET", "DELETE", "OPTIONS"]),
        ((M.PUT,), ("PUT",), ["PUT"]),
        # aws-cdk-lib writes ANY as '*', for the member as for the library's "ANY"
        ([M.ANY], ["ANY"], ["*"]),
    ],
    ids=["members", "mixed", "tuple", "any"],
)
def test_cors_http_method_members_make_the_template_of_their_names(
    members: list[Any], names: list[str], written: list[str]
) -> None:
    # Proves (user trial): CorsPolicy(allow_methods=[apigwv2.CorsHttpMethod.GET]) was
    # refused ("must be a list of strings")
    template = _template(members)
    assert template == _template(list(names))
    assert _allowed(template) == written


def _problems(methods: Any) -> str:
    with pytest.raises(ConstructError) as caught:
        _template(methods)
    return str(caught.value)


@pytest.mark.parametrize(
    ("methods", "message"),
    [
        (
            [M.GET, "GET"],
            "`cors.allow_methods` lists 'GET' twice. Fix: list each method once (was another "
            "method meant?)",
        ),
        ([M.POST, M.POST], "`cors.allow_methods` lists 'POST' twice."),
        (
            [M.GET, apigwv2.HttpMethod.POST],
            "`cors.allow_methods` has HttpMethod.POST, which is no CORS method. Fix: pass "
            "'POST' or apigwv2.CorsHttpMethod.POST",
        ),
        (
            ["GET", lambda_.Tracing.ACTIVE],
            "`cors.allow_methods` has Tracing.ACTIVE, which is no CORS method. Fix: pass "
            "method names, e.g. ['GET', 'POST'], or apigwv2.CorsHttpMethod members",
        ),
        (
            M.GET,
            "`cors.allow_methods` is CorsHttpMethod.GET alone, not a list. Fix: pass "
            "[apigwv2.CorsHttpMethod.GET]",
        ),
        (
            apigwv2.HttpMethod.DELETE,
            "`cors.allow_methods` is HttpMethod.DELETE alone, not a list. Fix: pass "
            "[apigwv2.CorsHttpMethod.DELETE]",
        ),
    ],
    ids=["member-and-name", "member-twice", "route-method", "other-enum", "alone", "route-alone"],
)
def test_a_repeated_or_foreign_member_is_a_construct_error(methods: Any, message: str) -> None:
    problems = _problems(methods)
    assert message in problems
    assert "list of strings" not in problems  # one problem, not the type check's too


def test_a_foreign_member_is_named_once_among_the_other_problems() -> None:
    problems = _problems([apigwv2.HttpMethod.GET, apigwv2.HttpMethod.GET])
    assert re.match(r"^2 invalid props?:", problems), problems
    assert problems.count("has HttpMethod.GET") == 2


@pytest.mark.parametrize(
    ("given", "fix"),
    [
        ("*", "pass 'ANY' (or apigwv2.CorsHttpMethod.ANY), which the template writes as '*'"),
        ("get", "pass 'GET' (or apigwv2.CorsHttpMethod.GET)"),
        (" Delete", "pass 'DELETE' (or apigwv2.CorsHttpMethod.DELETE)"),
        ("GET,POST", "list each method apart: ['GET', 'POST']"),
        ("GET, post", "list each method apart: ['GET', 'POST']"),
        ("CONNECT", "use upper-case HTTP method names (or apigwv2.CorsHttpMethod members)"),
    ],
    ids=["star", "lower-case", "spaced", "comma-joined", "comma-joined, spaced", "unknown"],
)
def test_a_method_name_api_gateway_does_not_take_is_told_the_one_meant(
    given: str, fix: str
) -> None:
    # bad42: each was told "use upper-case HTTP method names", '*' too (upper case already)
    with pytest.raises(
        ConstructError, match=rf"has {re.escape(repr(given))}; .*Fix: {re.escape(fix)}$"
    ):
        _template([given])
