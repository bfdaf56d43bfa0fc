"""Routes no request reaches: API Gateway sends a request on a custom domain to the API
mapped at the longest base path that matches it, so an API mapped at ``v1/admin`` takes
every request under ``/v1/admin`` from the API at ``v1`` (or the root), whose routes there
are never called. It may be meant (a new service taking over part of an old one), so a
warning its owner can acknowledge, on the API whose routes are shadowed."""

from __future__ import annotations

from collections.abc import Iterable

from aws_cdk import Annotations, Stack
from constructs import IConstruct

from constructs_lib._facts import app_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_unresolved
from constructs_lib.serverless_api.domain import ApiDomain
from constructs_lib.serverless_api.mapping import ApiDomainMapping, host_name

__all__ = ["SHADOWED_ROUTE_WARNING", "warn_of_shadowed_routes"]

#: The synth warning of a route another API's longer base path takes the requests of.
SHADOWED_ROUTE_WARNING = "constructs_lib:routeShadowedByMapping"

_Routes = list[tuple[str, str]]  # (route key, path) of one API
#: By app: (environment, host name) -> base path ("" at the root) -> (API, its routes).
_ROUTES: IdentityMap[dict[tuple[str, str], dict[str, tuple[IConstruct, _Routes]]]] = IdentityMap()


def warn_of_shadowed_routes(
    v_scope: IConstruct, domain: ApiDomain | ApiDomainMapping, routes: Iterable[tuple[str, str]]
) -> None:
    """Notes the routes of the API ``v_scope`` on ``domain``; warns of each route, of this
    API or of another one on the same domain, that a longer base path takes from it."""
    if isinstance(domain, ApiDomain):
        host: object = domain.name
    elif isinstance(domain, ApiDomainMapping) and domain.domain_name is not None:
        host = host_name(domain.domain_name)
    else:
        return
    base = domain.base_path or ""
    if not isinstance(host, str) or not isinstance(base, str):
        return
    if is_unresolved(host) or is_unresolved(base):
        return
    stack = Stack.of(v_scope)
    on_domain = _ROUTES.remembered(app_of(v_scope), dict).setdefault(
        (f"{stack.account}/{stack.region}", host), {}
    )
    ours = list(routes)
    for other_base, (other, other_routes) in on_domain.items():
        if _covers(other_base, base):  # ours is longer: the other's routes under it
            _warn(other, host, other_base, other_routes, v_scope, base)
        elif _covers(base, other_base):  # the other's is longer: ours under it
            _warn(v_scope, host, base, ours, other, other_base)
    on_domain.setdefault(base, (v_scope, ours))


def _covers(short: str, long: str) -> bool:
    """Whether base path ``long`` lies below ``short`` ("" is the root)."""
    return short != long and (short == "" or long.startswith(f"{short}/"))


def _warn(
    api: IConstruct, host: str, base: str, routes: _Routes, taker: IConstruct, taker_base: str
) -> None:
    prefix = f"/{taker_base}"
    for key, path in routes:
        full = f"/{base}{path}" if base else path
        if full != prefix and not full.startswith(f"{prefix}/"):
            continue
        Annotations.of(api).add_warning_v2(
            SHADOWED_ROUTE_WARNING,
            f"`routes[{key!r}]` is never reached at https://{host}{full}: the API "
            f"{taker.node.path} is mapped at base path {taker_base!r} of {host}, and API "
            "Gateway sends each request to the mapping with the longest matching base path. "
            f"Fix: serve the route from {taker.node.path}, or give one of the APIs another "
            f"base path; if {taker.node.path} is meant to take these requests over, "
            f"acknowledge '{SHADOWED_ROUTE_WARNING}'.",
        )
