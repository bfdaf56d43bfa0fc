"""The rules of a BucketEvents' ``prefix`` and ``suffix`` (S3's key filters), as plain
values: QueueWorker(sources=...) names them ``sources[0].prefix``, and
``BucketEvents.key_filters()`` called on its own names them by the call, with the same
words (jsii's TypeError named neither)."""

from __future__ import annotations

from constructs_lib._jsii import given, is_unresolved
from constructs_lib._s3_keys import filter_pattern, leading_slash
from constructs_lib._words import hidden_character
from constructs_lib.errors import ConstructError, Problem

__all__ = ["filter_problems", "key_filter_problems"]

_MAX_FILTER_LENGTH = 1024  # S3's limit on a prefix or suffix filter value
#: Characters a key holds as any other, which hidden_character would name.
_KEY_ONLY = " \u200c\u200d"
_KEY_CHARACTERS = str.maketrans(dict.fromkeys(_KEY_ONLY, "x"))


def key_filter_problems(path: str, prefix: object, suffix: object) -> None:
    """Raises a ConstructError at ``path`` listing every problem of ``prefix`` and
    ``suffix`` known now (a token's is QueueWorker's to check at synth)."""
    problems = [
        Problem(path, name, message, fix)
        for name, value in (("prefix", prefix), ("suffix", suffix))
        if value is not None and not is_unresolved(value)
        for message, fix in filter_problems(value, name)
    ]
    if problems:
        raise ConstructError(problems)


def filter_problems(value: object, name: str) -> list[tuple[str, str]]:
    """(what is wrong, the fix) of each problem of the key filter ``name`` ("prefix" or
    "suffix") given ``value`` (not None, no token)."""
    if not isinstance(value, str) or not value:
        items = value if isinstance(value, list | tuple) else ()
        fix = (  # SAM's Filter: S3Key: Rules: lists; S3 takes one prefix and one suffix
            f"pass {name}={items[0]!r}; another {name} is another BucketEvents"
            if items and all(isinstance(item, str) and item for item in items)
            else f"pass e.g. {name}={'incoming/' if name == 'prefix' else '.json'!r}"
        )
        return [(f"is {given(value)}; it must be a non-empty string", fix)]
    problems = []
    if len(value.encode()) > _MAX_FILTER_LENGTH:
        problems.append(
            (
                f"is {len(value.encode())} bytes long; S3 allows at most {_MAX_FILTER_LENGTH}",
                "pass a shorter key filter",
            )
        )
    # a newline, a tab or only spaces: what a copied line brings, never the keys meant
    # (a space inside, as in 'my files/', is a key's like any character, and so are the
    # joiners inside Persian words and emoji sequences, U+200C and U+200D)
    hidden = hidden_character(value.translate(_KEY_CHARACTERS))  # spaces: only when all are
    if hidden or not value.strip():
        kept = "".join(c for c in value if c in _KEY_ONLY or not hidden_character(c)).strip()
        problems.append(
            (
                f"is {value!r}, with {hidden or 'only spaces'}, which the keys meant do not hold",
                f"pass {name}={kept!r}" if kept else f"leave {name} out (every key)",
            )
        )
    pattern = filter_pattern(value, name)
    if pattern is not None:
        problems.append(pattern)
    slash = leading_slash(value, "it matches") if name == "prefix" else None
    if slash is not None:  # uploads to 'incoming/x' would never match '/incoming/'
        problems.append((f"is {value!r}, {slash[0]}", slash[1]))
    return problems
