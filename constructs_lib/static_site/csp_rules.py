"""A Content-Security-Policy value's rules, as plain values: no construct, no synth.

The directives browsers know, keyword sources without their quotes, and whether a page
that fetches from its own origin is allowed to (StaticSite's ``content_security_policy``).
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import get_close_matches

from constructs_lib._jsii import is_unresolved

__all__ = ["directives_of", "policy_problems"]


#: The directives browsers know (CSP Level 3 and the ones still in use); any other name is
#: ignored by the browser, so a misspelt one silently drops its restriction.
_DIRECTIVES = frozenset(
    [
        "default-src",
        "script-src",
        "script-src-elem",
        "script-src-attr",
        "style-src",
        "style-src-elem",
        "style-src-attr",
        "img-src",
        "font-src",
        "connect-src",
        "media-src",
        "object-src",
        "frame-src",
        "child-src",
        "worker-src",
        "manifest-src",
        "prefetch-src",
        "fenced-frame-src",
        "base-uri",
        "form-action",
        "frame-ancestors",
        "navigate-to",
        "sandbox",
        "report-uri",
        "report-to",
        "upgrade-insecure-requests",
        "block-all-mixed-content",
        "require-trusted-types-for",
        "trusted-types",
        "plugin-types",
        "require-sri-for",
        "webrtc",
    ]
)
#: Source keywords, which take single quotes: unquoted, ``self`` is a host named "self".
_KEYWORDS = frozenset(
    [
        "self",
        "none",
        "unsafe-inline",
        "unsafe-eval",
        "unsafe-hashes",
        "strict-dynamic",
        "report-sample",
        "wasm-unsafe-eval",
        "inline-speculation-rules",
    ]
)
#: Sources that let the page fetch from its own origin.
_SELF_SOURCES = frozenset(("'self'", "*", "https:"))


def _is_own_origin(source: str, own_hosts: Sequence[str]) -> bool:
    """``source`` may allow the page's own origin: 'self', any https origin, the site's
    host (``https://www.example.com``, ``*.example.com``) or a CloudFront domain (the
    distribution's own, whose name is not known before the deploy)."""
    if source in _SELF_SOURCES or is_unresolved(source):
        return True
    host = source.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    if host.endswith("cloudfront.net"):
        return True
    for own in (h.lower().rstrip(".") for h in own_hosts):
        if host == own or (host.startswith("*.") and own.endswith(host[1:])):
            return True
    return False


def directives_of(policy: str) -> dict[str, list[str]]:
    """A policy's directives by lower-case name, each with its sources as written (the first
    of a repeated directive counts, as browsers read it)."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives.setdefault(name.lower(), sources)
    return directives


def policy_problems(
    policy: str, *, fetched: Sequence[str] = (), own_hosts: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """What is wrong with a Content-Security-Policy value, as (problem, fix) pairs: a
    directive browsers do not know, a keyword source without its quotes, and, when the
    page fetches ``fetched`` from its own origin (``/config.json``, the API under
    ``api_path``), a ``connect-src`` (or ``default-src`` in its place) that does not allow
    its own origin (``own_hosts``: the site's domain names, which name it too).
    """
    problems: list[tuple[str, str]] = []
    directives = directives_of(policy)
    for part in policy.split(";"):
        if not part.strip():
            continue
        name, *sources = part.split()
        name = name.lower()
        if name not in _DIRECTIVES:
            close = get_close_matches(name, sorted(_DIRECTIVES), n=1)
            problems.append(
                (
                    f"has the directive {name!r}, which browsers do not know and ignore",
                    f"write {close[0]!r}" if close else "remove it",
                )
            )
        for source in sources:
            if source.lower() in _KEYWORDS:
                problems.append(
                    (
                        f"has {source} in {name} without quotes, which browsers read as a "
                        f"host named {source!r}",
                        f"write '{source.lower()}' (in single quotes)",
                    )
                )
    fetch = directives.get("connect-src", directives.get("default-src"))
    if fetched and fetch is not None and not any(_is_own_origin(f, own_hosts) for f in fetch):
        which = "connect-src" if "connect-src" in directives else "default-src"
        problems.append(
            (
                f"does not let the page fetch from its own origin ({which} "
                f"{' '.join(fetch) or '(empty)'}), so it cannot fetch {' or '.join(fetched)}",
                "add 'self' to connect-src"
                if which == "connect-src"
                else "add the directive connect-src 'self' (default-src stays for the rest)",
            )
        )
    return problems
