"""The ``routes=`` of a ServerlessApi's methods after construction (``link``,
``add_rollback_alarm``): some of its route keys, each named once, checked alike.

``link`` quoted the whole list for a key that is no route (``['GET /orders', 'GET
/order']``: which one?), and both took a key listed twice in silence (methods53): each
problem is now named by its index, an unknown key with the nearest route key."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from constructs_lib._jsii import given
from constructs_lib._validation import Validator

__all__ = ["checked_route_keys"]


def checked_route_keys(
    v: Validator, routes: object, known: Sequence[str], nothing: str
) -> list[str]:
    """The route keys ``routes`` names (None: every one of ``known``); with a problem
    (added to ``v``), none. ``nothing``: what an empty list would do ("it would link no
    function")."""
    if routes is None:
        return list(known)
    fix = f"pass some of {', '.join(map(repr, known))}, or leave routes out"
    if not isinstance(routes, list | tuple) or not all(isinstance(key, str) for key in routes):
        v.add("routes", f"is {given(routes)}, not a list of this API's route keys", fix)
        return []
    if not routes:
        v.add("routes", f"is empty: {nothing}", fix)
        return []
    before = v.count
    first: dict[str, int] = {}
    for index, key in enumerate(routes):
        if key in first:
            v.add(
                f"routes[{index}]",
                f"repeats `routes[{first[key]}]` ({key!r})",
                "list each route key once (was another route meant?)",
            )
            continue
        first[key] = index
        if key not in known:
            # cutoff 0: a route key always has a nearest one, however far (GET /a vs /nope)
            nearest = difflib.get_close_matches(key, known, n=1, cutoff=0)
            v.add(
                f"routes[{index}]",
                f"is {key!r}, not a route key of this API",
                f"change it to {nearest[0]!r} (the nearest route key), or drop it"
                if nearest
                else fix,
            )
    return [] if v.count > before else list(routes)
