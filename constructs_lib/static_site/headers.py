"""The security headers a StaticSite sends, as plain values: no construct, no synth.

The response headers policy (``distribution.py``) and the browser test both render these,
so what a browser checks locally is what CloudFront adds.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from urllib.parse import SplitResult, urlsplit

from aws_cdk import Fn

from constructs_lib import _defaults
from constructs_lib._arguments import checked_arguments
from constructs_lib._dns import LOCAL_HOSTS, PORT_PROBLEM, port_is_sent
from constructs_lib._jsii import described, given, is_unresolved
from constructs_lib._validation import at_synth
from constructs_lib._words import hidden_character, without_hidden
from constructs_lib.errors import ConstructError, Problem

__all__ = [
    "CSP_MAX_LENGTH",
    "HSTS_VALUE",
    "ORIGINS_AT_SYNTH",
    "api_origin",
    "default_content_security_policy",
    "origin_problem",
    "security_headers",
]

#: The Strict-Transport-Security value every StaticSite sends.
HSTS_VALUE = f"max-age={_defaults.SITE_HSTS_MAX_AGE_DAYS * 86400}; includeSubDomains"
#: CloudFront's limit on the Content-Security-Policy value of a response headers policy.
CSP_MAX_LENGTH = 1783
_HOST = re.compile(r"^(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?\Z", re.ASCII)
_ORIGIN_FIX = "pass the API's URL, e.g. 'https://api.example.com' or api.url"


def api_origin(url: str) -> str:
    """The origin (scheme://host[:port]) of ``url``, as a CSP source.

    A token (e.g. ``ServerlessApi.url``) becomes a CloudFormation expression
    (``Fn::Join`` of ``Fn::Select``/``Fn::Split``) that drops the path at deploy time, so
    ``https://id.execute-api.eu-west-1.amazonaws.com/`` gives
    ``https://id.execute-api.eu-west-1.amazonaws.com``.
    """
    if is_unresolved(url):
        parts = Fn.split("/", url)
        return Fn.join("", [Fn.select(0, parts), "//", Fn.select(2, parts)])
    split = urlsplit(url)
    return f"{split.scheme.lower()}://{split.netloc.lower()}"


#: Why ``api_origins`` cannot be a deploy-time list (its items can be deploy-time values).
ORIGINS_AT_SYNTH = (
    "the scheme and host of each origin enter the CSP's connect-src",
    "pass a list, e.g. [api.url] (its items may be deploy-time values)",
)


def origin_problem(url: str) -> tuple[str, str] | None:
    """None if ``url`` (a literal) may be one of a StaticSite's ``api_origins``, else
    (problem, fix); the problem reads after ``is <url>;``."""
    hidden = hidden_character(url)
    if hidden is not None:
        # Python's URL parser (as browsers') drops tabs and newlines anywhere and spaces and
        # control characters at the ends: the policy would allow another origin than written.
        return (
            f"it has {hidden}, which URL parsers drop (or keep) without a word, so the "
            "page could be allowed an origin other than the one written",
            f"write {without_hidden(url)!r} (no spaces, tabs, newlines or control characters)",
        )
    try:
        split = urlsplit(url)
    except ValueError:
        return "it is not a URL", _ORIGIN_FIX
    if not split.scheme or not split.netloc:
        return "it must be an absolute URL such as https://api.example.com", _ORIGIN_FIX
    if "@" in split.netloc:  # before localhost's: its port would be read past them
        return "it must not contain credentials", _ORIGIN_FIX
    if split.scheme not in ("https", "wss"):
        if split.scheme in ("http", "ws") and split.hostname in LOCAL_HOSTS:
            # a dev server's port is checked too; on [::1], it is no CSP source either
            problem = _port_problem(split.netloc)
            if problem is None and split.netloc.startswith("["):
                return _ipv6_problem(split)
            return problem
        return (
            f"its scheme {split.scheme!r} must be https or wss (http only for localhost)",
            _ORIGIN_FIX,
        )
    if split.netloc.startswith("["):
        return _ipv6_problem(split)
    if not _HOST.match(split.netloc):
        return f"its host {split.netloc!r} is not a valid host name", _ORIGIN_FIX
    return _port_problem(split.netloc)


def _ipv6_problem(split: SplitResult) -> tuple[str, str]:
    """An IPv6 literal host (``https://[2001:db8::1]``, a dev server's ``http://[::1]``): a
    CSP source has no form for one (CSP's grammar: its host is letters, digits, '-' and
    '.'), so browsers drop it from connect-src as an invalid source ("It will be ignored")
    and block the API."""
    host, _, port = split.netloc.rpartition("]")
    host += "]"
    loopback = split.hostname is not None and _is_loopback(split.hostname)
    name = f"localhost{port}" if loopback else "api.example.com"
    return (
        f"its host {host!r} is an IPv6 address, which a Content-Security-Policy source has "
        "no form for (the standard's host is a name of letters, digits, '-' and '.'): a "
        "browser following it ignores the source, so the page could not reach the API",
        f"use the API's host name, e.g. '{split.scheme}://{name}'"
        + ("" if loopback else " (a DNS name whose AAAA record is the address)"),
    )


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _port_problem(netloc: str) -> tuple[str, str] | None:
    """The problem of a port no browser sends in ``netloc`` (after an IPv6 host's ``]``)."""
    after_host = netloc.rpartition("]")[2]
    if ":" not in after_host:
        return None
    port = after_host.rpartition(":")[2]  # empty after a ':' is no CSP source's port either
    if not port_is_sent(port.lstrip("0") or "0"):  # CSP reads '08443' as 8443
        return f"its port {port!r} is {PORT_PROBLEM[0]}", PORT_PROBLEM[1]
    return None


def default_content_security_policy(api_origins: Sequence[str] = ()) -> str:
    """The CSP a StaticSite sends unless given ``content_security_policy``.

    Scripts, styles, fonts, images (plus ``data:`` images) and ``fetch`` go to the site's
    own origin; ``fetch``/XHR/WebSocket also to each of ``api_origins`` (URLs or tokens,
    reduced to their origin). No plugins, no framing, no inline scripts or styles.

    :param api_origins: the URLs the page may ``fetch`` besides its own origin, as
        StaticSite's ``api_origins``. Default: none.
    """
    connect: list[str] = _defaults.SITE_CONTENT_SECURITY_POLICY["connect-src"].split()
    for url in api_origins:
        source = api_origin(url)
        if source not in connect:
            connect.append(source)
    directives = {**_defaults.SITE_CONTENT_SECURITY_POLICY, "connect-src": " ".join(connect)}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


#: A Content-Security-Policy that is no header value: the problem and its fix.
NOT_ONE_LINE = (
    "is empty or spans several lines",
    "pass one line such as \"default-src 'self'; connect-src 'self' https://api...\"",
)


def is_one_line_policy(policy: str) -> bool:
    """A policy a header can carry: not blank, on one line (a deploy-time value is taken;
    a value that is no string is the type check's)."""
    if not isinstance(policy, str) or is_unresolved(policy):
        return True
    return bool(policy.strip()) and not any(c in policy for c in "\r\n")


@checked_arguments
def security_headers(
    *, api_origins: Sequence[str] = (), content_security_policy: str | None = None
) -> dict[str, str]:
    """The security headers a StaticSite's distribution adds to every response.

    The same values the construct's response headers policy renders (tests serve the site
    locally with these to check the CSP in a real browser).

    :param api_origins: as StaticSite's, added to the CSP's ``connect-src``. Default: none.
    :param content_security_policy: as StaticSite's, replacing the default CSP. Default:
        the default CSP.
    """
    problems = []
    if is_unresolved(api_origins):
        problems.append(
            Problem(
                "security_headers",
                "api_origins",
                at_synth(api_origins, ORIGINS_AT_SYNTH[0]),
                ORIGINS_AT_SYNTH[1],
            )
        )
    elif isinstance(api_origins, str) or not (
        isinstance(api_origins, list | tuple) and all(isinstance(o, str) for o in api_origins)
    ):
        problems.append(
            Problem(
                "security_headers",
                "api_origins",
                f"is {given(api_origins)}; it must be a list of origins",
                "pass e.g. ['https://api.example.com']",
            )
        )
    else:  # each origin as StaticSite(api_origins=...) checks it
        problems += [
            Problem(
                "security_headers", f"api_origins[{index}]", f"is {url!r}; {found[0]}", found[1]
            )
            for index, url in enumerate(api_origins)
            if not is_unresolved(url) and (found := origin_problem(url))
        ]
    if content_security_policy is not None and not isinstance(content_security_policy, str):
        problems.append(
            Problem(
                "security_headers",
                "content_security_policy",
                f"is {described(content_security_policy)}, not a string",
                "pass the policy as one string, or None for the default",
            )
        )
    elif content_security_policy is not None and not is_one_line_policy(content_security_policy):
        problems.append(Problem("security_headers", "content_security_policy", *NOT_ONE_LINE))
    if problems:
        raise ConstructError(problems)
    return {
        "Strict-Transport-Security": HSTS_VALUE,
        "X-Content-Type-Options": _defaults.SITE_CONTENT_TYPE_OPTIONS,
        "X-Frame-Options": _defaults.SITE_FRAME_OPTIONS,
        "Referrer-Policy": _defaults.SITE_REFERRER_POLICY,
        "Content-Security-Policy": content_security_policy
        or default_content_security_policy(api_origins),
    }
