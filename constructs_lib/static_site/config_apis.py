"""A ServerlessApi's URL in a StaticSite's ``runtime_config`` that the site's CSP does not
let the page fetch: every call of the page would be blocked by the browser."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from aws_cdk import Stack
from jsii.errors import JSIIError

from constructs_lib._jsii import is_unresolved
from constructs_lib._loaded import loaded_module
from constructs_lib._validation import Validator
from constructs_lib.serverless_api import ServerlessApi
from constructs_lib.static_site.api import API_URL_KEY
from constructs_lib.static_site.csp_rules import directives_of

__all__ = ["check_config_api_urls"]

#: connect-src sources that let the page fetch any https origin.
_ANY_HTTPS = {"*", "https:", "https://*.execute-api.*.amazonaws.com"}


def check_config_api_urls(
    v: Validator, config: Mapping[str, Any], csp: str, served: object = None, path: str = ""
) -> None:
    """Adds a problem for each key of ``config`` naming a ServerlessApi of the site's stack
    whose origin ``csp``'s connect-src (or default-src) does not allow (``served``: the API
    the site serves under ``path``, whose 'apiUrl' key the api= rules report)."""
    stack = Stack.of(v.scope)
    allowed = _fetch_sources(csp)
    if allowed & _ANY_HTTPS:
        return
    apis = [c for c in stack.node.find_all() if isinstance(c, ServerlessApi)]
    try:
        resolved_csp = json.dumps(stack.resolve(csp))
    except (JSIIError, TypeError):
        return
    for key, value in config.items():
        if not isinstance(value, str):
            continue
        _check_hosted_ui(v, stack, f"runtime_config[{key!r}]", value, allowed, resolved_csp)
        for api in apis:
            if api.url not in value or _allowed(stack, api, allowed, resolved_csp):
                continue
            if api is served and key == API_URL_KEY:
                continue  # validate_api's rule names this one
            on_site = (
                f"call the path the site serves it on, on its own origin: {path!r} "
                f"(config.json's {API_URL_KEY!r})"
                if api is served
                else "pass api=<the ServerlessApi> to serve it on the site's own origin (its "
                "routes under /api)"
            )
            v.add(
                f"runtime_config[{key!r}]",
                f"is {api.node.path}'s url, another origin than the site's, which the "
                "Content-Security-Policy's connect-src does not allow: the browser would "
                "block every call of the page to it",
                f"{on_site}, or api_origins=[api.url] (with content_security_policy: the "
                "API's origin in its connect-src)",
            )


def _fetch_sources(csp: str) -> set[str]:
    """The sources of connect-src, or of default-src without one (tokens as written)."""
    directives = directives_of(csp)
    return set(directives.get("connect-src", directives.get("default-src", [])))


def _host_allowed(host: str, allowed: set[str]) -> bool:
    """A source naming ``host`` over https, or a wildcard (``https://*.example.com`` covers
    every subdomain, at any depth, as browsers match it)."""
    for source in allowed:
        name = source.removeprefix("https://").split("/", 1)[0]
        if name == host or (name.startswith("*.") and host.endswith(name[1:])):
            return True
    return False


def _allowed(stack: Stack, api: ServerlessApi, allowed: set[str], resolved_csp: str) -> bool:
    if not is_unresolved(api.url):  # a custom domain: its origin as written
        parts = urlsplit(api.url)
        return f"{parts.scheme}://{parts.netloc}" in allowed
    region = Stack.of(api).region  # https://*.execute-api.eu-west-1.amazonaws.com
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    if not is_unresolved(region) and _host_allowed(f"id.execute-api.{region}.{suffix}", allowed):
        return True
    try:  # the execute-api URL: the policy names the API's id somewhere
        return json.dumps(stack.resolve(api.http_api.api_id)) in resolved_csp
    except (JSIIError, TypeError):
        return True


def _check_hosted_ui(
    v: Validator, stack: Stack, prop: str, value: str, allowed: set[str], resolved_csp: str
) -> None:
    """A user pool domain (the hosted UI) in ``value``: the page fetches its /oauth2/token."""
    cognito = loaded_module("aws_cognito")  # a domain was built with it
    if cognito is None or any(".amazoncognito.com" in source for source in allowed):
        return
    for domain in stack.node.find_all():
        if not isinstance(domain, cognito.UserPoolDomain) or domain.domain_name not in value:
            continue
        try:
            named = json.dumps(stack.resolve(domain.domain_name)) in resolved_csp
        except (JSIIError, TypeError):
            named = True
        # a custom domain's name is a Ref to the domain: its name as written is the L1's
        cfn = domain.node.default_child
        written = domain.domain_name if not is_unresolved(domain.domain_name) else None
        if (
            written is None
            and isinstance(cfn, cognito.CfnUserPoolDomain)
            and cfn.custom_domain_config
        ):
            written = None if is_unresolved(cfn.domain) else cfn.domain
        v.check(
            named or (written is not None and _host_allowed(written, allowed)),
            prop,
            f"is the hosted UI of {domain.node.path}, whose origin the "
            "Content-Security-Policy's connect-src does not allow: the page's token request "
            "(its /oauth2/token, the code exchange and the refresh) would be blocked",
            "add its origin to connect-src (with content_security_policy: "
            "f\"... connect-src 'self' {domain.base_url()} ...\"), or api_origins="
            "[domain.base_url()] with the default policy",
        )
