"""route_patterns: whether an execute-api ARN pattern (IAM: '*' any characters, '/'
included) and a route's path ('{name}' one segment, '{name+}' the rest) have a request
path in common; pure, nothing synthesized."""

from __future__ import annotations

import pytest

from constructs_lib.serverless_api.route_patterns import has_common_request, request_path


@pytest.mark.parametrize(
    ("arn_path", "route_path", "common"),
    [
        ("/records/*", "/records/{id}/tags", True),  # '*' spans '/'
        ("/records/*", "/records", False),  # a parameter is never empty
        ("/files/*", "/files/readme", True),
        ("/partners/acme/orders/*", "/partners/{partner}/orders/{id}/items", True),
        ("/partners/acme/orders/*", "/partners/{partner}/orders", False),
        ("/partners/acme/orders", "/partners/{partner}/orders", True),
        ("/partners/acme/orders", "/partners/{partner}/orders/{id}", False),
        ("/partners/*/orders/*", "/admin/{proxy+}", False),
        ("/admin/*", "/admin/{proxy+}", True),
        ("/a/*", "/{q}/b", True),  # the request /a/b
        ("/a/*/c", "/{q}", False),  # one segment has no '/'
        ("/a/*/c", "/{q+}", True),  # a greedy one has
        ("/", "/", True),
        ("/", "/{id}", False),
    ],
)
def test_common_requests(arn_path: str, route_path: str, common: bool) -> None:
    assert has_common_request(arn_path, route_path) is common


def test_the_arn_path_fills_the_values_given_and_stars_the_rest() -> None:
    path = "/partners/{partner}/orders/{id}"
    assert request_path(path, {}) == "/partners/*/orders/*"
    assert request_path(path, {"partner": "acme"}) == "/partners/acme/orders/*"
    assert request_path("/admin/{proxy+}", {"proxy": "a/b"}) == "/admin/a/b"


@pytest.mark.parametrize(
    ("arn_path", "route_path", "unless", "common"),
    [
        # every request both take is the excluded route's (API Gateway gives it that one)
        ("GET/a/*", "GET/a/{x}", "GET/a/{id}", False),
        ("GET/a/b", "GET/{proxy+}", "GET/a/b", False),
        # /a/b/c is not the excluded route's: the greedy route gets it
        ("GET/a/*", "GET/{proxy+}", "GET/a/{id}", True),
        ("GET/users/*/profile", "GET/users/{proxy+}", "GET/users/{id}/profile", True),
    ],
)
def test_common_requests_but_another_route_s(
    arn_path: str, route_path: str, unless: str, common: bool
) -> None:
    # Proves (bad47 + partner47 merged): the warning's exact search, minus the requests of
    # the granted route itself where API Gateway ranks it first
    assert has_common_request(arn_path, route_path, unless=unless) is common
