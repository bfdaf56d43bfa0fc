"""JSON parsing shared by the helpers: the errors a sender's bad body can cause, all as
ValueError naming what was parsed, so each helper answers them as a bad input (a failed
record, a 400) and never as a crash of the handler; and a DynamoDB number written back."""

from __future__ import annotations

import json
import math
import re
import sys
from array import array
from decimal import Decimal
from itertools import accumulate
from typing import Any

__all__ = ["MAX_DEPTH", "json_number", "loads"]

#: The deepest nesting handed on: code walking a value recursively (boto3's serializer
#: fails at about 330 levels, ``json.dumps`` near 1000) would fail on a body the parser
#: took (Python 3.11's up to about 990 levels, newer ones' deeper), a RecursionError for
#: what the sender sent; DynamoDB nests 32 levels at most.
MAX_DEPTH = 100

# In a text whose escaped backslashes are dropped, every backslash starts an escape: one
# of a surrogate is valid Unicode only as half of a pair
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_PAIR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")
# Bytes.translate's deletion: every byte but the brackets and quotes
_NOT_STRUCTURE = bytes(set(range(256)) - set(b'[]{}"'))
# An opening bracket as the signed byte 1, a closing one as -1
_STEPS = bytes.maketrans(b"[]{}", b"\x01\xff\x01\xff")


class _Refused(ValueError):
    """A number the helpers refuse, with the message to show."""


def loads(text: str | bytes | bytearray, subject: str, fix: str, *, sent_as: str = "") -> Any:
    """``text`` parsed as JSON; ValueError (``subject`` names it: "the record's body") for
    text that is not JSON, nested more than :data:`MAX_DEPTH` levels, with ``NaN`` or
    ``Infinity`` (Python's parser takes them, JSON has no such numbers), a number beyond
    a float's range (``1e400`` would be infinity) or with more digits than Python reads
    (``sys.get_int_max_str_digits()``, 4300), or a string that is not valid Unicode (an
    escaped surrogate without its pair, ``"\\ud800"``, which no UTF-8 text, DynamoDB or S3
    takes). Bytes are read as JSON's encodings (UTF-8, -16, -32); others are a
    UnicodeDecodeError (a ValueError). A leading byte order mark is skipped.

    Each message ends in a ``Fix:`` sentence: ``fix`` (what the sender does to send JSON)
    for text that is not JSON, which stays a ``json.JSONDecodeError`` (code catches it by
    that type); the value's own for the others. ``sent_as`` (" (it was sent as ...)")
    follows the problem of text that is not JSON."""

    def no_constant(name: str) -> Any:
        raise _Refused(
            f"{subject} is not JSON: {name} is not a JSON number. Fix: send null or a string "
            "in its place (Python's json.dumps writes it unless allow_nan=False)"
        )

    def finite(number: str) -> float:
        parsed = float(number)
        if math.isinf(parsed):
            shown = number if len(number) <= 30 else f"{number[:27]}..."
            raise _Refused(
                f"{subject} has the number {shown}, beyond the range of a float (about "
                "1.8e308). Fix: send the number as a string, or one within that range"
            )
        return parsed

    if isinstance(text, (bytes, bytearray)):  # strictly: UTF-8's encoded surrogates are no text
        try:  # a byte order mark dropped
            text = bytes(text).decode(json.detect_encoding(text))
        except UnicodeDecodeError as error:  # its type kept, its reason saying the fix
            error.reason += f": {subject} is not UTF-8 text. Fix: send JSON as UTF-8 text"
            raise
    text = text.removeprefix("\ufeff")  # a text's too, as RFC 8259 lets a parser
    try:
        value = json.loads(text, parse_constant=no_constant, parse_float=finite)
    except RecursionError:
        raise ValueError(_too_deep(subject)) from None
    except _Refused as refused:  # a plain ValueError in the logs, not a private class
        raise ValueError(str(refused)) from None
    except json.JSONDecodeError as error:  # its type kept: code catches it (msg, pos kept)
        where = f"at line {error.lineno}, column {error.colno}"  # its msg may end in "at"
        error.args = (
            f"{subject} is not JSON: {error.msg.removesuffix(' at')} {where}{sent_as}. Fix: {fix}",
        )
        raise
    except ValueError:  # the only other: an integer longer than Python converts
        raise ValueError(
            f"{subject} has a number of more than {sys.get_int_max_str_digits()} digits, "
            "which Python does not read. Fix: send the number as a string"
        ) from None
    unescaped = text.replace("\\\\", "")  # the escaped backslashes, read as text
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(unescaped) > MAX_DEPTH:
        raise ValueError(_too_deep(subject))
    if _lone_surrogate(text, unescaped):
        raise ValueError(
            f"{subject} is not valid Unicode: it holds a surrogate without its pair (an "
            "escape from \\ud800 to \\udfff alone). Fix: send each surrogate escape with "
            "its pair (json.dumps of a str that encodes to UTF-8 writes them so)"
        )
    return value


def _too_deep(subject: str) -> str:
    return (
        f"{subject} is nested too deeply (more than {MAX_DEPTH} levels). Fix: send JSON "
        f"nested at most {MAX_DEPTH} levels deep"
    )


def _depth(unescaped: str) -> int:
    """How deep valid JSON nests, read from its text without its escaped backslashes: its
    brackets outside strings, summed at C speed (walking the parsed value took seconds for
    a 6 MB body)."""
    quoted = unescaped.replace('\\"', "").encode("utf-8", "surrogatepass")
    # brackets and strings' quotes; two quotes together enclose no bracket (an empty
    # string, or two strings' ends), and most strings hold none
    structure = quoted.translate(None, _NOT_STRUCTURE).replace(b'""', b"")
    brackets = b"".join(structure.split(b'"')[::2])  # each string's between two quotes
    return max(accumulate(array("b", brackets.translate(_STEPS))), default=0)


def _lone_surrogate(text: str, unescaped: str) -> bool:
    """Whether a string of JSON ``text`` (a key too) holds a surrogate without its pair:
    a surrogate character (a str's, which UTF-8 cannot encode) or its lone escape."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return bool(
        _SURROGATE_ESCAPE.search(unescaped) and _SURROGATE_ESCAPE.search(_PAIR.sub("", unescaped))
    )


# a whole number of more digits than this is no int Python writes (its 4300-digit limit);
# DynamoDB's numbers have at most 126 before the point
_MAX_WHOLE_DIGITS = 4300


def json_number(value: Decimal) -> int | float | None:
    """``value`` as the int or float of exactly its value (``Decimal("1.50")`` -> 1.5), or
    None: not finite, or more digits than a float holds (json would round them)."""
    if not value.is_finite():
        return None
    if value == value.to_integral_value() and value.adjusted() < _MAX_WHOLE_DIGITS:
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else None
