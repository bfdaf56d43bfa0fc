"""A value of an event pattern with whitespace around it (``"my.app\\n"``, ``" OrderPlaced"``:
pasted from a console or a document). EventBridge matches values exactly, and the events'
own values never carry it, so the rule never fires, with no error anywhere. A source or
detail value may in principle hold such whitespace, so this is a warning."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import Annotations

from constructs_lib._event_pattern_fields import pattern_strings
from constructs_lib._validation import Validator

__all__ = ["PATTERN_VALUE_WHITESPACE_WARNING", "warn_of_whitespace"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
PATTERN_VALUE_WHITESPACE_WARNING = "constructs_lib:patternValueWhitespace"
# the operators matching one end of a value: a space at the operand's other, inner end is
# the word break it matches ({"prefix": "Order "} for "Order Placed", not "OrderBook")
_INNER_END = {"prefix": str.rstrip, "suffix": str.lstrip}


def warn_of_whitespace(v: Validator, fields: Mapping[str, Any]) -> None:
    """Warns of each value in ``fields`` (the pattern's, see ``pattern_fields``) with
    whitespace around it."""
    for where, text, keys in pattern_strings(fields):
        if not _padded(text, keys):
            continue
        Annotations.of(v.scope).add_warning_v2(
            PATTERN_VALUE_WHITESPACE_WARNING,
            f"`event_pattern{where}` is {text!r}, with whitespace around it: EventBridge "
            "matches values exactly, and an event whose value is "
            f"{text.strip()!r} does not match, so the rule never fires. Fix: write "
            f"{text.strip()!r}; if the events' value does hold that whitespace, "
            f"acknowledge '{PATTERN_VALUE_WHITESPACE_WARNING}'.",
        )


def _padded(text: str, keys: tuple[Any, ...]) -> bool:
    """Whether ``text`` (below the object ``keys``) has whitespace around it: a value of
    whitespace only is meant so, and the inner end of the prefix or suffix it is the
    operand of (the nearest above it) may hold the word break it matches."""
    if not text.strip():
        return False
    operator = next((key for key in reversed(keys) if key in _INNER_END), None)
    kept = _INNER_END[operator](text, " ") if operator is not None else text
    return kept != kept.strip()
