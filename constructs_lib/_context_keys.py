"""The ``constructs_lib:`` context keys an app sets: one the library does not read
(``-c constructs_lib:alarmTopic=ops``) is a ConstructError with the closest key, as it
would be ignored without a word. So is a key
spelt near the prefix (``constructs_lib.dashboard``, ``constructs-lib:alarm_topic``,
``Constructs_Lib:dashboard``) and cdk.json's keys nested under ``"constructs_lib"``:
CDK's context is flat, and nothing reads them either. So is a key written at the top of
the cdk.json the CLI runs the app from, not under its ``"context"``."""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from aws_cdk import Stack

from constructs_lib._facts import node_of, path_of
from constructs_lib._feature_flag_text import warn_of_flag_texts
from constructs_lib.errors import ConstructError, Problem

__all__ = ["check_context_keys"]

PREFIX = "constructs_lib:"
# the prefix however spelt: any case, any separators (or none) inside and after it
_NEAR_PREFIX = re.compile(r"constructs[\W_]*lib(?:[\W_]+|$)", re.IGNORECASE)


def check_context_keys(stack: Stack, known: Collection[str]) -> Mapping[str, Any]:
    """Raises a ConstructError listing every context key of ``stack`` that looks meant for
    the library and is not one of ``known`` (and warns of aws-cdk-lib's flags given as
    text meaning "off"); else returns the context ``stack`` sees (what ``try_get_context``
    answers for each key: the caller reads its own keys there, with no round trip more)."""
    context: Mapping[str, Any] = node_of(stack).get_all_context()
    warn_of_flag_texts(stack, context)  # the same context: read once per stack
    problems = [
        _problem(path_of(stack), key, key[found.end() :], context[key], sorted(known))
        for key in sorted(context)
        if key not in known and (found := _NEAR_PREFIX.match(key))
    ]
    problems += _top_level_keys(path_of(stack), sorted(known))
    if problems:
        raise ConstructError(problems)
    return context


def _top_level_keys(path: str, known: list[str]) -> list[Problem]:
    """The library's keys written at the top of the cdk.json the CDK CLI runs the app
    from (next to ``"app"``, not in ``"context"``): the CLI reads its own settings there
    and hands the app none of them."""
    if "CDK_CLI_VERSION" not in os.environ:  # not run by the CLI: no cdk.json was read
        return []
    try:
        settings = json.loads(Path("cdk.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(settings, dict):
        return []
    return [
        Problem(
            path,
            f"cdk.json {key!r}",
            "is at the top level of cdk.json, where the CDK CLI reads its own settings: the "
            "app never gets it, so it is ignored",
            f'move it into cdk.json\'s "context": {{"{meant}": ...}}',
        )
        for key in sorted(settings)
        if (found := _NEAR_PREFIX.match(key))
        and (meant := _closest(f"{PREFIX}{key[found.end() :]}", known) or key)
    ]


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
