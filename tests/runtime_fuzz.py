"""Seeded generators of hostile inputs for the runtime fuzz (tests/test_runtime_fuzz.py,
tests/handlers/test_handlers_fuzz.py): the same cases on every run, no dependency.

Each generator takes a ``random.Random``; a failing case names its seed and index, and
``case(seed, index)`` rebuilds its generator to replay it alone.
"""

from __future__ import annotations

import base64
import json
import os
import random
from typing import Any

#: The fixed seed of every fuzz test. To explore other cases locally, set
#: CONSTRUCTS_LIB_FUZZ_SEED (a failing case then names that seed's index).
SEED = int(os.environ.get("CONSTRUCTS_LIB_FUZZ_SEED", "20261126"))

#: Strings that break naive code: empty, blank, NUL, non-ASCII, a lone surrogate (JSON
#: "\ud800" decodes to one), look-alike digits, JSON and URL syntax, bidi controls.
ODD_STRINGS = (
    "",
    " ",
    "\x00",
    "\t\n",
    "é",
    "😀",
    "\ud800",
    "\udfff x",
    "\u0663",  # ARABIC-INDIC DIGIT THREE
    "\uff19",  # FULLWIDTH DIGIT NINE
    "\u00b2",  # SUPERSCRIPT TWO
    "null",
    "true",
    "{}",
    "[]",
    '{"a":',
    "%",
    "%ZZ",
    "%E9",
    "%2B+%20",
    "../..",
    "\u202etxt.exe",
    "NaN",
    "-0",
    "1e400",
    "0x10",
    "1_000",
    "a" * 300,
)
_ALPHABET = 'aZ09 -_/.+%é😀\x00\n"\\{}[]:,\ud800'


def case(seed: int, index: int) -> random.Random:
    """The generator of one case: independent of how many values earlier cases drew."""
    return random.Random(f"{seed}:{index}")


def text(rng: random.Random) -> str:
    """An odd string, a random one, or a huge one."""
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(ODD_STRINGS)
    if roll < 0.95:
        return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 20)))
    return rng.choice(("x", "é", "😀")) * rng.choice((70_000, 300_000))


def scalar(rng: random.Random) -> Any:
    return rng.choice(
        (
            None,
            True,
            False,
            0,
            -1,
            1,
            2**63,
            10**30,
            1.5,
            -0.0,
            1e308,
            float("nan"),
            float("inf"),
            text(rng),
            text(rng),
        )
    )


def value(rng: random.Random, depth: int = 3) -> Any:
    """Any JSON-like value (and NaN/Infinity, which Python's json reads and writes)."""
    roll = rng.random()
    if depth <= 0 or roll < 0.55:
        return scalar(rng)
    if roll < 0.75:
        return [value(rng, depth - 1) for _ in range(rng.randint(0, 3))]
    return {text(rng)[:40]: value(rng, depth - 1) for _ in range(rng.randint(0, 3))}


def nested(depth: int, leaf: str = "1") -> str:
    """JSON nested ``depth`` arrays deep (deep enough to exhaust the parser's recursion)."""
    return "[" * depth + leaf + "]" * depth


def json_text(rng: random.Random) -> str:
    """A message or request body: JSON of any type, or text that is not quite JSON."""
    roll = rng.random()
    if roll < 0.5:
        return json.dumps(value(rng), ensure_ascii=rng.random() < 0.5)
    options = (
        text(rng),
        nested(rng.choice((50, 100_000))),
        '{"a": ' + nested(100_000) + "}",
        "1" * 5000,
        "\ufeff{}",
        '{"a": 1',
        '{"a": NaN}',
        "[1, 2,]",
        '"\\ud800"',
        '{"a": 1, "a": 2}',
    )
    return rng.choice(options)


def hostile(rng: random.Random, *, jsonable: bool = False) -> Any:
    """A value of a type an event field should never have (or an odd one it may have);
    with ``jsonable``, only what a JSON event can hold."""
    odd = () if jsonable else (b"{}", ("t",), object())
    return rng.choice((None, [], {}, "", 0, True, 1.5, text(rng), value(rng), *odd))


def mutate(
    rng: random.Random, obj: dict[str, Any], keys: tuple[str, ...], *, jsonable: bool = False
) -> dict[str, Any]:
    """``obj`` with one of ``keys`` dropped or set to a hostile value, or an extra key."""
    changed = dict(obj)
    roll, key = rng.random(), rng.choice(keys)
    if roll < 0.3:
        changed.pop(key, None)
    elif roll < 0.9:
        changed[key] = hostile(rng, jsonable=jsonable)
    else:
        changed[text(rng)[:20]] = hostile(rng, jsonable=jsonable)
    return changed


def base64_text(rng: random.Random, raw: str) -> str:
    """``raw`` base64-encoded, or a string that is not valid base64."""
    return rng.choice(
        (
            base64.b64encode(raw.encode("utf-8", "surrogatepass")).decode(),
            "not base64!",
            "YQ",
            "é===",
            base64.b64encode(b"\xff\xfe\x00").decode(),
        )
    )


__all__ = [
    "ODD_STRINGS",
    "SEED",
    "base64_text",
    "case",
    "hostile",
    "json_text",
    "mutate",
    "nested",
    "scalar",
    "text",
    "value",
]
