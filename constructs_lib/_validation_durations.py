"""The checks of a Duration prop (:class:`Validator` mixes them in): its length in whole
seconds or in range, and the fix of a number or text given where a Duration goes, fitted
to the range a rule checks next."""

from __future__ import annotations

import dataclasses
from typing import Protocol

from aws_cdk import Duration

from constructs_lib._config_values import (
    duration_count,
    duration_fix,
    duration_of_number,
    iso_duration_seconds,
)
from constructs_lib._duration_numbers import fitted_value_fix
from constructs_lib._facts import seconds_of
from constructs_lib._jsii import described, is_unresolved
from constructs_lib.errors import Problem

__all__ = ["DurationChecks"]


class _Checking(Protocol):
    """What the Duration checks use of :class:`Validator` (a mypy-checked ``self`` type: a
    mixin cannot name the class that mixes it in)."""

    _problems: list[Problem]
    _numbers: dict[str, tuple[int, object, str]]

    @property
    def count(self) -> int: ...

    def named(self, prop: str) -> str: ...

    def add(self, prop: str, message: str, fix: str) -> None: ...

    def check_range(  # (its other keywords the Duration checks leave to their defaults)
        self, value: float | None, prop: str, low: float, high: float, unit: str, *, duration: bool
    ) -> None: ...

    def deploy_time_unit(self, value: object, prop: str, unit: str, takes: str) -> bool: ...

    def recheck_whole(
        self, count: float, prop: str, within: tuple[float, float] | None, unit: str, why: str
    ) -> None: ...

    def duration_seconds(self, value: object, prop: str, unit: str = "seconds") -> float | None: ...

    def _fit_number(
        self, prop: str, low: float, high: float, unit: str, low_why: str = ""
    ) -> None: ...

    def whole(
        self, count: float | None, prop: str, why: str, unit: str = "seconds"
    ) -> int | None: ...


class DurationChecks:
    """The checks of a Duration prop, on a validator's problems (:class:`Validator` mixes
    them in)."""

    def duration_range(
        self: _Checking,
        value: float | None,
        prop: str,
        low: float,
        high: float,
        unit: str = "seconds",
        *,
        low_why: str = "",
    ) -> None:
        """:meth:`check_range` of a Duration's length in ``unit``; ``low_why`` says why the
        range starts at ``low`` in the fix of a number given under it."""
        if value is None:  # a number given for it: its fix names a Duration in the range
            self._fit_number(prop, low, high, unit, low_why)
            return
        self.check_range(value, prop, low, high, unit, duration=True)

    def duration_seconds(
        self: _Checking, value: object, prop: str, unit: str = "seconds"
    ) -> float | None:
        """Seconds of a ``Duration`` (None for None or a token); a problem for anything else,
        whose fix reads a number as ``unit`` (``Duration.minutes(15)`` for ``15``)."""
        if value is None or is_unresolved(value):
            return None
        if not isinstance(value, Duration):
            number = duration_of_number(value, unit)
            if duration_count(value, unit) or iso_duration_seconds(value) is not None:
                self._numbers[self.named(prop)] = (self.count, value, unit)  # fitted next
            self.add(
                prop,
                f"is {described(value)}, not a Duration",
                number or duration_fix(value, unit) or "pass e.g. Duration.seconds(10)",
            )
            return None
        return seconds_of(value)

    def _fit_number(
        self: _Checking, prop: str, low: float, high: float, unit: str, low_why: str = ""
    ) -> None:
        """The fix of the number given for ``prop`` (see :meth:`duration_seconds`) names a
        Duration from ``low`` to ``high`` ``unit``, when the number is outside."""
        given = self._numbers.get(self.named(prop))
        if given is None:
            return
        index, value, given_unit = given
        fix = fitted_value_fix(value, given_unit, unit, low, high, low_why)
        if fix is not None:
            self._problems[index] = dataclasses.replace(self._problems[index], fix=fix)

    def whole_seconds(
        self: _Checking, value: object, prop: str, within: tuple[float, float] | None = None
    ) -> int | None:
        """Whole seconds of a ``Duration`` (None for None, a token or a problem): settings
        CloudFormation takes in seconds, where aws-cdk-lib refuses a fraction with a jsii
        error (``Duration.millis(1500)``) instead of naming the prop; a deploy-time number
        only as ``Duration.seconds(<token>)``, which aws-cdk-lib need not convert, and
        checked ``within`` the caller's range at synth if it resolves then."""
        why = "it is set in whole seconds"
        in_seconds = self.deploy_time_unit(value, prop, "seconds", "CloudFormation")
        if in_seconds and isinstance(value, Duration) and is_unresolved(value):
            self.recheck_whole(value.to_seconds(), prop, within, "seconds", why)
        return self.whole(self.duration_seconds(value, prop), prop, why)

    def whole(
        self: _Checking, count: float | None, prop: str, why: str, unit: str = "seconds"
    ) -> int | None:
        """``count`` (of ``unit``) as a whole number (None for None, or a fraction: a problem
        saying ``why`` whose fix, rounded up, a range checked next, :meth:`duration_range`
        given None, fits in it: one problem naming one Duration every rule takes)."""
        if count is None:
            return None
        if count != int(count):
            self._numbers[self.named(prop)] = (self.count, count, unit)
            self.add(prop, f"is {count:g} {unit}; {why}", duration_of_number(count, unit) or "")
            return None
        return int(count)
