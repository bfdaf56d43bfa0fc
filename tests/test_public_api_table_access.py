"""An ApiAuth.none API with a table: each route that does not say its table_access gets the
access of its method, for anyone on the internet; the construct warns (design54), naming
the routes and which of them write, and saying the access keeps the template as it is."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, Route, ServerlessApi, TableAccess, TableOptions
from constructs_lib.serverless_api.public_table_access import PUBLIC_API_TABLE_WARNING
from tests.support import echo_handler, new_stack, warnings_of

READER = echo_handler(name="Reader")
WRITER = echo_handler(name="Writer", entry="app.other")
NONE = ApiAuth.none(reason="a public catalogue that anyone may add entries to")
JWT = ApiAuth.jwt("https://issuer.example.com/", ["todo-api"])


def _api(routes: dict[str, Any], **props: Any) -> ServerlessApi:
    props = {"auth": NONE, "table": TableOptions(partition_key="pk"), **props}
    return ServerlessApi(new_stack(), "Api", routes=routes, **props)


def _warnings(api: ServerlessApi) -> list[str]:
    return warnings_of(cdk.Stack.of(api), PUBLIC_API_TABLE_WARNING)


def test_routes_without_table_access_on_a_public_api_with_a_table_warn_once() -> None:
    # GIVEN an ApiAuth.none API with a table, whose routes leave table_access out
    api = _api({"GET /items": READER, "POST /items": WRITER, "DELETE /items/{id}": WRITER})
    # THEN one warning names every route with the access it gets, and those that write
    (warning,) = _warnings(api)
    assert warning.startswith(
        "`routes` 'GET /items' (TableAccess.READ), 'POST /items' (TableAccess.READ_WRITE), "
        "'DELETE /items/{id}' (TableAccess.READ_WRITE) take the table access of their "
        "method, but auth is ApiAuth.none: anyone on the internet who calls them reads the "
        "table, and writes it through 'POST /items', 'DELETE /items/{id}', through the "
        "route's function. Fix: pass table_access= on each of them"
    )
    assert f"acknowledge '{PUBLIC_API_TABLE_WARNING}' on the API" in warning
    # and the warning is on the API itself, where the fix acknowledges it
    assert any(PUBLIC_API_TABLE_WARNING in str(m.data) for m in api.node.metadata)


def test_read_only_routes_are_told_they_read() -> None:
    (warning,) = _warnings(_api({"GET /items": READER, "HEAD /items": READER}))
    assert "anyone on the internet who calls them reads the table, through" in warning
    assert "writes" not in warning


def test_routes_that_say_their_access_do_not_warn_and_keep_the_template() -> None:
    # GIVEN the same API with each route's access said as the method gave it
    said = _api(
        {
            "GET /items": Route(READER, table_access=TableAccess.READ),
            "POST /items": Route(WRITER, table_access=TableAccess.READ_WRITE),
        }
    )
    unsaid = _api({"GET /items": READER, "POST /items": WRITER})
    # THEN no warning, and the template is the one without table_access
    assert not _warnings(said)
    assert _warnings(unsaid)
    assert (
        Template.from_stack(cdk.Stack.of(said)).to_json()
        == Template.from_stack(cdk.Stack.of(unsaid)).to_json()
    )


def test_only_the_routes_that_say_nothing_are_listed() -> None:
    api = _api(
        {
            "GET /health": Route(READER, table_access=TableAccess.NONE),
            "POST /items": WRITER,
        }
    )
    (warning,) = _warnings(api)
    assert warning.startswith("`routes` 'POST /items' (TableAccess.READ_WRITE) take")
    assert "'GET /health'" not in warning


def test_a_route_with_its_own_auth_is_not_anyone_s() -> None:
    api = _api(
        {
            "GET /items": Route(READER, table_access=TableAccess.READ),
            "POST /items": Route(WRITER, auth=JWT),
        }
    )
    assert not _warnings(api)


def test_no_warning_without_a_table_or_with_auth() -> None:
    assert not _warnings(_api({"POST /items": WRITER}, table=None))
    assert not _warnings(_api({"GET /items": READER, "POST /items": WRITER}, auth=JWT))


def test_the_warning_is_acknowledged_on_the_api() -> None:
    api = _api({"POST /items": WRITER})
    cdk.Annotations.of(api).acknowledge_warning(
        PUBLIC_API_TABLE_WARNING, "a public guest book: anyone may write an entry"
    )
    assert not _warnings(api)
