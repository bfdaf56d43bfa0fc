"""Leftovers of the 52 round (leftovers53), texts and the runtime: a rate written
together, in capitals or cut short is told the rate Scheduler reads; process_batch's
deadline reads any real number; json_response cuts a long header name short."""

from __future__ import annotations

import numbers
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from constructs_lib import ScheduledJob
from tests.support import echo_handler, new_stack, raised


class _RealNumber:
    """A real number of a library the runtime does not know (numpy's float64 registers
    with numbers.Real the same way): ``float()`` reads it."""

    def __init__(self, value: float) -> None:
        self._value = value

    def __float__(self) -> float:
        return self._value

    def __gt__(self, other: object) -> bool:
        return self._value > float(other)  # type: ignore[arg-type]


numbers.Real.register(_RealNumber)


# --- 5. a rate written together, in capitals or cut short: told the rate Scheduler reads --


@pytest.mark.parametrize(
    ("expression", "message", "fix"),
    [
        ("rate(5minutes)", "it has no space between the value and the unit", "rate(5 minutes)"),
        ("rate(1minutes)", "it has no space between the value and the unit", "rate(1 minute)"),
        ("rate(5minute)", "it has no space between the value and the unit", "rate(5 minutes)"),
        ("rate(12h)", "it has no space between the value and the unit", "rate(12 hours)"),
        ("rate(1 minutes)", "the unit must be singular for 1", "rate(1 minute)"),
        ("rate(5 minute)", "the unit must be plural for 5", "rate(5 minutes)"),
        (
            "rate(5 Minutes)",
            "'Minutes' is not a unit; rates are in minutes, hours or days, "
            "written out in lowercase",
            "rate(5 minutes)",
        ),
        (
            "rate(2 hrs)",
            "'hrs' is not a unit; rates are in minutes, hours or days, written out in lowercase",
            "rate(2 hours)",
        ),
        ("rate(1 min)", "'min' is not a unit", "rate(1 minute)"),
    ],
)
def test_scheduled_job_tells_the_rate_written_right(
    expression: str, message: str, fix: str
) -> None:
    stack = new_stack()
    error = raised(lambda: ScheduledJob(stack, "Job", handler=echo_handler(), schedule=expression))
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Job", "schedule")
    assert problem.message.startswith(f"is {expression!r}: {message}")
    assert problem.fix == f"write '{fix}'"


# (no rate means these: 'rate(5 weeks)' and 'rate(0 minutes)' have fixes of their own,
# tests/test_schedule_repairs.py)
@pytest.mark.parametrize("expression", ["rate(5 seconds)", "rate(90 seconds)", "rate(2 years)"])
def test_a_rate_of_no_unit_scheduler_reads_keeps_the_examples(expression: str) -> None:
    from constructs_lib.scheduled_job.expressions import expression_problem

    problem = expression_problem(expression)
    assert problem is not None
    assert problem[1] == (
        "pass 'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)' or 'rate(2 days)'"
    )


# --- 8. runtime: any real number is time left; a header name's repr cut short -------------


@pytest.mark.parametrize(
    "left",
    [Decimal("300"), Fraction(600, 2), _RealNumber(300.0)],
    ids=["Decimal", "Fraction", "numpy-like Real"],
)
def test_time_left_reads_any_real_number_as_the_deadline(left: object) -> None:
    from constructs_lib_runtime._time_left import TimeLeft

    # GIVEN a stand-in context whose time left is a real number other than an int or float
    time_left = TimeLeft(SimpleNamespace(get_remaining_time_in_millis=lambda: left))
    # THEN it is the deadline (it read as none: every record started)
    assert time_left.left_ms() == 300.0


@pytest.mark.parametrize(
    "left", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), 1j], ids=str
)
def test_time_left_of_no_finite_real_number_sets_no_deadline(left: object) -> None:
    from constructs_lib_runtime._time_left import TimeLeft

    time_left = TimeLeft(SimpleNamespace(get_remaining_time_in_millis=lambda: left))
    assert time_left.left_ms() == float("inf")


def test_time_left_below_zero_as_a_decimal_is_none() -> None:
    from constructs_lib_runtime._time_left import TimeLeft

    time_left = TimeLeft(SimpleNamespace(get_remaining_time_in_millis=lambda: Decimal(5)))
    time_left._remaining = lambda: Decimal("-5")  # later in the invocation: none left
    assert time_left.left_ms() == 0.0


def test_json_response_cuts_a_long_header_name_short() -> None:
    from constructs_lib_runtime.http import json_response

    long_name = "x-" + "a" * 5000
    with pytest.raises(TypeError) as value_error:
        json_response(200, {}, headers={long_name: 5})  # type: ignore[dict-item]
    with pytest.raises(TypeError) as name_error:
        json_response(200, {}, headers={(long_name,): "v"})  # type: ignore[dict-item]
    for error in (value_error, name_error):
        text = str(error.value)
        assert len(text) < 400, text
        assert "'x-aaaaaaaaaa...aaaaaaaaaaaaa'" in text  # reprlib's cut
    assert str(value_error.value).startswith("headers['x-aaaaaaaaaa")
    assert "Fix: pass the value as a str" in str(value_error.value)
    assert "Fix: pass headers={" in str(name_error.value)
