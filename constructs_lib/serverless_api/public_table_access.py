"""A public route's access to the API's table, said by the route: a route that answers
anyone (``Route(public=...)``) is given no table access by default, read or write, on an
API with a table; it names what its code does with it (``table_access=``)."""

from __future__ import annotations

from constructs_lib._validation import Validator
from constructs_lib.serverless_api.auth import ApiAuth
from constructs_lib.serverless_api.routes import ParsedRoute

__all__ = ["check_public_table_access"]


def check_public_table_access(
    v: Validator, auth: object, parsed: ParsedRoute, prop: str, *, has_table: bool
) -> None:
    """A public route (its ``public`` a reason, on an API with auth) of an API with a table
    gives ``table_access``: the default by method (GET/HEAD read, others read/write) would
    let anyone who calls the route reach the table through its function."""
    route = parsed.route
    api_is_public = isinstance(auth, ApiAuth) and auth.kind == "none"
    if not has_table or api_is_public or not isinstance(route.public, str):
        return
    if route.table_access is not None or not route.public.strip():
        return
    v.add(
        f"{prop}.table_access",
        "is not given on a public route of an API with a table: the default for a "
        f"{parsed.method} route, TableAccess.{parsed.table_access.name}, would let anyone who "
        "calls the route reach the table through its function",
        "pass table_access=TableAccess.NONE if the route's code does not use the table, or "
        "TableAccess.READ / TableAccess.READ_WRITE for what it does with it "
        "(Route(handler, public=..., table_access=TableAccess.NONE))",
    )
