"""The hosted UI domain prefix of a ServerlessApi's Cognito pool, against the app's other
user pool domains, at synth.

A Cognito domain prefix (``pool.add_domain(..., cognito_domain=CognitoDomainOptions(
domain_prefix="todos-sign-in"))``, the hosted UI's ``https://todos-sign-in.auth.<region>.
amazoncognito.com``) names one domain per region across every AWS account. Two domains of
one app with the same prefix (a dev and a prod stage built from one stack class, or two
stacks copying README's example) synthesized, and CloudFormation failed the deploy of the
second. The library creates no domain and derives no prefix: the user's domains are
compared once the app is complete (a domain may be added after the API), each ServerlessApi
with ``ApiAuth.cognito`` checking the domains of its pools.

Two domains clash when their prefixes are equal and they may be deployed to one region:
their stacks' regions are equal, or one is not known at synth (an environment-agnostic
stack goes wherever it is deployed). A prefix that is a deploy-time value, and a custom
domain (``custom_domain=``, a host name of the user's), are not compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from aws_cdk import Token
from constructs import Construct, IConstruct

from constructs_lib._facts import app_of, stack_of
from constructs_lib._jsii import jsii_ref
from constructs_lib._loaded import loaded_module
from constructs_lib._synth_checks import at_synth
from constructs_lib._synth_phase import per_validation

if TYPE_CHECKING:
    from aws_cdk import aws_cognito as cognito

    from constructs_lib.serverless_api.auth import ApiAuth
    from constructs_lib.serverless_api.props import ServerlessApiProps

__all__ = ["watch_domain_prefixes"]

_PROP = "cognito_domain.domain_prefix"
#: CreateUserPoolDomain's pattern of a prefix (aws-cdk-lib checks only its letters' case; a
#: '-' at either end or more than 63 characters passed and failed the deploy)
_PREFIX = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
#: the words Cognito refuses anywhere in a prefix (its developer guide: "You can't use the
#: text aws, amazon, or cognito in the domain prefix"); the pattern above lets them pass
_RESERVED = re.compile(r"aws|amazon|cognito")
#: where a construct path gets a '-': between a word's end and the next's capital
#: ('SignIn': 'Sign-In'), and for each run of what a prefix cannot hold ('/')
_KEBAB = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")


class _Domain(NamedTuple):
    path: str  # the UserPoolDomain's (or a bare CfnUserPoolDomain's)
    prefix: str
    region: str | None  # None: not known at synth
    pool_id: str  # the template's UserPoolId, as its token's text when not literal


def watch_domain_prefixes(api: Construct, props: ServerlessApiProps) -> None:
    """Checks at synth that no other user pool domain of the app takes the prefix of a
    domain of the pools ``api`` authorizes with (the API's ``auth`` and routes' own)."""
    pools: dict[str, tuple[str, cognito.IUserPool]] = {}
    given: list[tuple[str, ApiAuth | None]] = [("auth", props.auth)]
    given += [(f"routes[{p.key!r}].auth", p.route.auth) for p in props.parsed_routes()]
    for prop, auth in given:
        if auth is not None and auth.kind == "cognito" and auth.user_pool is not None:
            pools.setdefault(auth.user_pool.user_pool_id, (prop, auth.user_pool))
    if pools:
        at_synth(api, lambda: _clashes(api, pools))


def _clashes(api: Construct, pools: dict[str, tuple[str, cognito.IUserPool]]) -> list[str]:
    app = app_of(api)  # one walk of the app per validation, for all its Cognito APIs
    domains = per_validation(("user pool domains", jsii_ref(app)), lambda: list(_domains(app)))
    problems: list[str] = []
    for own in domains:
        if own.pool_id not in pools:
            continue
        prop, pool = pools[own.pool_id]
        if not _PREFIX.fullmatch(own.prefix) or _RESERVED.search(own.prefix):
            problems.append(_refused(prop, pool, own))
        others = [d.path for d in domains if d.path != own.path and _clash(own, d)]
        if others:
            problems.append(
                f"`{prop}` is ApiAuth.cognito of the pool {pool.node.path}, whose hosted UI "
                f"domain {own.path} has the prefix {own.prefix!r} (its `{_PROP}`), as "
                f"{', '.join(others)} {'does' if len(others) == 1 else 'do'}: a Cognito domain "
                "prefix names one domain in a region across every AWS account, so the deploy "
                "of the second fails (the prefix is taken), and two stages built from one "
                "stack class each need their own. Fix: pass each domain a prefix of its own "
                "(the stage's name in it, e.g. f'todos-{cdk.Stage.of(self).stage_name.lower()}"
                "-sign-in', unlikely to be another account's too), or give the stacks "
                "env=cdk.Environment(region=...) of different regions if that is where they go"
            )
    return problems


def _refused(prop: str, pool: cognito.IUserPool, own: _Domain) -> str:
    """A prefix Cognito refuses (its form, or a word of AWS's in it): the deploy of the
    domain fails."""
    words = sorted(set(_RESERVED.findall(own.prefix)))
    # the nearest prefix Cognito takes: the words out, then the form ('my-cognito-app':
    # 'my-app', never 'my--app'); nothing left ('cognito'), one named after the domain's
    # place in the app ('Prod/Todos/Users/SignIn': 'prod-todos-users-sign-in'), which is
    # the user's own and tells two stages apart
    nearest = _taken(own.prefix) or _taken(_KEBAB.sub("-", own.path).lower()) or "my-app-sign-in"
    rules = [
        "a prefix is 1 to 63 lowercase letters, digits and '-', starting and ending with a "
        "letter or digit"
    ]
    if words:
        rules.append(
            f"none of the words aws, amazon and cognito is in it (this one has "
            f"{' and '.join(map(repr, words))})"
        )
    return (
        f"`{prop}` is ApiAuth.cognito of the pool {pool.node.path}, whose hosted UI domain "
        f"{own.path} has the prefix {own.prefix!r} (its `{_PROP}`), which Cognito refuses: "
        f"{', and '.join(rules)}, so the deploy of the domain fails. Fix: pass a prefix of "
        f"that form, e.g. {nearest!r}"
    )


def _taken(text: str) -> str:
    """``text`` without the words Cognito refuses, in the form of a prefix ('' if none is
    left)."""
    while _RESERVED.search(text):  # a word taken out can join two halves into another
        text = _RESERVED.sub("", text)  # ('acognitows': 'aws')
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")  # never 'my--app'
    return text[:63].rstrip("-")


def _clash(own: _Domain, other: _Domain) -> bool:
    """Same prefix, and possibly one region (either region unknown at synth)."""
    same_region = own.region is None or other.region is None or own.region == other.region
    return own.prefix == other.prefix and same_region


def _domains(app: IConstruct) -> Iterator[_Domain]:
    """The app's user pool domains with a prefix known at synth (one walk of its tree)."""
    cognito = loaded_module("aws_cognito")
    if cognito is None:  # no domain can exist in this process
        return
    for construct in app.node.find_all():
        if not isinstance(construct, cognito.CfnUserPoolDomain):
            continue
        prefix, config = construct.domain, construct.custom_domain_config
        if config is not None or not isinstance(prefix, str) or Token.is_unresolved(prefix):
            continue
        parent = construct.node.scope
        owner = parent if isinstance(parent, cognito.UserPoolDomain) else construct
        region = stack_of(construct).region
        yield _Domain(
            owner.node.path,
            prefix,
            None if Token.is_unresolved(region) else region,
            construct.user_pool_id,
        )
