"""What the last round left open around ScheduledJob and Duration props (sched51), each
with the exact warning or error a user now meets:

1. a job that runs one at a time (``allow_overlap=False``) on a schedule faster than its
   function's timeout (``rate(1 minute)`` with 15 minutes) synthesized in silence: a long
   run throttled the next ones into late runs or the dead-letter queue (its alarm paged);
2. ISO 8601 text out of the prop's range (``timeout="PT30M"``) was told
   ``Duration.parse('PT30M')``, which the range rule then refused;
3. a Duration in fractions of a second (``Duration.seconds(0.5)``, ``Duration.seconds(30.5)``
   for ``max_event_age``) got two problems, or one fix that the range then refused."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib import ApiAuth, ConstructError, FunctionDefaults, ScheduledJob, ServerlessApi
from constructs_lib.scheduled_job.gaps import shortest_gap_seconds
from tests.support import echo_handler, new_stack, warnings_of

WARNING = "constructs_lib:scheduleFasterThanTimeout"
TEXT = "a value read from a config file, -c context or an environment variable is text"


def _job(stack: cdk.Stack, timeout: Duration | None, schedule: str, **props: Any) -> None:
    handler = echo_handler() if timeout is None else echo_handler(timeout=timeout)
    ScheduledJob(stack, "Job", handler=handler, schedule=schedule, alarms=False, **props)


# --- 1. a schedule faster than the timeout, one run at a time


def test_a_rate_faster_than_the_timeout_is_a_warning_with_its_fix() -> None:
    # GIVEN a job every minute whose function may run 15 minutes, one run at a time
    stack = new_stack()
    _job(stack, Duration.minutes(15), "rate(1 minute)")
    # THEN the synth warns, naming the timeout, the gap, what happens and the three fixes
    assert warnings_of(stack, WARNING) == [
        "`handler.timeout` is 15 minutes, longer than the 1 minute between two runs of "
        "'rate(1 minute)': with allow_overlap=False the function reserves one instance, so "
        "while a long run holds it Lambda throttles the next run and retries it for up to 1 "
        "hour (max_event_age); the runs start late one after another, and one that cannot "
        "start in time goes to the dead-letter queue, whose alarm pages. Fix: shorten "
        "handler.timeout to 1 minute or less, change the schedule to runs at least 15 minutes "
        "apart (e.g. 'rate(15 minutes)'), or pass allow_overlap=True if runs may overlap. If "
        "runs never last that long, acknowledge 'constructs_lib:scheduleFasterThanTimeout' on "
        f"the ScheduledJob. [ack: {WARNING}]"
    ]


def test_a_cron_every_5_minutes_with_a_10_minute_timeout_is_a_warning() -> None:
    # GIVEN a cron every 5 minutes, a 10-minute timeout and a max_event_age of 2 hours
    stack = new_stack()
    _job(stack, Duration.minutes(10), "cron(0/5 * * * ? *)", max_event_age=Duration.hours(2))
    # THEN the warning names the cron's gap and how long Lambda retries a throttled run
    (text,) = warnings_of(stack, WARNING)
    assert text.startswith(
        "`handler.timeout` is 10 minutes, longer than the 5 minutes between two runs of "
        "'cron(0/5 * * * ? *)'"
    )
    assert "retries it for up to 2 hours (max_event_age)" in text
    assert "shorten handler.timeout to 5 minutes or less" in text


@pytest.mark.parametrize(
    ("timeout", "schedule", "props"),
    [
        (Duration.minutes(15), "rate(1 minute)", {"allow_overlap": True}),  # overlap is fine
        (Duration.minutes(5), "rate(5 minutes)", {}),  # a run that long ends as the next starts
        (Duration.minutes(10), "cron(0 8-17 ? * MON-FRI *)", {}),  # hourly
        (Duration.minutes(15), "at(2040-01-31T09:00:00)", {}),  # one run
    ],
)
def test_no_warning_where_runs_cannot_meet(
    timeout: Duration, schedule: str, props: dict[str, Any]
) -> None:
    stack = new_stack()
    _job(stack, timeout, schedule, **props)
    assert warnings_of(stack, WARNING) == []


def test_the_timeout_from_function_defaults_counts_and_the_warning_can_be_acknowledged() -> None:
    # GIVEN the timeout from the scope's FunctionDefaults, the Handler giving none
    stack = new_stack()
    FunctionDefaults.of(stack).set(timeout=Duration.minutes(10))
    _job(stack, None, "rate(2 minutes)")
    # THEN it warns: the template's timeout is what runs
    (text,) = warnings_of(stack, WARNING)
    assert text.startswith("`handler.timeout` is 10 minutes, longer than the 2 minutes")
    # AND acknowledged on the job (before synth), it is gone
    acknowledged = new_stack()
    job = ScheduledJob(
        acknowledged,
        "Job",
        handler=echo_handler(timeout=Duration.minutes(10)),
        schedule="rate(2 minutes)",
        alarms=False,
    )
    cdk.Annotations.of(job).acknowledge_warning(WARNING, "runs take seconds")
    assert warnings_of(acknowledged, WARNING) == []


def test_an_aspect_raising_the_timeout_is_checked_at_synth() -> None:
    # GIVEN a job within its schedule, and a platform's Aspect setting every timeout to 900
    stack = new_stack()
    _job(stack, Duration.seconds(30), "rate(5 minutes)")

    cdk.Aspects.of(stack).add(_EveryTimeout())
    # THEN the synth warns of the timeout the template has
    (text,) = warnings_of(stack, WARNING)
    assert text.startswith("`handler.timeout` is 15 minutes, longer than the 5 minutes")


@jsii.implements(cdk.IAspect)
class _EveryTimeout:
    """A platform's Aspect: every function's timeout set to 900 seconds."""

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, lambda_.CfnFunction):
            node.timeout = 900


@pytest.mark.parametrize(
    ("expression", "gap"),
    [
        ("rate(1 minute)", 60),
        ("rate(2 hours)", 7200),
        ("cron(0/5 * * * ? *)", 300),
        ("cron(*/10 * * * ? *)", 600),
        ("cron(5/20 * * * ? *)", 1200),
        ("cron(15,45 * * * ? *)", 1800),
        ("cron(0 3 * * ? *)", 86400),
        ("cron(0 8-17 ? * MON-FRI *)", 3600),
        # across midnight: 23:55 then 00:00 on consecutive days only
        ("cron(0,55 0,23 * * ? *)", 300),
        ("cron(0,55 0,23 ? * SAT,SUN *)", 300),
        ("cron(0,55 0,23 ? * MON,WED *)", 3300),
        ("cron(50-10 * * * ? *)", 60),  # a wrapping range (sched52: computed)
        ("cron(0 0 L * ? *)", 28 * 86400),  # the month's last day (sched52: computed)
        ("at(2040-01-31T09:00:00)", None),
    ],
)
def test_shortest_gap(expression: str, gap: int | None) -> None:
    assert shortest_gap_seconds(expression) == gap


# --- 2. ISO 8601 text out of range, 3. fractions of a second: one problem, one fix


def _problem(**props: Any) -> str:
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(new_stack(), "Job", alarms=False, **{"schedule": "rate(1 hour)", **props})
    (problem,) = raised.value.problems
    return f"`{problem.prop}` {problem.message}. Fix: {problem.fix}"


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        (
            {"handler": echo_handler(timeout="PT30M")},
            "`handler.timeout` is 'PT30M', a str, not a Duration. Fix: pass "
            "Duration.parse('PT15M') ('PT30M' is 1800 seconds, over the 1 to 900 seconds it "
            f"takes), not the text ({TEXT})",
        ),
        (
            {"handler": echo_handler(timeout="PT1.5S")},
            "`handler.timeout` is 'PT1.5S', a str, not a Duration. Fix: pass "
            "Duration.parse('PT2S') ('PT1.5S' is 1.5 seconds, no whole number of seconds), not "
            f"the text ({TEXT})",
        ),
        (
            {"handler": echo_handler(), "max_event_age": "PT30S"},
            "`max_event_age` is 'PT30S', a str, not a Duration. Fix: pass "
            "Duration.parse('PT1M') ('PT30S' is 30 seconds, under the 60 to 86400 seconds it "
            f"takes), not the text ({TEXT})",
        ),
        (
            {"handler": echo_handler(), "flexible_window": "P2D"},
            "`flexible_window` is 'P2D', a str, not a Duration. Fix: pass "
            "Duration.parse('P1D') ('P2D' is 172800 seconds, over the 1 to 1440 minutes it "
            f"takes), not the text ({TEXT})",
        ),
        (
            {"handler": echo_handler(timeout=Duration.seconds(0.5))},
            "`handler.timeout` is 0.5 seconds; Lambda timeouts are whole seconds. Fix: pass "
            "Duration.seconds(1)",
        ),
        (
            {"handler": echo_handler(timeout=Duration.millis(1500))},
            "`handler.timeout` is 1.5 seconds; Lambda timeouts are whole seconds. Fix: pass "
            "Duration.seconds(2)",
        ),
        (
            {"handler": echo_handler(timeout=Duration.seconds(900.5))},
            "`handler.timeout` is 900.5 seconds; Lambda timeouts are whole seconds. Fix: pass "
            "Duration.seconds(900) (900.5 seconds is over the 1 to 900 seconds it takes)",
        ),
        (
            {"handler": echo_handler(), "max_event_age": Duration.seconds(30.5)},
            "`max_event_age` is 30.5 seconds; it is set in whole seconds. Fix: pass "
            "Duration.seconds(60) (30.5 seconds is under the 60 to 86400 seconds it takes)",
        ),
        (
            {"handler": echo_handler(), "max_event_age": Duration.millis(1500)},
            "`max_event_age` is 1.5 seconds; it is set in whole seconds. Fix: pass "
            "Duration.seconds(60) (1.5 seconds is under the 60 to 86400 seconds it takes)",
        ),
        (
            {"handler": echo_handler(), "flexible_window": Duration.seconds(90)},
            "`flexible_window` is 90 seconds, not a whole number of minutes. Fix: pass "
            "Duration.minutes(2) (90 seconds is no whole number of minutes)",
        ),
    ],
)
def test_one_problem_naming_one_value_every_rule_takes(
    props: dict[str, Any], expected: str
) -> None:
    assert _problem(**props) == expected


def test_iso_text_in_range_keeps_its_own_parse() -> None:
    assert _problem(handler=echo_handler(timeout="PT3M")) == (
        "`handler.timeout` is 'PT3M', a str, not a Duration. Fix: pass "
        f"Duration.parse('PT3M'), not the text ({TEXT})"
    )


def test_a_flexible_window_brings_two_runs_closer() -> None:
    # GIVEN runs every 15 minutes, each started within a 10-minute flexible window, and a
    # 6-minute timeout: one run may start at its window's end, the next at its start
    stack = new_stack()
    _job(
        stack,
        Duration.minutes(6),
        "rate(15 minutes)",
        flexible_window=Duration.minutes(10),
    )
    # THEN it warns of the 5 minutes that can part two runs, and the window is a fix
    (text,) = warnings_of(stack, WARNING)
    assert text.startswith(
        "`handler.timeout` is 6 minutes, longer than the 5 minutes that can part two runs "
        "of 'rate(15 minutes)' (every 15 minutes, each started within the 10 minutes "
        "flexible_window): "
    )
    assert (
        "Fix: shorten handler.timeout to 5 minutes or less, shorten flexible_window, change "
        "the schedule to runs at least 16 minutes apart (e.g. 'rate(16 minutes)'), or pass "
        "allow_overlap=True if runs may overlap." in text
    )
    # AND without the window, the same job is within its schedule
    on_time = new_stack()
    _job(on_time, Duration.minutes(6), "rate(15 minutes)")
    assert warnings_of(on_time, WARNING) == []


def test_an_authorizer_cache_ttl_in_fractions_is_told_one_in_range() -> None:
    # GIVEN an authorizer's cache TTL a half second over API Gateway's 3600 seconds
    auth = ApiAuth.function(
        echo_handler(entry="app.other"), results_cache_ttl=Duration.seconds(3600.5)
    )
    # THEN one problem, whose fix is in the range (it was Duration.seconds(3601))
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(new_stack(), "Api", routes={"GET /a": echo_handler()}, auth=auth)
    (problem,) = raised.value.problems
    assert (problem.prop, problem.message, problem.fix) == (
        "auth.results_cache_ttl",
        "is 3600.5 seconds; it is set in whole seconds",
        "pass Duration.seconds(3600) (3600.5 seconds is over the 0 to 3600 seconds it takes)",
    )
