"""A ServerlessApi's Cognito pool whose hosted UI domain prefix another user pool domain of
the app takes too (two stages of one stack class, two stacks copying README's example):
a Cognito prefix names one domain per region across every account, so the second deploy
failed; the synth fails instead, naming both domains and the prop that sets the prefix."""

from __future__ import annotations

import re
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, Route, ServerlessApi
from tests.support import echo_handler, new_app

CLASH = (
    r"\[{api}\] `{prop}` is ApiAuth\.cognito of the pool {pool}, whose hosted UI domain "
    r"{domain} has the prefix 'todos-sign-in' \(its `cognito_domain\.domain_prefix`\), as "
    r"{other} does: a Cognito domain prefix names one domain in a region across every AWS "
    r"account, so the deploy of the second fails \(the prefix is taken\).*Fix: pass each "
    r"domain a prefix of its own \(the stage's name in it"
)


def _todos(scope: cdk.Stage, prefix: str, *, route_auth: bool = False, **stack: Any) -> cdk.Stack:
    """A stack with a pool, its hosted UI domain of ``prefix`` and an API it signs in to
    (the API's ``auth``, or with ``route_auth`` one route's own)."""
    built = cdk.Stack(scope, "Todos", **stack)
    pool = cognito.UserPool(built, "Users")
    pool.add_domain("SignIn", cognito_domain=cognito.CognitoDomainOptions(domain_prefix=prefix))
    users = ApiAuth.cognito(pool, [pool.add_client("Web")])
    routes: dict[str, Any] = {"GET /todos": echo_handler()}
    if route_auth:
        routes["GET /me"] = Route(echo_handler(), auth=users)
    auth = ApiAuth.iam() if route_auth else users
    ServerlessApi(built, "Api", routes=routes, auth=auth)
    return built


def test_two_stages_of_one_stack_class_with_one_prefix_fail_the_synth() -> None:
    # GIVEN a dev and a prod stage of one stack class, whose domain prefix is written out
    app = new_app()
    for stage in ("Dev", "Prod"):
        _todos(cdk.Stage(app, stage), "todos-sign-in")
    # THEN the synth names both domains, the pool and the prop setting the prefix
    expected = CLASH.format(
        api="Dev/Todos/Api",
        prop="auth",
        pool="Dev/Todos/Users",
        domain="Dev/Todos/Users/SignIn",
        other="Prod/Todos/Users/SignIn",
    )
    with pytest.raises(RuntimeError, match=expected):
        app.synth()


def test_a_route_s_own_cognito_auth_is_checked_too() -> None:
    app = new_app()
    _todos(app, "todos-sign-in", route_auth=True)
    other = cdk.Stack(app, "Admin")
    cognito.UserPool(other, "Staff").add_domain(
        "SignIn", cognito_domain=cognito.CognitoDomainOptions(domain_prefix="todos-sign-in")
    )
    expected = CLASH.format(
        api="Todos/Api",
        prop=re.escape("routes['GET /me'].auth"),
        pool="Todos/Users",
        domain="Todos/Users/SignIn",
        other="Admin/Staff/SignIn",
    )
    with pytest.raises(RuntimeError, match=expected):
        app.synth()


@pytest.mark.parametrize(
    ("dev", "prod"),
    [
        pytest.param(
            {"prefix": "todos-dev-sign-in"}, {"prefix": "todos-prod-sign-in"}, id="own prefixes"
        ),
        pytest.param(
            {"prefix": "todos-sign-in", "env": cdk.Environment(region="eu-west-1")},
            {"prefix": "todos-sign-in", "env": cdk.Environment(region="us-east-1")},
            id="one prefix in two regions",
        ),
    ],
)
def test_domains_that_cannot_clash_synthesize(dev: dict[str, Any], prod: dict[str, Any]) -> None:
    app = new_app()
    stacks = [
        _todos(cdk.Stage(app, stage), **options)
        for stage, options in (("Dev", dev), ("Prod", prod))
    ]
    app.synth()  # no error
    # THEN each stage's pool has its domain of the prefix given
    for stack, options in zip(stacks, (dev, prod), strict=True):
        found = Template.from_stack(stack).find_resources("AWS::Cognito::UserPoolDomain")
        assert [d["Properties"]["Domain"] for d in found.values()] == [options["prefix"]]


def test_a_prefix_in_a_known_region_clashes_with_an_environment_agnostic_one() -> None:
    # an environment-agnostic stack goes wherever it is deployed: eu-west-1 too
    app = new_app()
    _todos(cdk.Stage(app, "Dev"), "todos-sign-in")
    _todos(cdk.Stage(app, "Prod"), "todos-sign-in", env=cdk.Environment(region="eu-west-1"))
    with pytest.raises(RuntimeError, match=r"\[Dev/Todos/Api\] `auth` is ApiAuth\.cognito"):
        app.synth()


def test_a_prefix_known_only_at_deploy_is_not_compared() -> None:
    app = new_app()
    stack = _todos(app, "todos-sign-in")
    other = cdk.Stack(app, "Other")
    pool = cognito.UserPool(other, "Users")
    stage_prefix = cdk.CfnParameter(other, "Prefix", default="todos-sign-in").value_as_string
    pool.add_domain(
        "SignIn", cognito_domain=cognito.CognitoDomainOptions(domain_prefix=stage_prefix)
    )
    assert stack.node.try_find_child("Api") is not None
    app.synth()  # no error: the parameter's value is known only at deploy


def test_environment_agnostic_stacks_of_one_prefix_clash_across_stages_until_given_regions() -> (
    None
):
    # Decided (papercuts48): an environment-agnostic stack goes wherever its deploy runs, so
    # two of one prefix clash even in two stages (the case the check was written for: the
    # same stack class in Dev and Prod); stacks meant for two regions say so with env=
    app = new_app()
    _todos(cdk.Stage(app, "Europe"), "todos-sign-in")
    _todos(cdk.Stage(app, "America"), "todos-sign-in")
    with pytest.raises(RuntimeError, match=r"\[Europe/Todos/Api\] `auth`.*America/Todos"):
        app.synth()
    app = new_app()
    for stage, region in (("Europe", "eu-west-1"), ("America", "us-east-1")):
        _todos(cdk.Stage(app, stage), "todos-sign-in", env=cdk.Environment(region=region))
    app.synth()  # no error: the regions differ
