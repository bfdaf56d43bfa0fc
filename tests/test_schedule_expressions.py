"""Scheduler expressions as plain Python: every rule by its message, nothing synthesized."""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from constructs_lib.scheduled_job import expressions
from constructs_lib.scheduled_job.expressions import expression_problem, is_time_zone

# (expression, the message it gets, or None when it is valid)
CASES: list[tuple[str, str | None]] = [
    ("cron(0 3 * * ? *)", None),
    ("cron(0/15 * * * ? *)", None),
    ("cron(0 9 ? * MON-FRI *)", None),
    ("cron(0 8 1 JAN,jul ? *)", None),
    ("cron(0 0 L * ? *)", None),
    ("cron(0 0 LW * ? *)", None),
    ("cron(0 0 15W * ? 2090-2099)", None),
    ("cron(0 12 ? * 6#3 *)", None),
    ("cron(0 12 ? * 6L *)", None),
    ("cron(5,35 10-14/2 1-15 */3 ? *)", None),
    ("rate(1 minute)", None),
    ("rate(5 minutes)", None),
    ("rate(1 hour)", None),
    ("rate(2 days)", None),
    ("at(2099-01-31T09:00:00)", None),
    (
        "every day at 3",
        "is 'every day at 3'; it must be 'cron(...)', 'rate(...)' or 'at(...)'",
    ),
    (
        "cron(0 3 * * ?)",
        "is 'cron(0 3 * * ?)': it has 5 fields, without the year; EventBridge cron has 6: "
        "minutes hours day-of-month month day-of-week year",
    ),
    (
        "cron(0 24 * * ? *)",
        "is 'cron(0 24 * * ? *)': the hours field '24' is invalid "
        "(allowed: 0-23, wildcards , - * /)",
    ),
    (
        "cron(0 3 1 JANUARY ? *)",
        "is 'cron(0 3 1 JANUARY ? *)': the month field 'JANUARY' is invalid "
        "(allowed: 1-12 or JAN-DEC, wildcards , - * /)",
    ),
    (
        "cron(0 3 ? * MON/2 *)",
        "is 'cron(0 3 ? * MON/2 *)': the day-of-week field 'MON/2' is invalid "
        "(allowed: 1-7 or SUN-SAT, wildcards , - * ? L #)",
    ),
    (
        "cron(0 3 32W * ? *)",
        "is 'cron(0 3 32W * ? *)': the day-of-month field '32W' is invalid "
        "(allowed: 1-31, wildcards , - * ? / L W)",
    ),
    (
        "cron(? 3 * * ? *)",
        "is 'cron(? 3 * * ? *)': the minutes field '?' is invalid "
        "(allowed: 0-59, wildcards , - * /)",
    ),
    (
        "cron(0 3 * * ? 1969)",
        "is 'cron(0 3 * * ? 1969)': the year field '1969' is invalid "
        "(allowed: 1970-2199, wildcards , - * /)",
    ),
    (
        "cron(0 3 * * * *)",
        "is 'cron(0 3 * * * *)': exactly one of day-of-month and day-of-week must be '?'",
    ),
    (
        "cron(0 3 ? * ? *)",
        "is 'cron(0 3 ? * ? *)': exactly one of day-of-month and day-of-week must be '?'",
    ),
    ("rate(hourly)", "is 'rate(hourly)': a rate is 'rate(value unit)'"),
    (
        "rate(0 minutes)",
        "is 'rate(0 minutes)': a rate of 0 never runs; the shortest is rate(1 minute)",
    ),
    (
        "rate(30 seconds)",
        "is 'rate(30 seconds)': 'seconds' is not a unit; rates are in minutes, hours or days, "
        "and the shortest is rate(1 minute)",
    ),
    ("rate(1 minutes)", "is 'rate(1 minutes)': the unit must be singular for 1"),
    ("rate(5 minute)", "is 'rate(5 minute)': the unit must be plural for 5"),
    (
        "at(2099-01-31 09:00)",
        "is 'at(2099-01-31 09:00)': the time must be yyyy-mm-ddThh:mm:ss (no zone: see timezone)",
    ),
    (
        "at(2099-02-30T09:00:00)",
        "is 'at(2099-02-30T09:00:00)': '2099-02-30T09:00:00' is not a valid date and time",
    ),
    (
        "cron(0 3 31 2 ? *)",
        "is 'cron(0 3 31 2 ? *)': it can never fire: no month in '2' has day 31",
    ),
    (
        "cron(0 3 30,31 FEB ? *)",
        "is 'cron(0 3 30,31 FEB ? *)': it can never fire: no month in 'FEB' has day 30,31",
    ),
    (
        "cron(0 3 31 APR-APR ? *)",
        "is 'cron(0 3 31 APR-APR ? *)': it can never fire: no month in 'APR-APR' has day 31",
    ),
    # Proves (sweep): digits of other scripts (str.isdigit takes them) are refused, not
    # accepted (a full-width U+FF10: Scheduler refuses it at deploy) nor a raw ValueError ('²')
    (
        "cron(\uff10 3 * * ? *)",
        "is 'cron(\uff10 3 * * ? *)': the minutes field '\uff10' is invalid "
        "(allowed: 0-59, wildcards , - * /)",
    ),
    (
        "cron(0 3 1/\u00b2 * ? *)",
        "is 'cron(0 3 1/\u00b2 * ? *)': the day-of-month field '1/\u00b2' is invalid "
        "(allowed: 1-31, wildcards , - * ? / L W)",
    ),
    (
        "rate(\u00b2 hours)",
        "is 'rate(\u00b2 hours)': the value '\u00b2' is not a whole number of at least 1",
    ),
    (
        "at(\uff12\uff10\uff13\uff10-01-01T00:00:00)",
        "is 'at(\uff12\uff10\uff13\uff10-01-01T00:00:00)': the time must be "
        "yyyy-mm-ddThh:mm:ss (no zone: see timezone)",
    ),
    # Proves (sweep): a tab, newline or no-break space between cron fields (str.split
    # took it as a space) is named, with the expression written with spaces
    (
        "cron(0\t3 * * ? *)",
        "is 'cron(0\\t3 * * ? *)': it has a tab ('\\t') at character 7; Scheduler "
        "separates the fields with spaces only",
    ),
    (
        "cron(0 3 * * ? *\n)",
        "is 'cron(0 3 * * ? *\\n)': it has a newline ('\\n') at character 17; Scheduler "
        "separates the fields with spaces only",
    ),
    (
        "cron(0\u00a03 * * ? *)",
        "is 'cron(0\\xa03 * * ? *)': it has the character NO-BREAK SPACE ('\\xa0') at "
        "character 7; Scheduler separates the fields with spaces only",
    ),
    ("cron(0 3 31 1-2 ? *)", None),  # January has a 31st
    ("cron(0 3 29 2 ? *)", None),  # leap years
    ("cron(0 3 L 2 ? *)", None),
]


@pytest.mark.parametrize(("expression", "message"), CASES, ids=[c[0] for c in CASES])
def test_expression(expression: str, message: str | None) -> None:
    # GIVEN an expression WHEN it is checked THEN it is valid, or gets its message and a fix
    problem = expression_problem(expression)
    if message is None:
        assert problem is None
    else:
        assert problem is not None
        assert problem[0] == message
        assert problem[1]


def test_a_cron_with_a_tab_is_written_back_with_spaces() -> None:
    # Proves (sweep): the fix is the expression with plain spaces
    assert expression_problem("cron(0\t3 * * ? *)") == (
        "is 'cron(0\\t3 * * ? *)': it has a tab ('\\t') at character 7; Scheduler separates "
        "the fields with spaces only",
        "write 'cron(0 3 * * ? *)'",
    )


def test_a_wrong_rate_unit_says_what_to_write() -> None:
    assert expression_problem("rate(1 minutes)") == (
        "is 'rate(1 minutes)': the unit must be singular for 1",
        "write 'rate(1 minute)'",
    )


def test_time_zones_are_iana_names_not_abbreviations() -> None:
    assert is_time_zone("UTC") and is_time_zone("Europe/Berlin")
    assert not is_time_zone("CEST") and not is_time_zone("Mars/Olympus_Mons")


def test_the_parser_imports_no_cdk() -> None:
    source = ast.parse(Path(expressions.__file__).read_text(encoding="utf-8"))
    modules = {
        name
        for node in ast.walk(source)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert not {m for m in modules if re.match(r"^(aws_cdk|constructs|jsii)\b", m)}


# Proves (user trial): a job whose only run of a day falls in the hour clocks skip when
# daylight saving time starts synthesized silently; EventBridge Scheduler skips that run.
@pytest.mark.parametrize(
    ("expression", "timezone", "message"),
    [
        (
            "cron(30 2 * * ? *)",
            "America/New_York",
            "runs at 02:30 in America/New_York only, a time that does not exist there on "
            "2026-03-08 (clocks skip 02:00-02:59",
        ),
        ("cron(30 2 ? * SUN *)", "Europe/Berlin", "does not exist there on 2026-03-29"),
        ("cron(0 0 * * ? *)", "America/Santiago", "clocks skip 00:00-00:59"),
        (
            "at(2099-03-29T01:30:00)",
            "Europe/London",
            "is 'at(2099-03-29T01:30:00)' in Europe/London, a time that does not exist there",
        ),
    ],
)
def test_a_run_in_the_skipped_dst_hour_is_named(
    expression: str, timezone: str, message: str
) -> None:
    from constructs_lib.scheduled_job.daylight import skipped_run_problem

    problem = skipped_run_problem(expression, timezone, date(2026, 1, 1))
    assert problem is not None
    assert message in problem[0]
    assert "timezone='UTC'" in problem[1]


def test_the_skipped_run_named_is_the_next_one_not_one_already_past() -> None:
    # Proves (trial31): synthesized in November 2026, "cron(0 2 * * ? *)" in Europe/Paris
    # warned of the skipped run "on 2026-03-29", a night months past; and the years checked
    # were fixed (2026-2035), so from 2036 no skipped run would be named at all.
    from constructs_lib.scheduled_job.daylight import skipped_run_problem

    later = skipped_run_problem("cron(0 2 * * ? *)", "Europe/Paris", date(2026, 11, 26))
    assert later is not None
    assert "does not exist there on 2027-03-28" in later[0]
    same_day = skipped_run_problem("cron(0 2 * * ? *)", "Europe/Paris", date(2026, 3, 29))
    assert same_day is not None
    assert "on 2026-03-29" in same_day[0]
    far = skipped_run_problem("cron(0 2 * * ? *)", "Europe/Paris", date(2040, 6, 1))
    assert far is not None
    assert "on 2041-03-31" in far[0]


@pytest.mark.parametrize(
    ("expression", "timezone"),
    [
        ("cron(0 3 * * ? *)", "Europe/Berlin"),  # the README's: 03:00 exists every day
        ("cron(30 2 * * ? *)", "UTC"),
        ("cron(30 2 * * ? *)", "Asia/Tokyo"),  # no daylight saving time
        ("cron(30 2 ? * MON-FRI *)", "Europe/Berlin"),  # Berlin changes on a Sunday
        ("cron(0/15 * * * ? *)", "Europe/Berlin"),  # the day's other runs still happen
        ("cron(30 1,2 * * ? *)", "America/New_York"),
        # (not cron(30 2 L * ? *) in Berlin: 31 March 2030 is a Sunday; sched52 reads L)
        ("cron(30 2 * 3 ? 2020)", "Europe/Berlin"),
        ("cron(30 2 * * ? *)", "Australia/Lord_Howe"),  # 02:00 -> 02:30: 02:30 exists
        ("at(2099-03-27T01:30:00)", "Europe/London"),
        ("at(2099-10-25T01:30:00)", "Europe/London"),  # the repeated hour runs once
        ("rate(1 day)", "Europe/Berlin"),
    ],
)
def test_runs_that_exist_are_accepted(expression: str, timezone: str) -> None:
    from constructs_lib.scheduled_job.daylight import skipped_run_problem

    assert skipped_run_problem(expression, timezone) is None


# Thursday 26 November 2026, 13:30 UTC: "now" for the checks of schedules already over.
_NOW = datetime(2026, 11, 26, 13, 30, tzinfo=UTC)


# Proves: a one-time run already past, or a cron whose years are over, synthesized
# silently; Scheduler accepts the schedule and never runs the job.
@pytest.mark.parametrize(
    ("expression", "timezone", "message", "fix"),
    [
        (
            "at(2026-11-26T13:29:00)",
            "UTC",
            "is 'at(2026-11-26T13:29:00)' in UTC, already past (it is 2026-11-26T13:30:00 "
            "there now, as the app is synthesized): it would never run",
            "change the time to one after now in UTC, or delete the ScheduledJob if its run "
            "already happened",
        ),
        (  # 14:00 in Berlin is 13:00 UTC: past there, though 14:00 UTC is not
            "at(2026-11-26T14:00:00)",
            "Europe/Berlin",
            "it is 2026-11-26T14:30:00 there now",
            "change the time to one after now in Europe/Berlin",
        ),
        (
            "cron(0 3 * * ? 2020-2025)",
            "UTC",
            "is 'cron(0 3 * * ? 2020-2025)': its year field names only past years (the last is "
            "2025; it is 2026 in UTC now, as the app is synthesized), so it would never run",
            "write a year field that includes years to come (or '*' for every year)",
        ),
        (  # a one-off written as a cron, in the current year, a date already past
            "cron(0 9 1 MAR ? 2026)",
            "UTC",
            "its runs end in 2026 and the last one is already past (it is 2026-11-26T13:30:00",
            "or delete the ScheduledJob if its last run already happened",
        ),
        ("cron(0 9 26 11 ? 2026)", "UTC", "its runs end in 2026", "years to come"),
        ("cron(0 9 ? 11 THU 2026)", "UTC", "its runs end in 2026", "years to come"),
        (  # already 27 November 2026 in Kiritimati (UTC+14)
            "cron(0 0 26 11 ? 2026)",
            "Pacific/Kiritimati",
            "it is 2026-11-27T03:30:00 there now",
            "years to come",
        ),
    ],
)
def test_a_schedule_already_over_is_named(
    expression: str, timezone: str, message: str, fix: str
) -> None:
    from constructs_lib.scheduled_job.past import past_schedule_problem

    problem = past_schedule_problem(expression, timezone, _NOW)
    assert problem is not None
    assert message in problem[0]
    assert fix in problem[1]


@pytest.mark.parametrize(
    ("expression", "timezone"),
    [
        ("at(2026-11-26T13:31:00)", "UTC"),
        ("at(2026-11-26T14:31:00)", "Europe/Berlin"),
        ("cron(0 3 * * ? *)", "UTC"),
        ("cron(0 3 * * ? 2020,2030)", "UTC"),  # one year still to come
        ("cron(0 3 * * ? 2020/2)", "UTC"),  # a step runs to 2199
        ("cron(0 3 * * ? 2026)", "UTC"),  # tomorrow is still 2026
        ("cron(0 14 26 11 ? 2026)", "UTC"),  # later today
        ("cron(0 9 ? 11 FRI 2026)", "UTC"),  # tomorrow, Friday 27 November
        ("cron(0 9 L 12 ? 2026)", "UTC"),  # L: 31 December is to come
        ("cron(0 9 ? 12 6#3 2026)", "UTC"),  # '#': Friday 18 December
        ("cron(0 9 31 12 ? 2026)", "America/Los_Angeles"),
        ("rate(1 day)", "UTC"),
        ("at(2020-01-01T00:00:00)", "Mars/Olympus_Mons"),  # the zone's own error says it
    ],
)
def test_a_schedule_with_a_run_to_come_is_accepted(expression: str, timezone: str) -> None:
    from constructs_lib.scheduled_job.past import past_schedule_problem

    assert past_schedule_problem(expression, timezone, _NOW) is None


@pytest.mark.parametrize(
    ("expression", "meant", "unix"),
    [
        ("cron(0 2 ? * 1-5 *)", "1-5 = SUN-THU", "'cron(0 2 ? * MON-FRI *)' for MON-FRI"),
        ("cron(0 2 ? * 2,4,6 *)", "2,4,6 = MON,WED,FRI", "'cron(0 2 ? * TUE,THU,SAT *)'"),
        ("cron(0 2 ? * 7 *)", "7 = SAT", "'cron(0 2 ? * SUN *)' for SUN"),
        ("cron(0 2 ? * 5-7 *)", "5-7 = THU-SAT", "'cron(0 2 ? * FRI,SAT,SUN *)'"),
        ("cron(0 2 ? * MON-5 *)", "MON-5 = MON-THU", "'cron(0 2 ? * MON-FRI *)'"),
        ("cron(0 2 ? * 1,6L *)", "1,6L = SUN,6L", "'cron(0 2 ? * MON,6L *)'"),
    ],
)
def test_day_of_week_numbers_are_named_with_the_days_they_mean(
    expression: str, meant: str, unix: str
) -> None:
    # Proves (user trial): cron(0 2 ? * 1-5 *), Monday to Friday in Unix cron, runs Sunday
    # to Thursday in EventBridge (1=SUN), and nothing said so
    from constructs_lib.scheduled_job.day_numbers import numbered_days_problem

    problem = numbered_days_problem(expression)
    assert problem is not None
    message, fix = problem
    assert message.startswith(f"has the day-of-week {meant}: EventBridge numbers the days 1=SUN")
    assert fix.startswith(f"write the days by name: {unix}")


@pytest.mark.parametrize(
    "expression",
    [
        "cron(0 2 ? * MON-FRI *)",
        "cron(0 2 ? * mon,wed *)",
        "cron(0 2 ? * * *)",
        "cron(0 2 * * ? *)",
        "cron(0 12 ? * 6#3 *)",  # EventBridge's own: no Unix reading to confuse
        "cron(0 12 ? * 6L *)",
        "cron(0 12 ? * L *)",
        "rate(1 day)",
        "at(2099-01-31T09:00:00)",
    ],
)
def test_day_of_week_names_and_wildcards_are_no_problem(expression: str) -> None:
    from constructs_lib.scheduled_job.day_numbers import numbered_days_problem

    assert numbered_days_problem(expression) is None
