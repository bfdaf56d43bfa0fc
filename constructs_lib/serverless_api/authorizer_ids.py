"""The construct ids of a ServerlessApi's routes' own authorizers and of their functions,
and the problems of two that would meet. An authorizer's id is in the HttpApi, where
aws-cdk-lib binds each one: ``<name>LambdaAuthorizer``, ``<name>JwtAuthorizer`` and
``<name>CognitoAuthorizer`` (the API's own authorizer has no name). The kinds' endings
keep one kind's ids from another's; within a kind, a JWT or Cognito name is made unique,
and two Lambda authorizers' names are told apart by their functions' ids, checked here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib.serverless_api.lambda_auth import AUTHORIZER_ID

if TYPE_CHECKING:
    from constructs_lib.serverless_api.auth import ApiAuth

__all__ = [
    "add_function_id_taken",
    "add_lambda_authorizer_clash",
    "lambda_authorizer_clash",
    "lambda_authorizer_name",
    "readable_name",
    "unique_name",
    "with_lambda_authorizer_ids",
]


def lambda_authorizer_name(function_id: str) -> str:
    """The name before ``LambdaAuthorizer`` of the authorizer of a function of that id:
    the id without a trailing ``Authorizer`` (``HandlerAuthorizer``: ``HandlerLambdaAuthorizer``,
    never the word twice; the API's own ``Authorizer``: ``LambdaAuthorizer``)."""
    return function_id.removesuffix(AUTHORIZER_ID)


def with_lambda_authorizer_ids(function_ids: Iterable[str]) -> set[str]:
    """``function_ids`` and each one's twin, the id of one authorizer name (``X`` and
    ``XAuthorizer``): what a suggested ``name=`` must be none of."""
    names = {lambda_authorizer_name(i) for i in function_ids}
    return {*function_ids, *names, *(f"{name}{AUTHORIZER_ID}" for name in names)}


def lambda_authorizer_clash(
    met: dict[str, tuple[str, str, object]], function_id: str, prop: str, key: object
) -> tuple[str, str, object] | None:
    """The authorizer met before (its function's id, its Handler's prop and function key)
    whose id the authorizer of the function ``function_id`` (the Handler of ``prop``, of
    function key ``key``) would take too, else None (and this one is met)."""
    other = met.setdefault(lambda_authorizer_name(function_id), (function_id, prop, key))
    return None if other[0] == function_id else other


def add_function_id_taken(v: Validator, prop: str, function_id: str, suggestion: str) -> None:
    """The problem of a route's Lambda authorizer whose function's id is taken already (by
    the API's own resources, its authorizer or another route's authorizer)."""
    v.add(
        prop,
        f"names the authorizer's function {function_id!r}, a name the API already gives "
        "another authorizer's function or one of its own resources",
        f"give the authorizer's Handler another name= than {function_id!r}, e.g. "
        f"name={suggestion!r}",
    )


def add_lambda_authorizer_clash(
    v: Validator,
    prop: str,
    function_id: str,
    other: tuple[str, str, object],
    suggestion: str,
) -> None:
    """The problem of :func:`lambda_authorizer_clash`'s two authorizers, with both named.
    ``suggestion``: a ``name=`` whose authorizer's id is free."""
    other_id, other_prop, _ = other
    v.add(
        prop,
        f"names the authorizer's function {function_id!r} and `{other_prop}` names another "
        f"{other_id!r}: both authorizers would take the id "
        f"'{lambda_authorizer_name(function_id)}LambdaAuthorizer' in the HTTP API (an "
        "authorizer's id is its function's without a trailing 'Authorizer', then "
        "'LambdaAuthorizer')",
        f"give one of the two Handlers another name=, e.g. name={suggestion!r} on this one",
    )


def readable_name(auth: ApiAuth) -> str:
    """A JWT authorizer's name from its issuer's host, a Cognito one's from its pool."""
    if auth.kind == "jwt" and not is_unresolved(auth.issuer):
        host = (auth.issuer or "").split("://", 1)[-1].split("/", 1)[0]
        return _pascal(host.split("."))
    if auth.kind == "cognito" and auth.user_pool is not None:
        return _pascal([auth.user_pool.node.id])
    return "Route"


def _pascal(words: Iterable[str]) -> str:
    parts = [p for word in words for p in re.split(r"[^A-Za-z0-9]+", word) if p]
    return "".join(p[0].upper() + p[1:] for p in parts)[:64] or "Route"


def unique_name(name: str, names: set[str]) -> str:
    """``name``, or with the lowest number from 2 after it that is none of ``names``
    (added to them)."""
    number = 1
    while (unique := name if number == 1 else f"{name}{number}") in names:
        number += 1
    names.add(unique)
    return unique
