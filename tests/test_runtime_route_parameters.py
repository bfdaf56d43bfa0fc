"""http_api_event's path parameters: a route with ``{name}`` gets ``pathParameters`` as API
Gateway sends them, whichever of ``path`` and ``path_parameters`` the test passes."""

from __future__ import annotations

import re

import pytest

from constructs_lib_runtime.testing import http_api_authorizer_event, http_api_event


@pytest.mark.parametrize(
    ("route_key", "path", "parameters"),
    [
        ("GET /status/{upload}", "/status/a.csv", {"upload": "a.csv"}),
        ("GET /a/{x}/b/{y}", "/a/1/b/2", {"x": "1", "y": "2"}),
        ("GET /files/{proxy+}", "/files/2026/q1%20sales.csv", {"proxy": "2026/q1 sales.csv"}),
        ("GET /orders/{order-id}", "/orders/o-1", {"order-id": "o-1"}),
    ],
)
def test_a_route_s_parameters_are_read_from_the_path(
    route_key: str, path: str, parameters: dict[str, str]
) -> None:
    # WHEN a request is built with its path alone THEN it has the parameters API Gateway sends
    event = http_api_event(route_key, path=path)
    assert (event["rawPath"], event["pathParameters"]) == (path, parameters)
    # AND with the parameters alone, the path is the route's with their values
    event = http_api_event(route_key, path_parameters=parameters)
    assert (event["rawPath"], event["requestContext"]["http"]["path"]) == (path, path)
    assert event["pathParameters"] == parameters


@pytest.mark.parametrize(
    ("route_key", "path", "parameters"),
    [
        ("GET /items/{id}", "/items/a%20b", {"id": "a b"}),
        ("GET /items/{id}", "/items/caf%C3%A9", {"id": "café"}),
        ("GET /items/{id}", "/items/50%25%3Foff", {"id": "50%?off"}),
        ("GET /items/{id}", "/items/a+b", {"id": "a+b"}),  # '+' is a space in a query only
        ("GET /files/{proxy+}", "/files/in/q1%20sales.csv", {"proxy": "in/q1 sales.csv"}),
    ],
)
def test_path_parameters_are_url_decoded_as_api_gateway_passes_them(
    route_key: str, path: str, parameters: dict[str, str]
) -> None:
    # GIVEN a request whose path holds percent-encoded characters (/items/a%20b). Proves
    # (logs42): pathParameters held them encoded ({"id": "a%20b"}), though API Gateway's HTTP
    # API guide says it decodes URL-encoded request parameters before the integration gets them
    event = http_api_event(route_key, path=path)
    # THEN the parameters are decoded, the path stays as the client sent it
    assert event["pathParameters"] == parameters
    assert event["rawPath"] == path
    # AND built from the parameters, the path is one a client could send (encoded)
    assert http_api_event(route_key, path_parameters=parameters)["rawPath"] == path.replace(
        "+", "%2B"
    )


def test_an_any_route_and_an_authorizer_event_get_them_too() -> None:
    event = http_api_event("ANY /hooks/{proxy+}", method="POST", path="/hooks/github")
    assert event["pathParameters"] == {"proxy": "github"}
    authorizer = http_api_authorizer_event(
        "GET /orders/{id}", headers={"authorization": "t"}, path_parameters={"id": "42"}
    )
    assert authorizer["routeArn"].endswith("/$default/GET/orders/42")
    assert authorizer["pathParameters"] == {"id": "42"}


@pytest.mark.parametrize(
    ("route_key", "options"),
    [
        ("GET /health", {}),
        ("GET /health", {"path": "/health"}),
        ("$default", {"method": "GET", "path": "/status/a.csv"}),
        # both given: kept as passed (a path under a custom domain's base path, say)
        ("GET /status/{upload}", {"path": "/v1/status/a.csv", "path_parameters": {"upload": "a"}}),
    ],
)
def test_a_request_without_parameters_to_read_stays_as_given(
    route_key: str, options: dict[str, object]
) -> None:
    event = http_api_event(route_key, **options)  # type: ignore[arg-type]
    assert event.get("pathParameters") == options.get("path_parameters")
    assert event["rawPath"] == options.get("path", "/health")


@pytest.mark.parametrize(
    ("route_key", "options", "message"),
    [
        (
            "GET /status/{upload}",
            {"path_parameters": {"uplaod": "a.csv"}},
            "path_parameters ['uplaod'] are not the parameters of 'GET /status/{upload}', "
            "which are ['upload']: API Gateway sends exactly the route's. "
            "Fix: pass path_parameters={'upload': '...'}",
        ),
        (
            "GET /a/{x}/b/{y}",
            {"path_parameters": {"x": "1"}},
            "Fix: pass path_parameters={'x': '1', 'y': '...'}",
        ),
        (
            "GET /health",
            {"path_parameters": {"id": "1"}},
            "which are []: API Gateway sends exactly the route's. Fix: leave path_parameters out",
        ),
        (
            "GET /status/{upload}",
            {"path": "/v1/status/a.csv"},
            "path '/v1/status/a.csv' is not of the shape of 'GET /status/{upload}', so its "
            "pathParameters cannot be read from it. Fix: pass them, "
            "path_parameters={'upload': '...'}",
        ),
        ("GET /status/{upload}", {"path": "/status/"}, "is not of the shape"),
        ("GET /files/{proxy+}", {"path": "/files/"}, "is not of the shape"),
        ("GET /status/{upload}", {}, "needs its path=... (or path_parameters=...)"),
    ],
)
def test_parameters_api_gateway_would_never_send_are_refused(
    route_key: str, options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        http_api_event(route_key, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("route_key", "path", "parameters", "query"),
    [
        ("GET /orders/{id}", "/orders/o-1?verbose=true", {"id": "o-1"}, {"verbose": "true"}),
        (
            "GET /orders",
            "/orders?tag=a&tag=b&q=caf%C3%A9&empty=",
            None,
            {"tag": "a,b", "q": "café", "empty": ""},
        ),
        (
            "GET /files/{proxy+}",
            "/files/2026/q1.csv?download",
            {"proxy": "2026/q1.csv"},
            {"download": ""},
        ),
    ],
    ids=["parameter", "static", "greedy"],
)
def test_a_path_s_query_string_is_the_event_s_query(
    route_key: str,
    path: str,
    parameters: dict[str, str] | None,
    query: dict[str, str],
) -> None:
    # WHEN a request is built with a path holding a query string. Proves (sweep41): it was
    # the last parameter's value ({"id": "o-1?verbose=true"}) and part of rawPath
    event = http_api_event(route_key, path=path)
    # THEN API Gateway's split: the path, its parameters, the raw and parsed query string
    raw_path, _, raw_query = path.partition("?")
    assert (event["rawPath"], event["requestContext"]["http"]["path"]) == (raw_path, raw_path)
    assert event.get("pathParameters") == parameters
    assert event["rawQueryString"] == raw_query
    assert event["queryStringParameters"] == query


def test_a_path_without_a_query_string_has_none() -> None:
    event = http_api_event("GET /orders/{id}", path="/orders/o-1")
    assert event["rawQueryString"] == ""
    assert "queryStringParameters" not in event
