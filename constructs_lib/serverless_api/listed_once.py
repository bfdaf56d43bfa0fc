"""A value listed twice in an API's lists (a JWT authorizer's audiences, CORS's headers and
methods). API Gateway takes it (the CloudFormation schema allows repeats, and the service
holds each list as a set), so nothing fails at deploy; but a repeat is most often a paste
where another value was meant (a second app's client ID, another header), whose callers
are then refused, so it is refused with that question."""

from __future__ import annotations

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_listed_once"]


def check_listed_once(
    v: Validator, values: object, prop: str, what: str, *, ignore_case: bool = False
) -> None:
    """Adds a problem for each string of ``values`` listed before (``ignore_case``: in any
    case, as HTTP compares header names); other items are the type check's."""
    if not isinstance(values, list | tuple) or is_unresolved(values):
        return
    seen: dict[str, str] = {}
    for value in values:
        if not isinstance(value, str):
            continue
        key = value.lower() if ignore_case else value
        first = seen.get(key)
        if first is None:
            seen[key] = value
            continue
        v.add(
            prop,
            f"lists {value!r} twice"
            if first == value
            else f"lists {first!r} and {value!r}, one {what}: {what}s ignore case",
            f"list each {what} once (was another {what} meant?)",
        )
