"""A ScheduledJob's schedule: EventBridge Scheduler invoking the function's ``live`` alias
with the job's payload, its retry policy and dead-letter queue, in the job's own group."""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_scheduler_targets as targets
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib.scheduled_job.props import ScheduledJobProps

__all__ = ["job_schedule"]


def job_schedule(
    job: Construct,
    props: ScheduledJobProps,
    *,
    group: scheduler.ScheduleGroup,
    role: iam.Role,
    alias: lambda_.Alias,
    dead_letter_queue: sqs.Queue,
) -> scheduler.Schedule:
    """The job's ``Schedule`` (its id in ``job``), run by ``role``."""
    schedule = scheduler.Schedule(
        job,
        "Schedule",
        schedule=props.expression,
        schedule_group=group,
        # The role's policy is complete and exact: the target may not widen it.
        target=targets.LambdaInvoke(
            alias,
            role=role.without_policy_updates(),
            input=props.target_input,
            dead_letter_queue=dead_letter_queue,
            retry_attempts=props.retry_attempts,
            max_event_age=props.scheduler_max_event_age,
        ),
        time_window=props.time_window,
        enabled=props.enabled,
        description=props.description,
    )
    # GroupName is rendered as a plain string, which orders nothing.
    schedule.node.add_dependency(group)
    return schedule
