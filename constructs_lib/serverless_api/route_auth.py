"""A route's authorization against the API's ``auth``: its scopes, an OPTIONS route (CORS
preflight), and ``Route(handler, public="<reason>")``, a route that answers anyone while
the API's other routes keep its auth.

A public route gets no authorizer (AuthorizationType NONE); its reason becomes the cdk-nag
acknowledgement of that route's finding alone (AwsSolutions-APIG4, on the route's
resource: no other pack of cdk-nag 3.0.2 checks a route's authorization), so a route that
loses its authorizer by mistake is still reported, and a reviewer reads why each public
route is.

On an API without auth (``ApiAuth.none``) ``public=`` lifts nothing: every route answers
anyone already, under the API's own reason. That is a warning, not a refusal: a route
marked public there stays public when the API gets auth later, which may be why it is
written.
"""

from __future__ import annotations

from aws_cdk import Annotations

from constructs_lib._jsii import described, given
from constructs_lib._validation import Validator
from constructs_lib.serverless_api.auth import ApiAuth
from constructs_lib.serverless_api.public_reason import check_public_reason
from constructs_lib.serverless_api.routes import ParsedRoute
from constructs_lib.serverless_api.scopes import check_scopes

__all__ = ["PUBLIC_ROUTE_WARNING", "check_route_auth"]

#: The synth warning of ``public=`` on a route of an API without auth.
PUBLIC_ROUTE_WARNING = "constructs_lib:publicRouteOnPublicApi"
_REASON_FIX = "write why it answers anyone: Route(handler, public='health checks carry no token')"


def check_route_auth(v: Validator, auth: object, parsed: ParsedRoute, prop: str) -> None:
    """The route's scopes and ``public`` against its authorizer: its own ``auth``, else
    ``auth`` (the API's, any value: one that is no ApiAuth is reported with ``auth``)."""
    route = parsed.route
    own = isinstance(route.auth, ApiAuth) and route.auth.kind != "none"
    if own:
        auth = route.auth
    kind = str(auth.kind) if isinstance(auth, ApiAuth) else None
    if parsed.method == "OPTIONS" and kind not in (None, "none") and route.public is None:
        v.add(
            prop,
            "would put CORS preflight behind the authorizer",
            "remove the OPTIONS route and pass cors=CorsPolicy(...): API Gateway answers "
            "preflight requests itself",
        )
    if route.authorization_scopes and kind not in ("jwt", "cognito"):
        v.add(
            f"{prop}.authorization_scopes",
            f"needs JWT or Cognito auth, but {f'`{prop}.auth`' if own else 'auth'} is {kind!r}",
            "remove the scopes or use ApiAuth.jwt/ApiAuth.cognito",
        )
    check_scopes(v, auth, route.authorization_scopes, f"{prop}.authorization_scopes")
    if route.public is not None:
        _check_public(v, parsed, kind, prop)


def _check_public(v: Validator, parsed: ParsedRoute, kind: str | None, prop: str) -> None:
    public, scopes = parsed.route.public, parsed.route.authorization_scopes
    if isinstance(public, bool):
        v.add(
            f"{prop}.public",
            f"is {public}; public= is not a switch but the reason the route answers anyone, "
            "recorded as its cdk-nag acknowledgement",
            "write the reason: Route(handler, public='health checks carry no token')"
            if public
            else "leave public out: the route is then behind the API's auth",
        )
    elif not isinstance(public, str):
        v.add(f"{prop}.public", f"is {described(public)}, not a string", _REASON_FIX)
    elif not public.strip():
        v.add(
            f"{prop}.public",
            f"is {public!r}, no reason: the route's cdk-nag acknowledgement would say nothing",
            _REASON_FIX,
        )
    else:
        check_public_reason(v, public, f"{prop}.public", "route", _REASON_FIX)
    if scopes:
        v.add(
            f"{prop}.public",
            f"is set with `{prop}.authorization_scopes` ({given(scopes)}): a "
            "public route has no authorizer, so no token's scopes are checked",
            "drop authorization_scopes to make the route public, or drop public to keep it "
            "behind the API's auth and its scopes",
        )
    if kind == "none" and isinstance(public, str):
        Annotations.of(v.scope).add_warning_v2(
            PUBLIC_ROUTE_WARNING,
            f"`{prop}.public` lifts nothing: auth is ApiAuth.none, so every route of the API "
            "answers anyone already, under the API's reason. Fix: leave public out, or keep it "
            "(the route stays public if the API gets auth) and acknowledge "
            f"'{PUBLIC_ROUTE_WARNING}'.",
        )
