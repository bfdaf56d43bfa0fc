"""Collects every invalid prop of a construct, then raises once."""

from __future__ import annotations

from collections.abc import Callable

from aws_cdk import Duration
from constructs import Construct

from constructs_lib._arn_shape import arn_shape_problem
from constructs_lib._config_values import bool_fix, list_fix, whole_number_fix
from constructs_lib._jsii import described, is_unresolved, shown, shown_inside
from constructs_lib._token_names import readable
from constructs_lib._token_recheck import TokenRechecks
from constructs_lib._validation_durations import DurationChecks
from constructs_lib.errors import ConstructError, Problem


def at_synth(value: object, why: str) -> str:
    """The problem of a deploy-time value (a token) where the library reads the value at
    synth (``why``), for :meth:`Validator.known_at_synth` and the checks without one."""
    return f"is {shown(value)}; it must be known at synth: {why}"


class Validator(DurationChecks, TokenRechecks):
    """Gathers problems for one construct so the user sees all of them at once."""

    def __init__(self, scope: Construct) -> None:
        #: The construct being validated (rules that need its stack read it).
        self.scope = scope
        self._problems: list[Problem] = []
        self._rechecks: list[Callable[[], None]] = []  # TokenRechecks'
        self._own_rechecks: set[str] = set()  # TokenRechecks'
        #: A number or text given where a Duration goes (or a Duration's fraction of a
        #: second), by prop: its problem's index, the value and the unit a number counts,
        #: so that a range checked next makes the fix a Duration every rule takes
        self._numbers: dict[str, tuple[int, object, str]] = {}
        #: The problems :meth:`add_relation` added (by identity)
        self._relations: list[Problem] = []

    def add(self, prop: str, message: str, fix: str) -> None:
        """A problem of ``prop``; a deploy-time value its texts quote by its encoding (as
        :func:`shown` gives it) is named by what it is in this construct's stack."""
        self._problems.append(problem(self.scope, prop, message, fix))

    def add_relation(self, prop: str, message: str, fix: str) -> None:
        """A problem of ``prop`` beside another prop (``is set without existing_queue``,
        a batch too big for no batching window), which says nothing of the value's own
        type: the type check still reports a value of the wrong kind there (a Handler
        given as the dead-letter queue), so that one run lists both problems."""
        self.add(prop, message, fix)
        self._relations.append(self._problems[-1])

    def is_relation(self, found: Problem) -> bool:
        """``found`` was added by :meth:`add_relation`."""
        return any(found is relation for relation in self._relations)

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
        recheck: bool = True,
        whole: bool = False,
    ) -> None:
        """``value`` from ``low`` to ``high``; a token passes unless ``literal`` (the value
        decides at synth what aws-cdk-lib builds, so a deploy-time value cannot), and is
        checked at synth (:meth:`recheck_range`) unless not ``recheck``. A ``duration`` is a
        Duration's length in ``unit``: the fix says ``Duration.<unit>(n)``. A ``whole``
        number's prop (an ``int``) says so of any other value (True, 1.5, "3"), as its
        type check does: "a number" would let a reader try 1.5."""
        if value is None:
            if duration:  # a number given for it: its fix names a Duration in the range
                self._fit_number(prop, low, high, unit)
            return
        if is_unresolved(value):
            if literal:
                self.known_at_synth(
                    value,
                    prop,
                    "it decides which resources are made",
                    f"pass a number from {low:g} to {high:g}",
                )
            elif recheck:
                self.recheck_range(value, prop, low, high, unit)
            return
        suffix = f" {unit}" if unit else ""
        if whole and not self.check_int(
            value, prop, f"pass a whole number from {low:g} to {high:g}", within=(low, high)
        ):
            return
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.add(
                prop,
                f"is {described(value)}; it must be a number",
                # a whole number only: a fraction read from text may go where none does;
                # one outside the range is no fix
                whole_number_fix(value, low, high) or f"pass a number from {low:g} to {high:g}",
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

    def check_int(
        self,
        value: object,
        prop: str,
        example: str,
        *,
        within: tuple[float, float] | None = None,
    ) -> bool:
        """``value`` is a whole number (or a token); adds a problem and returns False if not.
        ``within``: the range the caller checks next, so that a number read from text is
        the fix only inside it (``"-1"`` where 1 to 10000 goes keeps ``example``)."""
        if is_unresolved(value) or (isinstance(value, int) and not isinstance(value, bool)):
            return True
        self.add(
            prop,
            f"is {described(value)}; it must be a whole number",
            whole_number_fix(value, *(within or (None, None))) or example,
        )
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
        kinds = expected if isinstance(expected, tuple) else (expected,)
        # "false" from a config file where True or False goes: the bool it means
        converted = bool_fix(value) if bool in kinds else None
        self.add(prop, f"is {described(value)}", converted or fix)
        return False

    def check_sequence(self, value: object, prop: str, example: str) -> bool:
        """A list or tuple of strings; a bare string (one problem, not one per character)
        or any other type adds a problem and returns False."""
        if isinstance(value, str):
            self.add(prop, f"is the string {value!r}, not a list of strings", list_fix(value))
            return False
        if not isinstance(value, list | tuple) or not all(isinstance(i, str) for i in value):
            self.add(
                prop,
                f"is {shown_inside(value)}; it must be a list of strings",
                f"pass e.g. {example}",
            )
            return False
        return True

    def revise(self, change: Callable[[Problem], Problem]) -> None:
        """Each problem found so far, as ``change`` gives it (a hint the rules could not add)."""
        self._problems[:] = [change(problem) for problem in self._problems]

    def keep(self, wanted: Callable[[int, Problem], bool]) -> None:
        """Only the problems found so far that ``wanted`` (given each one's index) keeps."""
        self._problems[:] = [p for index, p in enumerate(self._problems) if wanted(index, p)]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(self._problems)

    def raise_if_any(self) -> None:
        """Raises every problem found; without one, adds the checks at synth of the props
        given as tokens that resolve then (:class:`TokenRechecks`)."""
        if self._problems:
            raise ConstructError(self._problems)
        self.add_rechecks()


class _Within(Validator):
    def __init__(self, outer: Validator, prefix: str) -> None:
        super().__init__(outer.scope)
        self._problems = outer._problems  # one list: the outer validator raises them all
        self._rechecks = outer._rechecks
        self._own_rechecks = outer._own_rechecks
        self._numbers = outer._numbers
        self._relations = outer._relations
        self._prefix = prefix

    def named(self, prop: str) -> str:
        return f"{self._prefix}.{prop}"

    def add(self, prop: str, message: str, fix: str) -> None:
        super().add(self.named(prop), message, fix)


def problem(scope: Construct, prop: str, message: str, fix: str, path: str = "") -> Problem:
    """A problem of ``scope`` (at ``path``, or its own), whose texts name a deploy-time value
    they quote by its encoding (as :func:`shown` gives it) by what it is in its stack."""
    prop, message, fix = (readable(text, scope) for text in (prop, message, fix))
    return Problem(path or scope.node.path or "(app)", prop, message, fix)
