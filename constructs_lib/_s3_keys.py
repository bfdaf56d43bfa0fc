"""What S3 object keys are like, for the prefixes users give (a link's grant, a bucket's
event filter)."""

from __future__ import annotations

__all__ = ["iam_wildcard", "leading_slash"]


def leading_slash(prefix: str, effect: str) -> tuple[str, str] | None:
    """(what is wrong, the fix) for a ``prefix`` starting with '/': S3 keys do not, so it
    covers only keys that do; ``effect`` says what it would then do ("it matches")."""
    if not prefix.startswith("/"):
        return None
    rest = prefix.lstrip("/")
    return (
        f"which starts with '/'; S3 object keys do not, so {effect} only keys such as "
        f"'{prefix}x', not '{rest}x'",
        f"pass prefix={rest!r}" if rest else "leave prefix out",
    )


def iam_wildcard(prefix: str) -> str | None:
    """What of ``prefix`` an IAM policy (a grant's resource, an ``s3:prefix`` condition)
    reads as a pattern rather than as characters of a key, named; None if nothing."""
    for text, what in (
        ("*", "'*', a wildcard"),
        ("?", "'?', a wildcard for any one character"),
        ("${", "'${', which starts a policy variable"),
    ):
        if text in prefix:
            return what
    return None
