"""``ApiAuth.function(...)``: a Lambda authorizer of a ServerlessApi (HTTP API), for API
keys, HMAC-signed partners or an in-house token service: its checks and its function,
built as every function of the library is, with a role of its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from constructs import Construct

from constructs_lib._core import FunctionCore, Invocation
from constructs_lib._core.handler_rules import check_handler
from constructs_lib._core.resolve import resolve_handler
from constructs_lib._facts import seconds_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._switched_off import (
    AUTHORIZER_SWITCHED_OFF_WARNING,
    warn_if_switched_off,
    warn_if_switched_off_at_synth,
)
from constructs_lib._validation import Validator
from constructs_lib.function_defaults import setting_scope
from constructs_lib.handler import Handler
from constructs_lib.serverless_api.identity_sources import (
    DEFAULT_IDENTITY_SOURCE,
    check_sources,
    identity_headers,
)

if TYPE_CHECKING:
    from constructs_lib.deployment import Deployment
    from constructs_lib.network import Network
    from constructs_lib.serverless_api.auth import ApiAuth

__all__ = [
    "AUTHORIZER_ID",
    "CACHE_TTL_MAX_S",
    "DEFAULT_IDENTITY_SOURCE",
    "authorizer_function",
    "check_function_auth",
    "identity_headers",
    "lambda_authorizer",
]

#: The authorizer function's construct id beside the routes' functions.
AUTHORIZER_ID = "Authorizer"
#: API Gateway caches an HTTP API Lambda authorizer's answer for at most an hour.
CACHE_TTL_MAX_S = 3600


def check_function_auth(
    v: Validator,
    auth: ApiAuth,
    route_handlers: Sequence[object],
    network: object,
    function_id: str | None = None,
) -> None:
    """The authorizer's handler, identity sources and cache TTL; every problem listed.
    ``function_id``: the authorizer function's construct id (a route's own authorizer's is
    its Handler's; None: the API's, AUTHORIZER_ID)."""
    handler = auth.handler
    if check_handler(v, handler, "auth.handler", network=network):
        assert isinstance(handler, Handler)
        _check_not_a_route(v, handler, route_handlers, function_id or AUTHORIZER_ID)
        _check_timeout(v, handler)
        warn_if_switched_off(
            v.scope,
            handler.reserved_concurrency,
            v.named("auth.handler.reserved_concurrency"),
            AUTHORIZER_SWITCHED_OFF_WARNING,
        )
    sources = auth.identity_source
    if sources is None:
        sources = DEFAULT_IDENTITY_SOURCE
    elif v.check_sequence(
        sources, "auth.identity_source", _SOURCE_EXAMPLE
    ) and v.known_at_synth(  # a list parameter (ApiAuth keeps it as a tuple): named as
        list(sources),  # the list, not as its first item
        "auth.identity_source",
        "API Gateway checks each source's form, and the CORS policy allows the headers among them",
        f"pass a list of sources, e.g. {_SOURCE_EXAMPLE} (each item may be a deploy-time value)",
    ):
        check_sources(v, sources)
    ttl_s = _cache_ttl_seconds(v, auth.results_cache_ttl)
    if ttl_s and isinstance(sources, list | tuple) and not sources:
        v.add(
            "auth.results_cache_ttl",
            f"is {ttl_s} s, but identity_source is empty: API Gateway caches an answer by "
            "its identity sources, so caching needs at least one",
            "name where the credential is (identity_source=['$request.header.Authorization']), "
            "or pass results_cache_ttl=Duration.seconds(0)",
        )


_SOURCE_EXAMPLE = "['$request.header.X-Api-Key']"

# HTTP API quotas: "Timeout for Lambda authorizer response: 10000 ms" (not adjustable).
_AUTHORIZER_TIMEOUT_S = 10


def _check_timeout(v: Validator, handler: Handler) -> None:
    """A timeout past API Gateway's wait for an authorizer buys nothing: the request has
    failed at 10 s. Resolved as the function is built: a Handler without one of its own
    gets FunctionDefaults', often set to the routes' 29 s."""
    timeout = resolve_handler(v.scope, handler).timeout
    if is_unresolved(timeout) or seconds_of(timeout) <= _AUTHORIZER_TIMEOUT_S:
        return
    seconds = seconds_of(timeout)
    wait = (
        f"API Gateway waits {_AUTHORIZER_TIMEOUT_S} seconds for an authorizer's answer and "
        "then fails the request, whatever the function does after"
    )
    limit = f"Handler(timeout=Duration.seconds({_AUTHORIZER_TIMEOUT_S})) or less"
    if handler.timeout is not None:
        v.add(
            "auth.handler.timeout",
            f"is {seconds} seconds; {wait}",
            f"pass {limit} (an authorizer that needs longer should cache: results_cache_ttl=...)",
        )
        return
    source = setting_scope(v.scope, "timeout")
    where = "the app" if source is None or not source.node.path else repr(source.node.path)
    v.add(
        "auth.handler.timeout",
        f"is not set, so the authorizer inherits {seconds} seconds from the FunctionDefaults "
        f"of {where}; {wait}",
        f"give the authorizer's Handler a timeout of its own: {limit} (the routes keep "
        "FunctionDefaults')",
    )


def _cache_ttl_seconds(v: Validator, ttl: object) -> int | None:
    """The TTL in seconds (0 left out), or None when it cannot be read (reported)."""
    prop = "auth.results_cache_ttl"
    fix = f"pass a Duration from 0 to {CACHE_TTL_MAX_S} s in whole seconds: Duration.minutes(5)"
    if ttl is None:
        return 0
    if not v.known_at_synth(ttl, prop, "API Gateway's range is checked", fix):
        return None
    seconds = v.whole_seconds(ttl, prop)  # a Duration, in whole seconds
    if seconds is None:  # a fraction or a number: its fix is fitted into the range
        v.duration_range(None, prop, 0, CACHE_TTL_MAX_S)
    if seconds is None or not v.check(
        0 <= seconds <= CACHE_TTL_MAX_S,
        prop,
        f"is {seconds} seconds: API Gateway caches an authorizer's answer for 0 (no cache) "
        f"to {CACHE_TTL_MAX_S} seconds",
        fix,
    ):
        return None
    return seconds


def _check_not_a_route(
    v: Validator, handler: Handler, route_handlers: Sequence[object], function_id: str
) -> None:
    """Equal handlers are one function: a route's would carry the route's table grants and
    serve requests the authorizer never checked, and it would collide by id."""
    key = resolve_handler(v.scope, handler).key()
    named_alike = None  # the entry of a route's function of that id: one, however many routes
    for route_handler in route_handlers:
        if not isinstance(route_handler, Handler):
            continue  # reported with its route
        resolved = resolve_handler(v.scope, route_handler)
        if resolved.key() == key:
            v.add(
                "auth.handler",
                f"is also a route's handler ({_described_code(handler)}): equal handlers are "
                "one function, which would be both the authorizer and a route behind it, with "
                "the route's grants",
                _own_handler_fix(handler),
            )
            return
        if resolved.construct_id == function_id and named_alike is None:
            named_alike = resolved.entry
    if named_alike is not None:
        v.add(
            "auth.handler",
            f"meets a route's function named {function_id!r} ({named_alike}), the "
            "authorizer function's id",
            f"give that route's Handler another name= than {function_id!r}",
        )


def _described_code(handler: Handler) -> str:
    """An image Handler's entry is a placeholder the user never wrote: its cmd says what runs."""
    if handler.image is True:
        cmd = f", cmd={list(handler.cmd)}" if handler.cmd else ""
        return f"the image in {handler.code}{cmd}"
    return str(handler.entry)


def _own_handler_fix(handler: Handler) -> str:
    if handler.image is True:  # Handler.from_image takes no entry=: cmd names the function
        return (
            "give the authorizer a Handler of its own (its own cmd, e.g. "
            f"Handler.from_image({str(handler.code)!r}, cmd=['authorizer.handler']))"
        )
    return (
        "give the authorizer a Handler of its own (its own entry, e.g. "
        "Handler(code='handlers/auth', entry='authorizer.handler'))"
    )


def authorizer_function(
    scope: Construct,
    auth: ApiAuth,
    network: Network | None,
    deployment: Deployment | None,
    construct_id: str = AUTHORIZER_ID,
) -> FunctionCore | None:
    """The authorizer's function (None unless ``ApiAuth.function``), with the library's
    defaults, the API's network and deployment, and its own role: nothing is granted."""
    if auth.kind != "function":
        return None
    assert isinstance(auth.handler, Handler)  # validated
    core = FunctionCore(
        scope,
        construct_id,
        handler=auth.handler,
        invocation=Invocation.SYNCHRONOUS,
        network=network,
        deployment=deployment,
        latency_rollback=True,
    )
    reserved, warning = auth.handler.reserved_concurrency, AUTHORIZER_SWITCHED_OFF_WARNING
    warn_if_switched_off_at_synth(scope, core.function, reserved, warning, "ServerlessApi")
    return core


def lambda_authorizer(
    auth: ApiAuth, core: FunctionCore, name: str = ""
) -> authorizers.HttpLambdaAuthorizer:
    """The HTTP API's REQUEST authorizer invoking the function's ``live`` alias; payload
    format 2.0 with simple responses (``{"isAuthorized": bool, "context": {...}}``).
    ``name``: what tells a route's own authorizer from the API's in its id."""
    sources = auth.identity_source
    return authorizers.HttpLambdaAuthorizer(
        f"{name}LambdaAuthorizer",
        core.alias,
        identity_source=list(DEFAULT_IDENTITY_SOURCE if sources is None else sources),
        response_types=[authorizers.HttpLambdaResponseType.SIMPLE],
        results_cache_ttl=auth.results_cache_ttl or Duration.seconds(0),
    )
