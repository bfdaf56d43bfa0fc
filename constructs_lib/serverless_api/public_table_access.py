"""A public route's access to the API's table, said by the route: a route that answers
anyone (``Route(public=...)``) is given no table access by default, read or write, on an
API with a table; it names what its code does with it (``table_access=``), and gets no
more through a function it shares with routes behind auth.

On an API without auth (``ApiAuth.none``) every route answers anyone: a route that does not
say its ``table_access`` gets the default by method, so anyone on the internet reads the
table through a GET route and writes it through a POST, PUT, PATCH or DELETE route. That is
a warning, not a refusal: ``ApiAuth.none`` with a table synthesized in silence since 0.1.0,
and a public API whose routes are meant to write (a signed webhook receiver) is common; a
refusal would stop every such app of 0.3.0 from synthesizing for a template that does not
change once the access is written."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Annotations

from constructs_lib._validation import Validator
from constructs_lib.handler import Handler
from constructs_lib.serverless_api.auth import ApiAuth
from constructs_lib.serverless_api.routes import ParsedRoute, TableAccess, widest_access

__all__ = [
    "PUBLIC_API_TABLE_WARNING",
    "check_route",
    "check_shared_functions",
    "warn_of_public_api",
]

#: The synth warning of routes of an ``ApiAuth.none`` API with a table that do not say
#: their ``table_access``.
PUBLIC_API_TABLE_WARNING = "constructs_lib:publicApiTableAccess"


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


def warn_of_public_api(
    v: Validator, auth: object, routes: Sequence[ParsedRoute], *, has_table: bool
) -> None:
    """One warning naming the routes of an ``ApiAuth.none`` API with a table that take the
    table access of their method: anyone may call them, and write the table through those
    whose method is not GET/HEAD. A route with its own auth (``Route(auth=...)``) is
    behind it, and a route that says its access (any, NONE included) has said it."""
    if not has_table or not (isinstance(auth, ApiAuth) and auth.kind == "none"):
        return
    unsaid = [
        parsed
        for parsed in routes
        if parsed.route.table_access is None
        and parsed.table_access is not TableAccess.NONE
        and not (isinstance(parsed.route.auth, ApiAuth) and parsed.route.auth.kind != "none")
    ]
    if not unsaid:
        return
    listed = ", ".join(f"{p.key!r} (TableAccess.{p.table_access.name})" for p in unsaid)
    writers = [p.key for p in unsaid if p.table_access is TableAccess.READ_WRITE]
    reach = "reads the table" + (
        f", and writes it through {', '.join(repr(k) for k in writers)}" if writers else ""
    )
    Annotations.of(v.scope).add_warning_v2(
        PUBLIC_API_TABLE_WARNING,
        f"`routes` {listed} take the table access of their method, but auth is "
        f"ApiAuth.none: anyone on the internet who calls them {reach}, through the route's "
        "function. Fix: pass table_access= on each of them, TableAccess.NONE if its code "
        "does not use the table, TableAccess.READ or TableAccess.READ_WRITE for what it "
        "does (Route(handler, table_access=TableAccess.READ): the template stays as it is); "
        f"acknowledge '{PUBLIC_API_TABLE_WARNING}' on the API if every caller may do that.",
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
