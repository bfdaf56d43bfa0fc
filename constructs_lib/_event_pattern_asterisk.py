"""A value of an event pattern with ``*`` in it, written as a plain value (``"expenses.*"``,
``{"prefix": "orders/*"}``): EventBridge matches a plain value, and a prefix's or suffix's
operand, character for character, so ``*`` matches only an asterisk, and the rule meant to
take a family of sources fires for none of them. Only the ``wildcard`` operator reads ``*``
as "any characters". The events' values may hold an asterisk, so this is a warning."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import Annotations

from constructs_lib._event_pattern_fields import pattern_strings
from constructs_lib._validation import Validator

__all__ = ["PATTERN_VALUE_ASTERISK_WARNING", "warn_of_asterisks"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
PATTERN_VALUE_ASTERISK_WARNING = "constructs_lib:patternValueAsterisk"
# the operator whose operand is a glob
_WILDCARD = "wildcard"


def warn_of_asterisks(v: Validator, fields: Mapping[str, Any]) -> None:
    """Warns of each literal value in ``fields`` (the pattern's, see ``pattern_fields``)
    holding ``*``."""
    for where, text, keys in pattern_strings(fields):
        if "*" not in text or _WILDCARD in keys:
            continue
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
