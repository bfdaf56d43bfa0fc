"""The wider-grant warning of arn_for_route / grant_invoke asks each pair of IAM routes
once, with one search for an ANY route's seven methods and none where the two patterns'
literal starts or ends differ: the same answers as a search per method of every pair,
which made 60 routes granted one by one cost some 20 ms each (quadratic)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Annotations, Match

from constructs_lib import ApiAuth, ServerlessApi
from constructs_lib.serverless_api import route_arns, route_patterns
from constructs_lib.serverless_api.route_patterns import request_path
from constructs_lib.serverless_api.routes import METHODS
from tests.support import echo_handler, new_stack

# routes of every shape the search tells apart: a literal, a parameter, a greedy one, a
# method or ANY, the root, a literal where another route has a parameter
ROUTES = [
    "GET /",
    "ANY /{proxy+}",
    "GET /records",
    "POST /records",
    "GET /records/{id}",
    "ANY /records/{id}",
    "GET /records/{id}/tags",
    "DELETE /records/{id}/tags/{tag}",
    "ANY /blobs/{path+}",
    "GET /blobs/readme",
    "PUT /blobs/{path+}",
    "GET /admin/blobs/{id}",
    "GET /partners/{partner}/orders/{id}",
    "GET /partners/acme/orders/{id}/items",
    "OPTIONS /partners/{partner}/orders",
]


def _search(arn_path: str, route_path: str, unless: str | None) -> bool:
    """The search alone, without has_common_request's shortcut on the literal ends."""
    tokens = [route_patterns._arn_tokens(arn_path), route_patterns._route_tokens(route_path)]
    excluded = route_patterns._route_tokens(unless) if unless is not None else None
    return route_patterns._common(tokens, excluded)


def _reference(route_key: str, method: str, path: str, other_key: str) -> bool:
    """The warning's definition, a search per method the other route serves."""
    own_method, own_path = route_arns._route_parts(route_key)
    other_method, other_path = route_arns._route_parts(other_key)
    own_wins = route_arns._specificity(route_key) > route_arns._specificity(other_key)
    methods = [m for m in METHODS if m != "ANY"] if other_method == "ANY" else [other_method]
    return any(
        _search(
            f"{method}{path}",
            f"{m}{other_path}",
            f"{m}{own_path}" if own_wins and own_method in (m, "ANY") else None,
        )
        for m in methods
    )


@pytest.mark.parametrize("values", [{}, {"partner": "acme"}, {"id": "r-1", "path": "a/b"}])
def test_every_pair_of_routes_is_answered_as_a_search_per_method_answers_it(
    values: dict[str, str],
) -> None:
    # GIVEN every ordered pair of the routes, each ARN with some parameters given values
    wrong = []
    for route_key, other_key in itertools.permutations(ROUTES, 2):
        own_method, own_path = route_arns._route_parts(route_key)
        method = "*" if own_method == "ANY" else own_method
        path = request_path(own_path, values)
        expected = _reference(route_key, method, path, other_key)
        # WHEN the warning's check answers it THEN as the search of each method does
        if route_arns._matches(route_key, method, path, other_key) is not expected:
            wrong.append(f"{route_key!r} ({method}{path}) -> {other_key!r}: {expected} expected")
    assert not wrong, "\n".join(wrong)


def test_the_shortcut_on_literal_ends_answers_as_the_search() -> None:
    # GIVEN ARN and route patterns whose literal starts and ends agree, or not
    arns = ["GET/records/*", "*/records/*", "GET/records", "*", "GET/*/tags", "POST/*/x.csv"]
    routes = ["GET/records/{id}", "GET/{proxy+}", "POST/{a}/x.csv", "GET/records", "PUT/a.csv"]
    for arn_path, route_path in itertools.product(arns, routes):
        # THEN has_common_request answers each as the search alone
        expected = _search(arn_path, route_path, None)
        assert route_patterns.has_common_request(arn_path, route_path) is expected, (
            arn_path,
            route_path,
        )


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many searches ``has_common_request`` starts while the test runs."""
    count = [0]
    search = route_patterns._common

    def counting(*args: Any) -> bool:
        count[0] += 1
        return search(*args)

    monkeypatch.setattr(route_patterns, "_common", counting)
    route_arns._matches_once.cache_clear()
    yield count


def test_each_route_granted_asks_each_other_route_at_most_one_search(
    searches: list[int],
) -> None:
    # Proves (speed48): 60 IAM routes granted one by one took 7,590 searches (an ANY
    # route's seven methods each, every pair), about 20 ms of Python per grant
    # GIVEN an API of 5 routes of one method and 5 ANY routes, each path its own
    routes = {f"GET /a{n}/{{id}}": echo_handler() for n in range(5)}
    routes |= {f"ANY /b{n}/{{proxy+}}": echo_handler() for n in range(5)}
    api = ServerlessApi(new_stack(), "Api", routes=routes, auth=ApiAuth.iam())
    role = iam.Role(api, "Client", assumed_by=iam.AccountPrincipal("111111111111"))
    # WHEN each route is granted alone
    for key in routes:
        api.grant_invoke(role, key)
    # THEN only an ANY route's ARN ('*/b0/*', no literal start or end) is searched against
    # the others, once each (a method's ARN, 'GET/a0/*', starts unlike every other route)
    assert searches[0] == 5 * 9
    # AND a route granted again (another client) asks no new search (granted before the
    # stack synthesizes: a grant after it is a ConstructError since methods53)
    other = iam.Role(api, "Other", assumed_by=iam.AccountPrincipal("111111111111"))
    for key in routes:
        api.grant_invoke(other, key)
    assert searches[0] == 5 * 9
    # AND each ANY route's grant warns of the other ANY routes alone ('GET/b1/b0/x' is a
    # request of 'ANY /b1/{proxy+}' that '*/b0/*' lets in; no 'GET /a1/{id}' request is)
    found = Annotations.from_stack(cdk.Stack.of(api)).find_warning(
        "/Test/Api", Match.string_like_regexp(r"^grant_invoke\(")
    )
    any_routes = [key for key in routes if key.startswith("ANY")]
    assert sorted(str(w.entry.data).split(" too:", 1)[0] for w in found) == [
        f"grant_invoke({key!r}) lets the client call "
        + ", ".join(repr(other) for other in any_routes if other != key)
        for key in any_routes
    ]
