"""A route's ``authorization_scopes``: scopes a token can carry."""

from __future__ import annotations

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib.serverless_api.auth import ApiAuth

__all__ = ["SCOPES_MAX", "check_scopes"]

#: API Gateway's limit on a route's authorization scopes: "Scopes per route: 10", not
#: adjustable; more fail the deploy.
#: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
SCOPES_MAX = 10

#: The scopes of a client aws-cdk-lib creates (``add_client`` without ``o_auth.scopes``,
#: and the authorizer's own client when ``ApiAuth.cognito`` gets none).
_DEFAULT_CLIENT_SCOPES = ("phone", "email", "openid", "profile", "aws.cognito.signin.user.admin")


def check_scopes(v: Validator, auth: object, scopes: object, prop: str) -> None:
    """Each scope one word of a token's `scope` claim (types: checked with the Route), and
    with Cognito one that a client of the API may request."""
    if not isinstance(scopes, list | tuple):
        return
    # a Lazy.string among them: the list checked again as it resolves at synth
    v.recheck_together(list(scopes), lambda found, given: check_scopes(found, auth, given, prop))
    v.check(
        len(scopes) <= SCOPES_MAX,
        prop,
        f"has {len(scopes)} scopes; API Gateway takes at most {SCOPES_MAX} per route ('Scopes "
        "per route', not adjustable), so the deploy would fail",
        "give the clients one scope that covers the route (e.g. 'items/read') and require "
        "that one: a token with any one of a route's scopes passes",
    )
    seen: set[str] = set()
    for index, scope in enumerate(scopes):
        if not isinstance(scope, str) or is_unresolved(scope):
            continue
        if not scope or scope != "".join(scope.split()):
            v.add(
                f"{prop}[{index}]",
                f"is {scope!r}; a scope is one non-empty word of the token's space-separated "
                "`scope` claim, so the route would refuse every token",
                "pass each scope as its own string, e.g. ['items/read', 'items/write']",
            )
        elif scope in seen:
            v.add(f"{prop}[{index}]", f"repeats {scope!r}", "list each scope once")
        else:
            _check_cognito_scope(v, auth, scope, f"{prop}[{index}]")
        seen.add(scope)


def _client_scopes(auth: ApiAuth) -> set[str] | None:
    """The scopes the API's Cognito clients may request, or None when one is unknown here
    (an imported client, a resource server's scope known at deploy time)."""
    from aws_cdk import aws_cognito as cognito  # Cognito auth only

    # a resource server's scope reads '<its id token>/read': its identifier stands in
    servers = {
        child.user_pool_resource_server_id: child.node.default_child.identifier
        for child in (auth.user_pool.node.children if auth.user_pool is not None else ())
        if isinstance(child, cognito.UserPoolResourceServer)
        and isinstance(child.node.default_child, cognito.CfnUserPoolResourceServer)
    }
    allowed: set[str] = set()
    for client in auth.clients or ():
        cfn = getattr(client, "node", None) and client.node.default_child
        if not isinstance(cfn, cognito.CfnUserPoolClient):
            return None
        scopes = cfn.allowed_o_auth_scopes
        if isinstance(scopes, list):
            scopes = [_named(scope, servers) for scope in scopes]
        if is_unresolved(scopes) or any(is_unresolved(s) for s in scopes or ()):
            return None
        allowed.update(scopes or ())
    return allowed if auth.clients else set(_DEFAULT_CLIENT_SCOPES)


def _named(scope: str, servers: dict[str, str]) -> str:
    for token, identifier in servers.items():
        scope = scope.replace(token, identifier)
    return scope


def _check_cognito_scope(v: Validator, auth: object, scope: str, prop: str) -> None:
    if not isinstance(auth, ApiAuth) or auth.kind != "cognito":
        return
    if not isinstance(auth.clients, tuple):
        return  # reported with auth.clients
    allowed = _client_scopes(auth)
    if allowed is None or scope in allowed:
        return
    v.add(
        prop,
        f"is {scope!r}, which no client of the API may request (they may: "
        f"{', '.join(sorted(allowed)) or 'none'}): Cognito never puts it in a token, so the "
        "route would refuse every request",
        "add a resource server with that scope to the user pool and list it in the "
        "clients' o_auth=cognito.OAuthSettings(scopes=[cognito.OAuthScope.resource_server("
        "server, scope)]), or require a scope the clients have",
    )
