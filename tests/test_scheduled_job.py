"""ScheduledJob: every default as a spec (rules: _validation.py, _expressions.py)."""

from __future__ import annotations

import json
import types
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_scheduler as scheduler
from aws_cdk.assertions import Match, Template

from constructs_lib import Monitoring, Network
from constructs_lib.scheduled_job import ScheduledJob
from tests.support import (
    FUNCTION_DEFAULTS,
    assert_construct_function_parts,
    build,
    echo_handler,
    networked_canary_options,
    new_stack,
)

HANDLER = echo_handler()
NIGHTLY = "cron(0 3 * * ? *)"


def _job(**props: Any) -> tuple[ScheduledJob, Template]:
    return build(ScheduledJob, "Job", **{"handler": HANDLER, "schedule": NIGHTLY, **props})


@pytest.fixture(scope="module")
def default() -> tuple[ScheduledJob, Template]:
    # GIVEN a job with only a handler and a schedule (and alarms on: no topic here)
    return _job(alarms=True)


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
        {**FUNCTION_DEFAULTS, "ReservedConcurrentExecutions": 1},
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
    # errors, throttles, a run in the dead-letter queue, a run lost on the way there,
    # Scheduler's target errors
    assert len(job.alarms) == len(alarms) == 5
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
    names = sorted(
        a["Properties"]["MetricName"] for a in alarms.values() if "MetricName" in a["Properties"]
    )
    assert names == [
        "ApproximateNumberOfMessagesVisible",
        "Errors",
        "TargetErrorCount",
        "Throttles",
    ]
    (failed,) = [a["Properties"] for k, a in alarms.items() if "FailedInvocations" in k]
    assert failed["Namespace"] == "AWS/Scheduler" and failed["Threshold"] == 1
    assert failed["Dimensions"][0]["Name"] == "ScheduleGroup"


def test_the_job_has_a_section_on_the_stacks_dashboard() -> None:
    stack = new_stack()
    Monitoring(stack, dashboard=True)
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=NIGHTLY)
    (dashboard,) = Template.from_stack(stack).find_resources("AWS::CloudWatch::Dashboard").values()
    assert "ScheduledJob Test/Job" in json.dumps(dashboard["Properties"]["DashboardBody"])


def test_alarms_false() -> None:
    job, template = _job(alarms=False)
    template.resource_count_is("AWS::CloudWatch::Alarm", 0)
    assert job.alarms == []


def test_network_puts_the_function_in_the_vpc() -> None:
    stack = new_stack()
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


@pytest.mark.parametrize("networked_canary", [False, True])
def test_the_function_s_role_security_group_and_deployment_group_are_attributes(
    networked_canary: bool,
) -> None:
    # Proves (API review): only Scheduler's role was an attribute (role); the function's
    # was function.role (IRole | None under mypy), its security group and CodeDeploy
    # deployment group were not reachable
    stack = new_stack()
    options = networked_canary_options(stack, networked_canary)
    job = ScheduledJob(stack, "Job", handler=HANDLER, schedule=NIGHTLY, **options)
    assert_construct_function_parts(job, networked_canary=networked_canary)
    assert job.role.node.path != job.function_role.node.path  # Scheduler's, not the function's


# --- options --------------------------------------------------------------------------


def test_options_reach_the_schedule_and_lambda_gets_its_capped_share() -> None:
    # GIVEN every option set, beyond what Lambda's async retries allow
    _, template = _job(
        schedule="cron(0/15 * * * ? *)",
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
    assert properties["ScheduleExpression"] == "cron(0/15 * * * ? *)"
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


def test_payload_keeps_its_nulls() -> None:
    # Proves (fuzz): a None in the payload (documented as allowed) reached the job as
    # nothing: jsii passes None as "undefined", so {"k": None} lost its key and
    # [1, None] became [1].
    payload = {
        "k": None,
        "items": [None, 1, {"n": None}],
        "when": scheduler.ContextAttribute.scheduled_time,
    }
    _, template = _job(payload=payload)
    _, schedule = _only(template, "AWS::Scheduler::Schedule")
    assert json.loads(schedule["Properties"]["Target"]["Input"]) == {
        "k": None,
        "items": [None, 1, {"n": None}],
        "when": "<aws.scheduler.scheduled-time>",
    }


def test_a_payload_in_any_mapping_is_its_json_object() -> None:
    # Proves (sweep25): payload=MappingProxyType({...}) (or any Mapping that is not a dict,
    # at any depth) was "`payload` is not JSON-serialisable (Object of type mappingproxy...)"
    payload = types.MappingProxyType({"report": types.MappingProxyType({"kind": "daily"})})
    _, template = _job(payload=payload)
    _, schedule = _only(template, "AWS::Scheduler::Schedule")
    assert json.loads(schedule["Properties"]["Target"]["Input"]) == {"report": {"kind": "daily"}}


def test_payload_with_nulls_keeps_deploy_time_values() -> None:
    # Proves (fuzz): the same payload with a deploy-time value in it still resolves it.
    stack = new_stack()
    topic = cdk.aws_sns.Topic(stack, "Topic")
    ScheduledJob(
        stack,
        "Job",
        handler=HANDLER,
        schedule=NIGHTLY,
        payload={"topic": topic.topic_arn, "k": None},
    )
    _, schedule = _only(Template.from_stack(stack), "AWS::Scheduler::Schedule")
    assert schedule["Properties"]["Target"]["Input"] == {
        "Fn::Join": ["", ['{"topic":"', {"Ref": "TopicBFC7AF6E"}, '","k":null}']]
    }


def test_a_payload_takes_a_deploy_time_object_encoded_as_the_fix_says() -> None:
    # GIVEN Fn.get_att(...) as Token.as_string(...) (a deploy-time object is refused, with
    # this fix), and Token.as_number(...): aws-cdk-lib writes both as JSON strings
    stack = new_stack()
    limits = cdk.CfnResource(stack, "Limits", type="AWS::SSM::Parameter")
    value = cdk.Token.as_string(cdk.Fn.get_att("Limits", "Value"))
    count = cdk.Token.as_number(limits.get_att("Count"))
    ScheduledJob(
        stack, "Job", handler=HANDLER, schedule=NIGHTLY, payload={"v": [value], "n": count}
    )
    # THEN CloudFormation writes their values into the run's JSON
    _, schedule = _only(Template.from_stack(stack), "AWS::Scheduler::Schedule")
    assert schedule["Properties"]["Target"]["Input"] == {
        "Fn::Join": [
            "",
            [
                '{"v":["',
                {"Fn::GetAtt": ["Limits", "Value"]},
                '"],"n":"',
                {"Fn::GetAtt": ["Limits", "Count"]},
                '"}',
            ],
        ]
    }


def test_a_payload_takes_a_deploy_time_list_joined_as_the_fix_says() -> None:
    # GIVEN a list parameter joined into a string (a list itself is refused, with this fix)
    stack = new_stack()
    subnets = cdk.CfnParameter(stack, "Subnets", type="CommaDelimitedList")
    payload = {"subnets": cdk.Fn.join(",", subnets.value_as_list), "names": ["a", "b"]}
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=NIGHTLY, payload=payload)
    # THEN the payload's Fn::Join holds strings only: the joined list is one
    _, schedule = _only(Template.from_stack(stack), "AWS::Scheduler::Schedule")
    assert schedule["Properties"]["Target"]["Input"] == {
        "Fn::Join": [
            "",
            [
                '{"subnets":"',
                {"Fn::Join": [",", {"Ref": "Subnets"}]},
                '","names":["a","b"]}',
            ],
        ]
    }


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
    _, template = _job(allow_overlap=True, handler=echo_handler(reserved_concurrency=5))
    template.has_resource_properties("AWS::Lambda::Function", {"ReservedConcurrentExecutions": 5})
    _, template = _job(allow_overlap=True)
    _, function = _only(template, "AWS::Lambda::Function")
    assert "ReservedConcurrentExecutions" not in function["Properties"]


def test_handler_reserving_exactly_1_is_accepted() -> None:
    _, template = _job(handler=echo_handler(reserved_concurrency=1))
    template.has_resource_properties("AWS::Lambda::Function", {"ReservedConcurrentExecutions": 1})


def test_a_deploy_time_time_zone_reaches_the_schedule() -> None:
    # Proves (tokens): a CfnParameter's time zone was a ConstructError quoting its token
    # ("'${Token[TOKEN.15052]}', which is not an IANA time zone name"); Scheduler takes it
    # at deploy time (the library's daylight-saving warnings then cannot apply)
    stack = new_stack()
    zone = cdk.CfnParameter(stack, "Zone", default="Europe/Berlin").value_as_string
    # WHEN a job runs in that zone
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=NIGHTLY, timezone=zone)
    # THEN the schedule refers to the parameter
    _, schedule = _only(Template.from_stack(stack), "AWS::Scheduler::Schedule")
    assert schedule["Properties"]["ScheduleExpressionTimezone"] == {"Ref": "Zone"}
