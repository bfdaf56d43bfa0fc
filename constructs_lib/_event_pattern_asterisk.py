"""A value of an event pattern with ``*`` in it, written as a plain value (``"expenses.*"``,
``{"prefix": "orders/*"}``): EventBridge matches a plain value, and a prefix's or suffix's
operand, character for character, so ``*`` matches only an asterisk, and the rule meant to
take a family of sources fires for none of them. Only the ``wildcard`` operator reads ``*``
as "any characters". The events' values may hold an asterisk, so this is a warning."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import Annotations

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["PATTERN_VALUE_ASTERISK_WARNING", "warn_of_asterisks"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
PATTERN_VALUE_ASTERISK_WARNING = "constructs_lib:patternValueAsterisk"
# the operators whose operand is no string compared with the event's value, and the one
# whose operand is a glob
_NOT_LITERAL = ("numeric", "cidr", "exists", "wildcard")
# as EventPattern names its fields (pattern_fields), and as EventBridge spells them
_SPELLING = {"detail_type": "detail-type"}


def warn_of_asterisks(v: Validator, fields: Mapping[str, Any]) -> None:
    """Warns of each literal value in ``fields`` (the pattern's, see ``pattern_fields``)
    holding ``*``."""
    for name, value in fields.items():
        for where, text in _starred(value, f"[{_SPELLING.get(name, name)!r}]", 0):
            Annotations.of(v.scope).add_warning_v2(
                PATTERN_VALUE_ASTERISK_WARNING,
                f"`event_pattern{where}` is {text!r}: EventBridge matches it character for "
                "character, so its `*` matches only an asterisk in the event's value, not "
                "any characters, and the rule may never fire. Fix: write "
                f"{{'wildcard': {_as_wildcard(where, text)!r}}} to match any characters "
                "there (EventBridge's wildcard operator); if the events' value does hold "
                f"an asterisk, acknowledge '{PATTERN_VALUE_ASTERISK_WARNING}'.",
            )


def _as_wildcard(where: str, text: str) -> str:
    """``text`` as a wildcard operand: a prefix's operand is followed by anything, a
    suffix's preceded by anything."""
    if where.endswith("['prefix']"):
        return text if text.endswith("*") else f"{text}*"
    if where.endswith("['suffix']"):
        return text if text.startswith("*") else f"*{text}"
    return text


def _starred(value: Any, where: str, depth: int) -> list[tuple[str, str]]:
    """``(where, text)`` of each string in ``value`` compared literally that holds ``*``."""
    if isinstance(value, str):
        return [(where, value)] if "*" in value and not is_unresolved(value) else []
    if depth > 16:
        return []
    found: list[tuple[str, str]] = []
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += _starred(item, f"{where}[{index}]", depth + 1)
    elif isinstance(value, Mapping):
        for key, item in value.items():  # a detail field, or an operator and its operand
            if key not in _NOT_LITERAL:
                found += _starred(item, f"{where}[{key!r}]", depth + 1)
    return found
