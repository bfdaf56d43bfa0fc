"""The role EventBridge Scheduler assumes for a ScheduledJob: trusted by Scheduler for the
job's own schedule group only (confused deputy), allowed to invoke the job's ``live`` alias
and to send to its dead-letter queue (with the queue's key, when it has one), nothing
else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib._customer_keys import SEND_ACTIONS
from constructs_lib._injected_roles import library_role

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

__all__ = ["scheduler_role"]


def scheduler_role(
    scope: Construct,
    group: scheduler.ScheduleGroup,
    alias: lambda_.Alias,
    dead_letter_queue: sqs.Queue,
    dead_letter_queue_key: kms.IKey | None,
) -> iam.Role:
    """The job's ``SchedulerRole``, created in ``scope`` (the job)."""
    assumed_by = _scheduler_principal(scope, group)
    policies = {
        "Invoke": iam.PolicyDocument(
            statements=[
                iam.PolicyStatement(
                    actions=["lambda:InvokeFunction"],
                    resources=[alias.function_arn],
                ),
                iam.PolicyStatement(
                    actions=["sqs:SendMessage"],
                    resources=[dead_letter_queue.queue_arn],
                ),
                *_dead_letter_key_statements(dead_letter_queue_key),
            ]
        )
    }
    return library_role(
        scope,
        "SchedulerRole",
        assumed_by=assumed_by,
        description="EventBridge Scheduler: invoke the job's live alias",
        inline_policies=policies,
        owner=lambda: "the ScheduledJob",
    )


def _dead_letter_key_statements(key: kms.IKey | None) -> list[iam.PolicyStatement]:
    """Scheduler sends with the role's credentials: the role encrypts with the key."""
    if key is None:
        return []
    return [iam.PolicyStatement(actions=list(SEND_ACTIONS), resources=[key.key_arn])]


def _scheduler_principal(scope: Construct, group: scheduler.ScheduleGroup) -> iam.IPrincipal:
    """Scheduler, acting for the job's schedule group only (confused deputy)."""
    return iam.ServicePrincipal(
        "scheduler.amazonaws.com",
        conditions={
            "StringEquals": {
                "aws:SourceAccount": Stack.of(scope).account,
                "aws:SourceArn": group.schedule_group_arn,
            }
        },
    )
