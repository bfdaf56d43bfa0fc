"""Which requests an ``execute-api`` ARN pattern lets in, against the requests a route
serves (pure: no aws_cdk): the check behind ``arn_for_route``'s warning.

IAM reads a ``*`` in a resource ARN as any characters, '/' included, or none; a route's
``{name}`` takes one or more characters of one path segment, ``{name+}`` one or more of
any. So ``GET/partners/acme/orders/*`` lets in ``/partners/acme/orders/o-1/items``, a
request of ``GET /partners/{partner}/orders/{id}/items``: the two patterns have a request
in common. A sample request per route ('x' for each parameter) misses that one, since
'x' is not 'acme': this decides it for every request, as two patterns over characters
whose common strings are searched for (each step consumes one character, or skips a
repeat that may match none).
"""

from __future__ import annotations

import re

__all__ = ["has_common_request", "request_path"]

# a position of a pattern: a character class and whether it repeats (zero or more times)
_ANY = "any character"
_SEGMENT = "any character but '/'"
_Token = tuple[str, bool]
_PARAMETER = re.compile(r"(\{[^{}]+\})")


def request_path(route_path: str, values: dict[str, str]) -> str:
    """The ARN's path of a route's path: each parameter its value in ``values``, else
    ``*`` (IAM's wildcard: a request's parameter may be anything)."""
    segments = []
    for segment in route_path.split("/"):
        name = segment[1:-1].removesuffix("+") if segment.startswith("{") else None
        segments.append(segment if name is None else values.get(name, "*"))
    return "/".join(segments)


def has_common_request(arn_path: str, route_path: str) -> bool:
    """Whether some request path matches both ``arn_path`` (IAM: ``*`` any characters)
    and the route path ``route_path`` (``{name}`` one segment, ``{name+}`` the rest)."""
    return _common(_arn_tokens(arn_path), _route_tokens(route_path))


def _arn_tokens(path: str) -> list[_Token]:
    return [(_ANY, True) if char == "*" else (char, False) for char in path]


def _route_tokens(path: str) -> list[_Token]:
    tokens: list[_Token] = []
    for piece in _PARAMETER.split(path):
        if piece.startswith("{"):  # one or more characters: one, then a repeat
            kind = _ANY if piece.endswith("+}") else _SEGMENT
            tokens += [(kind, False), (kind, True)]
        else:
            tokens += [(char, False) for char in piece]
    return tokens


def _meet(a: str, b: str) -> bool:
    """Whether one character belongs to both classes (a single character is its own)."""
    if a in (_ANY, _SEGMENT) and b in (_ANY, _SEGMENT):
        return True
    if a in (_ANY, _SEGMENT):
        return a == _ANY or b != "/"
    if b in (_ANY, _SEGMENT):
        return b == _ANY or a != "/"
    return a == b


def _common(a: list[_Token], b: list[_Token]) -> bool:
    """A depth-first search over positions (i in ``a``, j in ``b``) reached by reading the
    same string. Two repeats both consuming a character are never needed: the string
    without it is read by both too."""
    seen: set[tuple[int, int]] = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i][1]:
            todo.append((i + 1, j))
        if j < len(b) and b[j][1]:
            todo.append((i, j + 1))
        if i < len(a) and j < len(b) and not (a[i][1] and b[j][1]) and _meet(a[i][0], b[j][0]):
            todo.append((i + (not a[i][1]), j + (not b[j][1])))
    return False
