"""ScheduledJob's schedule expressions: what EventBridge Scheduler accepts passes, and each
cron, rate and at() rule it would reject at deploy time is rejected at synth, by message."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_scheduler as scheduler
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib.scheduled_job import ScheduledJob, schedule_warnings
from tests.support import assert_rule, build, echo_handler, new_stack, rule_cases, warnings_of

HANDLER = echo_handler()
NIGHTLY = "cron(0 3 * * ? *)"


def _job(**props: Any) -> tuple[ScheduledJob, Template]:
    return build(ScheduledJob, "Job", **{"handler": HANDLER, "schedule": NIGHTLY, **props})


VALID_SCHEDULES = [
    "cron(0/15 * * * ? *)",
    "cron(0 9 ? * MON-FRI *)",
    "cron(0 8 1 JAN,jul ? *)",
    "cron(0 0 L * ? *)",
    "cron(0 0 LW * ? *)",
    "cron(0 0 15W * ? 2090-2099)",
    "cron(0 12 ? * 6#3 *)",
    "cron(0 12 ? * 6L *)",
    "cron(5,35 10-14/2 1-15 */3 ? *)",
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(2 days)",
    "at(2099-01-31T09:00:00)",
]


@pytest.mark.parametrize("schedule", VALID_SCHEDULES)
def test_valid_schedule_expressions_are_accepted(schedule: str) -> None:
    _, template = _job(schedule=schedule)
    template.has_resource_properties("AWS::Scheduler::Schedule", {"ScheduleExpression": schedule})


# (id, schedule, message)
INVALID_SCHEDULES: list[tuple[str, Any, str]] = [
    (
        "cron field count",
        "cron(0 3 * * ?)",
        r"Test/Job: `schedule` is 'cron\(0 3 \* \* \?\)': it has 5 fields, without the year; "
        r"EventBridge cron has 6: minutes hours day-of-month month day-of-week year\. Fix: "
        r"write 'cron\(0 3 \* \* \? \*\)'",
    ),
    (
        "cron minutes",
        "cron(60 3 * * ? *)",
        r"the minutes field '60' is invalid \(allowed: 0-59, wildcards , - \* /\)",
    ),
    ("cron hours", "cron(0 24 * * ? *)", r"the hours field '24' is invalid"),
    (
        "cron month name",
        "cron(0 3 1 JANUARY ? *)",
        r"the month field 'JANUARY' is invalid \(allowed: 1-12 or JAN-DEC",
    ),
    (
        "cron day-of-week wildcard",
        "cron(0 3 ? * MON/2 *)",
        r"the day-of-week field 'MON/2' is invalid "
        r"\(allowed: 1-7 or SUN-SAT, wildcards , - \* \? L #\)",
    ),
    ("cron question mark elsewhere", "cron(? 3 * * ? *)", r"the minutes field '\?' is invalid"),
    ("cron year", "cron(0 3 * * ? 1969)", r"the year field '1969' is invalid \(allowed: 1970-2199"),
    (
        "cron both days",
        "cron(0 3 * * * *)",
        r"exactly one of day-of-month and day-of-week must be '\?'.*Fix: write "
        r"'cron\(0 3 \* \* \? \*\)'",
    ),
    (
        "cron both question marks",
        "cron(0 3 ? * ? *)",
        r"exactly one of day-of-month and day-of-week must be '\?'",
    ),
    (
        "rate below one minute",
        "rate(0 minutes)",
        r"`schedule` is 'rate\(0 minutes\)': a rate of 0 never runs; the shortest is "
        r"rate\(1 minute\)\. Fix: pass 'rate\(1 minute\)' or more, or enabled=False",
    ),
    (
        "rate in seconds",
        "rate(30 seconds)",
        r"'seconds' is not a unit; rates are in minutes, hours or days, and the shortest is "
        r"rate\(1 minute\)",
    ),
    ("rate unknown unit", "rate(2 weeks)", r"'weeks' is not a unit"),
    (
        "rate 1 plural",
        "rate(1 minutes)",
        r"the unit must be singular for 1\. Fix: write 'rate\(1 minute\)'",
    ),
    (
        "rate 5 singular",
        "rate(5 minute)",
        r"the unit must be plural for 5\. Fix: write 'rate\(5 minutes\)'",
    ),
    ("rate shape", "rate(hourly)", r"a rate is 'rate\(value unit\)'"),
    (
        "at format",
        "at(2099-01-31 09:00)",
        r"the time must be yyyy-mm-ddThh:mm:ss.*Fix: write 'at\(2099-01-31T09:00:00\)'",
    ),
    (
        "at impossible date",
        "at(2099-02-30T09:00:00)",
        r"'2099-02-30T09:00:00' is not a valid date and time",
    ),
    (
        "unknown expression",
        "every day at 3",
        r"`schedule` is 'every day at 3'; it must be 'cron\(...\)', 'rate\(...\)' or 'at\(...\)'",
    ),
    ("schedule type", 3600, r"`schedule` is an int"),
    (
        "expression object checked too",
        scheduler.ScheduleExpression.expression("cron(0 3 * * * *)"),
        r"`schedule` is 'cron\(0 3 \* \* \* \*\)': exactly one of day-of-month",
    ),
    (  # Proves (messages review): the fix read "fix the minutes field"
        "cron minutes fix",
        "cron(60 3 * * ? *)",
        r"Fix: write a minutes field within 0-59, wildcards , - \* /; the fields are minutes "
        r"hours .*e.g. 'cron\(0 3 \* \* \? \*\)'",
    ),
]


@rule_cases((id, {"schedule": schedule}, message) for id, schedule, message in INVALID_SCHEDULES)
def test_invalid_schedule_is_rejected(props: dict[str, Any], message: str) -> None:
    assert_rule(_job, props, message)


def test_unresolved_tokens_are_not_validated() -> None:
    # GIVEN an expression known only at deploy time THEN it is passed through unchecked
    stack = new_stack()
    expression = cdk.CfnParameter(stack, "Expression").value_as_string
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=expression)
    Template.from_stack(stack).has_resource_properties(
        "AWS::Scheduler::Schedule", {"ScheduleExpression": {"Ref": "Expression"}}
    )


def test_a_recurring_run_in_the_skipped_dst_hour_is_a_warning_to_acknowledge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Proves (user trial): cron(30 2 * * ? *) in New York synthesized silently, and
    # Scheduler skips that day's run when clocks skip 02:00-02:59. One run a year is a
    # valid trade for some jobs (and "nightly at 2:00" is common): a warning, not an error
    # (synthesized early in 2026: the warning names the next skipped run)
    monkeypatch.setattr(schedule_warnings, "_today", lambda: date(2026, 1, 1))
    stack = new_stack()
    ScheduledJob(
        stack, "Job", handler=HANDLER, schedule="cron(30 2 * * ? *)", timezone="America/New_York"
    )
    warnings = Annotations.from_stack(stack).find_warning("*", Match.any_value())
    texts = [str(w.entry.data) for w in warnings]
    assert [t for t in texts if "runSkippedByDaylightSaving" in t] == [
        "`schedule` runs at 02:30 in America/New_York only, a time that does not exist there "
        "on 2026-03-08 (clocks skip 02:00-02:59, daylight saving time): Scheduler skips that "
        "day's run. Fix: change the time to one outside 02:00-02:59, or pass timezone='UTC', "
        "to run that day too. If skipping it is fine, acknowledge "
        "'constructs_lib:runSkippedByDaylightSaving'. [ack: "
        "constructs_lib:runSkippedByDaylightSaving]"
    ]
    # AND acknowledged, it is gone
    acknowledged = new_stack()
    cdk.Annotations.of(acknowledged).acknowledge_warning(
        "constructs_lib:runSkippedByDaylightSaving", "the report may skip one night a year"
    )
    ScheduledJob(
        acknowledged,
        "Job",
        handler=HANDLER,
        schedule="cron(30 2 * * ? *)",
        timezone="America/New_York",
    )
    found = Annotations.from_stack(acknowledged).find_warning("*", Match.any_value())
    assert not [w for w in found if "runSkippedByDaylightSaving" in str(w.entry.data)]


def test_day_of_week_numbers_are_a_warning_naming_the_days_to_acknowledge() -> None:
    # Proves (user trial): cron(0 2 ? * 1-5 *), meant as Monday to Friday (Unix cron),
    # synthesized silently and runs Sunday to Thursday (EventBridge: 1=SUN)
    stack = new_stack()
    ScheduledJob(stack, "Job", handler=HANDLER, schedule="cron(0 2 ? * 1-5 *)")
    assert warnings_of(stack, "numberedDaysOfWeek") == [
        "`schedule` has the day-of-week 1-5 = SUN-THU: EventBridge numbers the days 1=SUN to "
        "7=SAT, not 1=MON as Unix cron does. Fix: write the days by name: "
        "'cron(0 2 ? * MON-FRI *)' for MON-FRI (Unix cron's 1-5), or "
        "'cron(0 2 ? * SUN-THU *)' to keep SUN-THU. If those days are meant, names say so "
        "(or acknowledge 'constructs_lib:numberedDaysOfWeek'). "
        "[ack: constructs_lib:numberedDaysOfWeek]"
    ]
    # AND a ScheduleExpression's numbers are named too
    expression = new_stack()
    ScheduledJob(
        expression,
        "Job",
        handler=HANDLER,
        schedule=scheduler.ScheduleExpression.expression("cron(0 2 ? * 2 *)"),
    )
    assert "day-of-week 2 = MON" in warnings_of(expression, "numberedDaysOfWeek")[0]
    # AND acknowledged, it is gone
    acknowledged = new_stack()
    cdk.Annotations.of(acknowledged).acknowledge_warning(
        "constructs_lib:numberedDaysOfWeek", "the export runs Sunday to Thursday, on purpose"
    )
    ScheduledJob(acknowledged, "Job", handler=HANDLER, schedule="cron(0 2 ? * 1-5 *)")
    assert warnings_of(acknowledged, "numberedDaysOfWeek") == []


@pytest.mark.parametrize(
    ("schedule", "timezone", "message"),
    [
        (
            "at(2020-01-31T09:00:00)",
            "Europe/Berlin",
            r"^`schedule` is 'at\(2020-01-31T09:00:00\)' in Europe/Berlin, already past \(it is "
            r"\S+ there now, as the app is synthesized\): it would never run\. Fix: change the "
            r"time to one after now in Europe/Berlin, or delete the ScheduledJob if its run "
            r"already happened\. "
            r"\(A warning, as it depends on when the app is synthesized; acknowledge "
            r"'constructs_lib:scheduleHasNoRunLeft' to keep the job as it is\.\)",
        ),
        (
            scheduler.ScheduleExpression.at(datetime(2020, 1, 31, 9, tzinfo=UTC)),
            None,
            r"^`schedule` is 'at\(2020-01-31T09:00:00\)' in \S*UTC, already past",
        ),
        (
            "cron(0 3 * * ? 2019-2021)",
            None,
            r"^`schedule` is 'cron\(0 3 \* \* \? 2019-2021\)': its year field names only past "
            r"years \(the last is 2021; it is \d{4} in UTC now, as the app is synthesized\).*"
            r"Fix: write a year field that includes years to come \(or '\*' for every year\)",
        ),
    ],
)
def test_a_schedule_with_no_run_left_is_a_warning_to_acknowledge(
    schedule: Any, timezone: str | None, message: str
) -> None:
    # Proves: a one-time run already past, or a cron naming only past years, synthesized
    # silently and Scheduler never runs it. A warning, not an error: it reads the clock,
    # and the same commit must still synthesize after the run (a redeploy, a rollback,
    # the app's snapshot tests in CI) (upgrade trial)
    stack = new_stack()
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=schedule, timezone=timezone)
    [warning] = warnings_of(stack, "scheduleHasNoRunLeft")
    assert re.search(message, warning), warning
    acknowledged = new_stack()
    cdk.Annotations.of(acknowledged).acknowledge_warning(
        "constructs_lib:scheduleHasNoRunLeft", "the one-off migration ran; removed next release"
    )
    ScheduledJob(acknowledged, "Job", handler=HANDLER, schedule=schedule, timezone=timezone)
    assert warnings_of(acknowledged, "scheduleHasNoRunLeft") == []


@pytest.mark.parametrize("schedule", ["cron(0 2 ? * MON-FRI *)", "cron(0 2 ? * * *)", NIGHTLY])
def test_day_of_week_names_or_wildcards_are_no_warning(schedule: str) -> None:
    stack = new_stack()
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=schedule)
    assert warnings_of(stack, "numberedDaysOfWeek") == []


def test_a_one_time_run_in_the_skipped_dst_hour_is_rejected() -> None:
    # Proves (user trial): an at() at a local time that does not exist synthesized
    # silently; that run never happens (an ScheduleExpression carrying the zone too)
    assert_rule(
        _job,
        {
            "schedule": scheduler.ScheduleExpression.expression(
                "at(2099-03-29T01:30:00)", cdk.TimeZone.EUROPE_LONDON
            )
        },
        r"`schedule` is 'at\(2099-03-29T01:30:00\)' in Europe/London, a time that does not "
        r"exist there",
    )


def test_the_schedule_prop_s_documentation_says_no_run_left_is_a_warning() -> None:
    # Proves (review): after a schedule with no run left became a synth warning, the
    # ScheduledJob docstring (the prop's documentation) still said it "is an error"
    from constructs_lib.scheduled_job.schedule_warnings import NO_RUN_LEFT_WARNING

    doc = " ".join((ScheduledJob.__doc__ or "").split())
    assert f"warning, ``{NO_RUN_LEFT_WARNING}``" in doc
    assert "cron's years over) is an error" not in doc
