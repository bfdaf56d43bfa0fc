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
