"""``Route(handler, auth=ApiAuth....)``: a route behind an authorizer of its own instead of
the API's ``auth`` (devices with a Lambda authorizer and operators with Cognito tokens on
one API), its rules and the authorizers built for it.

One authorizer per distinct setting, not per route: routes given one ApiAuth, or equal
ones (the same kind and settings; for a Lambda authorizer the same Handler), share one
authorizer, one function and one invoke permission, as equal Handlers share one function;
a route's ApiAuth equal to the API's is the API's authorizer. The names come from the
setting, never from the routes' order, so adding or reordering routes renames nothing (a
function's log group keeps its logical ID): a Lambda authorizer's function is named as its
Handler (``name=``; unnamed, ``HandlerAuthorizer`` for ``x.handler``), a JWT authorizer
after its issuer's host, a Cognito one after its user pool's construct id, the second of
one name with a 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from constructs import Construct

from constructs_lib._core import FunctionCore
from constructs_lib._core.resolve import function_key
from constructs_lib._facts import path_of, seconds_of
from constructs_lib._jsii import is_unresolved, jsii_ref
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler
from constructs_lib.serverless_api.auth import ApiAuth, authorizer_for
from constructs_lib.serverless_api.auth_rules import check_auth
from constructs_lib.serverless_api.authorizer_ids import (
    add_function_id_taken,
    add_lambda_authorizer_clash,
    lambda_authorizer_clash,
    lambda_authorizer_name,
    readable_name,
    unique_name,
    with_lambda_authorizer_ids,
)
from constructs_lib.serverless_api.cdk_authorizers import wrong_auth
from constructs_lib.serverless_api.function_ids import function_ids, route_authorizer_id
from constructs_lib.serverless_api.function_names import suggested_name
from constructs_lib.serverless_api.lambda_auth import (
    AUTHORIZER_ID,
    DEFAULT_IDENTITY_SOURCE,
    authorizer_function,
)
from constructs_lib.serverless_api.routes import ParsedRoute, RouteMap

if TYPE_CHECKING:
    from aws_cdk import aws_apigatewayv2 as apigwv2
    from aws_cdk import aws_lambda as lambda_

    from constructs_lib.serverless_api.props import ServerlessApiProps

__all__ = ["RouteAuthorizers", "check_route_authorizers", "given_route_auths", "route_auths"]

_KINDS_FIX = (
    "pass ApiAuth.jwt(...), ApiAuth.cognito(...), ApiAuth.iam() or ApiAuth.function(handler), "
    "or leave auth out for the API's"
)


def route_auths(scope: Construct, props: ServerlessApiProps) -> list[ApiAuth]:
    """The routes' own authorizers' ApiAuths (valid props: after validation), one per
    distinct setting, in the order of the first route given each; none equal to the API's."""
    api = _setting(scope, props.auth) if props.auth.kind != "none" else None
    seen: dict[tuple[object, ...], ApiAuth] = {}
    for parsed in props.parsed_routes():
        auth = parsed.route.auth
        if auth is not None and (setting := _setting(scope, auth)) != api:
            seen.setdefault(setting, auth)
    return list(seen.values())


def given_route_auths(props: ServerlessApiProps) -> list[ApiAuth]:
    """The ApiAuths given routes that authorize (any, valid or not), each once."""
    given = (parsed.route.auth for parsed in props.parsed_routes())
    auths = {id(a): a for a in given if isinstance(a, ApiAuth) and a.kind != "none"}
    return list(auths.values())


def _setting(scope: Construct, auth: ApiAuth) -> tuple[object, ...]:
    """What makes two ApiAuths one authorizer (of a valid ApiAuth)."""
    if auth.kind == "jwt":
        return ("jwt", auth.issuer, tuple(auth.audiences))
    if auth.kind == "cognito":
        return ("cognito", jsii_ref(auth.user_pool), tuple(map(jsii_ref, auth.clients)))
    if auth.kind == "function":
        assert auth.handler is not None
        ttl = auth.results_cache_ttl
        seconds = 0 if ttl is None else jsii_ref(ttl) if is_unresolved(ttl) else seconds_of(ttl)
        sources = DEFAULT_IDENTITY_SOURCE if auth.identity_source is None else auth.identity_source
        return ("function", function_key(scope, auth.handler), tuple(sources), seconds)
    return (str(auth.kind),)


def check_route_authorizers(
    v: Validator, props: ServerlessApiProps, reserved_ids: Iterable[str]
) -> None:
    """Each route's ``auth``: an ApiAuth that authorizes (not ``none``, not with
    ``public``), valid as the API's is, checked once per object and named by the first
    route given it; and its function's name free (``reserved_ids``: those of the API's own
    resources; a route's function of that name is check_function_auth's)."""
    parsed_routes = props.parsed_routes()
    handlers = [parsed.route.handler for parsed in parsed_routes]
    checked: set[int] = set()
    valid: list[tuple[str, ApiAuth]] = []
    for parsed in parsed_routes:
        auth, prop = parsed.route.auth, f"routes[{parsed.key!r}]"
        if auth is None or id(auth) in checked:
            continue
        checked.add(id(auth))
        if not _authorizes(v, auth, parsed, prop, props.auth):
            continue
        assert isinstance(auth, ApiAuth)
        before = v.count
        check_auth(v.within(prop), auth, handlers, props.network, route_authorizer_id(auth))
        if v.count == before:
            valid.append((parsed.key, auth))
    # the API's auth checked first: with a problem of its own, its setting is no setting
    api_valid = isinstance(props.auth, ApiAuth) and not any(
        problem.prop.split(".")[0] == "auth" for problem in v.problems
    )
    api = props.auth if api_valid else None
    _check_functions(v, valid, api, reserved_ids, function_ids(props))


def _authorizes(
    v: Validator, auth: object, parsed: ParsedRoute, prop: str, api_auth: object
) -> bool:
    if not isinstance(auth, ApiAuth):
        what, fix = wrong_auth(auth, ApiAuth, _KINDS_FIX)
        v.add(f"{prop}.auth", f"is {what}, not an ApiAuth", fix)
        return False
    if auth.kind == "none" and isinstance(api_auth, ApiAuth) and api_auth.kind == "none":
        v.add(  # the API answers anyone already: the route needs nothing of its own
            f"{prop}.auth",
            "is ApiAuth.none(...), on an API whose own auth is ApiAuth.none: its routes answer "
            "anyone already",
            "leave auth= out of this Route",
        )
        return False
    if auth.kind == "none":
        v.add(
            f"{prop}.auth",
            "is ApiAuth.none(...): a route that answers anyone on an API with auth is "
            "Route(handler, public='<reason>'), whose reason is its cdk-nag acknowledgement",
            "write Route(handler, public='health checks carry no token') instead of auth=",
        )
        return False
    if parsed.route.public is not None:  # its ApiAuth is checked still, listed with this
        v.add(
            f"{prop}.auth",
            f"is set with `{prop}.public`: a route is either behind an authorizer or public",
            "drop public= to keep the route behind this auth, or drop auth= to make it public",
        )
    return True


def _check_functions(
    v: Validator,
    valid: list[tuple[str, ApiAuth]],  # (route key, its valid ApiAuth)
    api: ApiAuth | None,
    reserved_ids: Iterable[str],
    all_ids: set[str],
) -> None:
    """Two settings of one Handler would be two authorizers of one function, a name taken
    (the API's own resources, its authorizer, another route's authorizer) two constructs
    of one id, and two names of one authorizer name (``X``, ``XAuthorizer``) two
    authorizers of one id; the name a fix suggests is none of ``all_ids`` (every function's
    of the API, its routes' too) nor their authorizer names' either."""
    taken: dict[str, object] = dict.fromkeys(reserved_ids, "reserved")
    settings: dict[tuple[object, ...], tuple[object, ...]] = {}
    met: dict[str, tuple[str, str, object]] = {}  # by authorizer name: (function id, prop, key)
    if api is not None and api.kind == "function" and isinstance(api.handler, Handler):
        api_key = function_key(v.scope, api.handler)
        taken[AUTHORIZER_ID] = api_key
        settings[api_key] = _setting(v.scope, api)
        met[lambda_authorizer_name(AUTHORIZER_ID)] = (AUTHORIZER_ID, "auth.handler", api_key)
    for route_key, auth in valid:
        prop, function_id = f"routes[{route_key!r}]", route_authorizer_id(auth)
        if function_id is None:
            continue
        assert auth.handler is not None
        key, setting = function_key(v.scope, auth.handler), _setting(v.scope, auth)
        if settings.setdefault(key, setting) != setting:
            v.add(
                f"{prop}.auth.handler",
                "is the Handler of another authorizer of this API with other identity_source "
                "or results_cache_ttl: equal Handlers are one function, which cannot be two "
                "authorizers",
                "pass the same ApiAuth.function(...) to both routes, or give this one a Handler "
                "of its own (name='DeviceTokens')",
            )
            continue
        other, clash = taken.setdefault(function_id, key), None
        if other == key:  # its id is free: is its authorizer's?
            clash = lambda_authorizer_clash(met, function_id, f"{prop}.auth.handler", key)
            if clash is None:
                continue
            other = clash[2]
        # the suggestion tells this authorizer from the other (every route's said
        # 'DeviceTokens', which then clashed too)
        other_entry = other[1] if isinstance(other, tuple) else None
        named = suggested_name(
            auth.handler.entry,
            other_entry if isinstance(other_entry, str) else None,
            route_key,
            with_lambda_authorizer_ids({*taken, *all_ids}),
            suffix="Authorizer",
        )
        if clash is None:
            add_function_id_taken(v, f"{prop}.auth.handler", function_id, named)
        else:
            add_lambda_authorizer_clash(v, f"{prop}.auth.handler", function_id, clash, named)


class RouteAuthorizers:
    """Each route's authorizer and its Lambda authorizer's function, by route key: the
    route's own (built once per setting), else the API's."""

    def __init__(
        self,
        scope: Construct,
        props: ServerlessApiProps,
        api: apigwv2.IHttpRouteAuthorizer | None,
        api_core: FunctionCore | None,
        auths: Sequence[ApiAuth],
    ) -> None:
        """``auths``: :func:`route_auths`' (which CORS reads too)."""
        #: the functions of the routes' own Lambda authorizers
        self.cores: list[FunctionCore] = []
        #: the attributes ``authorizers`` (None: a public route) and ``authorizer_functions``
        self.authorizers: RouteMap[apigwv2.IHttpRouteAuthorizer | None]
        self.authorizers = RouteMap(path_of(scope), "authorizers")
        self.functions: RouteMap[lambda_.Function] = RouteMap(
            path_of(scope), "authorizer_functions"
        )
        self._api = api
        self._own: dict[str, apigwv2.IHttpRouteAuthorizer] = {}
        built: dict[tuple[object, ...], tuple[apigwv2.IHttpRouteAuthorizer, FunctionCore | None]]
        built = {}
        names: set[str] = set()
        for auth in auths:
            core = authorizer_function(
                scope, auth, props.network, props.deployment, route_authorizer_id(auth) or ""
            )
            self.cores += [core] if core is not None else []
            name = (
                lambda_authorizer_name(core.node.id)
                if core is not None
                else unique_name(readable_name(auth), names)
            )
            authorizer = authorizer_for(scope, auth, core, name)
            assert authorizer is not None  # no ApiAuth.none: validated
            built[_setting(scope, auth)] = (authorizer, core)
        for parsed in props.parsed_routes():
            own, core = parsed.route.auth, api_core
            setting = _setting(scope, own) if own is not None else None
            if setting in built:  # else the API's
                self._own[parsed.key], core = built[setting]
            if parsed.route.public is not None and api is not None:
                self.authorizers[parsed.key] = None
                continue
            self.authorizers[parsed.key] = self.of(parsed)
            if core is not None:
                self.functions[parsed.key] = core.function

    def of(self, parsed: ParsedRoute) -> apigwv2.IHttpRouteAuthorizer | None:
        """The route's own authorizer, else the API's (a public route's too: route_wiring
        tells it from a route of an API without auth by it)."""
        return self._own.get(parsed.key, self._api)
