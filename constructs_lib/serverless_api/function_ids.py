"""The construct ids of a ServerlessApi's functions: its routes', its own Lambda
authorizer's and its routes' own Lambda authorizers'. A ``name=`` a fix suggests is none of
them (a suggestion that clashed again was a second round trip)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from constructs_lib.handler import Handler
from constructs_lib.serverless_api.auth import ApiAuth
from constructs_lib.serverless_api.lambda_auth import AUTHORIZER_ID

if TYPE_CHECKING:
    from constructs_lib.serverless_api.props import ServerlessApiProps

__all__ = ["function_ids", "route_authorizer_id"]


def route_authorizer_id(auth: ApiAuth) -> str | None:
    """A route's own Lambda authorizer's function id (None: not one): its Handler's
    ``name=``; an unnamed Handler's id is its function's (``Handler`` for every
    ``x.handler``, as a route's function's), so ``Authorizer`` follows it
    (``HandlerAuthorizer``): the console and the template say what the function is. From
    the Handler alone, never the routes, so adding or reordering routes renames nothing."""
    if auth.kind != "function" or not isinstance(auth.handler, Handler):
        return None
    handler = auth.handler
    own = handler.construct_id
    if handler.name or own.endswith(AUTHORIZER_ID):
        return own
    return f"{own}{AUTHORIZER_ID}"


def function_ids(props: ServerlessApiProps) -> set[str]:
    """Every function id the props give (those of valid route keys, valid Handlers or
    not): what a suggested ``name=`` must not be."""
    parsed_routes = props.parsed_routes()
    handlers = [parsed.route.handler for parsed in parsed_routes]
    auths = [parsed.route.auth for parsed in parsed_routes]
    ids: list[object] = [
        handler.construct_id for handler in handlers if isinstance(handler, Handler)
    ]
    ids += [route_authorizer_id(auth) for auth in auths if isinstance(auth, ApiAuth)]
    if isinstance(props.auth, ApiAuth) and props.auth.kind == "function":
        ids.append(AUTHORIZER_ID)
    return {i for i in ids if isinstance(i, str)}  # an invalid name= is reported elsewhere
