"""ScheduledJob: every default as a spec, and every validation rule by its message."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_scheduler as scheduler
from aws_cdk.assertions import Match, Template

from constructs_lib import ConstructError, Handler, Network
from constructs_lib.scheduled_job import ScheduledJob
from tests.conftest import new_app

ECHO = Path(__file__).parent / "fixtures" / "handlers" / "echo"
HANDLER = Handler(code=ECHO)
NIGHTLY = "cron(0 3 * * ? *)"


def _job(**props: Any) -> tuple[ScheduledJob, Template]:
    stack = cdk.Stack(new_app(), "Test")
    job = ScheduledJob(stack, "Job", **{"handler": HANDLER, "schedule": NIGHTLY, **props})
    return job, Template.from_stack(stack)


@pytest.fixture(scope="module")
def default() -> tuple[ScheduledJob, Template]:
    # GIVEN a job with only a handler and a schedule
    return _job()


@pytest.fixture(scope="module")
def template(default: tuple[ScheduledJob, Template]) -> Template:
    return default[1]


def _only(template: Template, type_: str) -> tuple[str, Any]:
    (item,) = template.find_resources(type_).items()
    return item


def _ref(template: Template, type_: str) -> dict[str, str]:
    return {"Ref": _only(template, type_)[0]}


def _arn(template: Template, type_: str) -> dict[str, list[str]]:
    return {"Fn::GetAtt": [_only(template, type_)[0], "Arn"]}


# --- the schedule ---------------------------------------------------------------------


def test_schedule_runs_the_expression_in_utc_on_time_and_enabled(template: Template) -> None:
    # THEN an EventBridge Scheduler schedule, not an EventBridge rule
    template.resource_count_is("AWS::Events::Rule", 0)
    template.has_resource_properties(
        "AWS::Scheduler::Schedule",
        {
            "ScheduleExpression": NIGHTLY,
            "ScheduleExpressionTimezone": "UTC",
            "FlexibleTimeWindow": {"Mode": "OFF"},
            "State": "ENABLED",
        },
    )


def test_target_is_the_live_alias_with_an_empty_json_payload(template: Template) -> None:
    _, schedule = _only(template, "AWS::Scheduler::Schedule")
    target = schedule["Properties"]["Target"]
    assert target["Arn"] == _ref(template, "AWS::Lambda::Alias")
    assert json.loads(target["Input"]) == {}
    _, alias = _only(template, "AWS::Lambda::Alias")
    assert alias["Properties"]["Name"] == "live"


def test_retry_policy_and_dead_letter_queue(template: Template) -> None:
    template.has_resource_properties(
        "AWS::Scheduler::Schedule",
        {
            "Target": {
                "RetryPolicy": {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 3600},
                "DeadLetterConfig": {"Arn": _arn(template, "AWS::SQS::Queue")},
                "RoleArn": {"Fn::GetAtt": [Match.string_like_regexp("JobSchedulerRole"), "Arn"]},
            }
        },
    )


# --- the scheduler's role -------------------------------------------------------------


def _scheduler_role(template: Template) -> tuple[str, Any]:
    (item,) = [
        (logical_id, role)
        for logical_id, role in template.find_resources("AWS::IAM::Role").items()
        if logical_id.startswith("JobSchedulerRole")
    ]
    return item


def test_scheduler_role_may_invoke_only_the_alias_and_send_only_to_the_dlq(
    template: Template,
) -> None:
    logical_id, role = _scheduler_role(template)
    (policy,) = role["Properties"]["Policies"]
    assert policy["PolicyDocument"]["Statement"] == [
        {
            "Action": "lambda:InvokeFunction",
            "Effect": "Allow",
            "Resource": _ref(template, "AWS::Lambda::Alias"),  # the alias ARN, not fn or fn:*
        },
        {
            "Action": "sqs:SendMessage",
            "Effect": "Allow",
            "Resource": _arn(template, "AWS::SQS::Queue"),
        },
    ]
    # and nothing is attached to it besides (the L2 target's own grant is suppressed)
    attached = [
        policy
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": logical_id} in policy["Properties"]["Roles"]
    ]
    assert attached == []
    # and the function has no resource policy: only this role can invoke it
    template.resource_count_is("AWS::Lambda::Permission", 0)


def test_only_scheduler_for_the_jobs_own_group_may_assume_the_role(
    template: Template,
) -> None:
    _, role = _scheduler_role(template)
    (statement,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "scheduler.amazonaws.com"}
    conditions = statement["Condition"]["StringEquals"]
    assert conditions["aws:SourceAccount"] == {"Ref": "AWS::AccountId"}
    ((group_id, group),) = template.find_resources("AWS::Scheduler::ScheduleGroup").items()
    assert conditions["aws:SourceArn"] == {"Fn::GetAtt": [group_id, "Arn"]}
    # the group is a container of this stack's schedule only: deleted with it
    assert group["DeletionPolicy"] == "Delete"
    ((_, schedule),) = template.find_resources("AWS::Scheduler::Schedule").items()
    assert schedule["Properties"]["GroupName"] == group["Properties"]["Name"]
    assert group_id in schedule["DependsOn"]


# --- the function ---------------------------------------------------------------------


def test_runs_never_overlap_reserved_concurrency_1(template: Template) -> None:
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {"ReservedConcurrentExecutions": 1, "Runtime": "python3.14", "Architectures": ["arm64"]},
    )


def test_failed_runs_are_retried_by_lambda_then_sent_to_the_same_dlq(template: Template) -> None:
    _, config = _only(template, "AWS::Lambda::EventInvokeConfig")
    assert config["Properties"]["MaximumRetryAttempts"] == 2
    assert config["Properties"]["MaximumEventAgeInSeconds"] == 3600
    assert config["Properties"]["DestinationConfig"] == {
        "OnFailure": {"Destination": _arn(template, "AWS::SQS::Queue")}
    }
    # on the live alias, the qualifier the schedule invokes
    qualifier = config["Properties"]["Qualifier"]  # the alias ARN's last part
    assert qualifier["Fn::Select"][1]["Fn::Split"] == [":", _ref(template, "AWS::Lambda::Alias")]
    # and the function may send its failure records to the queue
    statements = [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "sqs:SendMessage" in statement["Action"]
    ]
    assert [s["Resource"] for s in statements] == [_arn(template, "AWS::SQS::Queue")]


# --- the dead-letter queue ------------------------------------------------------------


def test_dead_letter_queue_is_encrypted_retained_and_keeps_messages_14_days(
    template: Template,
) -> None:
    template.has_resource(
        "AWS::SQS::Queue",
        {
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {"SqsManagedSseEnabled": True, "MessageRetentionPeriod": 1209600},
        },
    )


def test_dead_letter_queue_denies_non_tls_access(template: Template) -> None:
    _, policy = _only(template, "AWS::SQS::QueuePolicy")
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert policy["Properties"]["Queues"] == [_ref(template, "AWS::SQS::Queue")]


# --- monitoring and network ----------------------------------------------------------


def test_alarms_on_errors_throttles_failed_invocations_and_dead_lettered_runs(
    default: tuple[ScheduledJob, Template],
) -> None:
    job, template = default
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    assert len(job.alarms) == len(alarms) == 4
    (dlq_alarm,) = [a["Properties"] for k, a in alarms.items() if "DeadLetterQueueAlarm" in k]
    assert dlq_alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert dlq_alarm["Threshold"] == 1 and dlq_alarm["Period"] == 60
    assert dlq_alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert dlq_alarm["Dimensions"] == [
        {
            "Name": "QueueName",
            "Value": {"Fn::GetAtt": [_only(template, "AWS::SQS::Queue")[0], "QueueName"]},
        }
    ]
    names = sorted(a["Properties"]["MetricName"] for a in alarms.values())
    assert names == [
        "ApproximateNumberOfMessagesVisible",
        "Errors",
        "TargetErrorCount",
        "Throttles",
    ]
    (failed,) = [a["Properties"] for k, a in alarms.items() if "FailedInvocations" in k]
    assert failed["Namespace"] == "AWS/Scheduler" and failed["Threshold"] == 1
    assert failed["Dimensions"][0]["Name"] == "ScheduleGroup"
    (dashboard,) = template.find_resources("AWS::CloudWatch::Dashboard").values()
    assert "ScheduledJob Test/Job" in json.dumps(dashboard["Properties"]["DashboardBody"])


def test_alarms_false() -> None:
    job, template = _job(alarms=False)
    template.resource_count_is("AWS::CloudWatch::Alarm", 0)
    assert job.alarms == []


def test_network_puts_the_function_in_the_vpc() -> None:
    stack = cdk.Stack(new_app(), "Test")
    network = Network(stack, "Network")
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=NIGHTLY, network=network)
    functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    (function,) = [f for k, f in functions.items() if k.startswith("JobHandler")]
    assert len(function["Properties"]["VpcConfig"]["SubnetIds"]) == 2


def test_attributes(default: tuple[ScheduledJob, Template]) -> None:
    job, _ = default
    assert job.function.node.id == "Function"
    assert job.alias.alias_name == "live"
    assert job.schedule.node.id == "Schedule"
    assert job.dead_letter_queue.node.id == "DeadLetterQueue"
    assert job.role.node.id == "SchedulerRole"
    assert job.schedule_group.node.id == "ScheduleGroup"


# --- options --------------------------------------------------------------------------


def test_options_reach_the_schedule_and_lambda_gets_its_capped_share() -> None:
    # GIVEN every option set, beyond what Lambda's async retries allow
    _, template = _job(
        schedule="rate(15 minutes)",
        timezone="Europe/Berlin",
        payload={"report": "daily", "when": scheduler.ContextAttribute.scheduled_time},
        retry_attempts=185,
        max_event_age=cdk.Duration.hours(24),
        flexible_window=cdk.Duration.minutes(10),
        enabled=False,
        description="every quarter hour",
    )
    # THEN the schedule has them all
    _, schedule = _only(template, "AWS::Scheduler::Schedule")
    properties = schedule["Properties"]
    assert properties["ScheduleExpression"] == "rate(15 minutes)"
    assert properties["ScheduleExpressionTimezone"] == "Europe/Berlin"
    assert properties["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 10}
    assert properties["State"] == "DISABLED"
    assert properties["Description"] == "every quarter hour"
    assert properties["Target"]["RetryPolicy"] == {
        "MaximumRetryAttempts": 185,
        "MaximumEventAgeInSeconds": 86400,
    }
    assert json.loads(properties["Target"]["Input"]) == {
        "report": "daily",
        "when": "<aws.scheduler.scheduled-time>",
    }
    # AND Lambda's side is capped at its maximums (2 retries, 6 hours)
    template.has_resource_properties(
        "AWS::Lambda::EventInvokeConfig",
        {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 21600},
    )


def test_no_retries() -> None:
    _, template = _job(retry_attempts=0, max_event_age=cdk.Duration.minutes(1))
    template.has_resource_properties(
        "AWS::Scheduler::Schedule",
        {"Target": {"RetryPolicy": {"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 60}}},
    )
    template.has_resource_properties(
        "AWS::Lambda::EventInvokeConfig",
        {"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 60},
    )


def test_schedule_expression_object_keeps_its_own_time_zone() -> None:
    _, template = _job(
        schedule=scheduler.ScheduleExpression.cron(
            minute="30", hour="6", week_day="MON-FRI", time_zone=cdk.TimeZone.EUROPE_BERLIN
        ),
    )
    template.has_resource_properties(
        "AWS::Scheduler::Schedule",
        {
            "ScheduleExpression": "cron(30 6 ? * MON-FRI *)",
            "ScheduleExpressionTimezone": "Europe/Berlin",
        },
    )


def test_allow_overlap_keeps_the_handlers_concurrency_setting() -> None:
    # GIVEN overlap allowed WHEN the handler reserves 5 THEN 5, and with none THEN none
    _, template = _job(allow_overlap=True, handler=Handler(code=ECHO, reserved_concurrency=5))
    template.has_resource_properties("AWS::Lambda::Function", {"ReservedConcurrentExecutions": 5})
    _, template = _job(allow_overlap=True)
    _, function = _only(template, "AWS::Lambda::Function")
    assert "ReservedConcurrentExecutions" not in function["Properties"]


def test_handler_reserving_exactly_1_is_accepted() -> None:
    _, template = _job(handler=Handler(code=ECHO, reserved_concurrency=1))
    template.has_resource_properties("AWS::Lambda::Function", {"ReservedConcurrentExecutions": 1})


VALID_SCHEDULES = [
    "cron(0/15 * * * ? *)",
    "cron(0 9 ? * MON-FRI *)",
    "cron(0 8 1 JAN,jul ? *)",
    "cron(0 0 L * ? *)",
    "cron(0 0 LW * ? *)",
    "cron(0 0 15W * ? 2030-2035)",
    "cron(0 12 ? * 6#3 *)",
    "cron(0 12 ? * 6L *)",
    "cron(5,35 10-14/2 1-15 */3 ? *)",
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(2 days)",
    "at(2030-01-31T09:00:00)",
]


@pytest.mark.parametrize("schedule", VALID_SCHEDULES)
def test_valid_schedule_expressions_are_accepted(schedule: str) -> None:
    _, template = _job(schedule=schedule)
    template.has_resource_properties("AWS::Scheduler::Schedule", {"ScheduleExpression": schedule})


# --- validation -----------------------------------------------------------------------

CASES = [
    (
        "cron field count",
        {"schedule": "cron(0 3 * * ?)"},
        r"Test/Job: `schedule` is 'cron\(0 3 \* \* \?\)': it has 5 fields; EventBridge cron "
        r"has 6: minutes hours day-of-month month day-of-week year",
    ),
    (
        "cron minutes",
        {"schedule": "cron(60 3 * * ? *)"},
        r"the minutes field '60' is invalid \(allowed: 0-59, wildcards , - \* /\)",
    ),
    (
        "cron hours",
        {"schedule": "cron(0 24 * * ? *)"},
        r"the hours field '24' is invalid",
    ),
    (
        "cron month name",
        {"schedule": "cron(0 3 1 JANUARY ? *)"},
        r"the month field 'JANUARY' is invalid \(allowed: 1-12 or JAN-DEC",
    ),
    (
        "cron day-of-week wildcard",
        {"schedule": "cron(0 3 ? * MON/2 *)"},
        r"the day-of-week field 'MON/2' is invalid "
        r"\(allowed: 1-7 or SUN-SAT, wildcards , - \* \? L #\)",
    ),
    (
        "cron question mark elsewhere",
        {"schedule": "cron(? 3 * * ? *)"},
        r"the minutes field '\?' is invalid",
    ),
    (
        "cron year",
        {"schedule": "cron(0 3 * * ? 1969)"},
        r"the year field '1969' is invalid \(allowed: 1970-2199",
    ),
    (
        "cron both days",
        {"schedule": "cron(0 3 * * * *)"},
        r"exactly one of day-of-month and day-of-week must be '\?'.*Fix: write '\?' in the one",
    ),
    (
        "cron both question marks",
        {"schedule": "cron(0 3 ? * ? *)"},
        r"exactly one of day-of-month and day-of-week must be '\?'",
    ),
    (
        "rate below one minute",
        {"schedule": "rate(0 minutes)"},
        r"`schedule` is 'rate\(0 minutes\)': the value '0' is not a whole number of at least 1",
    ),
    (
        "rate in seconds",
        {"schedule": "rate(30 seconds)"},
        r"'seconds' is not a unit; rates are in minutes, hours or days, and the shortest is "
        r"rate\(1 minute\)",
    ),
    (
        "rate unknown unit",
        {"schedule": "rate(2 weeks)"},
        r"'weeks' is not a unit",
    ),
    (
        "rate 1 plural",
        {"schedule": "rate(1 minutes)"},
        r"the unit must be singular for 1\. Fix: write 'rate\(1 minute\)'",
    ),
    (
        "rate 5 singular",
        {"schedule": "rate(5 minute)"},
        r"the unit must be plural for 5\. Fix: write 'rate\(5 minutes\)'",
    ),
    ("rate shape", {"schedule": "rate(hourly)"}, r"a rate is 'rate\(value unit\)'"),
    (
        "at format",
        {"schedule": "at(2030-01-31 09:00)"},
        r"the time must be yyyy-mm-ddThh:mm:ss.*Fix: write a one-time schedule as "
        r"'at\(yyyy-mm-ddThh:mm:ss\)'",
    ),
    (
        "at impossible date",
        {"schedule": "at(2030-02-30T09:00:00)"},
        r"'2030-02-30T09:00:00' is not a valid date and time",
    ),
    (
        "unknown expression",
        {"schedule": "every day at 3"},
        r"`schedule` is 'every day at 3'; it must be 'cron\(...\)', 'rate\(...\)' or 'at\(...\)'",
    ),
    ("schedule type", {"schedule": 3600}, r"`schedule` is a int"),
    (
        "expression object checked too",
        {"schedule": scheduler.ScheduleExpression.expression("cron(0 3 * * * *)")},
        r"`schedule` is 'cron\(0 3 \* \* \* \*\)': exactly one of day-of-month",
    ),
    (
        "timezone unknown",
        {"timezone": "Mars/Olympus_Mons"},
        r"`timezone` is 'Mars/Olympus_Mons', which is not an IANA time zone name",
    ),
    (
        "timezone abbreviation",
        {"timezone": "CEST"},
        r"`timezone` is 'CEST', which is not an IANA time zone name",
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
    (
        "payload not an object",
        {"payload": ["report"]},
        r"`payload` is a list; it must be a JSON object \(a dict\)",
    ),
    (
        "payload not serialisable",
        {"payload": {"when": {1, 2}}},
        r"`payload` is not JSON-serialisable \(Object of type set is not JSON serializable\)",
    ),
    (
        "payload NaN",
        {"payload": {"ratio": math.nan}},
        r"`payload` is not JSON-serialisable \(Out of range float values",
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
        {"handler": Handler(code=ECHO, reserved_concurrency=5)},
        r"`handler.reserved_concurrency` is 5, but allow_overlap=False needs 1.*"
        r"Fix: remove handler.reserved_concurrency .* or pass allow_overlap=True",
    ),
    (
        "handler",
        {"handler": Handler(code=ECHO, memory_mib=1)},
        r"`handler.memory_mib` is 1 MiB",
    ),
]


@pytest.mark.parametrize(("props", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(props: dict[str, Any], message: str) -> None:
    with pytest.raises(ConstructError, match=message):
        _job(**props)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ConstructError) as info:
        _job(
            schedule="rate(1 minutes)",
            timezone="Berlin",
            payload={"x": object()},
            retry_attempts=200,
            handler=Handler(code=ECHO, reserved_concurrency=2),
        )
    assert [p.prop for p in info.value.problems] == [
        "schedule",
        "timezone",
        "payload",
        "retry_attempts",
        "handler.reserved_concurrency",
    ]
    assert all(p.path == "Test/Job" and p.fix for p in info.value.problems)


def test_unresolved_tokens_are_not_validated() -> None:
    stack = cdk.Stack(new_app(), "Test")
    expression = cdk.CfnParameter(stack, "Expression").value_as_string
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=expression)
    Template.from_stack(stack).has_resource_properties(
        "AWS::Scheduler::Schedule", {"ScheduleExpression": {"Ref": "Expression"}}
    )
