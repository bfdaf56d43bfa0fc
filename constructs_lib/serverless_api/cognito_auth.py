"""The rules of ``ApiAuth.cognito`` (its pool, its clients) and the audience limit a JWT
and a Cognito authorizer share (auth.py stays under 300 lines)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from aws_cdk import Stack

from constructs_lib._env import check_same_stage
from constructs_lib._jsii import described, implements, is_unresolved, shown
from constructs_lib._stack_references import check_region_known
from constructs_lib._validation import Validator
from constructs_lib._whole_lists import refuse_whole_list
from constructs_lib.serverless_api.client_urls import check_client_urls

if TYPE_CHECKING:
    from aws_cdk import aws_cognito as cognito

    from constructs_lib.serverless_api.auth import ApiAuth

__all__ = ["AUDIENCES_MAX", "authorizer_clients", "check_audience_count", "check_cognito"]

#: API Gateway's limit on a JWT authorizer's audiences (a Cognito authorizer's are its
#: clients' ids): "Audiences per authorizer: 50", not adjustable; more fail the deploy.
#: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
AUDIENCES_MAX = 50
#: The id of the client aws-cdk-lib's HttpUserPoolAuthorizer adds to a pool when it is given
#: none: one fixed id, so a second authorizer adding its own would be two of one id
_NEW_CLIENT_ID = "UserPoolAuthorizerClient"
_AUDIENCES_FIX = (
    "keep the {what} whose tokens call this API (a token needs one of them in `aud`); "
    "the callers beyond 50 need another ServerlessApi (each has its own authorizer)"
)


def check_cognito(v: Validator, auth: ApiAuth) -> None:
    """``auth`` of ApiAuth.cognito: its pool, its clients, and that the authorizer's
    references to them can be made."""
    from aws_cdk import aws_cognito as cognito  # ApiAuth.cognito only

    pool = auth.user_pool
    if pool is None:
        v.add(
            "auth.user_pool",
            "is missing: ApiAuth.cognito needs the user pool whose tokens it accepts",
            "pass ApiAuth.cognito(user_pool, clients=[...])",
        )
    elif not implements(pool, cognito.IUserPool):
        v.add(
            "auth.user_pool",
            f"is {_show(pool)}, not a Cognito user pool",
            "pass a cognito.UserPool (or UserPool.from_user_pool_id(...))",
        )
    clients = auth.clients
    fix = "pass e.g. [user_pool.add_client('Web')], or leave it out for a new client"
    if not refuse_whole_list(v, clients, "auth.clients", "a list of user pool clients", fix):
        return
    if not isinstance(clients, tuple) or not all(
        implements(c, cognito.IUserPoolClient) for c in clients
    ):
        v.add("auth.clients", f"is {_show(clients)}; it must be a list of user pool clients", fix)
        return
    v.check(
        not auth.clients_given_empty,
        "auth.clients",
        "is empty: the authorizer would accept the tokens of a new client aws-cdk-lib creates "
        "for it, which no app of yours signs in with, so every call would be refused",
        "pass the clients your apps sign in with, e.g. [user_pool.add_client('Mobile')], or "
        "leave clients out to have that new client",
    )
    check_audience_count(v, clients, "auth.clients", "clients")
    _check_listed_once(v, clients)
    if pool is None or not implements(pool, cognito.IUserPool):
        return
    _check_new_client_of_imported_pool(v, auth, pool)
    # the authorizer names the pool's id (and region): a reference aws-cdk-lib makes only
    # within a stage, between stacks whose regions are both known or both not
    if check_same_stage(v, pool, "auth.user_pool"):
        check_region_known(v, pool, "auth.user_pool", "user pool", "the API's")
        _check_pool_id_region(v, pool)
    for index, client in enumerate(clients):
        # a client of the pool's stack is referenced as the pool is (checked above)
        if Stack.of(client) is not Stack.of(pool) and not check_region_known(
            v, client, f"auth.clients[{index}]", "client", "the API's"
        ):
            continue
        # a client of another pool: its id is never a token's audience of this pool, so
        # every request would get a 401 (only clients defined in the app can be told)
        cfn = client.node.default_child
        if isinstance(cfn, cognito.CfnUserPoolClient):
            check_client_urls(v, f"auth.clients[{index}]", cfn)
        if isinstance(cfn, cognito.CfnUserPoolClient) and cfn.user_pool_id != pool.user_pool_id:
            v.add(
                f"auth.clients[{index}]",
                f"is {shown(client)}, a client of another user pool than "
                f"{shown(pool)}: the API would refuse every token",
                "pass clients of the same pool (user_pool.add_client('Web')), or the pool "
                "the client belongs to",
            )


def authorizer_clients(auth: ApiAuth) -> list[cognito.IUserPoolClient] | None:
    """The clients a Cognito authorizer accepts: those given; else, left out, the pool's
    new client an earlier authorizer of the pool had aws-cdk-lib add (another API's, or
    one API's and a route's of another), which every API that leaves clients out shares,
    as it shares the pool; else None, and aws-cdk-lib adds it (its first, as before)."""
    from aws_cdk import aws_cognito as cognito

    if auth.clients:
        return list(auth.clients)
    assert auth.user_pool is not None  # validated
    added = auth.user_pool.node.try_find_child(_NEW_CLIENT_ID)
    return [added] if isinstance(added, cognito.UserPoolClient) else None


def _check_listed_once(v: Validator, clients: Sequence[cognito.IUserPoolClient]) -> None:
    """The authorizer's audiences are the clients' IDs: one listed twice (the same client,
    or two imports of one ID) is a repeat, as for ``ApiAuth.jwt``'s audiences."""
    seen: dict[str, int] = {}
    for index, client in enumerate(clients):
        first = seen.setdefault(client.user_pool_client_id, index)
        v.check(
            first == index,
            f"auth.clients[{index}]",
            f"is {shown(client)}, whose ID the client at index {first} has already: one "
            "client listed twice",
            "list each client once (was another app's client meant?)",
        )


def _check_new_client_of_imported_pool(
    v: Validator, auth: ApiAuth, pool: cognito.IUserPool
) -> None:
    """Clients left out make aws-cdk-lib add its default client to the pool: in a pool the
    app defines that is the API's own client; in an imported one (an existing app's) it
    changes a pool the app does not manage, and the API accepts none of its apps' tokens."""
    from aws_cdk import aws_cognito as cognito

    if auth.clients or auth.clients_given_empty:
        return
    v.check(
        isinstance(pool.node.default_child, cognito.CfnUserPool),
        "auth.clients",
        f"is left out with {shown(pool)}, a pool imported into the app: aws-cdk-lib would "
        "add a new app client to it (implicit grant, callback https://example.com) and the "
        "API would accept only that client's tokens, none of the apps that sign in with the "
        "pool today (every call 401)",
        "pass the clients your apps sign in with, e.g. "
        "[cognito.UserPoolClient.from_user_pool_client_id(self, 'Web', '<client id>')], or "
        "for a new client of the API's own [user_pool.add_client('Api', ...)]",
    )


def _check_pool_id_region(v: Validator, pool: cognito.IUserPool) -> None:
    """A pool's id starts with its region: ``UserPool.from_user_pool_id`` takes the stack's
    region instead, so the issuer would name another region than the pool's."""
    pool_id, region = pool.user_pool_id, pool.env.region
    if is_unresolved(pool_id) or is_unresolved(region) or "_" not in pool_id:
        return
    pool_region = pool_id.split("_", 1)[0]
    v.check(
        pool_region == region,
        "auth.user_pool",
        f"is the pool {pool_id!r} of {pool_region}, imported as a pool of {region} (the "
        f"stack's region, as UserPool.from_user_pool_id does): the issuer would be "
        f"https://cognito-idp.{region}.amazonaws.com/{pool_id}, which no token carries, so "
        "the API would refuse every token",
        f"import it with its region: cognito.UserPool.from_user_pool_arn(self, 'Users', "
        f"'arn:aws:cognito-idp:{pool_region}:<account>:userpool/{pool_id}')",
    )


def check_audience_count(v: Validator, audiences: Sequence[object], prop: str, what: str) -> None:
    v.check(
        len(audiences) <= AUDIENCES_MAX,
        prop,
        f"has {len(audiences)} {what}, each an audience of the API's authorizer: API "
        f"Gateway takes at most {AUDIENCES_MAX} ('Audiences per authorizer', not "
        "adjustable), so the deploy would fail",
        _AUDIENCES_FIX.format(what=what),
    )


def _show(value: object) -> str:
    """A value as a message names it (a construct by kind and path, a list by items)."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    return described(value)
