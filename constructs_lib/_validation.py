"""Collects every invalid prop of a construct, then raises once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any, Protocol, TypeVar

from aws_cdk import Token
from constructs import Construct

from constructs_lib.errors import ConstructError, Problem


def is_unresolved(value: Any) -> bool:
    """True for CDK tokens: their value is only known at deploy time, so skip checks."""
    return value is not None and Token.is_unresolved(value)


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


class Props(Protocol):
    """A construct's props: a dataclass that can check itself."""

    def validate(self, v: Validator) -> None: ...


P = TypeVar("P", bound=Props)


def props_from(cls: type[P], arguments: Mapping[str, Any]) -> P:
    """``cls`` (a props dataclass) built from a constructor's arguments (its ``locals()``)."""
    names = {field.name for field in fields(cls)}  # type: ignore[arg-type]
    return cls(**{name: value for name, value in arguments.items() if name in names})


def validated(scope: Construct, props: P) -> P:
    """``props`` after checking them all; raises one ConstructError listing every problem."""
    v = Validator(scope)
    props.validate(v)
    v.raise_if_any()
    return props
