"""The identity sources of a Lambda authorizer (``ApiAuth.function(identity_source=...)``):
the forms an HTTP API takes, their rules, and the headers among them a CORS policy must
let a browser send."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from constructs_lib._jsii import described

if TYPE_CHECKING:
    from constructs_lib._validation import Validator
    from constructs_lib.serverless_api.auth import ApiAuth

__all__ = ["DEFAULT_IDENTITY_SOURCE", "check_sources", "identity_headers", "same_source"]

#: Where the token usually is; a request without it is a 401 before the function runs.
DEFAULT_IDENTITY_SOURCE = ("$request.header.Authorization",)
#: The forms an HTTP API takes (a header name is an RFC 9110 token).
_IDENTITY_SOURCE = re.compile(
    r"\$request\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+"
    r"|\$request\.querystring\.[^\s,]+"
    r"|\$context\.[A-Za-z0-9_.]+"
    r"|\$stageVariables\.[A-Za-z0-9_]+"
)
_SOURCE_FORMS = (
    "'$request.header.Name', '$request.querystring.name', '$context.name' or '$stageVariables.name'"
)
_HEADER = "$request.header."
_BARE_HEADER = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
#: What the same source is written as for a REST API or a WebSocket API.
_OTHER_APIS = re.compile(r"(?:method|route)\.request\.(header|querystring)\.(.+)")
#: Headers a browser sends itself, which a script may not set (the Fetch standard's
#: forbidden names: a session cookie, the Origin) or which need no preflight (its
#: CORS-safelisted ones): a CORS policy need not allow them.
_BROWSER_SENT = re.compile(
    r"accept(-charset|-encoding|-language)?|access-control-request-(headers|method)|connection"
    r"|content-(language|length)|cookie2?|date|dnt|expect|host|keep-alive|origin|referer|te"
    r"|trailer|transfer-encoding|upgrade|via|(proxy|sec)-.*"
)


def identity_headers(auth: ApiAuth) -> tuple[str, ...]:
    """The request headers the authorizer reads that a CORS policy must allow a browser to
    send (lower-cased, as a preflight lists them): not those it sends itself (a session
    ``Cookie``). Only well-formed ones (others are reported)."""
    sources = DEFAULT_IDENTITY_SOURCE if auth.identity_source is None else auth.identity_source
    if not isinstance(sources, list | tuple):
        return ()
    names = [
        source.removeprefix(_HEADER).lower()
        for source in sources
        if isinstance(source, str) and _IDENTITY_SOURCE.fullmatch(source)
    ]
    return tuple(
        dict.fromkeys(
            name for name in names if not name.startswith("$") and not _BROWSER_SENT.fullmatch(name)
        )
    )


def check_sources(v: Validator, sources: Sequence[object]) -> None:
    seen: set[str] = set()
    for index, source in enumerate(sources):
        prop = f"auth.identity_source[{index}]"
        if not isinstance(source, str):
            v.add(prop, f"is {described(source)}, not a string", f"write {_SOURCE_FORMS}")
        elif not v.known_at_synth(source, prop, "API Gateway checks the form", "write it"):
            continue
        elif not _IDENTITY_SOURCE.fullmatch(source):
            other = _OTHER_APIS.fullmatch(source)
            fix = (
                f"write '$request.{other[1]}.{other[2]}' (an HTTP API's form)"
                if other
                else f"write '{_HEADER}{source}' for the header, or one of {_SOURCE_FORMS}"
                if _BARE_HEADER.fullmatch(source)  # 'X-Api-Key': a header's name alone
                else f"write {_SOURCE_FORMS}"
            )
            v.add(prop, f"is {source!r}, not an identity source an HTTP API takes", fix)
        elif same_source(source) in seen:
            v.add(prop, f"is {source!r} again", "list each identity source once")
        else:
            seen.add(same_source(source))


def same_source(source: str) -> str:
    """What tells two sources apart: a header's name has no case, a query string
    parameter's, a context or a stage variable's has (``?Key=`` is not ``?key=``)."""
    return source.lower() if source.startswith(_HEADER) else source
