"""CorsPolicy's rules, and the preflight options it builds."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from dataclasses import replace

from aws_cdk import aws_apigatewayv2 as apigwv2

from constructs_lib import _defaults
from constructs_lib._dns import LOCAL_HOSTS, PORT_PROBLEM, port_is_sent
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib._value_object_dicts import dict_fix
from constructs_lib._words import a_type, hidden_character, without_hidden
from constructs_lib.serverless_api.auth import ApiAuth
from constructs_lib.serverless_api.cors_headers import check_cors_headers, needed_headers
from constructs_lib.serverless_api.cors_methods import check_methods, method_names, other_members
from constructs_lib.serverless_api.listed_once import check_listed_once
from constructs_lib.serverless_api.options import CorsPolicy

__all__ = ["allow_headers", "check_cors", "check_cors_headers", "cors_options"]

# API Gateway's limit on how long browsers may cache a preflight answer.
CORS_MAX_AGE_LIMIT_SECONDS = 86400
_HEADER = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")  # an HTTP token (RFC 9110)
# A host name (or wildcard) or an IPv6 address in brackets (a dev server on [::1])
_ORIGIN = re.compile(
    r"^(?i:https?)://(?:[A-Za-z0-9.*-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?\Z", re.ASCII
)
# The port a browser leaves out of the Origin header it sends, by scheme.
_DEFAULT_PORTS = {"http": 80, "https": 443}


def allow_headers(cors: CorsPolicy, auths: Sequence[ApiAuth]) -> list[str]:
    """The headers the preflight allows: the policy's, or by default those of the API's
    authorizers (its auth, then the routes' own)."""
    if cors.allow_headers is not None:
        return list(cors.allow_headers)
    sigv4 = _defaults.CORS_SIGV4_HEADERS if any(a.kind == "iam" for a in auths) else ()
    headers = [*_defaults.CORS_ALLOW_HEADERS, *sigv4]
    needed = dict.fromkeys(h for auth in auths for h in needed_headers(auth))
    return headers + [h for h in needed if h not in headers]


def cors_options(cors: CorsPolicy, auths: Sequence[ApiAuth]) -> apigwv2.CorsPreflightOptions:
    return apigwv2.CorsPreflightOptions(
        allow_origins=list(cors.allow_origins),
        allow_methods=[apigwv2.CorsHttpMethod[m] for m in method_names(cors.allow_methods)],
        allow_headers=allow_headers(cors, auths),
        expose_headers=list(cors.expose_headers) or None,
        allow_credentials=cors.allow_credentials,
        max_age=cors.max_age,
    )


def check_cors(v: Validator, cors: object) -> None:
    if not isinstance(cors, CorsPolicy):
        v.add(
            "cors",
            f"is {a_type(cors)}",
            dict_fix(cors, CorsPolicy) or "pass CorsPolicy(allow_origins=[...])",
        )
        return
    if _listed(v, cors.allow_origins, "allow_origins", "['https://app.example.com']"):
        _check_origins(v, cors)
    methods = method_names(cors.allow_methods)
    if other_members(v, methods) and _listed(v, methods, "allow_methods", "['GET', 'POST']"):
        check_methods(v, methods)  # _listed: a list of strings
    if cors.allow_headers is not None and _listed(
        v, cors.allow_headers, "allow_headers", "['authorization']"
    ):
        _check_header_names(v, cors.allow_headers, "cors.allow_headers")
    if v.check_sequence(cors.expose_headers, "cors.expose_headers", "['location']"):
        _check_header_names(v, cors.expose_headers, "cors.expose_headers")
    max_age = v.whole_seconds(cors.max_age, "cors.max_age", within=(0, CORS_MAX_AGE_LIMIT_SECONDS))
    v.duration_range(max_age, "cors.max_age", 0, CORS_MAX_AGE_LIMIT_SECONDS)


def _check_header_names(v: Validator, headers: object, prop: str) -> None:
    """Each header an HTTP token (letters, digits, ``-`` ...; ``*`` for any): a browser never
    sends or reads ``''``, ``'x-id\\n'`` or ``'x id'``, so the policy would allow nothing.
    Each listed once, in any case (HTTP compares header names so)."""
    if is_unresolved(headers) or not isinstance(headers, list | tuple):
        return
    # a Lazy.string among them: the list checked again as it resolves at synth
    v.recheck_together(list(headers), lambda found, given: _check_header_names(found, given, prop))
    check_listed_once(v, headers, prop, "header name", ignore_case=True)
    for header in headers:
        if isinstance(header, str) and not is_unresolved(header) and not _HEADER.match(header):
            v.add(
                prop,
                f"has {header!r}, which is no HTTP header name",
                f"write the header's name, e.g. {header.strip()!r}"
                if _HEADER.match(header.strip())
                else "write header names such as 'authorization' or 'x-request-id'",
            )


def _listed(v: Validator, value: object, name: str, example: str) -> bool:
    """A list of strings, not a deploy-time list (a list parameter): the library reads its
    items at synth (each item may be a deploy-time value where the rules allow one)."""
    return v.check_sequence(value, f"cors.{name}", example) and v.known_at_synth(
        value,
        f"cors.{name}",
        "the library checks its items",
        f"pass a list, e.g. {example}",
    )


def _check_origins(v: Validator, cors: CorsPolicy) -> None:
    v.check(
        bool(cors.allow_origins),
        "cors.allow_origins",
        "is empty",
        "list the origins allowed to call the API, e.g. ['https://app.example.com']",
    )
    seen: set[str] = set()
    for origin in cors.allow_origins:
        if is_unresolved(origin):  # one that resolves at synth (Lazy.string) is checked then
            v.recheck_rule(
                origin,
                lambda found, text: _check_origins(found, replace(cors, allow_origins=[text])),
            )
        if origin == "*" or is_unresolved(origin):
            continue
        hidden = hidden_character(origin)
        if hidden is not None:
            v.add(
                "cors.allow_origins",
                f"has {origin!r}, with {hidden}: no browser sends that in an Origin header, "
                "so the origin never matches",
                f"write {without_hidden(origin)!r} (no spaces, tabs, newlines or control "
                "characters)",
            )
            continue
        if not _ORIGIN.match(origin) or not _host_is_an_address(origin):
            v.add(
                "cors.allow_origins",
                f"has {origin!r}, which is not an origin (scheme://host[:port], no path)",
                "write origins like 'https://app.example.com' without a trailing slash",
            )
            continue
        port = _split(origin)[2]
        if port and not port_is_sent(port):
            problem = f"has {origin!r}, whose port {port!r} is {PORT_PROBLEM[0]}"
            v.add("cors.allow_origins", problem, PORT_PROBLEM[1])
            continue
        _check_as_browsers_send_it(v, origin)
        _check_encrypted(v, origin)
        v.check(
            origin not in seen,
            "cors.allow_origins",
            f"lists {origin!r} twice",
            "list each origin once (was another origin meant?)",
        )
        seen.add(origin)
    v.check(
        not ("*" in cors.allow_origins and len(cors.allow_origins) > 1),
        "cors.allow_origins",
        "has '*' and other origins; '*' already allows every origin",
        "pass ['*'] alone, or only the origins allowed",
    )
    v.check(
        not (cors.allow_credentials and "*" in cors.allow_origins),
        "cors.allow_credentials",
        "is True with allow_origins '*', which browsers reject",
        "list explicit origins, or set allow_credentials=False",
    )


def _check_as_browsers_send_it(v: Validator, origin: str) -> None:
    """An origin only matches the ``Origin`` header as browsers write it: in lower case,
    without the scheme's default port. Any other spelling never matches, so every
    browser request from that site fails CORS."""
    scheme, host, port = _split(origin)
    sent = f"{scheme}://{host}"
    if port and int(port) != _DEFAULT_PORTS.get(scheme):
        sent += f":{port}"
    v.check(
        origin == sent,
        "cors.allow_origins",
        f"has {origin!r}, but browsers send that origin as {sent!r}, so it never matches",
        f"write {sent!r}",
    )


def _check_encrypted(v: Validator, origin: str) -> None:
    """A page served over plain http can be altered on its way to the browser; an API that
    lets it read its answers (with the user's token) trusts whoever is on that path. As
    StaticSite's ``api_origins``: https, http only for the developer's own machine."""
    scheme, host, port = _split(origin)
    v.check(
        scheme != "http" or host.strip("[]") in LOCAL_HOSTS,
        "cors.allow_origins",
        f"has {origin!r}, a page served over plain http: anyone on its way to the browser "
        "can change it, and CORS would let it call the API and read the answers",
        f"serve the site over https and write {'https://' + host + (':' + port if port else '')!r} "
        "(http only for localhost, in local development)",
    )


def _host_is_an_address(origin: str) -> bool:
    """An IPv6 host (``[...]``, as ``_ORIGIN`` matches it) is one, else no browser has it."""
    authority = origin.partition("://")[2]
    if not authority.startswith("["):
        return True
    try:
        ipaddress.IPv6Address(authority[1:].partition("]")[0])
    except ValueError:
        return False
    return True


def _split(origin: str) -> tuple[str, str, str]:
    """An origin (as ``_ORIGIN`` matches it) as scheme and host in lower case, and port.
    An IPv6 host stays in brackets, in the short form browsers send (``[::1]``)."""
    scheme, _, authority = origin.partition("://")
    if authority.startswith("["):
        address, _, port = authority[1:].partition("]")
        return scheme.lower(), f"[{ipaddress.IPv6Address(address).compressed}]", port[1:]
    host, _, port = authority.lower().partition(":")
    return scheme.lower(), host, port
