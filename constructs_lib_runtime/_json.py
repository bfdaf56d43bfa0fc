"""JSON parsing shared by the helpers: the errors a sender's bad body can cause, all as
ValueError naming what was parsed, so each helper answers them as a bad input (a failed
record, a 400) and never as a crash of the handler."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["loads"]


def loads(text: str | bytes | bytearray, subject: str) -> Any:
    """``text`` parsed as JSON; ValueError (``subject`` names it: "the record's body") for
    text that is not JSON, nested too deeply for the parser, or with ``NaN`` or
    ``Infinity`` (Python's parser takes them, JSON has no such numbers). Bytes are read
    as JSON's encodings (UTF-8, -16, -32); others are a ValueError too."""

    def no_constant(name: str) -> Any:
        raise ValueError(f"{subject} is not JSON: {name} is not a JSON number")

    try:
        return json.loads(text, parse_constant=no_constant)
    except RecursionError:
        raise ValueError(f"{subject} is nested too deeply") from None
