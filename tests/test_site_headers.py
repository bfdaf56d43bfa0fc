"""StaticSite's security headers and CSP as plain values: no construct, nothing synthesized.

A bare Stack only resolves tokens (``Stack.resolve``) to show the CloudFormation shape.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk

from constructs_lib import _defaults
from constructs_lib.static_site import (
    CSP_MAX_LENGTH,
    HSTS_VALUE,
    api_origin,
    default_content_security_policy,
    security_headers,
)

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _directives(policy: str) -> dict[str, str]:
    return dict(directive.split(" ", 1) for directive in policy.split("; "))


def _resolved(value: str) -> Any:
    return cdk.Stack().resolve(value)


def _origin_expression(token: dict[str, Any]) -> list[Any]:
    """The parts of ``api_origin(token)``: scheme, '//', host of the URL at deploy time."""
    split = {"Fn::Split": ["/", token]}
    return [{"Fn::Select": [0, split]}, "//", {"Fn::Select": [2, split]}]


# --- api_origin -----------------------------------------------------------------------------


def test_api_origin_keeps_scheme_host_and_port_in_lower_case_and_drops_the_rest() -> None:
    # GIVEN a concrete URL with upper case, a port, a path, a query and a fragment
    url = "HTTPS://API.Example.com:8443/v1/todos?limit=5#top"

    # WHEN reduced to its origin
    origin = api_origin(url)

    # THEN only scheme://host:port is left, lower-cased
    assert origin == "https://api.example.com:8443", f"origin of {url!r} is {origin!r}"


def test_api_origin_of_a_token_is_computed_by_cloudformation() -> None:
    # GIVEN a URL known only at deploy time
    url = cdk.Fn.ref("Api")

    # WHEN reduced to its origin
    origin = _resolved(api_origin(url))

    # THEN CloudFormation joins the scheme and host it splits out of the URL
    expected = {"Fn::Join": ["", _origin_expression({"Ref": "Api"})]}
    assert origin == expected, f"origin of a token resolves to {origin}"


# --- default_content_security_policy --------------------------------------------------------


def test_default_policy_allows_only_the_sites_own_origin() -> None:
    # GIVEN no API origins
    # WHEN the default policy is built
    policy = default_content_security_policy()

    # THEN every directive is the site's own origin or 'none', exactly as documented
    assert policy == DEFAULT_CSP, f"default CSP is {policy!r}"
    assert _directives(policy) == _defaults.SITE_CONTENT_SECURITY_POLICY, (
        "the policy must list the _defaults directives in their order"
    )


def test_concrete_api_origins_extend_connect_src_once_each() -> None:
    # GIVEN two URLs of the same API and one of another
    urls = [
        "https://api.example.com/v1",
        "https://API.example.com/v2/",
        "wss://live.example.com/socket",
    ]

    # WHEN the default policy is built for them
    directives = _directives(default_content_security_policy(urls))

    # THEN connect-src names each origin once, after 'self'; nothing else changes
    assert directives["connect-src"] == "'self' https://api.example.com wss://live.example.com", (
        f"connect-src is {directives['connect-src']!r}"
    )
    others = {name: value for name, value in directives.items() if name != "connect-src"}
    assert others == {
        name: value
        for name, value in _defaults.SITE_CONTENT_SECURITY_POLICY.items()
        if name != "connect-src"
    }, "api_origins may only widen connect-src"


def test_a_token_api_origin_makes_the_policy_a_join_with_the_origin_in_connect_src() -> None:
    # GIVEN an API URL known only at deploy time
    url = cdk.Fn.ref("Api")

    # WHEN the default policy is built for it
    policy = _resolved(default_content_security_policy([url]))

    # THEN the policy is an Fn::Join: the fixed text up to connect-src 'self', the origin
    # expression, then the directives after connect-src
    before, after = DEFAULT_CSP.split("connect-src 'self'")
    expected = {
        "Fn::Join": [
            "",
            [f"{before}connect-src 'self' ", *_origin_expression({"Ref": "Api"}), after],
        ]
    }
    assert policy == expected, f"policy with a token origin resolves to {policy}"


def test_the_default_policy_is_far_below_cloudfronts_length_limit() -> None:
    # GIVEN the length limit CloudFront sets on a Content-Security-Policy value
    # WHEN the default policy is measured
    length = len(default_content_security_policy(["https://api.example.com"]))

    # THEN the limit is CloudFront's documented 1783 characters and the default fits
    assert CSP_MAX_LENGTH == 1783, f"CSP_MAX_LENGTH is {CSP_MAX_LENGTH}"
    assert length < CSP_MAX_LENGTH // 4, f"the default policy is {length} characters long"


# --- security_headers ----------------------------------------------------------------------


def test_security_headers_are_the_five_documented_headers() -> None:
    # GIVEN no options
    # WHEN the headers are listed
    headers = security_headers()

    # THEN they are exactly HSTS (2 years, subdomains), nosniff, DENY, the referrer
    # policy and the default CSP
    assert headers == {
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Content-Security-Policy": DEFAULT_CSP,
    }, f"security headers are {headers}"
    assert headers["Strict-Transport-Security"] == HSTS_VALUE, "HSTS_VALUE is what is sent"


def test_security_headers_put_api_origins_into_the_csp() -> None:
    # GIVEN an API origin
    url = "https://api.example.com/prod/"

    # WHEN the headers are listed for it
    csp = security_headers(api_origins=[url])["Content-Security-Policy"]

    # THEN the CSP is the default policy for that origin
    assert csp == default_content_security_policy([url]), f"CSP is {csp!r}"
    assert "connect-src 'self' https://api.example.com;" in csp, f"CSP is {csp!r}"


def test_an_own_content_security_policy_replaces_the_default_and_nothing_else() -> None:
    # GIVEN a policy of the user's own
    own = "default-src 'self'; connect-src 'self' https://api.example.com"

    # WHEN the headers are listed with it
    headers = security_headers(content_security_policy=own)

    # THEN the CSP is exactly that policy and every other header stays
    assert headers["Content-Security-Policy"] == own, (
        f"CSP is {headers['Content-Security-Policy']!r}"
    )
    assert {k: v for k, v in headers.items() if k != "Content-Security-Policy"} == {
        k: v for k, v in security_headers().items() if k != "Content-Security-Policy"
    }, "an own CSP must not change the other security headers"
