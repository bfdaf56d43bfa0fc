"""How messages name things: with the right article."""

from __future__ import annotations

__all__ = ["a_type", "with_article"]


def with_article(noun: str) -> str:
    """``noun`` after "a" or "an" (by its first letter): ``an int``, ``a str``."""
    return f"{'an' if noun[:1].lower() in ('a', 'e', 'i', 'o', 'u') else 'a'} {noun}"


def a_type(value: object) -> str:
    """The type of ``value`` as a message names it: ``an int``, ``a dict``."""
    return with_article(type(value).__name__)
