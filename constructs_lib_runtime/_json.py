"""JSON parsing shared by the helpers: the errors a sender's bad body can cause, all as
ValueError naming what was parsed, so each helper answers them as a bad input (a failed
record, a 400) and never as a crash of the handler."""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

__all__ = ["loads"]

# Only an escape (or a character already in the text) can put a surrogate into a string:
# the text is decoded strictly, so UTF-8's encoded surrogates are no text at all
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class _Refused(ValueError):
    """A number or text the helpers refuse, with the message to show."""


def loads(text: str | bytes | bytearray, subject: str) -> Any:
    """``text`` parsed as JSON; ValueError (``subject`` names it: "the record's body") for
    text that is not JSON, nested too deeply for the parser, with ``NaN`` or
    ``Infinity`` (Python's parser takes them, JSON has no such numbers), a number beyond
    a float's range (``1e400`` would be infinity) or with more digits than Python reads
    (``sys.get_int_max_str_digits()``, 4300), or a string that is not valid Unicode (an
    escaped surrogate without its pair, ``"\\ud800"``, which no UTF-8 text, DynamoDB or S3
    takes). Bytes are read as JSON's encodings (UTF-8, -16, -32); others are a
    UnicodeDecodeError (a ValueError)."""

    def no_constant(name: str) -> Any:
        raise _Refused(f"{subject} is not JSON: {name} is not a JSON number")

    def finite(number: str) -> float:
        parsed = float(number)
        if math.isinf(parsed):
            raise _Refused(
                f"{subject} has the number {_cut(number)}, beyond the range of a float "
                "(about 1.8e308)"
            )
        return parsed

    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode(json.detect_encoding(text))
    try:
        value = json.loads(text, parse_constant=no_constant, parse_float=finite)
    except RecursionError:
        raise ValueError(f"{subject} is nested too deeply") from None
    except (_Refused, json.JSONDecodeError):
        raise
    except ValueError:  # the only other: an integer longer than Python converts
        raise ValueError(
            f"{subject} has a number of more than {sys.get_int_max_str_digits()} digits, "
            "which Python does not read"
        ) from None
    if _MAYBE_SURROGATE.search(text) and _holds_surrogate(value):
        raise ValueError(
            f"{subject} is not valid Unicode: it holds a surrogate without its pair (an "
            "escape from \\ud800 to \\udfff alone)"
        )
    return value


def _cut(number: str) -> str:
    return number if len(number) <= 30 else f"{number[:27]}..."


def _holds_surrogate(value: Any) -> bool:
    """Whether a string of ``value`` (a key too) holds a lone surrogate; without
    recursion, for a value nested as deeply as the parser allows."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending += item.keys()
            pending += item.values()
        elif isinstance(item, list):
            pending += item
    return False
