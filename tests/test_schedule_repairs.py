"""A schedule written the way people and other schedulers write it is refused with the
exact expression to write, where one means the same (messages54): the kind in capitals,
no parentheses or no closing one, a Unix crontab line, a Quartz cron with seconds, a
cron whose two day fields are '*', a rate's value with a sign, a fraction, separators or
in words, its unit in seconds, weeks, months or another language, a one-time schedule
with a space, no seconds or a 'Z'. Each fix is itself a valid expression."""

from __future__ import annotations

import re

import pytest
from aws_cdk import aws_scheduler as scheduler

from constructs_lib import ConstructError, ScheduledJob
from constructs_lib.scheduled_job.expressions import expression_problem
from tests.support import echo_handler, new_stack

# (expression, what the message says after "is '<expression>': ", the expression to write)
REPAIRED = [
    ("RATE(5 minutes)", "'RATE' must be lowercase", "rate(5 minutes)"),
    ("Rate(5 mins)", "'Rate' must be lowercase; and 'mins' is not a unit", "rate(5 minutes)"),
    ("CRON(0 3 * * ? *)", "'CRON' must be lowercase", "cron(0 3 * * ? *)"),
    ("AT(2030-01-31T09:00:00)", "'AT' must be lowercase", "at(2030-01-31T09:00:00)"),
    ("rate(5 minutes", "it has no closing ')'", "rate(5 minutes)"),
    ("rate 5 minutes", "its value must be in parentheses", "rate(5 minutes)"),
    ("at (2030-01-31T09:00:00)", "it has a space after 'at'", "at(2030-01-31T09:00:00)"),
    ("every 5 minutes", "a rate is written 'rate(value unit)'", "rate(5 minutes)"),
    ("rate( 5minutes )", "it has whitespace after 'rate(' and before ')'", "rate(5 minutes)"),
    ("rate(1 minutes)", "the unit must be singular for 1", "rate(1 minute)"),
    ("rate(2 minute)", "the unit must be plural for 2", "rate(2 minutes)"),
    ("rate(5 mins)", "'mins' is not a unit", "rate(5 minutes)"),
    ("rate(-5 minutes)", "the value '-5' is negative", "rate(5 minutes)"),
    ("rate(+5 minutes)", "the value '+5' has a sign", "rate(5 minutes)"),
    ("rate(1.5 hours)", "the value '1.5' is not a whole number", "rate(90 minutes)"),
    ("rate(1,5 hours)", "the value '1,5' is not a whole number", "rate(90 minutes)"),
    ("rate(0.5 days)", "the value '0.5' is not a whole number", "rate(12 hours)"),
    (
        "rate(1_000 minutes)",
        "the value '1_000' is not written in plain digits",
        "rate(1000 minutes)",
    ),
    ("rate(five minutes)", "the value 'five' is not written in plain digits", "rate(5 minutes)"),
    ("rate(120 seconds)", "'seconds' is not a unit of Scheduler's", "rate(2 minutes)"),
    ("rate(2 weeks)", "'weeks' is not a unit of Scheduler's", "rate(14 days)"),
    ("rate(90 minuten)", "'minuten' is not a unit of Scheduler's", "rate(90 minutes)"),
    ("rate(5 minutos)", "'minutos' is not a unit of Scheduler's", "rate(5 minutes)"),
    ("rate(2 heures)", "'heures' is not a unit of Scheduler's", "rate(2 hours)"),
    ("rate(1 Stunde)", "'Stunde' is not a unit of Scheduler's", "rate(1 hour)"),
    ("rate(3 giorni)", "'giorni' is not a unit of Scheduler's", "rate(3 days)"),
    ("rate(1 month)", "'month' is not a unit", "cron(0 0 1 * ? *)"),
    ("cron( 0 3 * * ? * )", "it has a space after 'cron('", "cron(0 3 * * ? *)"),
    ("cron(0 3 * * ?)", "it has 5 fields, without the year", "cron(0 3 * * ? *)"),
    ("cron(0 3 * * *)", "it has 5 fields, as a Unix crontab line", "cron(0 3 * * ? *)"),
    ("0 9 * * 1-5", "a cron's fields must be in 'cron(...)'", "cron(0 9 ? * 2-6 *)"),
    ("cron(0 9 * * 0)", "it has 5 fields, as a Unix crontab line", "cron(0 9 ? * 1 *)"),
    (
        "cron(0 0 9 ? * MON-FRI *)",
        "it has 7 fields, with a seconds field first",
        "cron(0 9 ? * MON-FRI *)",
    ),
    ("cron(0 3 * * * *)", "exactly one of day-of-month and day-of-week", "cron(0 3 * * ? *)"),
    ("at(2030-01-31 09:00:00)", "the time must be yyyy-mm-ddThh:mm:ss", "at(2030-01-31T09:00:00)"),
    ("at(2030-01-31T09:00)", "the time must be yyyy-mm-ddThh:mm:ss", "at(2030-01-31T09:00:00)"),
    ("at(2030-01-31)", "the time must be yyyy-mm-ddThh:mm:ss", "at(2030-01-31T00:00:00)"),
    ("at(2030-01-31T09:00:00Z)", "the time must be yyyy-mm-ddThh:mm:ss", "at(2030-01-31T09:00:00)"),
]


@pytest.mark.parametrize(("expression", "said", "meant"), REPAIRED, ids=[r[0] for r in REPAIRED])
def test_a_schedule_written_another_way_is_told_the_exact_expression(
    expression: str, said: str, meant: str
) -> None:
    problem = expression_problem(expression)
    assert problem is not None
    message, fix = problem
    assert message.startswith(f"is {expression!r}: {said}"), message
    # the fix is that expression, which Scheduler takes
    assert re.match(rf"write {re.escape(repr(meant))}(\Z| \()", fix), fix
    assert expression_problem(meant) is None


@pytest.mark.parametrize(
    ("expression", "fix"),
    [
        # no rate means these: the fix says what to do instead
        (
            "rate(0 minutes)",
            "pass 'rate(1 minute)' or more, or enabled=False to create the job switched off",
        ),
        (
            "rate(0minutes)",
            "pass 'rate(1 minute)' or more, or enabled=False to create the job switched off",
        ),
        (
            "rate(30 seconds)",
            "pass 'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)' or 'rate(2 days)'",
        ),
        (
            "rate(2.5 minutes)",
            "pass 'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)' or 'rate(2 days)'",
        ),
        (
            "cron(0 3 1 * MON *)",
            "write '?' in the one you do not use, e.g. 'cron(0 3 * * ? *)' or "
            "'cron(0 3 ? * MON-FRI *)'",
        ),
        (
            "every day at 3",
            "pass e.g. 'cron(0 3 * * ? *)', 'rate(1 hour)' or 'at(2030-01-31T09:00:00)'",
        ),
    ],
)
def test_a_schedule_no_expression_means_is_told_what_to_do(expression: str, fix: str) -> None:
    problem = expression_problem(expression)
    assert problem is not None and problem[1] == fix


def test_the_construct_names_the_prop_and_the_exact_expression() -> None:
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(new_stack(), "Job", handler=echo_handler(), schedule="RATE(5 mins)")
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Job: `schedule` is 'RATE(5 mins)': 'RATE' must be "
        "lowercase; and 'mins' is not a unit; rates are in minutes, hours or days, written "
        "out in lowercase. Fix: write 'rate(5 minutes)'"
    )


def test_a_schedule_expression_object_is_told_the_same() -> None:
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(
            new_stack(),
            "Job",
            handler=echo_handler(),
            schedule=scheduler.ScheduleExpression.expression("cron(0 3 * * *)"),
        )
    (problem,) = raised.value.problems
    assert (problem.prop, problem.fix) == ("schedule", "write 'cron(0 3 * * ? *)'")
