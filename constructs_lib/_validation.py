"""Collects every invalid prop of a construct, then raises once."""

from __future__ import annotations

import math
from collections.abc import Callable

from aws_cdk import Duration
from constructs import Construct

from constructs_lib._arn_shape import arn_shape_problem
from constructs_lib._facts import seconds_of
from constructs_lib._jsii import described, is_unresolved, shown, shown_inside
from constructs_lib._synth_checks import at_synth as check_at_synth
from constructs_lib._token_names import readable
from constructs_lib.errors import ConstructError, Problem


def at_synth(value: object, why: str) -> str:
    """The problem of a deploy-time value (a token) where the library reads the value at
    synth (``why``), for :meth:`Validator.known_at_synth` and the checks without one."""
    return f"is {shown(value)}; it must be known at synth: {why}"


class Validator:
    """Gathers problems for one construct so the user sees all of them at once."""

    def __init__(self, scope: Construct) -> None:
        #: The construct being validated (rules that need its stack read it).
        self.scope = scope
        self._problems: list[Problem] = []
        self._later: list[tuple[str, Callable[[], tuple[str, str] | None]]] = []

    def add(self, prop: str, message: str, fix: str) -> None:
        """A problem of ``prop``; a deploy-time value its texts quote by its encoding (as
        :func:`shown` gives it) is named by what it is in this construct's stack."""
        self._problems.append(problem(self.scope, prop, message, fix))

    def add_at_synth(self, prop: str, problem: Callable[[], tuple[str, str] | None]) -> None:
        """A problem of ``prop`` that what the app defines after this construct may solve
        (an interface endpoint the user adds to the Network's VPC afterwards, or in a stack
        built later): ``problem()`` gives its (message, fix) or None, asked at synth, when
        the app is complete, so the order the app builds things in does not matter. Kept
        only when the construct is built (:meth:`raise_if_any` finds nothing else)."""
        self._later.append((self.named(prop), problem))

    def named(self, prop: str) -> str:
        """``prop`` as this validator's problems name it (see :meth:`within`)."""
        return prop

    def within(self, prefix: str) -> Validator:
        """A validator adding to this one's problems, each prop named after ``prefix``: a
        value whose rules name its props from itself (``auth.issuer``), checked where
        another prop holds it (``routes['POST /a'].auth.issuer``)."""
        return _Within(self, prefix)

    def check(self, ok: bool, prop: str, message: str, fix: str) -> bool:
        if not ok:
            self.add(prop, message, fix)
        return ok

    def check_range(
        self,
        value: float | None,
        prop: str,
        low: float,
        high: float,
        unit: str = "",
        *,
        literal: bool = False,
        duration: bool = False,
    ) -> None:
        """``value`` from ``low`` to ``high``; a token passes unless ``literal`` (the value
        decides at synth what aws-cdk-lib builds, so a deploy-time value cannot). A
        ``duration`` is a Duration's length in ``unit``: the fix says ``Duration.<unit>(n)``,
        since a bare number is refused."""
        if value is None:
            return
        if is_unresolved(value):
            if literal:
                self.known_at_synth(
                    value,
                    prop,
                    "it decides which resources are made",
                    f"pass a number from {low:g} to {high:g}",
                )
            return
        suffix = f" {unit}" if unit else ""
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.add(
                prop,
                f"is {described(value)}; it must be a number",
                f"pass a number from {low:g} to {high:g}",
            )
            return
        self.check(
            low <= value <= high,
            prop,
            f"is {value}{suffix}; it must be between {low:g} and {high:g}{suffix}",
            f"pass Duration.{unit}(n) with n from {low:g} to {high:g}"
            if duration
            else f"pass a number from {low:g} to {high:g}",
        )

    def known_at_synth(self, value: object, prop: str, why: str, fix: str) -> bool:
        """True unless ``value`` is a deploy-time value (a token, alone, in a string or as
        a list): then a problem saying the library reads it at synth (``why``) and False,
        so the caller skips the rules a token would only fail with a nonsense message."""
        if not is_unresolved(value):
            return True
        self.add(prop, at_synth(value, why), fix)
        return False

    def deploy_time_unit(self, value: object, prop: str, unit: str, takes: str) -> bool:
        """False (and a problem) for a Duration of a deploy-time number in another unit than
        ``unit``, the one ``takes`` (who reads it) is set in: aws-cdk-lib cannot convert a
        number known only at deploy time (its own error names no prop)."""
        if not isinstance(value, Duration) or not is_unresolved(value):
            return True
        return self.check(
            value.unit_label() == unit,
            prop,
            f"is {value.to_string()}; {takes} takes {unit}, "
            "and a deploy-time number cannot be converted at synth",
            f"pass Duration.{unit}(<deploy-time value>)",
        )

    def duration_range(
        self, value: float | None, prop: str, low: float, high: float, unit: str = "seconds"
    ) -> None:
        """:meth:`check_range` of a Duration's length in ``unit``."""
        self.check_range(value, prop, low, high, unit, duration=True)

    def check_arn_service(
        self, arn: object, service: str, prop: str, kind: str, fix: str, effect: str = ""
    ) -> bool:
        """A resource imported from an ARN (``from_..._arn`` takes any) was given the ARN
        of ``service``: ``kind`` names what it should be (with the ARN's form), ``effect``
        what the wrong one breaks; an ARN no resource has (whitespace, an account that is no
        account ID) is refused too. A token or an ARN of fewer parts passes."""
        if not isinstance(arn, str) or is_unresolved(arn) or arn.count(":") < 5:
            return True
        if (shape := arn_shape_problem(arn)) is not None:
            self.add(prop, shape[0] + effect, shape[1])
            return False
        found = arn.split(":")[2]
        return self.check(
            found == service,
            prop,
            f"was imported from {arn!r}, the ARN of {found!r}, not of {kind}{effect}",
            fix,
        )

    @property
    def count(self) -> int:
        """Problems found so far (compare before and after a group of checks)."""
        return len(self._problems)

    def check_int(self, value: object, prop: str, example: str) -> bool:
        """``value`` is a whole number (or a token); adds a problem and returns False if not."""
        if is_unresolved(value) or (isinstance(value, int) and not isinstance(value, bool)):
            return True
        self.add(prop, f"is {described(value)}; it must be a whole number", example)
        return False

    def check_type(
        self, value: object, prop: str, expected: type | tuple[type, ...], fix: str
    ) -> bool:
        """``value`` is an instance of ``expected``; adds a problem if not. A deploy-time
        value (a token) passes only as what it encodes (a string token where a string
        goes): never where an object goes (a Throttle, an enum member), which no token is
        and which the rules after this check read."""
        if value is None or isinstance(value, expected):
            return True
        self.add(prop, f"is {described(value)}", fix)
        return False

    def check_sequence(self, value: object, prop: str, example: str) -> bool:
        """A list or tuple of strings; a bare string (one problem, not one per character)
        or any other type adds a problem and returns False."""
        if isinstance(value, str):
            self.add(prop, f"is the string {value!r}, not a list of strings", f"pass [{value!r}]")
            return False
        if not isinstance(value, list | tuple) or not all(isinstance(i, str) for i in value):
            self.add(
                prop,
                f"is {shown_inside(value)}; it must be a list of strings",
                f"pass e.g. {example}",
            )
            return False
        return True

    def duration_seconds(self, value: object, prop: str, unit: str = "seconds") -> float | None:
        """Seconds of a ``Duration`` (None for None or a token); a problem for anything else,
        whose fix reads a number as ``unit`` (``Duration.minutes(15)`` for ``15``)."""
        if value is None or is_unresolved(value):
            return None
        if not isinstance(value, Duration):
            self.add(
                prop,
                f"is {described(value)}, not a Duration",
                f"pass Duration.{unit}({value!r})"
                if isinstance(value, int | float)
                else "pass e.g. Duration.seconds(10)",
            )
            return None
        return seconds_of(value)

    def whole_seconds(self, value: object, prop: str) -> int | None:
        """Whole seconds of a ``Duration`` (None for None, a token or a problem): settings
        CloudFormation takes in seconds, where aws-cdk-lib refuses a fraction with a jsii
        error (``Duration.millis(1500)``) instead of naming the prop; a deploy-time number
        only as ``Duration.seconds(<token>)``, which aws-cdk-lib need not convert."""
        self.deploy_time_unit(value, prop, "seconds", "CloudFormation")
        seconds = self.duration_seconds(value, prop)
        if seconds is None:
            return None
        if not self.check(
            seconds == int(seconds),
            prop,
            f"is {seconds:g} seconds; it is set in whole seconds",
            f"pass Duration.seconds({math.ceil(seconds)})",
        ):
            return None
        return int(seconds)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(self._problems)

    def raise_if_any(self) -> None:
        """Raises the problems found, if any; else hands those of :meth:`add_at_synth` to
        the synth (a construct refused now is not built, and its checks would only repeat
        a problem or report a false one)."""
        later, self._later[:] = list(self._later), []
        if self._problems:
            raise ConstructError(self._problems)
        for prop, found in later:
            check_at_synth(self.scope, _later_check(self.scope, prop, found))


class _Within(Validator):
    def __init__(self, outer: Validator, prefix: str) -> None:
        super().__init__(outer.scope)
        self._problems = outer._problems  # one list: the outer validator raises them all
        self._later = outer._later
        self._prefix = prefix

    def named(self, prop: str) -> str:
        return f"{self._prefix}.{prop}"

    def add(self, prop: str, message: str, fix: str) -> None:
        super().add(self.named(prop), message, fix)


def _later_check(
    scope: Construct, prop: str, found: Callable[[], tuple[str, str] | None]
) -> Callable[[], list[str]]:
    """The check at synth of :meth:`Validator.add_at_synth`: its problem's text as a
    ConstructError's line has it, but the path, which the synth's error puts first."""

    def check() -> list[str]:
        answer = found()
        if answer is None:
            return []
        text = problem(scope, prop, *answer)
        return [str(text).removeprefix(f"{text.path}: ")]

    return check


def problem(scope: Construct, prop: str, message: str, fix: str, path: str = "") -> Problem:
    """A problem of ``scope`` (at ``path``, or its own), whose texts name a deploy-time value
    they quote by its encoding (as :func:`shown` gives it) by what it is in its stack."""
    prop, message, fix = (readable(text, scope) for text in (prop, message, fix))
    return Problem(path or scope.node.path or "(app)", prop, message, fix)
