"""Values pasted with what the user did not mean (whitespace around them, a tab for a
space, the method in lower case): refused with the fix that is the value as meant
(bad inputs, round 39)."""

from __future__ import annotations

import pytest

from constructs_lib import ApiAuth, ConstructError, Problem, ServerlessApi
from tests.support import echo_handler, new_stack
from tests.template_support import authorizers_of


def _problem(**props: object) -> Problem:
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", **{"routes": {"GET /a": echo_handler()}, **props})
    (problem,) = raised.value.problems
    return problem


@pytest.mark.parametrize("audience", [" todo-api", "todo-api\n"])
def test_an_audience_with_whitespace_around_it_is_refused(audience: str) -> None:
    # Proves (bad inputs, round 39): it synthesized, and API Gateway, comparing `aud` as
    # written, would have refused every token
    problem = _problem(auth=ApiAuth.jwt("https://id.example.com/", [audience]))
    assert problem.prop == "auth.audiences[0]"
    assert "with whitespace around it, which no token's `aud` has" in problem.message
    assert problem.fix == "pass 'todo-api'"


def test_audiences_as_issued_are_accepted() -> None:
    stack = new_stack()
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.jwt("https://id.example.com/", ["todo-api", "https://api.example.com"]),
    )
    # THEN the authorizer takes each audience as written
    (authorizer,) = authorizers_of(api)
    assert authorizer["jwt"]["audience"] == ["todo-api", "https://api.example.com"]


@pytest.mark.parametrize(
    ("key", "fix"),
    [(" GET /items", "GET /items"), ("get /items", "GET /items"), ("GET\t/items", "GET /items")],
    ids=["leading-space", "lower-case", "tab"],
)
def test_a_route_key_as_pasted_gets_the_key_as_meant(key: str, fix: str) -> None:
    # Proves (bad inputs, round 39): the fix was only "write the key like 'GET /todos/{id}'"
    problem = _problem(routes={key: echo_handler()}, auth=ApiAuth.iam())
    assert problem.prop == f"routes[{key!r}]"
    assert problem.fix == f"write {fix!r} (or another key API Gateway takes)"
