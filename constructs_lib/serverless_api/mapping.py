"""A ServerlessApi on a custom domain name another API (or the user) created: the value
object, its rules, and what every API mapping of the app claims (a domain, a base path)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aws_cdk import Stack
from aws_cdk import aws_apigatewayv2 as apigwv2

from constructs_lib._arguments import checked_init
from constructs_lib._env import check_same_environment
from constructs_lib._facts import app_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import described, given, is_unresolved
from constructs_lib._validation import Validator

__all__ = [
    "ApiDomainMapping",
    "check_base_path",
    "check_mapping",
    "claim_mapping",
    "host_name",
    "mapped_domain_name",
]

# An API mapping key: path segments of these characters, joined by single slashes.
_MAPPING_KEY = re.compile(r"^[A-Za-z0-9$\-_.+!*'()]+(?:/[A-Za-z0-9$\-_.+!*'()]+)*\Z")

#: By app: (environment, host name, base path or "") -> the path of the API mapped there.
_MAPPED: IdentityMap[dict[tuple[str, str, str], str]] = IdentityMap()


@checked_init
@dataclass(frozen=True, kw_only=True)
class ApiDomainMapping:
    """Serves a ServerlessApi on a custom domain name that exists already, at its own base
    path: several APIs on one host (``api.example.com/v1`` and ``/v2``, or one service per
    base path). The domain name's owner keeps its certificate and DNS records.

    :param domain_name: the API Gateway domain name to map the API onto: another
        ServerlessApi's ``domain_name`` (``ApiDomain(...)`` created it), or an
        ``apigwv2.IDomainName`` of the API's account and region. Typed to take
        ``api.domain_name`` as it is (``IDomainName | None``): None, an API without
        ``ApiDomain``, is a ConstructError naming the fix.
    :param base_path: the API mapping key: the API answers at
        ``https://<domain>/<base_path>/...`` (e.g. ``"v2"`` or ``"orders/v2"``). Default:
        the domain's root.
    :param disable_default_endpoint: turn off the API's ``execute-api`` endpoint, so that
        clients can only call the domain. Default: False (both answer).
    """

    # None is the construct's rule (check_mapping), with its own fix: a type checker must
    # not refuse another API's domain_name, which is typed optional
    domain_name: apigwv2.IDomainName | None
    base_path: str | None = None
    disable_default_endpoint: bool = False


def host_name(domain_name: apigwv2.IDomainName) -> str:
    """The domain's host name: as written when it is known at synth (an imported name, or
    one the app creates: its ``name`` is a reference then), else the reference."""
    name = domain_name.name
    cfn = domain_name.node.default_child
    if is_unresolved(name) and isinstance(cfn, apigwv2.CfnDomainName):
        return name if is_unresolved(cfn.domain_name) else cfn.domain_name
    return name


def mapped_domain_name(mapping: ApiDomainMapping) -> apigwv2.IDomainName:
    """The domain name of a mapping :func:`check_mapping` accepted (it refuses None)."""
    assert mapping.domain_name is not None, "refused by check_mapping"
    return mapping.domain_name


def check_mapping(v: Validator, mapping: ApiDomainMapping) -> None:
    """Every rule of ``mapping``: a domain name of the API's environment, a valid base
    path not taken by another API of the app, and the endpoint switch."""
    if mapping.domain_name is None:
        v.add(
            "domain.domain_name",
            "is None: a ServerlessApi's domain_name is None unless its domain= is an ApiDomain",
            "pass the domain_name of the API that creates the domain (domain=ApiDomain(...)), "
            "or an apigwv2.IDomainName",
        )
        return
    check_same_environment(
        v,
        mapping.domain_name,
        "domain.domain_name",
        "an API mapping joins a domain name and an API of one account and region",
        "pass a domain name of this stack's region and account (or give the API its own "
        "with ApiDomain(...))",
    )
    base_ok = mapping.base_path is None or check_base_path(v, mapping.base_path)
    if base_ok:
        claim_mapping(v, host_name(mapping.domain_name), mapping.base_path)
    check_endpoint_switch(v, mapping.disable_default_endpoint)


def check_endpoint_switch(v: Validator, disable: object) -> None:
    v.check(
        isinstance(disable, bool),
        "domain.disable_default_endpoint",
        f"is {given(disable)}; it must be True or False",
        "pass disable_default_endpoint=True to allow calls through the domain only",
    )


def claim_mapping(v: Validator, host: str, base_path: str | None) -> None:
    """Notes that ``v.scope`` (an API) is mapped on ``host`` at ``base_path``; adds a
    problem when another API of the app (in the same account and region) is there
    already: API Gateway maps one API per domain name and base path."""
    if is_unresolved(host) or (base_path is not None and is_unresolved(base_path)):
        return
    stack = Stack.of(v.scope)
    key = (f"{stack.account}/{stack.region}", host, base_path or "")
    mapped = _MAPPED.remembered(app_of(v.scope), dict)
    first = mapped.setdefault(key, v.scope.node.path)
    where = f"base path {base_path!r} of {host}" if base_path else f"the root of {host}"
    v.check(
        first == v.scope.node.path,
        "domain.base_path",
        f"is {base_path!r}, but the API {first} is mapped at {where} already: a domain name "
        "maps one API per base path (the deploy would fail)",
        "give each API on the domain its own base_path (e.g. 'v1' and 'v2')",
    )


def check_base_path(v: Validator, base_path: object) -> bool:
    prop = "domain.base_path"
    if not isinstance(base_path, str):
        v.add(prop, f"is {described(base_path)}", "pass e.g. 'v1', or None")
        return False
    if is_unresolved(base_path):  # one that resolves at synth (Lazy.string) is checked then
        v.recheck_rule(base_path, check_base_path)
        return True
    return v.check(
        bool(_MAPPING_KEY.match(base_path)),
        prop,
        f"is {base_path!r}; an API mapping key is one or more path segments of letters, "
        "digits and $-_.+!*'() joined by '/', without a leading or trailing '/'",
        "pass e.g. base_path='v1' or 'orders/v1', or None to serve the API at the domain's root",
    )
