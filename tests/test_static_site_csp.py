"""StaticSite: the security headers CloudFront sends, and the Content-Security-Policy they
carry (built by pure functions, tested without synthesizing, and as the template has it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Template

from constructs_lib.static_site import StaticSite, default_content_security_policy, security_headers
from constructs_lib.static_site.csp_rules import policy_problems
from constructs_lib.static_site.geo import location_problems
from tests.static_site_support import build_site


@pytest.fixture(scope="module")
def template(default_site: tuple[StaticSite, Template]) -> Template:
    return default_site[1]


# --- security headers -----------------------------------------------------------------------


def _rendered_headers(template: Template) -> dict[str, Any]:
    """The response headers policy of ``template`` as the header values browsers get."""
    (policy,) = template.find_resources("AWS::CloudFront::ResponseHeadersPolicy").values()
    config = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    for header in config.values():
        assert header["Override"] is True  # the origin cannot weaken them
    hsts = config["StrictTransportSecurity"]
    assert hsts["Preload"] is False
    return {
        "Strict-Transport-Security": f"max-age={hsts['AccessControlMaxAgeSec']}"
        + ("; includeSubDomains" if hsts["IncludeSubdomains"] else ""),
        "X-Content-Type-Options": "nosniff" if "ContentTypeOptions" in config else None,
        "X-Frame-Options": config["FrameOptions"]["FrameOption"],
        "Referrer-Policy": config["ReferrerPolicy"]["ReferrerPolicy"],
        "Content-Security-Policy": config["ContentSecurityPolicy"]["ContentSecurityPolicy"],
    }


def test_distribution_sends_exactly_the_headers_security_headers_returns() -> None:
    # GIVEN a concrete API URL (with a stage path)
    api = "https://api.example.com/prod/"
    _, template = build_site(api_origins=[api])
    # THEN the template's policy is what the browser test serves locally
    assert _rendered_headers(template) == security_headers(api_origins=[api])
    assert security_headers(api_origins=[api]) == {
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self' https://api.example.com; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    }


def test_csp_lets_the_page_call_a_token_api_url_by_its_origin(template: Template) -> None:
    # GIVEN api_origins=[HttpApi.url], a token like https://{id}.execute-api.{region}.{suffix}/
    csp = _rendered_headers(template)["Content-Security-Policy"]
    # THEN connect-src gets Fn::Select 0 ("https:") + "//" + Fn::Select 2 (the host) of it
    parts = csp["Fn::Join"][1]
    assert parts[0].endswith("connect-src 'self' ")
    scheme, slashes, host = parts[1:4]
    assert scheme["Fn::Select"][0] == 0 and host["Fn::Select"][0] == 2
    assert slashes == "//"
    assert scheme["Fn::Select"][1]["Fn::Split"][0] == "/"
    url = json.dumps(host["Fn::Select"][1]["Fn::Split"][1])
    assert "execute-api" in url and "ApiF70053CD" in url
    assert parts[4].startswith("; object-src 'none'")


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://api.example.com/", "https://api.example.com"),
        ("https://API.example.com:8443/v1/todos?x=1", "https://api.example.com:8443"),
        ("wss://socket.example.com", "wss://socket.example.com"),
        ("https://*.example.com", "https://*.example.com"),
    ],
)
def test_csp_keeps_only_the_origin_of_each_api_url(url: str, origin: str) -> None:
    csp = default_content_security_policy([url, url])
    assert f"connect-src 'self' {origin};" in csp


def test_content_security_policy_replaces_the_default() -> None:
    policy = "default-src 'self'; connect-src 'self' https://api.example.com"
    _, template = build_site(content_security_policy=policy)
    assert _rendered_headers(template)["Content-Security-Policy"] == policy


# --- a policy of the user's (pure) ----------------------------------------------------------


@pytest.mark.parametrize(
    "policy",
    [
        default_content_security_policy(["https://api.example.com"]),
        "default-src 'self'",  # connect-src falls back to default-src
        "script-src 'self'",  # neither: fetches are not restricted
        "default-src 'none'; connect-src https: ; img-src data:",
        "DEFAULT-SRC 'self'; connect-src *; upgrade-insecure-requests;",
        "default-src 'self'; script-src 'self' 'strict-dynamic' 'nonce-abc'; report-to csp",
    ],
)
def test_a_policy_that_lets_the_page_fetch_its_own_origin_has_no_problem(policy: str) -> None:
    assert policy_problems(policy, fetched=["/config.json"]) == []


@pytest.mark.parametrize(
    "connect",
    [
        "https://www.example.com",
        "www.example.com",
        "https://*.example.com",
        "https://d111111abcdef8.cloudfront.net",
        "https://*.cloudfront.net",
    ],
)
def test_a_connect_src_naming_the_sites_own_host_lets_it_fetch(connect: str) -> None:
    # the site's own host named, not 'self': no false alarm (the site's domain name, or
    # its distribution's, whose name is known only after the deploy)
    policy = f"default-src 'none'; connect-src {connect}"
    assert policy_problems(policy, fetched=["/config.json"], own_hosts=["www.example.com"]) == []
    # AND another host alone still blocks the page's own fetches
    assert policy_problems(
        "default-src 'none'; connect-src https://api.example.com",
        fetched=["/config.json"],
        own_hosts=["www.example.com"],
    )


def test_without_own_fetches_a_closed_connect_src_is_the_users_choice() -> None:
    assert policy_problems("default-src 'none'; connect-src 'none'") == []


def test_every_problem_of_a_policy_is_named() -> None:
    # Proves (user trial): a misspelt directive and an unquoted keyword synthesized silently
    problems = policy_problems("defualt-src self; conect-src 'self'", fetched=["/config.json"])
    assert [problem for problem, _ in problems] == [
        "has the directive 'defualt-src', which browsers do not know and ignore",
        "has self in defualt-src without quotes, which browsers read as a host named 'self'",
        "has the directive 'conect-src', which browsers do not know and ignore",
    ]


# --- geo restriction (pure) -----------------------------------------------------------------


def test_every_country_code_cloudfront_takes_passes() -> None:
    codes = Path("/usr/share/zoneinfo/iso3166.tab")
    if not codes.is_file():
        pytest.skip("no tz database's iso3166.tab on this machine")
    iso = [line.split("\t")[0] for line in codes.read_text().splitlines() if line[:1] != "#"]
    assert len(iso) > 240
    assert location_problems([*iso, "XK"]) == []


def test_each_code_that_is_no_country_is_named_once() -> None:
    problems = location_problems(["UK", "EL", "EU", "UK", "DE"])
    assert [fix for _, fix in problems] == [
        "write GB (the United Kingdom's ISO code)",
        "write GR (Greece's ISO code; EL is the EU's)",
        "write the countries themselves (EU is no country)",
    ]
