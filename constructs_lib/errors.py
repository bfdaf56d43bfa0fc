"""Errors raised by constructs_lib."""

from __future__ import annotations

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
        return f"{self.path}: `{self.prop}` {self.message}. Fix: {self.fix}"


class ConstructError(ConstructsLibError, ValueError):
    """Invalid construct props; lists every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{count} invalid prop{'s' if count != 1 else ''}:\n{lines}")


class BundlingError(ConstructsLibError, RuntimeError):
    """A handler's dependencies could not be installed for the Lambda platform."""
