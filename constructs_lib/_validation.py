"""Collects every invalid prop of a construct, then raises once."""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Token
from constructs import Construct

from constructs_lib.errors import ConstructError, Problem


def is_unresolved(value: Any) -> bool:
    """True for CDK tokens: their value is only known at deploy time, so skip checks."""
    return value is not None and Token.is_unresolved(value)


def known_seconds(duration: Duration | None) -> float | None:
    """``duration`` in seconds, or None when it is not given or a token (skip its checks)."""
    return None if duration is None or is_unresolved(duration) else duration.to_seconds()


class Validator:
    """Gathers problems for one construct so the user sees all of them at once."""

    def __init__(self, scope: Construct) -> None:
        self._path = scope.node.path
        self._problems: list[Problem] = []

    def add(self, prop: str, message: str, fix: str) -> None:
        self._problems.append(Problem(self._path, prop, message, fix))

    def check(self, ok: bool, prop: str, message: str, fix: str) -> bool:
        if not ok:
            self.add(prop, message, fix)
        return ok

    def check_range(
        self, value: float | None, prop: str, low: float, high: float, unit: str = ""
    ) -> None:
        if value is None or is_unresolved(value):
            return
        suffix = f" {unit}" if unit else ""
        self.check(
            low <= value <= high,
            prop,
            f"is {value}{suffix}; it must be between {low:g} and {high:g}{suffix}",
            f"pass a value from {low:g} to {high:g}",
        )

    def raise_if_any(self) -> None:
        if self._problems:
            raise ConstructError(self._problems)
