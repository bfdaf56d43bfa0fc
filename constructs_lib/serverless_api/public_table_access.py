"""A public route's access to the API's table, said by the route: a route that answers
anyone (``Route(public=...)``) is given no table access by default, read or write, on an
API with a table; it names what its code does with it (``table_access=``), and gets no
more through a function it shares with routes behind auth."""

from __future__ import annotations

from collections.abc import Sequence

from constructs_lib._validation import Validator
from constructs_lib.handler import Handler
from constructs_lib.serverless_api.auth import ApiAuth
from constructs_lib.serverless_api.routes import ParsedRoute, TableAccess, widest_access

__all__ = ["check_route", "check_shared_functions"]


def check_route(
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


def check_shared_functions(
    v: Validator, auth: object, routes: Sequence[ParsedRoute], *, has_table: bool
) -> None:
    """A public route whose ``table_access`` is narrower than its function gets: its Handler
    serves routes behind auth too, and one function has the widest access of its routes,
    so the narrower access the route says would not hold for anyone calling it."""
    api_is_public = isinstance(auth, ApiAuth) and auth.kind == "none"
    if not has_table or api_is_public:
        return
    handlers = [r for r in routes if _has_key(r.route.handler)]
    if not any(_says_public_access(parsed) for parsed in handlers):
        return
    widest = widest_access(handlers)
    for parsed in handlers:
        said = parsed.route.table_access
        if not _says_public_access(parsed):
            continue
        function = parsed.route.handler.key()
        if widest[function] == said:
            continue
        wider = [
            f"{other.key!r} ({other.table_access})"
            for other in handlers
            if other.route.handler.key() == function and other.table_access == widest[function]
        ]
        v.add(
            f"routes[{parsed.key!r}].table_access",
            f"is {said}, but the route's Handler also serves {', '.join(wider)}: equal "
            "Handlers are one function, with the widest table access of their routes, so "
            "anyone calling the public route would run code that has it",
            "give the public route a Handler of its own (another name=, e.g. "
            "Handler(..., name='Public')), or pass the wider table_access if the route's "
            "code needs it",
        )


def _says_public_access(parsed: ParsedRoute) -> bool:
    return isinstance(parsed.route.public, str) and isinstance(
        parsed.route.table_access, TableAccess
    )


def _has_key(handler: object) -> bool:
    """A Handler whose identity can be computed: one with a wrong prop (an environment that
    is no mapping, ...) has its own problem told by the Handler's rules, and no function."""
    if not isinstance(handler, Handler):
        return False
    try:
        handler.key()
    except (TypeError, AttributeError, ValueError):
        return False
    return True
