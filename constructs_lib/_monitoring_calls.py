"""What a call of Monitoring's methods gets wrong beyond each argument's type: an alarm
listed twice in one ``add_alarms``, a widget object placed on the dashboard twice, a row
function that cannot be called without arguments.

Each was silent or a bare TypeError before (methods53): the repeated alarm was listed
twice in ``Monitoring.alarms`` and on the alarm status row; a widget object in two sections
(or twice in one) is drawn once, at its last place, leaving a hole where the first was
(CDK's rows set a widget's position on the object itself); a row function taking an
argument failed with Python's TypeError once the dashboard was built."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import described, same_jsii_object
from constructs_lib._validation import problem
from constructs_lib.errors import ConstructError, Problem

__all__ = ["PlacedWidgets", "check_repeated_alarms", "check_row_function"]


def check_repeated_alarms(scope: Construct, alarms: Sequence[cloudwatch.AlarmBase]) -> None:
    """Every alarm of one ``add_alarms`` call listed a second time, by its index."""
    problems: list[Problem] = []
    for index, alarm in enumerate(alarms):
        first = next(
            (i for i, other in enumerate(alarms[:index]) if same_jsii_object(alarm, other)),
            None,
        )
        if first is not None:
            problems.append(
                problem(
                    scope,
                    f"alarms[{index}]",
                    f"repeats `alarms[{first}]`: the alarm {alarm.node.path}",
                    "list each alarm once (was another alarm meant?)",
                )
            )
    if problems:
        raise ConstructError(problems)


def check_row_function(scope: Construct, build: Callable[..., object]) -> None:
    """``add_section``'s ``widgets`` given as a function: one called without arguments
    (the dashboard calls it so, once it exists)."""
    try:
        signature = inspect.signature(build)
    except (TypeError, ValueError):  # a builtin or class without one: nothing to check
        return
    try:
        signature.bind()
    except TypeError:
        raise ConstructError(
            [
                problem(
                    scope,
                    "widgets",
                    f"is a function taking ({', '.join(signature.parameters)}): the "
                    "dashboard calls it without arguments, once it exists",
                    "take no argument (lambda: [graph, ...]), or pass the list of widgets itself",
                )
            ]
        ) from None


class PlacedWidgets:
    """The widget objects of the user's sections on the dashboard, with their section's
    title: a widget placed a second time is refused, naming the first section."""

    def __init__(self) -> None:
        self._titles: IdentityMap[str] = IdentityMap()

    def check(self, scope: Construct, title: str, widgets: Sequence[cloudwatch.IWidget]) -> None:
        """Records ``widgets`` as the section ``title``'s; a ConstructError naming each one
        placed already (in another section, or earlier in this one)."""
        problems: list[Problem] = []
        for index, widget in enumerate(widgets):
            first = self._titles.get(widget)
            if first is None:
                self._titles.set(widget, title)
                continue
            problems.append(
                problem(
                    scope,
                    f"widgets[{index}]",
                    f"is {described(widget)}, placed in the section {first!r} already: a widget "
                    "object has one place on the dashboard, so the section "
                    f"{title!r} would draw it over the first one and leave a hole there",
                    "create a widget for each place (a function building the widgets, "
                    "called once per section, does)",
                )
            )
        if problems:
            raise ConstructError(problems)
