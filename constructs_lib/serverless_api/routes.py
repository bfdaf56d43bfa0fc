"""Routes: the route-key parser (pure), per-route settings and table access."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from constructs_lib._arguments import checked_init
from constructs_lib._prop_types import OWN_RULE
from constructs_lib._words import as_ascii, lookalike_note
from constructs_lib.errors import ConstructError, Problem
from constructs_lib.handler import Handler
from constructs_lib.serverless_api.auth import ApiAuth
from constructs_lib.serverless_api.options import Throttle

__all__ = [
    "DEFAULT_ROUTE",
    "METHODS",
    "ParsedRoute",
    "Route",
    "RouteMap",
    "TableAccess",
    "UnknownRouteError",
    "parse_route_key",
    "same_requests",
    "suggested_key",
]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
DEFAULT_ROUTE = "$default"
_READ_METHODS = frozenset({"GET", "HEAD"})
# A path part as API Gateway's HTTP APIs take it (CreateRoute refuses others: "One or more
# path parts appear to be invalid. Parts are validated against this regular expression:
# ^(\{[\w.:-]+\+?\}|[a-zA-Z0-9.:_-]+)$"): a literal, or a parameter {name} / {name+}
# whose name is letters, digits and "_.:-" ({todo-id}: the handler reads
# event["pathParameters"]["todo-id"]).
_LITERAL = re.compile(r"^[A-Za-z0-9._:-]+\Z")
_PARAMETER = re.compile(r"^\{([A-Za-z0-9_.:-]+)\+?\}\Z")
_CHARACTERS = "letters, digits and '-._:'"
# What API Gateway refuses in a literal or a parameter's name; a segment holding a parameter.
_REFUSED = re.compile(r"[^A-Za-z0-9._:-]+")
_EMBEDDED = re.compile(r"^([^{}]*)\{([^{}]*)\}([^{}]*)\Z")
# A path parameter in another framework's spelling (Express ':id', Flask '<id>',
# '<int:id>'): API Gateway would match ':id' literally, so no request ever reaches it.
_FOREIGN_PARAM = re.compile(r"^(?::([A-Za-z_]\w*)|<(?:\w+:)?([A-Za-z_]\w*)>)\Z")


V = TypeVar("V")


class UnknownRouteError(ConstructError, KeyError):
    """A key that is no route of the API (a ConstructError, and a KeyError as for a dict)."""

    def __str__(self) -> str:  # not KeyError's repr of the message
        return ConstructError.__str__(self)


class RouteMap(dict[str, V]):
    """An API's ``functions`` / ``aliases`` by route key: a dict whose missing key is an
    ``UnknownRouteError`` naming the API's route keys."""

    def __init__(self, path: str, attribute: str) -> None:
        super().__init__()
        self._path, self._attribute = path, attribute

    def __missing__(self, key: str) -> V:
        close = difflib.get_close_matches(str(key), list(self), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UnknownRouteError(
            [
                Problem(
                    self._path,
                    f"{self._attribute}[{key!r}]",
                    "is no route of this API",
                    f"{hint}{'U' if hint else 'u'}se a route key as written in routes: "
                    f"{', '.join(map(repr, self))}",
                )
            ]
        )


class TableAccess(Enum):
    """What a route's function may do with the API's table."""

    NONE = "none"
    READ = "read"
    READ_WRITE = "read_write"


_ACCESS_ORDER = (TableAccess.NONE, TableAccess.READ, TableAccess.READ_WRITE)


@checked_init
@dataclass(frozen=True)
class Route:
    """A route's handler plus per-route settings; a bare Handler means the defaults.

    :param handler: the function serving the route.
    :param table_access: access to the API's table. Default: READ for GET/HEAD routes,
        READ_WRITE for the others; a ``public`` route on an API with a table gives it.
        Functions shared by several routes get the widest.
    :param authorization_scopes: JWT/Cognito scopes the route requires. Default: none.
    :param throttle: this route's own limits, ``Throttle(rate=..., burst=...)`` with the
        API's ranges, in place of the API's ``throttling`` for this route (API Gateway
        applies a route's limits instead of the stage's, not within them: limits above
        the API's warn). Keyword only. Default: the API's ``throttling``.
    :param public: why this route answers anyone, a sentence (``"load balancers' health
        checks carry no token"``): the route gets no authorizer while the others keep the
        API's ``auth``, and the reason is the cdk-nag acknowledgement of this route alone.
        Keyword only. Default: None, the route is behind the API's ``auth``.
    :param auth: this route's authorizer in place of the API's ``auth``:
        ``ApiAuth.jwt(...)``, ``.cognito(...)``, ``.iam()`` or ``.function(handler)``
        (not ``.none``: that is ``public=``). Routes given equal ApiAuths share one
        authorizer. Keyword only. Default: None, the API's ``auth``.
    """

    handler: Handler
    table_access: TableAccess | None = None
    authorization_scopes: Sequence[str] = ()
    throttle: Throttle | None = field(default=None, kw_only=True)
    # its own rule (public_routes): True or "" is told to write the reason instead
    public: str | None = field(default=None, kw_only=True, metadata=OWN_RULE)
    auth: ApiAuth | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class ParsedRoute:
    """A validated route: its key split into method and path, and its settings."""

    key: str
    method: str
    path: str
    route: Route

    @property
    def table_access(self) -> TableAccess:
        if self.route.table_access is not None:
            return self.route.table_access
        return TableAccess.READ if self.method in _READ_METHODS else TableAccess.READ_WRITE


def widest_access(
    routes: Iterable[ParsedRoute], key: Callable[[Handler], tuple[object, ...]] = Handler.key
) -> dict[tuple[object, ...], TableAccess]:
    """The table access of each function (by ``key`` of its Handler): the widest of its
    routes."""
    widest: dict[tuple[object, ...], TableAccess] = {}
    for parsed in routes:
        function = key(parsed.route.handler)
        current = widest.get(function, TableAccess.NONE)
        widest[function] = max(current, parsed.table_access, key=_ACCESS_ORDER.index)
    return widest


def parse_route_key(route_key: str) -> tuple[str, str] | str:
    """``(method, path)`` of ``"METHOD /path"`` or ``"$default"``, or an error message."""
    if route_key == DEFAULT_ROUTE:
        return (DEFAULT_ROUTE, "")
    method, _, path = route_key.partition(" ")
    if path.strip() == DEFAULT_ROUTE:
        return "puts a method before '$default', which matches every method and path"
    if method not in METHODS or not path:
        return f"must be 'METHOD /path' with METHOD one of {', '.join(METHODS)}, or '$default'"
    if path != path.strip():  # 'GET  /items', 'GET /items ': the path has the spaces
        return (
            f"has whitespace around its path {path!r}: a key is the method, one space and "
            f"the path, which API Gateway matches as written; write "
            f"{method + ' ' + path.strip()!r}"
        )
    if "?" in path:  # 'GET /hooks?partner=acme': API Gateway routes on the path alone
        return (
            f"has the query string {path[path.index('?') :]!r}: API Gateway routes on the path "
            "alone, and the handler reads the query in event['queryStringParameters']"
        )
    if path != "/" and path.endswith("/") and path.startswith("/") and "//" not in path:
        # refused at deploy as reported (SAM #1949, whose translator trims it; the key
        # 'GET /metrics/' of storacha/w3infra#166): the guide's keys never end so
        return (
            "has a path ending in '/', which API Gateway refuses in an HTTP API's route key "
            "(only '/' itself ends so)"
        )
    if not path.startswith("/") or (path != "/" and path.endswith("/")) or "//" in path:
        return "has a path that must start with '/' and not end with '/' (except '/' itself)"
    segments = path.strip("/").split("/") if path != "/" else []
    params: list[str] = []
    for index, segment in enumerate(segments):
        foreign = _FOREIGN_PARAM.match(segment)
        if foreign:
            name = foreign[1] or foreign[2]
            return (
                f"has the segment {segment!r}, another framework's path parameter: API Gateway "
                f"does not read it as one (no request would reach the route); write {{{name}}}"
            )
        parameter = _PARAMETER.match(segment)
        if segment.startswith("{") and segment.endswith("}") and not parameter:
            return (
                f"has the path parameter {segment!r}, whose name API Gateway refuses: a "
                f"parameter is {{name}} or {{name+}}, the name {_CHARACTERS}"
                + _refused_note(segment[1:-1].removesuffix("+"))
            )
        if not parameter and not _LITERAL.match(segment):
            return (
                f"has an invalid path segment {segment!r}: API Gateway takes {_CHARACTERS}, "
                "or a whole segment {name}" + _refused_note(segment) + lookalike_note(segment)
            )
        if parameter:
            name = parameter[1]
            if name in params:
                return f"repeats the path parameter {{{name}}}"
            params.append(name)
            if segment.endswith("+}") and index != len(segments) - 1:
                return "has a greedy parameter {name+} that is not the last segment"
    return (method, path)


def _refused_note(text: str) -> str:
    """The characters of ``text`` API Gateway refuses, each named once ("; not '~'"): a
    route path takes neither the other characters RFC 3986 lets a path segment carry
    (``~!$&'()*+,;=@``, the '+' but in ``{name+}``) nor spaces or non-ASCII letters."""
    refused = dict.fromkeys(char for run in _REFUSED.findall(text) for char in run)
    return f", not {', '.join(map(repr, refused))}" if refused else ""


def suggested_key(route_key: str) -> str | None:
    """A route key API Gateway takes, close to ``route_key`` whose path it refuses: the
    characters it refuses left out of literals ('@me' -> 'me') and written as '_' in
    parameters' names, a parameter made a whole segment ('e{id}' -> 'e/{id}'), another
    framework's parameter as {name}, a repeated name numbered, a greedy parameter that is
    not the last made plain. None when nothing close is valid."""
    # whitespace pasted around the key or for its one space ('GET\t/a'), a lower-case
    # method, a query string (no part of a route key), a look-alike letter
    method, _, path = " ".join(route_key.split()).partition(" ")
    method = method.upper() if method.upper() in METHODS else method
    path = as_ascii(path.split("?", 1)[0])
    if method not in METHODS or not path.startswith("/"):
        return None
    parts: list[str] = []
    names: list[str] = []
    for segment in (s for s in path.split("/") if s):
        foreign = _FOREIGN_PARAM.match(segment)
        embedded = _EMBEDDED.match(f"{{{foreign[1] or foreign[2]}}}" if foreign else segment)
        before, name, after = embedded.groups() if embedded else (segment, None, "")
        if before and not _REFUSED.sub("", before):
            return None  # nothing of the segment is left ('/@'): no key close to it
        parts += [_REFUSED.sub("", before)] if before else []
        if name is not None:
            greedy = name.endswith("+")
            name = _REFUSED.sub("_", name.rstrip("+")).strip("_") or "param"
            name = f"{name}{names.count(name) + 1}" if name in names else name
            names.append(name)
            parts.append(f"{{{name}{'+' if greedy else ''}}}")
        parts += [_REFUSED.sub("", after)] if after else []
    parts = [part for part in parts if part]
    parts = [p.replace("+}", "}") if i < len(parts) - 1 else p for i, p in enumerate(parts)]
    key = f"{method} /{'/'.join(parts)}"
    return key if key != route_key and not isinstance(parse_route_key(key), str) else None


def same_requests(parsed: Iterable[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """``(key, earlier key)`` for each route ``(key, method, path)`` whose method and path
    match the same requests as an earlier one's: the paths differ only in their
    parameters' names (``GET /items/{id}`` and ``GET /items/{itemId}``)."""
    seen: dict[tuple[str, str], str] = {}
    clashes = []
    for key, method, path in parsed:
        shape = re.sub(r"\{[^}/]*?(\+?)\}", r"{\1}", path)
        earlier = seen.setdefault((method, shape), key)
        if earlier != key:
            clashes.append((key, earlier))
    return clashes
