"""A JWT authorizer's issuer: the URL its tokens carry in `iss`, which API Gateway compares
as written (ServerlessApi's ``ApiAuth.jwt``)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from constructs_lib._jsii import described, is_unresolved, leading_reference
from constructs_lib._loaded import loaded_module
from constructs_lib._validation import Validator

__all__ = ["check_issuer"]

_URL_FIX = "pass the OIDC issuer URL, e.g. 'https://example.auth0.com/'"


def check_issuer(v: Validator, issuer: object) -> None:
    """Adds every problem of ``auth.issuer`` to ``v``."""
    if issuer is None:
        v.add("auth.issuer", "is missing", _URL_FIX)
        return
    if not isinstance(issuer, str):
        v.add(
            "auth.issuer",
            f"is {described(issuer)}, not a string",
            _URL_FIX,
        )
    elif is_unresolved(issuer):
        v.recheck_rule(issuer, check_issuer)  # a Lazy.string: its text is checked at synth
        _check_pool_url(v, issuer)
        # f"https://cognito-idp.<region>.amazonaws.com/{pool.user_pool_id}/": the slash is
        # literal text around the pool's id
        v.check(
            not (issuer.startswith("https://cognito-idp.") and issuer.endswith("/")),
            "auth.issuer",
            "is a Cognito user pool's URL with a trailing '/', which its tokens' `iss` does "
            "not have: the API would refuse every token",
            "drop the trailing '/', or pass ApiAuth.cognito(user_pool, clients=[...])",
        )
        _check_not_document(v, issuer)  # f"https://{pool_url}/.well-known/jwks.json" too
    elif v.check(
        issuer.startswith("https://"),
        "auth.issuer",
        f"is {issuer!r}; a JWT issuer must be an https:// URL",
        _URL_FIX,
    ):
        _check_issuer_url(v, issuer)


def _check_pool_url(v: Validator, issuer: str) -> None:
    """A user pool's ``user_pool_provider_url`` (or ``_name``) is
    ``cognito-idp.<region>.amazonaws.com/<pool id>``: the tokens' `iss` has https:// first."""
    target, attribute = leading_reference(issuer) or (None, "")
    cognito = loaded_module("aws_cognito")  # a user pool was built with it
    pool = cognito is not None and isinstance(target, cognito.CfnUserPool)
    v.check(
        not (pool and attribute.startswith("Provider")),
        "auth.issuer",
        "starts with the user pool's user_pool_provider_url, which has no https:// (it is "
        "cognito-idp.<region>.amazonaws.com/<pool id>): no token's `iss` matches it, so the "
        "API would refuse every token",
        "pass ApiAuth.cognito(user_pool, clients=[...]), or "
        "ApiAuth.jwt(f'https://{user_pool.user_pool_provider_url}', [client.user_pool_client_id])",
    )


def _check_issuer_url(v: Validator, issuer: str) -> None:
    """API Gateway compares the token's `iss` with the issuer as written and fetches
    `<issuer>/.well-known/openid-configuration`: no spaces, host, query or fragment."""
    parts = urlsplit(issuer)
    v.check(
        bool(parts.hostname)
        and not parts.query
        and not parts.fragment
        and issuer == "".join(issuer.split()),
        "auth.issuer",
        f"is {issuer!r}, not the issuer URL a token carries in `iss` (a host, no spaces, "
        "query or fragment): the API would refuse every token",
        "pass the issuer exactly as its /.well-known/openid-configuration names it, e.g. "
        "'https://example.auth0.com/'",
    )
    _check_not_document(v, issuer)
    # Cognito's `iss` is https://cognito-idp.<region>.amazonaws.com/<pool id>, never with a
    # trailing slash (other issuers, Auth0's among them, do end with one)
    host = parts.hostname or ""
    v.check(
        not (host.startswith("cognito-idp.") and issuer.endswith("/")),
        "auth.issuer",
        f"is {issuer!r}, a Cognito user pool's URL with a trailing '/', which its tokens' "
        "`iss` does not have: the API would refuse every token",
        f"pass {issuer.rstrip('/')!r}, or ApiAuth.cognito(user_pool, clients=[...])",
    )
    # an AWS host only: another IdP's host may start with "cognito" (cognito.example.com)
    if host.startswith("cognito") and ".amazonaws." in host and not issuer.endswith("/"):
        _check_cognito_issuer(v, issuer)


# https://cognito-idp.<region>.amazonaws.com[.cn]/<region>_<id>: the pool's id names its region
_COGNITO_ISSUER = re.compile(
    r"https://cognito-idp\.(?P<region>[a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?"
    r"/(?P<pool_region>[a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+"
)


def _check_cognito_issuer(v: Validator, issuer: str) -> None:
    """A Cognito issuer written by hand: a misspelt host, or a region other than the
    pool's (its id starts with its region), is an `iss` no token carries."""
    match = _COGNITO_ISSUER.fullmatch(issuer)
    v.check(
        match is not None,
        "auth.issuer",
        f"is {issuer!r}, which is not a Cognito user pool's issuer "
        "(https://cognito-idp.<region>.amazonaws.com/<region>_<id>): the API would refuse "
        "every token",
        "pass ApiAuth.cognito(user_pool, clients=[...]), or "
        "ApiAuth.jwt(f'https://{user_pool.user_pool_provider_url}', [client.user_pool_client_id])",
    )
    if match is not None and match["region"] != match["pool_region"]:
        fixed = issuer.replace(
            f"cognito-idp.{match['region']}.", f"cognito-idp.{match['pool_region']}.", 1
        )
        v.add(
            "auth.issuer",
            f"is {issuer!r}: the pool {issuer.rsplit('/', 1)[1]!r} is in {match['pool_region']}, "
            f"not {match['region']}, so no token carries this `iss` and the API would refuse "
            "every token",
            f"pass {fixed!r}",
        )


def _check_not_document(v: Validator, issuer: str) -> None:
    """The discovery document's (or the keys') URL pasted for the issuer it names; its
    literal text is read in a deploy-time issuer too, in any case (``/.WELL-KNOWN/``)."""
    at = issuer.lower().find("/.well-known/")
    v.check(
        at < 0,
        "auth.issuer",
        f"is {issuer!r}, a /.well-known/ document's URL, not the issuer a token carries in "
        "`iss`: the API would refuse every token",
        f"pass the `issuer` that document names, e.g. {issuer[:at]!r} (with the trailing '/' "
        "if its `issuer` has one)",
    )
