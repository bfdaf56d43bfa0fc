"""What S3 object keys are like, for the prefixes users give (a link's grant, a bucket's
event filter)."""

from __future__ import annotations

import re

__all__ = ["filter_pattern", "iam_wildcard", "leading_slash"]


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


# What only a regular expression holds (S3 keys may hold '$', '^', '[' and '\\' as any
# other character, so each alone is taken as written): an anchor where a prefix starts or
# a suffix ends, an escaped dot, '.*' or '.+', a class of ranges only ('[0-9]', '[a-fA-F]';
# '[2020-2021]' or '[draft]' may be a folder's name)
_REGEX_PARTS = re.compile(r"\\.|\.[*+]|\[\^?(?:\w-\w)+\]")
_REGEX_SIGNS = re.compile(r"\\\.|\.[*+]|\[\^?(?:\w-\w)+\]")
_ESCAPED = re.compile(r"\\([^\w\s])")  # '\.', '\/', '\-': the character itself


def filter_pattern(value: str, name: str) -> tuple[str, str] | None:
    """(what is wrong, the fix) for an S3 key filter (``name``: "prefix" or "suffix")
    written as a glob (``incoming/*``) or a regular expression (``\\.csv$``, ``^incoming/``),
    which S3 compares with keys literally; None for a literal one."""
    where = "beginning" if name == "prefix" else "ending"
    regex = _regex_signs(value, name)
    if regex:
        head, tail, whole = _literal_ends(value)
        # an end of the key only where the expression is anchored (or the filter's own)
        head = head if name == "prefix" or value.startswith("^") else ""
        tail = tail if name == "suffix" or value.endswith("$") else ""
        return (
            f"is {value!r}, a regular expression ({', '.join(regex)}); S3 key filters are "
            f"literal, so it matches only keys {where} with {value!r}, most likely none (a "
            "filter is taken for a regular expression only by a leading '^', a suffix's "
            "trailing '$' (either alone too), '\\.', '.*', '.+' or a class of ranges such "
            "as '[0-9]'; any other '$', '^' or '[' is a character of the key)",
            _fix(name, head, tail, whole=whole),
        )
    if "*" not in value:
        return None
    # a glob's star where a prefix ends or a suffix starts: 'incoming/*' matches only keys
    # beginning with 'incoming/*', most likely none; elsewhere, the prefix and suffix meant
    head, tail = value[: value.index("*")], value[value.rindex("*") + 1 :]
    literal = value.rstrip("*") if name == "prefix" else value.lstrip("*")
    return (
        f"is {value!r}; S3 key filters are literal (no wildcards), so it matches only "
        f"keys {where} with {value!r}",
        _fix(name, literal, literal, whole=False)
        if literal != value
        else _fix(name, head, tail, whole=True),
    )


def _regex_signs(value: str, name: str) -> list[str]:
    """The parts of ``value`` only a regular expression has. An anchor alone (a prefix
    '^', a suffix '$') is one too: as an expression it matches every key, and S3 reads it
    as a key's first or last character, as it reads '~$' or '.csv$'."""
    if value == "^" or (value == "$" and name == "suffix"):
        return [f"an anchor alone, which as an expression matches every key: {value!r}"]
    signs = list(dict.fromkeys(repr(m.group()) for m in _REGEX_SIGNS.finditer(value)))
    if value.startswith("^"):
        signs.insert(0, "a leading '^'")
    if name == "suffix" and value.endswith("$") and not value.endswith("\\$"):
        signs.append("a trailing '$'")
    return signs


def _literal_ends(value: str) -> tuple[str, str, bool]:
    """The literal text before the expression's first pattern and after its last (the
    whole text unescaped if it has none), and whether it has one."""
    text = value.removeprefix("^").removesuffix("$")
    parts = [m for m in _REGEX_PARTS.finditer(text) if not _ESCAPED.fullmatch(m.group())]
    head = text[: parts[0].start()] if parts else text
    tail = text[parts[-1].end() :] if parts else text
    return _ESCAPED.sub(r"\1", head), _ESCAPED.sub(r"\1", tail), bool(parts)


def _fix(name: str, head: str, tail: str, *, whole: bool) -> str:
    """The fix: the literal ``head`` as a prefix, ``tail`` as a suffix (both for a
    ``whole`` pattern, whose middle S3 cannot match), or no filter."""
    if not whole:
        literal = head if name == "prefix" else tail
        return f"pass {name}={literal!r}" if literal else f"leave {name} out (every key)"
    given = ", ".join(f"{n}={t!r}" for n, t in (("prefix", head), ("suffix", tail)) if t)
    if not given:
        return f"leave {name} out (every key)"
    if given.startswith(name) and "," not in given:  # the filter's own end alone
        return f"pass {given}"
    return f"pass {given} (S3 matches keys starting with the prefix and ending with the suffix)"
