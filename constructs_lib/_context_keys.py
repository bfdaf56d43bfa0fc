"""The ``constructs_lib:`` context keys an app sets: one the library does not read
(``-c constructs_lib:alarmTopic=ops``) is a ConstructError with the closest key, as it
would be ignored without a word. So is a key
spelt near the prefix (``constructs_lib.dashboard``, ``constructs-lib:alarm_topic``,
``Constructs_Lib:dashboard``) and cdk.json's keys nested under ``"constructs_lib"``:
CDK's context is flat, and nothing reads them either."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping

from aws_cdk import Stack

from constructs_lib.errors import ConstructError, Problem

__all__ = ["check_context_keys"]

PREFIX = "constructs_lib:"
# the prefix however spelt: any case, any separators (or none) inside and after it
_NEAR_PREFIX = re.compile(r"constructs[\W_]*lib(?:[\W_]+|$)", re.IGNORECASE)


def check_context_keys(stack: Stack, known: Collection[str]) -> None:
    """Raises a ConstructError listing every context key of ``stack`` that looks meant for
    the library and is not one of ``known``."""
    context = stack.node.get_all_context()
    problems = [
        _problem(stack.node.path, key, key[found.end() :], context[key], sorted(known))
        for key in sorted(context)
        if key not in known and (found := _NEAR_PREFIX.match(key))
    ]
    if problems:
        raise ConstructError(problems)


def _problem(path: str, key: str, rest: str, value: object, known: list[str]) -> Problem:
    """``key``'s problem; ``rest``: what follows its prefix."""
    listed = "known: " + ", ".join(known)
    if not rest and isinstance(value, Mapping):
        nested = [f"{PREFIX}{name}" for name in value]
        return Problem(
            path,
            f"context {key!r}",
            "holds keys nested under it; CDK's context is flat, so the library reads none "
            f"of them; {listed}",
            "write each key whole at the top of cdk.json's context: "
            + ", ".join(f"{name!r}" for name in nested),
        )
    meant = _closest(f"{PREFIX}{rest}", known) if rest else None
    return Problem(
        path,
        f"context {key!r}",
        f"is not a context key constructs_lib reads (it would be ignored); {listed}",
        f"did you mean {meant!r}?" if meant else "remove it",
    )


def _closest(key: str, known: list[str]) -> str | None:
    if key in known:  # only the prefix was misspelt
        return key
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return close[0] if close else None
