"""A route's path parameters as API Gateway fills ``pathParameters``: one per ``{name}``
of the route, read from the request's path and URL-decoded (API Gateway's HTTP API guide:
it "decodes URL-encoded request parameters before passing them to your backend
integration"; ``rawPath`` stays as sent). The testing builders derive the one of ``path``
and ``path_parameters`` a test leaves out, so a handler's test gets the event a deployed
route gets, and refuse parameters the route has not (API Gateway never sends them)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, unquote


def _names(route_key: str) -> list[str]:
    if route_key == "$default":  # API Gateway matches no parameters for it
        return []
    segments = route_key.partition(" ")[2].split("/")
    return [s[1:-1].removesuffix("+") for s in segments if s.startswith("{") and s.endswith("}")]


def _read(route_path: str, path: str) -> dict[str, str] | None:
    """The parameters of ``path`` for the route, or None where the path is not of its shape."""
    route, parts = route_path.split("/"), path.split("/")
    found: dict[str, str] = {}
    for index, segment in enumerate(route):
        if segment.startswith("{") and segment.endswith("+}"):  # greedy: the rest, last
            rest = "/".join(parts[index:])
            found[segment[1:-2]] = unquote(rest)
            return found if rest else None
        if index >= len(parts):
            return None
        if segment.startswith("{") and segment.endswith("}"):
            if not parts[index]:  # an empty segment matches no parameter
                return None
            found[segment[1:-1]] = unquote(parts[index])
        elif segment != parts[index]:
            return None
    return found if len(parts) == len(route) else None


def _fill(route_path: str, parameters: Mapping[str, str]) -> str:
    """The path a client sends for ``parameters``: each value percent-encoded, as it must be
    to reach the route (a space, ``%`` or ``?`` raw would be no request, or another one);
    a greedy parameter keeps its ``/``, a single segment's is encoded."""

    def value(segment: str) -> str:
        greedy = segment.endswith("+}")
        return quote(parameters[segment[1:-1].removesuffix("+")], safe="/" if greedy else "")

    return "/".join(
        value(s) if s.startswith("{") and s.endswith("}") else s for s in route_path.split("/")
    )


def route_request(
    route_key: str, path: str | None, parameters: Mapping[str, str]
) -> tuple[str, dict[str, str]]:
    """The request's path and ``pathParameters``, each derived from the other where not
    given (a path is needed only for a route with parameters the test does not pass)."""
    names, route_path = _names(route_key), route_key.partition(" ")[2]
    if parameters and sorted(parameters) != sorted(names):
        fix = (
            f"pass path_parameters={ {name: parameters.get(name, '...') for name in names}!r}"
            if names
            else "leave path_parameters out"
        )
        raise ValueError(
            f"http_api_event: path_parameters {sorted(parameters)} are not the parameters of "
            f"{route_key!r}, which are {names}: API Gateway sends exactly the route's. Fix: {fix}"
        )
    if path is None:
        return _fill(route_path, parameters), dict(parameters)
    if not names or parameters:
        return path, dict(parameters)
    found = _read(route_path, path)
    if found is None:
        example = {name: "..." for name in names}
        raise ValueError(
            f"http_api_event: path {path!r} is not of the shape of {route_key!r}, so its "
            f"pathParameters cannot be read from it. Fix: pass them, path_parameters={example!r}"
            " (a path under a custom domain's base path, say), or a path of the route's shape"
        )
    return path, found


def split_query(path: str | None) -> tuple[str | None, str, dict[str, str]]:
    """A path given with its query string (``/orders/1?verbose=true``) as API Gateway
    splits it: the path, ``rawQueryString``, and ``queryStringParameters`` (decoded, a
    repeated name's values joined by commas); else the path, ``""`` and none. Read as part
    of the path, the query was the last parameter's value (``{"id": "1?verbose=true"}``)."""
    if path is None or "?" not in path:
        return path, "", {}
    path, _, raw = path.partition("?")
    query: dict[str, str] = {}
    for pair in filter(None, raw.split("&")):
        name, _, value = (unquote(part) for part in pair.partition("="))
        query[name] = f"{query[name]},{value}" if name in query else value
    return path, raw, query
