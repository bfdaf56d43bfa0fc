"""A value of an event pattern with whitespace around it (``"my.app\\n"``, ``" OrderPlaced"``:
pasted from a console or a document). EventBridge matches values exactly, and the events'
own values never carry it, so the rule never fires, with no error anywhere. A source or
detail value may in principle hold such whitespace, so this is a warning."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import Annotations

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["PATTERN_VALUE_WHITESPACE_WARNING", "warn_of_whitespace"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
PATTERN_VALUE_WHITESPACE_WARNING = "constructs_lib:patternValueWhitespace"
# the operators whose operand is no string compared with the event's value
_NOT_TEXT_OPERATORS = ("numeric", "cidr", "exists")
# as EventPattern names its fields (pattern_fields), and as EventBridge spells them
_SPELLING = {"detail_type": "detail-type"}
# the operators matching one end of a value: a space at the operand's other, inner end is
# the word break it matches ({"prefix": "Order "} for "Order Placed", not "OrderBook")
_INNER_END = {"prefix": str.rstrip, "suffix": str.lstrip}


def warn_of_whitespace(v: Validator, fields: Mapping[str, Any]) -> None:
    """Warns of each value in ``fields`` (the pattern's, see ``pattern_fields``) with
    whitespace around it."""
    for name, value in fields.items():
        for where, text in _padded(value, f"[{_SPELLING.get(name, name)!r}]", 0, None):
            Annotations.of(v.scope).add_warning_v2(
                PATTERN_VALUE_WHITESPACE_WARNING,
                f"`event_pattern{where}` is {text!r}, with whitespace around it: EventBridge "
                "matches values exactly, and an event whose value is "
                f"{text.strip()!r} does not match, so the rule never fires. Fix: write "
                f"{text.strip()!r}; if the events' value does hold that whitespace, "
                f"acknowledge '{PATTERN_VALUE_WHITESPACE_WARNING}'.",
            )


def _padded(value: Any, where: str, depth: int, operator: str | None) -> list[tuple[str, str]]:
    """``(where, text)`` of each string in ``value`` with whitespace around it: a value to
    match, or a string operator's operand (of ``operator``, the prefix or suffix it is
    under, if any)."""
    if isinstance(value, str):
        if is_unresolved(value) or not value.strip():
            return []
        inner = _INNER_END.get(operator or "")
        kept = inner(value, " ") if inner else value
        return [(where, value)] if kept != kept.strip() else []
    if depth > 16:
        return []
    found: list[tuple[str, str]] = []
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += _padded(item, f"{where}[{index}]", depth + 1, operator)
    elif isinstance(value, Mapping):
        for key, item in value.items():  # a detail field, or an operator and its operand
            if key not in _NOT_TEXT_OPERATORS:
                within = key if key in _INNER_END else operator
                found += _padded(item, f"{where}[{key!r}]", depth + 1, within)
    return found
