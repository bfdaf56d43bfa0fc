"""Errors raised by constructs_lib."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["BundlingError", "ConstructError", "ConstructsLibError", "Problem"]


class ConstructsLibError(Exception):
    """Base class of every error constructs_lib raises: ``except ConstructsLibError``."""


@dataclass(frozen=True)
class Problem:
    """One invalid prop: where, which prop, what is allowed and how to fix it."""

    path: str
    prop: str
    message: str
    fix: str

    def __str__(self) -> str:
        return _without_addresses(f"{self.path}: `{self.prop}` {self.message}. Fix: {self.fix}")


#: Python's default repr (``<aws_cdk.aws_s3.Bucket object at 0x7f...>``): a memory address
#: the user never wrote. The rules name values by kind and path; this is the safety net.
_DEFAULT_REPR = re.compile(r"<(?:[\w]+\.)*(\w+) object at 0x[0-9a-fA-F]+>")


def _without_addresses(text: str) -> str:
    """``text`` with each default repr replaced by its class (``a Bucket``, ``an Alias``)."""

    def kind(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"

    return _DEFAULT_REPR.sub(kind, text)


class ConstructError(ConstructsLibError, ValueError):
    """Invalid construct props; lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{count} invalid prop{'s' if count != 1 else ''}:\n{lines}")


class BundlingError(ConstructsLibError, RuntimeError):
    """A handler's dependencies could not be installed for the Lambda platform."""
