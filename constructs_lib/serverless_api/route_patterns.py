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


def has_common_request(arn_path: str, route_path: str, unless: str | None = None) -> bool:
    """Whether some request path matches both ``arn_path`` (IAM: ``*`` any characters)
    and the route path ``route_path`` (``{name}`` one segment, ``{name+}`` the rest), and
    not the route path ``unless`` (a route API Gateway gives such a request instead)."""
    patterns = [_arn_tokens(arn_path), _route_tokens(route_path)]
    if not _literal_ends_agree(*patterns):
        return False  # (most pairs of an API's routes: no search)
    excluded = _route_tokens(unless) if unless is not None else None
    return _common(patterns, excluded)


def _literal_ends_agree(first: list[_Token], second: list[_Token]) -> bool:
    """Whether the two patterns' leading literal characters agree (one's are the start of
    the other's), and their trailing ones: every common string starts and ends with both."""
    for step in (1, -1):  # the trailing ones read backwards
        short, long = sorted(("".join(_literal_run(t[::step])) for t in (first, second)), key=len)
        if not long.startswith(short):
            return False
    return True


def _literal_run(tokens: list[_Token]) -> list[str]:
    """The literal characters ``tokens`` start with, up to its first class or repeat."""
    run = []
    for kind, repeats in tokens:
        if repeats or kind in (_ANY, _SEGMENT):
            break
        run.append(kind)
    return run


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


def _meet(token: str, char: str) -> bool:
    """Whether the character ``char`` belongs to the token's class (a character: itself)."""
    if token == _ANY:
        return True
    if token == _SEGMENT:
        return char != "/"
    return token == char


def _closure(tokens: list[_Token], states: set[int]) -> frozenset[int]:
    """The positions reached from ``states`` by skipping repeats (which may match none)."""
    reached, todo = set(states), list(states)
    while todo:
        i = todo.pop()
        if i < len(tokens) and tokens[i][1] and i + 1 not in reached:
            reached.add(i + 1)
            todo.append(i + 1)
    return frozenset(reached)


def _step(tokens: list[_Token], states: frozenset[int], char: str) -> frozenset[int]:
    moved = {
        i if tokens[i][1] else i + 1
        for i in states
        if i < len(tokens) and _meet(tokens[i][0], char)
    }
    return _closure(tokens, moved)


def _common(patterns: list[list[_Token]], excluded: list[_Token] | None) -> bool:
    """A search over the strings read by every pattern at once (each pattern's set of
    positions; the excluded pattern's too, whose end must not be reached), one character
    at a time (:func:`_candidates`)."""
    every = [*patterns, excluded or []]
    start = tuple(_closure(tokens, {0}) for tokens in every)
    seen, todo = {start}, [start]
    while todo:
        states = todo.pop()
        ends = [len(tokens) in reached for tokens, reached in zip(every, states, strict=True)]
        if all(ends[:-1]) and not (excluded is not None and ends[-1]):
            return True
        for char in _candidates(every, states):
            following = _follow(every, states, char)
            if following is not None and following not in seen:
                seen.add(following)
                todo.append(following)
    return False


def _candidates(every: list[list[_Token]], states: tuple[frozenset[int], ...]) -> set[str]:
    """The characters worth trying next: those the patterns' current positions name, '/'
    and '\x00' (in no path), which stands for every other character, since each of those
    moves every pattern alike. Where a pattern (not the excluded, last) is at literal
    characters only, just those: any other ends it. So a search over long literal paths
    (an API of many routes) tries a character or two at each step, not the alphabet."""
    chars = {"/", "\x00"}
    only: set[str] | None = None
    for n, (tokens, reached) in enumerate(zip(every, states, strict=True)):
        literal, wild = set(), False
        for i in reached:
            if i < len(tokens):
                if tokens[i][0] in (_ANY, _SEGMENT):
                    wild = True
                else:
                    literal.add(tokens[i][0])
        chars |= literal
        if not wild and n < len(every) - 1:
            only = literal if only is None else only & literal
    return chars if only is None else chars & only


def _follow(
    every: list[list[_Token]], states: tuple[frozenset[int], ...], char: str
) -> tuple[frozenset[int], ...] | None:
    """Each pattern's positions after ``char``; None once a pattern (but the excluded,
    last) has none: no common string goes on there."""
    following = []
    for n, (tokens, reached) in enumerate(zip(every, states, strict=True)):
        moved = _step(tokens, reached, char)
        if not moved and n < len(every) - 1:
            return None
        following.append(moved)
    return tuple(following)
