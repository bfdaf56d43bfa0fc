"""ScheduledJob: every validation rule by its message, all problems at once (the schedule
expression's own rules: test_scheduled_job_expressions.py)."""

from __future__ import annotations

import json
import math
import zoneinfo
from collections.abc import Iterator
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_scheduler as scheduler
from aws_cdk.assertions import Template

from constructs_lib import ConstructError
from constructs_lib.scheduled_job import ScheduledJob
from constructs_lib.scheduled_job.expressions import time_zones
from tests.support import (
    RuleCase,
    assert_every_problem,
    assert_rule,
    build,
    echo_handler,
    rule_cases,
)

HANDLER = echo_handler()
NIGHTLY = "cron(0 3 * * ? *)"


def _job(**props: Any) -> tuple[ScheduledJob, Template]:
    return build(ScheduledJob, "Job", **{"handler": HANDLER, "schedule": NIGHTLY, **props})


CASES: list[RuleCase] = [
    (
        "timezone unknown",
        {"timezone": "Mars/Olympus_Mons"},
        r"`timezone` is 'Mars/Olympus_Mons', which is not an IANA time zone name",
    ),
    (  # a cdk.TimeZone (accepted: its name) of a zone the database does not know
        "timezone as a cdk.TimeZone of an unknown zone",
        {"timezone": cdk.TimeZone.of("Mars/Olympus_Mons")},
        r"`timezone` is 'Mars/Olympus_Mons', which is not an IANA time zone name",
    ),
    (
        "timezone abbreviation",
        {"timezone": "CEST"},
        r"`timezone` is 'CEST', which is not an IANA time zone name",
    ),
    # Proves (user trial): 'JST', 'UTC+9' and a misspelt zone were told only "pass a name
    # such as 'UTC', 'Europe/Berlin' or 'America/New_York'", not the zone they meant (and
    # not that tzdata's Etc/GMT-9 is UTC+9)
    (
        "timezone abbreviation tzdata has no zone of",
        {"timezone": "JST"},
        r"`timezone` is 'JST', which is not an IANA time zone name\. Fix: pass 'Asia/Tokyo', "
        r"the zone usually meant by JST",
    ),
    (
        "timezone as an offset from UTC",
        {"timezone": "UTC+9"},
        r"`timezone` is 'UTC\+9', which is not an IANA time zone name\. Fix: pass the place's "
        r"own zone \(Area/City, e\.g\. 'Asia/Tokyo'\), or 'Etc/GMT-9' for UTC\+9 all year "
        r"\(tzdata's Etc/GMT zones invert the sign\)",
    ),
    (
        "timezone misspelt",
        {"timezone": "Asia/Tokio"},
        r"`timezone` is 'Asia/Tokio', which is not an IANA time zone name\. Fix: did you mean "
        r"'Asia/Tokyo'\?",
    ),
    (  # Proves (user trial): 'EST' synthesized silently as UTC-5 all year (no daylight
        # saving time), not New York's time
        "timezone fixed-offset abbreviation",
        {"timezone": "EST"},
        r"`timezone` is 'EST', a fixed offset from UTC all year: no daylight saving time\. "
        r"Fix: pass 'America/New_York' for its local time \(daylight saving time included\), "
        r"or 'Etc/GMT\+5' for the fixed offset",
    ),
    (  # Proves (user trial): the machine's 'localtime' passed as a zone; Scheduler has none
        "timezone localtime",
        {"timezone": "localtime"},
        r"`timezone` is 'localtime', which is not an IANA time zone name",
    ),
    (
        "timezone conflicts with expression object",
        {
            "schedule": scheduler.ScheduleExpression.cron(minute="0", hour="3"),
            "timezone": "Europe/Berlin",
        },
        r"`timezone` is 'Europe/Berlin', but the ScheduleExpression's time zone is 'Etc/UTC'.*"
        r"time_zone=TimeZone.of\('Europe/Berlin'\)",
    ),
    (  # Proves: a time zone with a rate was ignored in silence (Scheduler accepts it; a rate
        # runs every interval from the schedule's creation, not at local times)
        "timezone with a rate",
        {"schedule": "rate(1 day)", "timezone": "Europe/Berlin"},
        r"`timezone` is 'Europe/Berlin' for 'rate\(1 day\)', but a rate runs every interval "
        r"from the moment the schedule is created, so a time zone changes nothing\. Fix: leave "
        r"the time zone out, or write a cron\(\.\.\.\) expression to run at a local time, "
        r"e\.g\. 'cron\(0 3 \* \* \? \*\)' with timezone='Europe/Berlin'",
    ),
    (
        "rate expression object with a time zone",
        {
            "schedule": scheduler.ScheduleExpression.expression(
                "rate(6 hours)", cdk.TimeZone.AMERICA_NEW_YORK
            )
        },
        r"`schedule` is 'America/New_York' for 'rate\(6 hours\)', but a rate runs every",
    ),
    (
        "payload not an object",
        {"payload": ["report"]},
        r"`payload` is a list; it must be a JSON object \(a dict\)",
    ),
    (
        "payload not serialisable",
        {"payload": {"when": {1, 2}}},
        r"`payload` is not JSON-serialisable \(the value at \['when'\] is \{1, 2\}, a set, not a "
        r"JSON type\)",
    ),
    # Proves (fix41): "`payload` is not JSON-serialisable (Object of type Intrinsic is not
    # JSON serializable)", naming neither where it was nor how to pass one
    (
        "payload holding a deploy-time object",
        {"payload": {"report": "daily", "runs": [{"limit": cdk.Fn.get_att("Limits", "Value")}]}},
        r"^1 invalid prop:\n  - Test/Job: `payload\['runs'\]\[0\]\['limit'\]` is a deploy-time "
        r"value \(Fn::GetAtt Limits\.Value\) as an object: the JSON is written at synth, and "
        r"whether it holds this value as a string or as a number is not known\. Fix: pass "
        r"cdk\.Token\.as_string\(\.\.\.\) of it: Scheduler gets its value in the JSON at deploy, "
        r"as a string \(a number too: convert it in the job\)$",
    ),
    # Proves (fix41): synthesized, and CloudFormation refuses a list inside the Fn::Join
    # that writes the payload
    (
        "payload holding a deploy-time list",
        {"payload": {"subnets": cdk.Token.as_list(cdk.Fn.get_att("Net", "Subnets"))}},
        r"^1 invalid prop:\n  - Test/Job: `payload\['subnets'\]` is a deploy-time list "
        r"\(Fn::GetAtt Net\.Subnets\): CloudFormation writes the payload as one text "
        r"\(Fn::Join of strings\), which takes no list, so the deploy would fail\. Fix: pass it "
        r"joined into a string, cdk\.Fn\.join\(',', <the list>\), and split it in the job$",
    ),
    # Proves (sweep25): a key that is not a string was written as one ({1: "a"} reached
    # the job as {"1": "a"}), though the fix already said "dicts with str keys"
    (
        "payload int key",
        {"payload": {"report": {1: "daily"}}},
        r"`payload` is not JSON-serialisable \(the key 1 at \['report'\] is an int, not a string\)",
    ),
    (
        "payload NaN",
        {"payload": {"ratio": math.nan}},
        r"`payload` is not JSON-serialisable \(Out of range float values",
    ),
    # Proves (user trial): payload={"scheduled_time": "<aws.scheduler.scheduled_time>"} (an
    # underscore for the dash) synthesized silently; Scheduler delivers the text as written
    (
        "payload with a misspelt context attribute",
        {"payload": {"scheduled_time": "<aws.scheduler.scheduled_time>"}},
        r"Test/Job: `payload\['scheduled_time'\]` has '<aws.scheduler.scheduled_time>', not a "
        r"context attribute as Scheduler spells it: Scheduler passes it on as written.*"
        r"Fix: write scheduler.ContextAttribute.scheduled_time "
        r"\('<aws.scheduler.scheduled-time>'\)$",
    ),
    (
        "payload with a misspelt context attribute inside a nested value",
        {"payload": {"run": ["id <AWS.Scheduler.ExecutionId>"]}},
        r"`payload\['run'\]\[0\]` has '<AWS.Scheduler.ExecutionId>'.*"
        r"Fix: write scheduler.ContextAttribute.execution_id",
    ),
    (
        "retry attempts high",
        {"retry_attempts": 186},
        r"`retry_attempts` is 186; it must be between 0 and 185",
    ),
    (
        "retry attempts negative",
        {"retry_attempts": -1},
        r"`retry_attempts` is -1; it must be between 0 and 185",
    ),
    (
        "max event age short",
        {"max_event_age": cdk.Duration.seconds(30)},
        r"`max_event_age` is 30 seconds; it must be between 60 and 86400 seconds",
    ),
    (
        "max event age long",
        {"max_event_age": cdk.Duration.hours(25)},
        r"`max_event_age` is 90000 seconds; it must be between 60 and 86400 seconds",
    ),
    (  # Proves (docs review): a fraction of a second was aws-cdk-lib's jsii error at synth
        "max event age of a fraction of a second",
        {"max_event_age": cdk.Duration.millis(90_500)},
        r"`max_event_age` is 90.5 seconds; it is set in whole seconds.*Duration.seconds\(91\)",
    ),
    (  # Proves (fuzz): a deploy-time value was aws-cdk-lib's "Minimum event age" trace
        "max event age at deploy time",
        {"max_event_age": cdk.Duration.seconds(cdk.Token.as_number(cdk.Fn.import_value("A")))},
        r'`max_event_age` is Duration\.seconds\(a deploy-time value \(Fn::ImportValue "A"\)\); '
        r".* Fix: pass a literal Duration from 60",
    ),
    (
        "flexible window zero",
        {"flexible_window": cdk.Duration.minutes(0)},
        r"`flexible_window` is 0 minutes; it must be between 1 and 1440 minutes",
    ),
    (
        "flexible window long",
        {"flexible_window": cdk.Duration.hours(25)},
        r"`flexible_window` is 1500 minutes; it must be between 1 and 1440 minutes",
    ),
    (
        "flexible window seconds",
        {"flexible_window": cdk.Duration.seconds(90)},
        r"`flexible_window` is 90 seconds, not a whole number of minutes",
    ),
    (
        "reserved concurrency vs allow_overlap",
        {"handler": echo_handler(reserved_concurrency=5)},
        r"`handler.reserved_concurrency` is 5, but allow_overlap=False needs 1.*"
        r"Fix: remove handler.reserved_concurrency .* or pass allow_overlap=True",
    ),
    (  # Proves (release48 trial): Lambda refused it at deploy (provisioned above reserved 1)
        "provisioned concurrency vs allow_overlap",
        {"handler": echo_handler(provisioned_concurrency=2)},
        r"`handler.provisioned_concurrency` is 2, but allow_overlap=False reserves 1 .*"
        r"Fix: set provisioned_concurrency=1, or pass allow_overlap=True$",
    ),
    ("handler", {"handler": echo_handler(memory_mib=1)}, r"`handler.memory_mib` is 1 MiB"),
    (
        # Proves (user trial): the fix said Duration.seconds(15), which is then refused
        # (the window is whole minutes); the prop's own unit is the fix
        "flexible window as an int",
        {"flexible_window": 15},
        r"`flexible_window` is 15, an int, not a Duration.*Fix: pass Duration.minutes\(15\)",
    ),
    (  # Proves (user trial): "is a _ScheduleProxy", a name the user never wrote
        "an EventBridge rule's schedule",
        {"schedule": events.Schedule.cron(hour="2", minute="30")},
        r"`schedule` is an aws_events.Schedule \(an EventBridge rule's schedule; ScheduledJob "
        r"uses EventBridge Scheduler\).*Fix: pass 'cron\(...\)'",
    ),
    ("max event age as an int", {"max_event_age": 3600}, r"`max_event_age` is 3600, an int"),
    ("retries as a string", {"retry_attempts": "2"}, r"`retry_attempts` is '2', a str"),
    (  # papercuts348: its fix began "pick a day", a verb no other fix uses
        "never fires",
        {"schedule": "cron(0 3 31 2 ? *)"},
        r"it can never fire: no month in '2' has day 31\. Fix: change the day to one every "
        r"chosen month has \(use 'L' for the last day of the month\)",
    ),
    ("description too long", {"description": "x" * 513}, r"`description` is 513 characters"),
    (
        # Proves (messages review): "Scheduler allows 512. Fix: shorten it" said neither "at most"
        # nor by how much; the type's fix read "pass a short text"
        "description too long fix",
        {"description": "x" * 513},
        r"Scheduler allows at most 512\. Fix: shorten it to 512 characters or fewer",
    ),
    (
        "description not a string",
        {"description": 5},
        r"`description` is 5, an int\. Fix: pass a string of at most 512 characters",
    ),
    (
        # Proves (messages review): the range's fix read "pass a value from 1 to 1440", a number,
        # refused
        "flexible window range fix",
        {"flexible_window": cdk.Duration.hours(25)},
        r"Fix: pass Duration.minutes\(n\) with n from 1 to 1440",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_job, props, message)


def test_every_problem_is_reported_at_once() -> None:
    assert_every_problem(
        _job,
        {
            "schedule": "rate(1 minutes)",
            "timezone": "Berlin",
            "payload": {"x": object()},
            "retry_attempts": 200,
            "handler": echo_handler(reserved_concurrency=2),
        },
        "Test/Job",
        ["schedule", "timezone", "payload", "retry_attempts", "handler.reserved_concurrency"],
    )


def test_a_deploy_time_max_event_age_is_one_problem_whose_fix_holds() -> None:
    # Proves (review): max_event_age=Duration.minutes(<token>) was two problems: "pass
    # Duration.seconds(<deploy-time value>)", which, followed, still failed on the second,
    # "it must be known at synth". Scheduler's range is checked by aws-cdk-lib at synth, so
    # a token is refused in any unit, and only that is said.
    number = cdk.Token.as_number(cdk.Fn.import_value("SharedNumber"))
    for unit, duration in (
        ("minutes", cdk.Duration.minutes(number)),
        ("seconds", cdk.Duration.seconds(number)),
    ):
        with pytest.raises(ConstructError) as raised:
            _job(max_event_age=duration)
        problems = [p for p in raised.value.problems if p.prop == "max_event_age"]
        assert [p.message for p in problems] == [
            f'is Duration.{unit}(a deploy-time value (Fn::ImportValue "SharedNumber")); it '
            "must be known at synth: aws-cdk-lib checks the Scheduler's range at synth"
        ]
        assert problems[0].fix.startswith("pass a literal Duration from 60 to 86400 seconds")


def test_a_rate_in_utc_or_a_cron_in_a_time_zone_is_fine() -> None:
    for props in (
        {"schedule": "rate(1 day)", "timezone": "UTC"},
        {"schedule": "rate(1 day)", "timezone": "Etc/UTC"},
        {"schedule": scheduler.ScheduleExpression.rate(cdk.Duration.hours(6))},
        {"schedule": "cron(0 3 * * ? *)", "timezone": "Europe/Berlin"},
    ):
        _, template = _job(**props)
        template.resource_count_is("AWS::Scheduler::Schedule", 1)


def test_a_cdk_time_zone_is_its_name() -> None:
    # Proves (bad43): timezone=cdk.TimeZone.EUROPE_BERLIN, aws-cdk-lib's type for a zone
    # (ScheduleExpression takes it), was refused as "not an IANA time zone name"
    _, by_name = _job(schedule="cron(0 3 * * ? *)", timezone="Europe/Berlin")
    _, by_type = _job(schedule="cron(0 3 * * ? *)", timezone=cdk.TimeZone.EUROPE_BERLIN)
    assert by_type.to_json() == by_name.to_json()
    schedules = by_type.find_resources("AWS::Scheduler::Schedule")
    [schedule] = schedules.values()
    assert schedule["Properties"]["ScheduleExpressionTimezone"] == "Europe/Berlin"
    with pytest.raises(ConstructError, match=r"`timezone` is 'Europe/Berlin', but the "):
        _job(
            schedule=scheduler.ScheduleExpression.cron(hour="3"),
            timezone=cdk.TimeZone.EUROPE_BERLIN,
        )


@pytest.fixture
def no_time_zone_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine whose zoneinfo finds no zones (Windows, Alpine without tzdata)."""
    monkeypatch.setattr(zoneinfo, "available_timezones", set)
    time_zones.cache_clear()
    yield
    time_zones.cache_clear()


@pytest.mark.usefixtures("no_time_zone_database")
def test_without_a_time_zone_database_utc_is_fine_and_a_zone_names_the_cause() -> None:
    # Proves (trial29ci): on a machine without a time zone database (Windows, an Alpine
    # CI image without tzdata) timezone="UTC" and "Europe/Berlin", which synthesized on
    # the developer's Linux, failed "is 'Europe/Berlin', which is not an IANA time zone
    # name. Fix: pass a name such as 'UTC', 'Europe/Berlin' ...".
    for timezone in ("UTC", "Etc/UTC"):
        _, template = _job(schedule="rate(1 day)", timezone=timezone)
        template.resource_count_is("AWS::Scheduler::Schedule", 1)
    assert_rule(
        _job,
        {"timezone": "Europe/Berlin"},
        r"`timezone` is 'Europe/Berlin', and this machine has no IANA time zone database "
        r"to check it against .*Fix: add the tzdata package to the app's environment "
        r"\(pip install tzdata\)",
    )


def test_context_attributes_and_other_placeholders_reach_the_payload() -> None:
    # GIVEN every context attribute (aws-cdk-lib's and as text) and a placeholder close to
    # none (ContextAttribute.from_name, for attributes Scheduler may add) WHEN the job is
    # built THEN they are the schedule's input as written
    payload = {
        "time": scheduler.ContextAttribute.scheduled_time,
        "arn": "<aws.scheduler.schedule-arn>",
        "ids": [scheduler.ContextAttribute.execution_id, scheduler.ContextAttribute.attempt_number],
        "future": scheduler.ContextAttribute.from_name("region"),
    }
    _, template = _job(payload=payload)
    schedule = template.find_resources("AWS::Scheduler::Schedule")
    (resource,) = schedule.values()
    assert json.loads(resource["Properties"]["Target"]["Input"]) == payload
